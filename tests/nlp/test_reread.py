"""Accurate mode's content reread (nlp/attribution/reread.py): when the content head's answer
replaces a content, and what the record looks like then.  The head is replaced by fixed
answers, so none of this needs torch."""

import spacy

from claimledger.nlp.attribution.reread import reread_contents
from claimledger.records import Attribution, Span

TEXT = "The ministry said the bridge was closed on Monday, officials added."


class FixedHead:
    """Answers every query with one span and gain."""

    def __init__(self, start: int, end: int, gain: float, margin: float = 1.5):
        self.answer = (start, end, gain)
        self.margin = margin
        self.asked = []

    def reread(self, reading, pairs):
        self.asked.extend(pairs)
        return [self.answer for _ in pairs]


def said(text: str = TEXT) -> Attribution:
    cue = text.index("said")
    content = text.index("the bridge")
    return Attribution(id="", content=Span.of(text, content, text.index(" on Monday")),
                       cue=Span.of(text, cue, cue + 4), origin="model")


def doc():
    return spacy.blank("en")(TEXT)


def test_a_confident_answer_replaces_the_content_and_its_kind_and_stance():
    att = said()
    end = TEXT.index(", officials")
    head = FixedHead(TEXT.index("the bridge"), end + 1, gain=3.0)   # the comma is trimmed off
    reread_contents(doc(), [att], reading=None, head=head)
    assert att.content.text == "the bridge was closed on Monday"
    assert att.kind == "indirect" and att.stance == "assert"
    assert head.asked == [((att.cue.start, att.cue.end), (TEXT.index("the bridge"), TEXT.index(" on Monday")))]


def test_an_answer_within_the_margin_keeps_the_proposal():
    att = said()
    reread_contents(doc(), [att], None, FixedHead(0, len(TEXT), gain=1.0))
    assert att.content.text == "the bridge was closed"


def test_a_new_content_may_not_swallow_another_attributions_cue():
    att = said()
    other = Attribution(id="", content=Span.of(TEXT, 0, 12), cue=Span.of(TEXT, TEXT.index("added"), len(TEXT) - 1))
    reread_contents(doc(), [att, other], None, FixedHead(TEXT.index("the bridge"), len(TEXT), gain=5.0))
    assert att.content.text == "the bridge was closed"


def test_a_content_around_its_own_cue_is_kept_in_two_pieces():
    text = '"We are ready," he said, "to talk."'
    cue, he = text.index("said"), text.index("he")
    att = Attribution(id="", content=Span.of(text, 1, 13), cue=Span.of(text, cue, cue + 4), source=Span.of(text, he, he + 2))
    reread_contents(spacy.blank("en")(text), [att], None, FixedHead(0, len(text), gain=2.0))
    assert att.content.text == 'We are ready," he said, "to talk'
    assert [f.text for f in att.fragments] == ["We are ready", "to talk"]
