"""Content boundary refinement: candidates, tie-breaking, side of the cue, the shipped weights."""

from __future__ import annotations

import pytest

from claimledger.nlp.attribution.boundaries import (
    BoundaryModel,
    end_candidates,
    load_boundaries,
    start_candidates,
)

TEXT = ("The convoy was hit twice on Monday. The ministry said on Tuesday that the strike killed "
        "12 people near the border, adding that rescuers were still searching.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def _at(word: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = TEXT.index(word, pos + 1)
    return pos


def _span(first: str, last: str) -> tuple[int, int]:
    return _at(first), _at(last) + len(last)


def _cue():
    s = _at("said")
    return s, s + len("said")


def test_candidates_hold_the_tagger_edges_and_sentence_edges(doc):
    s, e = _span("strike", "border")
    starts = start_candidates(doc, _cue(), s, e)
    ends = end_candidates(doc, _cue(), s, e)
    assert s in starts and "tagger" in starts[s]
    assert e in ends and "tagger" in ends[e]
    assert _at("the strike") in starts  # one token earlier
    assert _at("searching") + len("searching") in ends  # the sentence end


def test_candidates_stay_on_the_contents_side_of_the_cue(doc):
    s, e = _span("strike", "border")
    cue = _cue()
    assert all(c >= cue[1] for c in start_candidates(doc, cue, s, e))
    assert all(c > cue[1] for c in end_candidates(doc, cue, s, e))


def test_empty_model_keeps_the_decoded_span(doc):
    s, e = _span("strike", "border")
    assert BoundaryModel({}, {}).refine(doc, _cue(), s, e) == (s, e)


def test_weights_move_the_edges(doc):
    s, e = _span("strike", "border")
    model = BoundaryModel({"pw=that": 5.0}, {"nw=,": -5.0, "se": 5.0})
    assert model.refine(doc, _cue(), s, e) == (_at("the strike"), _at("searching") + len("searching"))


def test_trust_keeps_the_taggers_edges(doc):
    s, e = _span("strike", "border")
    model = BoundaryModel({"pw=that": 1.0}, {"nw=,": -1.0, "se": 1.0})
    assert model.refine(doc, _cue(), s, e) != (s, e)
    trusting = model.trusting(3.0)
    assert trusting.refine(doc, _cue(), s, e) == (s, e)
    assert model.start == {"pw=that": 1.0}  # the original is left as it was
    assert load_boundaries(trust=0.5).start["tagger"] == pytest.approx(load_boundaries().start["tagger"] + 0.5)


def test_text_without_commas_has_its_own_model(tmp_path, monkeypatch):
    from claimledger.nlp.attribution import boundaries

    clean, stripped = load_boundaries(), load_boundaries(stripped=True)
    assert boundaries.default_path(stripped=True).exists() and stripped is not clean
    # the comma after an edge is a feature only the clean model could learn
    assert "nw=," in clean.end and "nw=," not in stripped.end
    # an installation without the stripped model falls back to the usual one
    only = tmp_path / "content_boundaries.json"
    only.write_text(boundaries.default_path().read_text())
    monkeypatch.setattr(boundaries, "default_path",
                        lambda stripped=False: tmp_path / ("missing.json" if stripped else only.name))
    load_boundaries.cache_clear()
    try:
        assert load_boundaries(stripped=True).end == clean.end
    finally:
        load_boundaries.cache_clear()


def test_refine_never_swallows_the_cue(doc):
    s, e = _span("strike", "border")
    model = BoundaryModel({"ss": 50.0}, {})  # would like the sentence start, before the cue
    ns, ne = model.refine(doc, _cue(), s, e)
    assert ns >= _cue()[1] and (ns, ne) != (_at("The ministry"), e)


def test_shipped_weights_follow_the_annotation_convention(doc):
    """PolNeAR's contents begin with the complementizer: "said [that the strike ...]"."""
    model = load_boundaries()
    assert model is not None and model.start and model.end
    clause = _span("that", "border")
    assert model.refine(doc, _cue(), *clause) == clause
    assert model.refine(doc, _cue(), *_span("the strike", "border")) == clause
