"""The hearer of a telling verb is not what was said.

"Carter told a Senate panel", "telling reporters that ...", "warned state officials to ...":
the object of tell, inform, warn and their kin names who was told.  The tagger sometimes tags
that object as a CONTENT; decoding then pairs it with the cue and the real content (the
"that" clause after it, or the quotation before "X told reporters") is left unpaired or
lost.  On PolNeAR train, about one in five short contents of these verbs in the pipeline's
held-out output was the hearer.  Objects that are what was told ("told a different story",
"tells a joke") are kept.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.attribution.rules import is_hearer
from claimledger.nlp.attribution.tagger import Tagged


def _hearer_of_cue(doc: Doc, start: int, end: int, cues: list[tuple[int, int]]) -> bool:
    """Whether the character span ``[start, end)`` lies inside the hearer object of a tagged cue."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if not is_hearer(root):
        return False
    if span.start < root.left_edge.i or span.end > root.right_edge.i + 1:
        return False
    verb = root.head
    return any(cs <= verb.idx < ce for cs, ce in cues)


def drop_hearers(doc: Doc, tagged: list[Tagged]) -> list[Tagged]:
    """The tagged spans without the CONTENT spans that name a cue's hearer."""
    cues = [(s, e) for label, s, e in tagged if label == "CUE"]
    if not cues:
        return list(tagged)
    return [t for t in tagged if t[0] != "CONTENT" or not _hearer_of_cue(doc, t[1], t[2], cues)]
