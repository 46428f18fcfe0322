"""The reporting-cue lexicon, loaded once from ``data/cues.json``."""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.lru_cache(maxsize=1)
def cue_stances() -> dict[str, str]:
    """lemma -> stance; the first group that lists a lemma wins."""
    raw = json.loads(resources.files("claimledger").joinpath("data/cues.json").read_text("utf-8"))
    out: dict[str, str] = {}
    for stance, lemmas in raw.items():
        if stance.startswith("_") or stance == "according_to":
            continue
        for lemma in lemmas:
            out.setdefault(lemma, stance)
    return out


@functools.lru_cache(maxsize=1)
def nested_only() -> frozenset[str]:
    """Cue lemmas the rules report only inside another attribution's content."""
    raw = json.loads(resources.files("claimledger").joinpath("data/cues.json").read_text("utf-8"))
    return frozenset(raw.get("_nested_only", []))
