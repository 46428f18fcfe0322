"""Drop attributions whose cue is rarely right, by precision measured on PolNeAR train.

Each cue is keyed by where it came from (tagger or rules) and the lemmas of its words
("model|call", "rules|show").  ``scripts/train_attribution/cue_precision.py`` ran the default
pipeline over the train split and counted, per key, how often the cue overlaps a gold cue.
A cue whose key was right in fewer than ``MIN_KEEP`` of at least ``MIN_COUNT`` cases costs
more precision than it brings recall (a span with precision p raises F1 only if p > F1 / 2),
so it is dropped.  Keys not in the table are kept.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

MIN_KEEP = 0.35
MIN_COUNT = 5
_TABLE = "data/attribution_cue_precision.json"


def cue_key(doc: Doc, origin: str, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t.lemma_.lower() for t in span if not t.is_punct and not t.is_space] if span is not None else []
    return f"{origin}|{' '.join(words)}"


def write_table(path: Path, table: dict[str, list[int]]) -> None:
    keep = {k: v for k, v in sorted(table.items()) if v[1] >= MIN_COUNT}
    path.write_text(json.dumps({"_doc": "PolNeAR train: [cues overlapping a gold cue, cues output] per "
                                "origin|cue lemmas; made by scripts/train_attribution/cue_precision.py",
                                "keys": keep}, indent=0) + "\n")


@functools.lru_cache(maxsize=1)
def unreliable() -> frozenset[str]:
    path = resources.files("claimledger").joinpath(_TABLE)
    if not path.is_file():
        return frozenset()
    raw = json.loads(path.read_text("utf-8"))["keys"]
    return frozenset(k for k, (hit, n) in raw.items() if n >= MIN_COUNT and hit / n < MIN_KEEP)
