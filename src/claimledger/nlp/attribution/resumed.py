"""A quotation resumed after its attribution: “A,” she said on Monday. “B.”

News writing often closes a quotation, names the speaker, and opens the next sentence with more
of the same quotation.  PolNeAR annotates the two quotations as one content, with the
attribution between them (on train, 986 of 1,057 such pairs within one paragraph; 56 are two
contents, and in 15 only the first part is a content).  The tagger usually tags the second part, but when the
attribution sentence runs long ("said Don Fowler, who helmed the DNC from 1995 to 1997, ...")
the second quotation is left alone or claimed by a cue in the aside ("emphasizing").  This
module appends it to the attribution of the first part.
"""

from __future__ import annotations

import re

from claimledger.nlp.attribution.decode import Draft

_CLOSING = "\"”"
#: the rest of the attribution's sentence, then the opening mark of the next sentence
_RESUME = re.compile(r"[^\"“”\n]{0,300}?[.!?][ \t]+(?P<open>[\"“])")
#: a cue this close after the resumed quotation, in the same sentence, reports it on its own
#: ("“B,” he added")
_OWN_CUE_WINDOW = 30


def _closes_before(text: str, end: int, cue_start: int) -> bool:
    """The content ends with a closing quotation mark right before the cue ("…,” she said)."""
    gap = text[end:cue_start]
    return "\n" not in gap and any(ch in _CLOSING for ch in gap[:3]) and len(gap) <= 40


def _quoted_passage(text: str, open_at: int) -> tuple[int, int]:
    """From after the opening mark to its closing mark, or to the end of the paragraph."""
    para_end = text.find("\n", open_at)
    para_end = len(text) if para_end < 0 else para_end
    close = min((i for i in (text.find(ch, open_at + 1, para_end) for ch in _CLOSING) if i >= 0),
                default=para_end)
    return open_at + 1, close


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def join_resumed_quotes(text: str, drafts: list[Draft]) -> list[Draft]:
    """Append to each attribution of a closed quotation the quotation that resumes right after
    its sentence, unless another cue after that quotation reports it."""
    for d in drafts:
        if len(d.contents) != 1:
            continue
        start, end = d.contents[0]
        if end > d.cue[0] or not _closes_before(text, end, d.cue[0]):
            continue
        m = _RESUME.match(text, d.cue[1])
        if m is None:
            continue
        piece = _quoted_passage(text, m.start("open"))
        if piece[1] <= piece[0]:
            continue
        others = [o for o in drafts if o is not d]
        # "“B,” he added": the resumed quotation has an attribution of its own
        if text[piece[1] - 1:piece[1]] in {",", "—", "-"} or any(
                piece[1] <= o.cue[0] <= piece[1] + _OWN_CUE_WINDOW
                and not re.search(r"[.!?\n]", text[piece[1] + 1:o.cue[0]]) for o in others):
            continue
        owners = [o for o in others if any(_overlaps(c, piece) for c in o.contents)]
        # only a cue in the attribution's own sentence ("..., emphasizing ...") gives it up
        if any(not (d.cue[1] <= o.cue[0] < piece[0]) for o in owners):
            continue
        for o in owners:
            o.contents = [c for c in o.contents if not _overlaps(c, piece)]
        d.contents.append(piece)
    return drafts
