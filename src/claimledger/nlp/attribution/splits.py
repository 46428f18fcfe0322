"""What a cue does with contents on both of its sides: the split chooser.

The decoder links each tagged content to its nearest cue, so a cue can end up with a content
before it and one after it.  Four readings are possible: one quotation interrupted by the
attribution ("“A,” she said, “B.”": the outer range, pieces as fragments), only the content
before ("“A,” he said, not even suggesting B": the second belongs to another cue the tagger
missed), only the content after, or two attributions sharing the cue ("“A,” he said. “B.”",
which PolNeAR sometimes annotates as two).  A hand rule used to decide (``decode._split_quote``:
quotation marks and an aside set off by commas).  On PolNeAR train, read by taggers that had
not seen the article, 2,700 cues have a content on each side; the hand rule's readings give
1,723 gold contents of their own cue, the chooser's 1,929 (each half of train decided by
weights fitted on the other half).

Three small logistic models estimate from the punctuation and words around the cue how likely
each piece is a gold content *of this cue*: the outer range, the left piece, the right piece
(a right quotation of another speaker counts as wrong: the reader would get the wrong source).  The
reading with the highest expected number of right contents wins, where a second attribution
costs F1/2 ≈ ``EXTRA_COST`` (a prediction raises F1 only if it is right more often than that).
With labels that count only this cue's contents, the shipped weights never pick "both" on
PolNeAR train or dev; the reading stays for text where a second attribution would pay.
The weights are plain JSON (``models/attribution_splits.json``, made by
``scripts/train_attribution/splits.py``); the hand rule's verdict is one of the features.
"""

from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from claimledger.nlp.attribution import decode

#: what a second attribution must be worth (F1/2 on PolNeAR train, where F1 is about 0.6)
EXTRA_COST = 0.31
HEADS = ("outer", "left", "right")
#: what each reading keeps, as heads: its expected right contents are their probabilities' sum
PIECES = {"join": ("outer",), "left": ("left",), "right": ("right",), "both": ("left", "right")}

_OPEN = "\"“‘«'"
_OPENERS = "\"“‘«"  # without the apostrophe, which also ends words
_CLOSE = "\"”’»'"
_EDGE_PUNCT = ",.?!:;—-"
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_ENDS_SENTENCE = re.compile(r"[.!?]\s*$")


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 5, 8, 13, 21, 40)) -> str:
    return str(sum(1 for e in edges[1:] if n >= e))


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def split_features(doc: Doc, text: str, left: tuple[int, int], cue: tuple[int, int],
                   right: tuple[int, int]) -> list[str]:
    """Features of one cue with a content on each side (character ranges into ``text``)."""
    le, cs, ce, rs = left[1], cue[0], cue[1], right[0]
    before, after = text[le:cs], text[ce:rs]
    rule = decode._split_quote(text, le, cs, ce, rs)
    nearer = "L" if decode._gap_cost(text, le, cs) < decode._gap_cost(text, ce, rs) else "R"
    span = doc.char_span(cs, ce, alignment_mode="expand")
    lemmas = " ".join(t.lemma_.lower() for t in span if not t.is_punct) if span is not None else ""
    sentence_end = (decode._SENTENCE_END.search(after) is not None
                    or _ENDS_SENTENCE.search(after.rstrip(" " + _OPEN)) is not None)
    last = before.strip(" " + _CLOSE)[:1]
    w_after = _bucket(_words(after))
    quote_after = any(ch in _OPENERS for ch in after) or "''" in after
    f = ["bias", f"rule={rule}", f"nearer={nearer}", f"rule|nearer={rule}|{nearer}",
         f"quote_after={quote_after}",
         f"close_before={any(ch in _CLOSE for ch in before[:3])}",
         f"sentence_after={sentence_end}",
         "left_punct=" + (last if last and last in _EDGE_PUNCT else "w" if last else "none"),
         "w_after=" + w_after, "w_before=" + _bucket(_words(before)),
         f"right_opens={rs > 0 and text[rs - 1] in _OPEN}",
         f"left_opens={left[0] > 0 and text[left[0] - 1] in _OPEN}",
         f"right_closes={text[right[1]:right[1] + 1] in _CLOSE or text[right[1] + 1:right[1] + 2] in _CLOSE}",
         "lem=" + lemmas, f"lem|rule={lemmas}|{rule}", f"w_after|rule={w_after}|{rule}",
         "left_words=" + _bucket(_words(text[left[0]:le])),
         "right_words=" + _bucket(_words(text[rs:right[1]]))]
    toks = doc.char_span(rs, right[1], alignment_mode="expand")
    if toks is not None and len(toks):
        f += ["right_tag=" + toks[0].tag_, f"right_lower={toks[0].text[:1].islower()}"]
    first = _TOKEN.findall(after)
    f.append("after_first=" + (first[0].lower() if first else "none"))
    return f


class SplitChooser:
    """One weight table per head ("outer", "left", "right"): log-odds that the head's content is
    a gold content of this cue."""

    def __init__(self, heads: dict[str, dict[str, float]], extra_cost: float = EXTRA_COST):
        self.heads = heads
        self.extra_cost = extra_cost

    @classmethod
    def from_disk(cls, path: str | Path) -> SplitChooser:
        return cls(json.loads(Path(path).read_text(encoding="utf-8"))["heads"])

    def probabilities(self, features: list[str]) -> dict[str, float]:
        out = {}
        for head, weights in self.heads.items():
            z = sum(weights.get(f, 0.0) for f in features)
            out[head] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def reading(self, features: list[str]) -> str:
        """The reading ("join", "left", "right" or "both") with the most right contents expected."""
        p = self.probabilities(features)

        def value(reading: str) -> float:
            heads = PIECES[reading]
            return sum(p[h] for h in heads) - self.extra_cost * (len(heads) - 1)

        return max(PIECES, key=value)

    def choose(self, doc: Doc, text: str, left: tuple[int, int], cue: tuple[int, int],
               right: tuple[int, int]) -> str:
        """``decode``'s hook: the reading of one cue with a content on each side."""
        return self.reading(split_features(doc, text, left, cue, right))


def default_path(stripped: bool = False) -> Path:
    """The packaged chooser; ``stripped``: the one fitted on text without commas."""
    name = "attribution_splits_stripped.json" if stripped else "attribution_splits.json"
    return Path(str(resources.files("claimledger").joinpath("models/" + name)))


@functools.lru_cache(maxsize=4)
def load_split_chooser(path: str | None = None, stripped: bool = False) -> SplitChooser | None:
    """The chooser at ``path`` or the packaged one; ``stripped`` asks for the one fitted on text
    without commas (``rules.punctuation_stripped``), falling back to the usual one."""
    p = Path(path) if path else default_path(stripped)
    if path is None and stripped and not p.exists():
        p = default_path()
    return SplitChooser.from_disk(p) if p.exists() else None
