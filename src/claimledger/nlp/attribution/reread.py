"""Accurate mode's last step: the content head rereads each attribution's content.

``content_head.py`` holds the network; this module applies its answers to the component's
records.  A content is replaced only when the head's span is more probable than the proposed
one by the head's margin, and never when the new span would swallow the cue of another
attribution that the old one left out (that would nest one attribution in another, which the
boundary model is not allowed to do either).  Without the torch extra nothing here runs: the
fused tagger, which leaves the MiniLM's reading on the Doc, exists only in accurate mode.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.attribution.classify import kind_of, stance_of
from claimledger.nlp.extensions import doc_text
from claimledger.records import Attribution, Span
from claimledger.records.core import trim_offsets

#: where accurate mode's fused tagger leaves the MiniLM's reading of a Doc for this module
READING_KEY = "cl_minilm_reading"


def _swallows(atts: list[Attribution], a: Attribution, start: int, end: int) -> bool:
    old = a.content
    return any(o is not a and o.cue is not None and start <= o.cue.start and o.cue.end <= end
               and not (old.start <= o.cue.start and o.cue.end <= old.end) for o in atts)


def _pieces(text: str, a: Attribution, start: int, end: int) -> list[Span]:
    """A content holding its own cue ("A," he said, "B") is the two pieces around the cue and
    the source beside it."""
    cue = a.cue
    if not (start <= cue.start and cue.end <= end):
        return []
    hole = [cue.start, cue.end]
    if a.source is not None and start <= a.source.start and a.source.end <= end:
        hole = [min(hole[0], a.source.start), max(hole[1], a.source.end)]
    pieces = [trim_offsets(text, start, hole[0]), trim_offsets(text, hole[1], end)]
    return [Span.of(text, s, e) for s, e in pieces if e > s]


def reread_contents(doc: Doc, atts: list[Attribution], reading, head) -> list[Attribution]:
    """``atts`` with the contents ``head`` (a ``ContentHead``) reads differently replaced (in
    place; also returned)."""
    live = [a for a in atts if a.cue is not None and a.content is not None]
    if not live:
        return atts
    text = doc_text(doc)
    answers = head.reread(reading, [((a.cue.start, a.cue.end), (a.content.start, a.content.end)) for a in live])
    for a, answer in zip(live, answers, strict=True):
        if answer is None or answer[2] <= head.margin:
            continue
        start, end = trim_offsets(text, answer[0], answer[1])
        if end <= start or (start, end) == (a.content.start, a.content.end) or _swallows(atts, a, start, end):
            continue
        a.content = Span.of(text, start, end)
        a.fragments = _pieces(text, a, start, end)
        a.kind = kind_of(text, a.cue.text, start, end)
        a.stance = stance_of(doc, (a.cue.start, a.cue.end), (start, end))
    return atts
