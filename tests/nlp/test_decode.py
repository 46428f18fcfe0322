"""Cue-first decoding: which tagged spans each cue takes."""

from __future__ import annotations

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
