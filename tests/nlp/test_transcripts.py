"""Transcript turns ("PENCE: Well, ...") are attributions of their paragraph to the speaker."""

from __future__ import annotations

from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.attribution.transcripts import turns, yield_to_turns
from claimledger.nlp.extensions import get_list

DEBATE = """The exchange went as follows.

RAMOS: Secretary Clinton, did you lie to them?

CLINTON: I feel a great deal of sympathy for the families. I can't imagine the grief they have.

"WALLACE: Do you really see those two as equivalent?
"""


def _turns(nlp, text):
    return [a for a in get_list(nlp(text), "cl_attributions") if a.origin == "transcript"]


def test_each_turn_is_attributed_to_its_speaker(nlp):
    found = _turns(nlp, DEBATE)
    assert [(a.source.text, a.cue.text) for a in found] == [("RAMOS", ":"), ("CLINTON", ":"), ("WALLACE", ":")]
    clinton = found[1]
    assert clinton.content.text.startswith("I feel a great deal of sympathy")
    assert clinton.content.text.endswith("the grief they have")  # the whole paragraph
    assert clinton.kind == "direct" and clinton.stance == "assert"
    assert found[0].stance == "question" and found[2].stance == "question"


def test_inner_reports_nest_under_the_turn(nlp):
    atts = get_list(nlp(DEBATE), "cl_attributions")
    clinton = next(a for a in atts if a.source is not None and a.source.text == "CLINTON")
    inner = [a for a in atts if a.cue is not None and clinton.content.start <= a.cue.start < clinton.content.end]
    assert inner and all(a.parent_id == clinton.id for a in inner)
    # no content runs on from one turn into the next
    labels = [a.source.start for a in atts if a.origin == "transcript"]
    assert not any(a.content.start < s < a.content.end for a in atts for s in labels)


def test_kickers_and_lone_labels_are_not_speakers(nlp):
    text = "UPDATE: The ministry later revised the figure.\n\nNOTICE: Roads are closed until Monday.\n"
    assert _turns(nlp, text) == []
    # Q and A are left to the other rules (PolNeAR rarely marks them)
    assert _turns(nlp, "Q: Will it hold?\n\nA: We think so.\n\nQ: Why?\n\nA: Both sides agreed.\n") == []


def test_a_content_running_into_a_turn_stops_before_its_label(nlp):
    text = "He spoke first.\n\nSMITH: We will stay.\n\nJONES: We will go.\n\nSMITH: Then we part.\n"
    doc = nlp(text)
    spoken = turns(doc)
    assert [text[d.source[0]:d.source[1]] for d in spoken] == ["SMITH", "JONES", "SMITH"]
    jones = text.index("JONES")
    runaway = Draft(cue=(3, 8), contents=[(text.index("We will stay"), jones + 12)])
    on_label = Draft(cue=(jones, jones + 5), contents=[(0, 2)])
    kept = yield_to_turns([runaway, on_label], spoken)
    assert kept == [runaway] and runaway.contents == [(text.index("We will stay"), jones)]
