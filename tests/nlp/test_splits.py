"""The split chooser: what a cue with a content on each side keeps."""

from __future__ import annotations

import pytest

from claimledger.nlp.attribution.decode import decode
from claimledger.nlp.attribution.splits import SplitChooser, load_split_chooser, split_features

TEXT = "“The strike hit a school,” the governor said, “and nobody was warned.”"


def _span(phrase: str) -> tuple[int, int]:
    s = TEXT.index(phrase)
    return s, s + len(phrase)


LEFT, CUE, RIGHT = _span("The strike hit a school"), _span("said"), _span("and nobody was warned.")
TAGGED = [("CONTENT", *LEFT), ("SOURCE", *_span("the governor")), ("CUE", *CUE), ("CONTENT", *RIGHT)]


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


@pytest.mark.parametrize(("reading", "expected"), [
    ("join", [[LEFT, RIGHT]]),
    ("left", [[LEFT]]),
    ("right", [[RIGHT]]),
    ("both", [[LEFT], [RIGHT]]),
])
def test_decode_follows_the_chosen_reading(doc, reading, expected):
    drafts = decode(doc, TAGGED, lambda *_: reading)
    assert [d.contents for d in drafts] == expected
    assert all(d.cue == CUE and d.source == _span("the governor") for d in drafts)


def test_without_a_chooser_the_hand_rule_joins_an_interrupted_quotation(doc):
    assert [d.contents for d in decode(doc, TAGGED)] == [[LEFT, RIGHT]]


def test_the_chooser_is_asked_only_about_cues_with_a_content_on_each_side(doc):
    asked = []
    decode(doc, [("SOURCE", *_span("the governor")), ("CUE", *CUE), ("CONTENT", *RIGHT)],
           lambda *args: asked.append(args) or "join")
    assert asked == []
    decode(doc, TAGGED, lambda *args: asked.append(args[2:]) or "join")
    assert asked == [(LEFT, CUE, RIGHT)]


def test_features_read_the_punctuation_around_the_cue(doc):
    feats = split_features(doc, TEXT, LEFT, CUE, RIGHT)
    assert "rule=True" in feats              # the hand rule's verdict
    assert "quote_after=True" in feats       # a quotation reopens after the cue
    assert "right_opens=True" in feats and "left_opens=True" in feats
    assert "left_punct=," in feats           # “A,” rather than “A.”
    assert "lem=say" in feats


def test_a_second_attribution_must_pay_for_itself():
    both_likely = SplitChooser({"outer": {"bias": -3.0}, "left": {"bias": 1.0}, "right": {"bias": 1.0}})
    assert both_likely.reading(["bias"]) == "both"
    # the right piece is right 18% of the time: a second prediction costs more than it brings
    one_likely = SplitChooser({"outer": {"bias": -3.0}, "left": {"bias": -0.2}, "right": {"bias": -1.5}})
    assert one_likely.reading(["bias"]) == "left"
    assert SplitChooser({"outer": {"bias": 2.0}, "left": {}, "right": {}}).reading(["bias"]) == "join"


def test_the_shipped_chooser_joins_a_quotation_split_by_its_speaker(doc):
    chooser = load_split_chooser()
    assert chooser is not None
    assert chooser.choose(doc, TEXT, LEFT, CUE, RIGHT) == "join"


def test_the_component_can_fall_back_to_the_hand_rule(nlp, monkeypatch):
    import claimledger.nlp.attribution.component as component

    asked = []

    class Spy:
        def choose(self, *args):
            asked.append(args[3])
            return "left"

    docs = [nlp(TEXT), nlp(TEXT)]  # parsed before the spy is in place
    monkeypatch.setattr(component, "load_split_chooser", lambda **kw: Spy())
    comp = component.AttributionExtractor(nlp, "attribution", use_model=False)
    comp.use_splits = False
    comp._finish(docs[0], TAGGED)
    assert asked == []
    comp.use_splits = True
    comp._finish(docs[1], TAGGED)
    assert asked == [CUE]


def test_text_without_commas_has_its_own_chooser(tmp_path, monkeypatch):
    from claimledger.nlp.attribution import splits

    clean, stripped = load_split_chooser(), load_split_chooser(stripped=True)
    assert splits.default_path(stripped=True).exists()
    assert stripped is not None and stripped.heads != clean.heads
    # an installation without it falls back to the usual chooser
    usual = splits.default_path()
    monkeypatch.setattr(splits, "default_path",
                        lambda stripped=False: tmp_path / "missing.json" if stripped else usual)
    load_split_chooser.cache_clear()
    try:
        assert load_split_chooser(stripped=True).heads == clean.heads
    finally:
        load_split_chooser.cache_clear()
