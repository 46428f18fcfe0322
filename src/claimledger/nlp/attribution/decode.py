"""Cue-first decoding: turn tagged SOURCE / CUE / CONTENT spans into attributions.

The tagger only labels spans.  Each cue is the anchor of one attribution; every source and
every content span is linked to the cue it most plausibly belongs to:

* a content links to a cue only if no other cue and no other content lies between them
  (in the sequence of tagged spans), preferring the nearer one in characters, with a cost for
  every paragraph break crossed;
* a source links to the nearest cue in its own sentence (ties go to the cue after it);
* a cue with contents on both sides keeps both as one quotation split by "she said" (outer
  range, pieces as fragments), one side, or both as two attributions: a learnt chooser
  (``splits.py``) decides when the component passes one, else a hand rule on quotation marks;
* a content no cue could claim is dropped (joining it to the content before it, as a quotation
  running on, was wrong more often than right on PolNeAR train);
* a content a sentence away from its cue (``_left_ok``, ``_right_ok``) is not the cue's own:
  the cue is left without one, for the parse to fill.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimledger.nlp.attribution.tagger import Tagged
from claimledger.nlp.extensions import doc_text

PARAGRAPH_COST = 150
RIGHT_BIAS = 20
DEBUG = False


@dataclass
class Draft:
    """One decoded attribution as character ranges, before kind and stance are assigned."""

    cue: tuple[int, int]
    source: tuple[int, int] | None = None
    contents: list[tuple[int, int]] = field(default_factory=list)
    origin: str = "model"
    #: a rule draft may sit inside a model content (a nested attribution)
    nested_ok: bool = False
    #: which rule made a rule draft ("verb", "according", "frame", ...): the arbiter reads it
    rule: str = ""

    @property
    def content(self) -> tuple[int, int] | None:
        if not self.contents:
            return None
        return min(s for s, _ in self.contents), max(e for _, e in self.contents)


def _gap_cost(text: str, a: int, b: int) -> int:
    """Characters between ``a`` and ``b``, plus a cost per paragraph break."""
    lo, hi = (a, b) if a <= b else (b, a)
    return (hi - lo) + PARAGRAPH_COST * text.count("\n", lo, hi)


_CLOSE = "\"”’»'"
#: a sentence ends in the gap (a lower-case word, then . ! or ?, then space; "Rep." does not)
_SENTENCE_END = re.compile(r"[a-z]{3,}[.!?]\s")


def _left_ok(text: str, content_end: int, cue_start: int) -> bool:
    """A content before its cue ends the clause the cue closes: "…, officials said" or
    "“….” she said" (no sentence ends in between, except inside the closing quotation)."""
    gap = text[content_end:cue_start]
    if "\n" in gap:
        return False
    if any(ch in _CLOSE for ch in gap[:3]) or text[content_end - 1:content_end] in _CLOSE:
        return True
    return _SENTENCE_END.search(gap) is None


def _right_ok(text: str, cue_end: int, content_start: int) -> bool:
    """A content after its cue, with no content before it, is the cue's own unless a sentence
    ends between them, or a paragraph does without a quotation opening.  On PolNeAR train read by
    the half taggers such contents were the cue's own gold content 2 times in 172."""
    gap = text[cue_end:content_start]
    if "\n" in gap and not any(ch in "\"“‘«" for ch in gap):
        return False
    return _SENTENCE_END.search(gap) is None


def _split_quote(text: str, left_end: int, cue_start: int, cue_end: int, right_start: int) -> bool:
    """Both sides belong to one quotation interrupted by the attribution."""
    if "\n" in text[left_end:right_start]:
        return False
    after = text[cue_end:right_start]
    before = text[left_end:cue_start]
    if any(ch in "\"“‘«" for ch in after) or "''" in after or any(ch in _CLOSE for ch in before[:3]):
        return True
    # "All of this, he acknowledges, could be undone": an aside set off by commas
    return before.lstrip()[:1] == "," and not any(ch.isalnum() for ch in after) and "," in after


#: (doc, text, left content, cue, right content) -> "join" | "left" | "right" | "both"
SplitChoice = Callable[[Doc, str, tuple[int, int], tuple[int, int], tuple[int, int]], str]


def decode(doc: Doc, tagged: list[Tagged], choose_split: SplitChoice | None = None) -> list[Draft]:
    """Drafts, one per tagged cue.  ``choose_split`` decides what a cue with contents on both
    sides keeps (``splits.SplitChooser.choose``); without it the hand rule ``_split_quote`` does."""
    text = doc_text(doc)
    spans = sorted(tagged, key=lambda t: (t[1], t[2]))
    cue_idx = [i for i, t in enumerate(spans) if t[0] == "CUE"]
    if not cue_idx:
        return []
    drafts = {i: Draft(cue=(spans[i][1], spans[i][2])) for i in cue_idx}
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]

    def sent_of(char: int) -> int:
        return bisect.bisect_right(sent_starts, char) - 1

    # contents: nearest cue with no cue or content in between
    for i, (label, s, e) in enumerate(spans):
        if label != "CONTENT":
            continue
        best = None
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(spans) and spans[j][0] == "SOURCE":
                j += step
            if 0 <= j < len(spans) and spans[j][0] == "CUE":
                cs, ce = spans[j][1], spans[j][2]
                cost = _gap_cost(text, ce, s) if step < 0 else _gap_cost(text, e, cs)
                if step > 0:
                    cost += RIGHT_BIAS  # contents more often follow their cue
                if best is None or cost < best[0]:
                    best = (cost, j)
        # a content no cue can claim is left out: joined to the content before it (a quotation
        # running on), it made a gold content 36 times in 205 on PolNeAR train read by the half
        # taggers, while the content before it alone was gold 77 times
        if best is not None:
            drafts[best[1]].contents.append((s, e))

    split_off: dict[int, list[tuple[int, int]]] = {}
    # contents on both sides of a cue: one quotation split by "X said" ("“A,” she said, “B.”"),
    # one side, or two attributions, as the chooser says; the hand rule joins them only when
    # quotation marks or an aside say so, and otherwise keeps the side nearer to the cue
    for j, d in drafts.items():
        cs, ce = spans[j][1], spans[j][2]
        left = [c for c in d.contents if c[1] <= cs]
        right = [c for c in d.contents if c[0] >= ce]
        if left and not _left_ok(text, left[-1][1], cs):
            # a sentence ends between: the content before is not this cue's.  Kept when nothing
            # else was tagged, it was never this cue's gold content on PolNeAR train (0 of 176,
            # 36 of them another cue's); without a content the parse may still give the cue one
            left = []
        if right and not left and not _right_ok(text, ce, right[0][0]):
            right = []
        if left and right and choose_split is not None:
            choice = choose_split(doc, text, left[-1], (cs, ce), right[0])
            if choice == "left":
                right = []
            elif choice == "right":
                left = []
            elif choice == "both":
                split_off[j] = right
                right = []
        elif left and right and not _split_quote(text, left[-1][1], cs, ce, right[0][0]):
            if _gap_cost(text, left[-1][1], cs) < _gap_cost(text, ce, right[0][0]):
                right = []
            else:
                left = []
        if DEBUG and len(left + right) < len(d.contents):
            print("DROP", repr(text[min(c[0] for c in d.contents) - 20:max(c[1] for c in d.contents) + 20]), "|CUE", text[cs:ce])
        d.contents = sorted(left + right)

    # sources: nearest cue within the sentence
    for i, (label, s, e) in enumerate(spans):
        if label != "SOURCE":
            continue
        sid = sent_of(s)
        best = None
        for j in cue_idx:
            cs, ce = spans[j][1], spans[j][2]
            if sent_of(cs) != sid and abs(j - i) > 1:
                continue
            cost = _gap_cost(text, e, cs) if cs >= e else _gap_cost(text, ce, s) + 1
            if best is None or cost < best[0]:
                best = (cost, j)
        if best is None:
            continue
        d = drafts[best[1]]
        if d.source is None or _gap_cost(text, s, d.cue[0]) < _gap_cost(text, d.source[0], d.cue[0]):
            d.source = (s, e)
    out = [drafts[j] for j in cue_idx]
    for j, contents in split_off.items():
        d = drafts[j]
        out.append(Draft(cue=d.cue, source=d.source, contents=contents, origin=d.origin))
    return out
