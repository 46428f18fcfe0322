"""Normalised keys that let the ledger recognise the same source or figure across documents.

Deliberately simple and explainable: an analyst can predict which reports land
in one figure.  "the North Korean troops" and "North Korean soldiers" share
the key ``north korean soldier``; "Ukraine's military" and "the Ukrainian
military" do not (no guessing at demonyms).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
#: leading words that say how many or which, not what is counted
_LEADING = {
    "the", "a", "an", "some", "about", "around", "approximately", "nearly", "almost", "over", "more", "than",
    "less", "fewer", "at", "least", "most", "up", "to", "as", "many", "much", "several", "other", "another",
    "those", "these", "this", "that", "their", "its", "his", "her", "our", "your", "all", "of", "dozens",
    "hundreds", "thousands", "tens", "estimated", "roughly", "further", "additional",
}
#: head nouns that name the same counted thing
_HEAD_SYNONYMS = {
    "troop": "soldier", "troops": "soldier", "servicemen": "soldier", "serviceman": "soldier",
    "servicemembers": "soldier", "people": "person",
    "persons": "person", "men": "man", "women": "woman", "children": "child", "casualties": "casualty",
}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("’", "'").casefold()


def _singular(word: str) -> str:
    if word in _HEAD_SYNONYMS:
        return _HEAD_SYNONYMS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _HEAD_SYNONYMS.get(word, word)


def subject_key(subject: str | None) -> str | None:
    """'approximately 300 North Korean soldiers' -> 'north korean soldier'."""
    if not subject:
        return None
    words = _WORD.findall(fold(subject))
    while words and words[0] in _LEADING:
        words.pop(0)
    if not words:
        return None
    words[-1] = _singular(words[-1])
    return " ".join(words)


def name_key(name: str) -> str:
    """'The Ministry of Defence' and 'ministry of defence' are one source."""
    words = _WORD.findall(fold(name))
    if words and words[0] == "the":
        words.pop(0)
    return " ".join(words) or fold(name).strip()
