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


#: labels that open a headline or a paragraph with a colon without anyone speaking ("The Latest:",
#: "UPDATE:", "BREAKING:"); in PolNeAR train and dev none of the 30 headlines so labelled has its
#: label as the gold source ("Poll:" does, in 7 of 8, so a poll is a speaker here)
KICKERS = frozenset({
    "UPDATE", "UPDATED", "EXCLUSIVE", "VIDEO", "WATCH", "BREAKING", "BYLINE", "EMAIL", "PHOTO",
    "PHOTOS", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "SOURCE", "SOURCES", "READ",
    "READ MORE", "RELATED", "LISTEN", "AUDIO", "ANALYSIS", "OPINION", "ALSO", "WARNING", "ALERT",
    "LIVE", "SEE", "MORE", "PLUS", "SPOILER", "TRANSCRIPT", "CLICK", "DATE", "TIME", "WHERE", "WHEN",
    "THE LATEST", "LATEST", "JUST IN", "JUST LEAKED", "REVEALED", "BOMBSHELL", "BOOM", "BUSTED", "WOW",
    "LOOK", "SHOCKING", "DEVELOPING", "PAID NOTICE", "DELEGATE UPDATE", "FACT CHECK", "ICYMI",
})


def is_kicker(label: str) -> bool:
    """Whether a label before a colon is a kicker or section name rather than a speaker."""
    words = label.upper().split()
    return " ".join(words) in KICKERS or (bool(words) and words[-1] in {"UPDATE", "UPDATES"})
