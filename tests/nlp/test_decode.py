"""Cue-first decoding: which tagged spans each cue takes."""

from __future__ import annotations

import pytest

from claimledger.nlp.attribution.decode import decode

TEXT = "The mayor said the bridge was closed. The river had risen overnight."


def _span(phrase: str) -> tuple[int, int]:
    s = TEXT.index(phrase)
    return s, s + len(phrase)


def test_a_cue_takes_the_content_after_it_and_the_source_before_it(nlp):
    doc = nlp(TEXT)
    tagged = [("SOURCE", *_span("The mayor")), ("CUE", *_span("said")),
              ("CONTENT", *_span("the bridge was closed"))]
    [draft] = decode(doc, tagged)
    assert draft.cue == _span("said")
    assert draft.source == _span("The mayor")
    assert draft.contents == [_span("the bridge was closed")]


def test_a_content_no_cue_can_claim_is_left_out(nlp):
    # the second content follows another content with only punctuation between: no cue is
    # adjacent to it, and joining it on was wrong more often than right on PolNeAR train
    doc = nlp(TEXT)
    tagged = [("SOURCE", *_span("The mayor")), ("CUE", *_span("said")),
              ("CONTENT", *_span("the bridge was closed")),
              ("CONTENT", *_span("The river had risen overnight"))]
    [draft] = decode(doc, tagged)
    assert draft.contents == [_span("the bridge was closed")]


def test_no_cue_no_attribution(nlp):
    doc = nlp(TEXT)
    assert decode(doc, [("CONTENT", *_span("the bridge was closed"))]) == []


def test_a_joined_quotation_gives_up_a_piece_another_cue_reports(nlp):
    from claimledger.nlp.attribution.component import _unshare_pieces
    from claimledger.nlp.attribution.decode import Draft

    text = "“This is a war crime,” she wrote on Telegram. “The world must respond,” she added."
    at = lambda p: (text.index(p), text.index(p) + len(p))  # noqa: E731
    joined = Draft(cue=at("wrote"), contents=[at("This is a war crime"), at("The world must respond")])
    added = Draft(cue=at("added"), contents=[at("The world must respond")])
    _unshare_pieces(text, [joined, added])
    assert joined.contents == [at("This is a war crime")]
    assert added.contents == [at("The world must respond")]
    # a piece is kept when the other cue sits inside the quotation (a nested attribution)
    inner = Draft(cue=at("she wrote"), contents=[at("This is a war crime")])
    outer = Draft(cue=at("added"), contents=[at("This is a war crime"), at("The world must respond")])
    _unshare_pieces(text, [outer, inner])
    assert len(outer.contents) == 2


@pytest.mark.parametrize(("text", "source"), [
    ("The convoy was hit near the border. Rescuers worked all night. Nobody was hurt, the mayor said.",
     "the mayor"),
    ("The mayor said nothing. Rescuers worked all night. The convoy was hit near the border.", "The mayor"),
])
def test_a_content_a_sentence_away_from_its_cue_is_not_its_own(nlp, text, source):
    at = lambda p: (text.index(p), text.index(p) + len(p))  # noqa: E731
    tagged = [("CONTENT", *at("The convoy was hit near the border")), ("SOURCE", *at(source)),
              ("CUE", *at("said"))]
    [draft] = decode(nlp(text), tagged)
    assert draft.contents == []   # the parse may still give the cue its clause later


def test_a_content_in_the_cue_sentence_is_its_own(nlp):
    text = "The mayor said nothing. Rescuers worked all night."
    at = lambda p: (text.index(p), text.index(p) + len(p))  # noqa: E731
    [draft] = decode(nlp(text), [("SOURCE", *at("The mayor")), ("CUE", *at("said")), ("CONTENT", *at("nothing"))])
    assert draft.contents == [at("nothing")]
