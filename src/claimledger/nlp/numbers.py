"""Reading numbers written in digits and in words ("12,000", "1.5bn", "twelve thousand", "a dozen").

Kept free of spaCy so the arithmetic can be tested on plain strings; the
quantity extractor decides which tokens form a number and hands their texts here.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}

# "12,000", "1,200.5" (thousands separators must be regular) or "1200", "1.5"
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# "1.2bn", "5m", "300k" written as one token
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")
# "20–30", "2,000-3,000" written as one token
_RANGE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[–—-]((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """The quantity vocabulary (``data/counts_lexicon.json``), loaded once."""
    return json.loads(resources.files("claimledger").joinpath("data/counts_lexicon.json").read_text("utf-8"))


def scales() -> dict[str, float]:
    return lexicon()["scales"]


def digits_value(text: str) -> float | None:
    """Value of a digit string with optional thousands commas, else None."""
    if not _DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def suffixed_value(text: str) -> float | None:
    """'1.2bn' -> 1.2e9, '5m' -> 5e6; None unless the suffix is a known scale."""
    m = _SUFFIXED.match(text.lower())
    if not m:
        return None
    scale = lexicon()["scale_suffixes"].get(m.group(2)) or scales().get(m.group(2))
    return float(m.group(1)) * scale if scale else None


def range_value(text: str) -> tuple[float, float] | None:
    """'20–30' -> (20, 30) when written as one token."""
    m = _RANGE.match(text)
    if not m:
        return None
    low, high = (float(g.replace(",", "")) for g in m.groups())
    return (low, high) if low < high else None


def word_value(word: str) -> float | None:
    """Value of one number word ('twelve', 'forty', 'twenty-five'), else None."""
    w = word.lower()
    if w in ONES:
        return float(ONES[w])
    if w in TENS:
        return float(TENS[w])
    if "-" in w:
        a, _, b = w.partition("-")
        if a in TENS and b in ONES and 0 < ONES[b] < 10:
            return float(TENS[a] + ONES[b])
    return None


def atom_value(text: str) -> float | None:
    """Value of a token that is a number by itself (digits, suffixed digits or a number word)."""
    v = digits_value(text)
    if v is None:
        v = suffixed_value(text)
    if v is None:
        v = word_value(text)
    return v


def combine(parts: list[float | str]) -> float | None:
    """Fold numbers and scale words left to right: [2, 'hundred', 50, 'thousand'] -> 250000.

    Scales below a thousand (hundred, dozen) multiply the running group; larger ones close it.
    """
    total, current, seen = 0.0, 0.0, False
    for p in parts:
        if isinstance(p, str):
            scale = scales().get(p.lower())
            if scale is None:
                return None
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            current += p
        seen = True
    return total + current if seen else None
