"""Syndicated copies: the same wire story under another headline, with other boilerplate.

Two tests, cheapest first:

* exact: the SHA-256 of the normalised text (case, punctuation, quotes and
  whitespace folded) — a re-published copy with cosmetic edits;
* near: the Jaccard similarity of word 5-gram shingles.  Candidates are found
  with MinHash locality-sensitive hashing (bands stored in the database), so a
  new document is compared with a handful of others, not with the whole ledger;
  each candidate is then confirmed with the exact Jaccard on its stored text.

Containment (the share of the shorter text's shingles found in the longer one)
also counts, so a copy trimmed to its first paragraphs or padded with a long
"related stories" block is still recognised.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

SHINGLE = 5
NUM_PERM = 128
BANDS = 32                       # 32 bands x 4 rows: P(candidate) is 0.87 at Jaccard 0.5, 0.0002 at 0.05
ROWS = NUM_PERM // BANDS
JACCARD_THRESHOLD = 0.7
CONTAINMENT_THRESHOLD = 0.9
CONTAINMENT_MIN_JACCARD = 0.5    # a roundup that embeds one wire story is not a copy of it
MIN_SHINGLES = 50                # containment needs this much text to mean more than a shared quote

_PRIME = np.uint64(4294967311)   # smallest prime above 2**32
_rng = np.random.default_rng(20250112)
_A = _rng.integers(1, 2**31, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**31, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    """Fold what syndication changes and meaning does not: case, quotes, punctuation, spacing."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = normalise(text).split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _hash32(s: str) -> int:
    """A stable 32-bit hash (signatures are stored, so never Python's salted ``hash``)."""
    return zlib.crc32(s.encode("utf-8", "surrogatepass"))


def minhash(sh: set[str]) -> np.ndarray:
    """A NUM_PERM-long MinHash signature; all-max for an empty set."""
    if not sh:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    x = np.fromiter((_hash32(s) for s in sh), dtype=np.uint64, count=len(sh))
    # (a*x + b) mod p stays below 2**64: a, b < 2**31 and x < 2**32
    h = (np.outer(_A, x) + _B[:, None]) % _PRIME
    return h.min(axis=1)


def bands(signature: np.ndarray) -> list[str]:
    """One short hash per band of the signature: equal bands make two documents candidates."""
    out = []
    for b in range(BANDS):
        chunk = signature[b * ROWS:(b + 1) * ROWS].tobytes()
        out.append(hashlib.blake2b(chunk, digest_size=8).hexdigest())
    return out


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def is_copy(self) -> bool:
        return self.jaccard >= JACCARD_THRESHOLD or (
            self.containment >= CONTAINMENT_THRESHOLD and self.jaccard >= CONTAINMENT_MIN_JACCARD)


def similarity(a: set[str], b: set[str]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0)
    inter = len(a & b)
    jac = inter / len(a | b)
    small = min(len(a), len(b))
    # containment only speaks for texts long enough that a shared passage is not a shared quote
    cont = inter / small if small >= MIN_SHINGLES else jac
    return Similarity(jac, cont)
