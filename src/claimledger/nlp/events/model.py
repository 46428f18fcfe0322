"""A small softmax (multinomial logistic) regression over word n-grams, in numpy.

Why not scikit-learn: the whole model is a few thousand weights, training takes a
second on ~1,000 ACLED notes, and inference is a dictionary look-up per word, so a
dependency buys nothing.  Weights ship as ``data/events_subtype_model.json.gz``.

The features deliberately ignore what only ACLED's own notes contain: the
``[size=...]`` tag, the "Property destruction:" style prefixes and dates, so the model
learns from the words a news report would also use.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
from collections import Counter
from importlib import resources

MODEL_FILE = "events_subtype_model.json.gz"

_PREFIX = re.compile(r"^\s*[A-Z][a-z]+(?: [a-z]+){0,3}:\s+(?=(?:On|Around|Between|During|In|From|At)\b)")
_SIZE = re.compile(r"\[size=[^\]]*\]")
_DATE = re.compile(r"\b(?:on|around|between)?\s*\d{1,2}(?:\s*-\s*\d{1,2})?\s+(?:january|february|march|april|may|june|"
                   r"july|august|september|october|november|december)\s+\d{4}\b", re.I)
_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*|\d+")
_STOP = frozenset("a an the of in on at to and or for by with from as is was were be been that this which its their "
                  "his her they he she it who".split())


def clean(text: str) -> str:
    """Drop what only ACLED notes carry (size tags, label prefixes, dates)."""
    text = _SIZE.sub(" ", text)
    text = _PREFIX.sub("", text)
    return _DATE.sub(" ", text)


def features(text: str) -> list[str]:
    words = []
    for w in _WORD.findall(clean(text).lower()):
        if w.isdigit():
            w = "<num>"
        elif len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    feats = [w for w in words if w not in _STOP]
    feats += [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if not (a in _STOP and b in _STOP)]
    return feats


class SoftmaxModel:
    """``weights[feature] -> {label: weight}`` plus a bias per label."""

    def __init__(self, labels: list[str], weights: dict[str, dict[str, float]], bias: dict[str, float]):
        self.labels = labels
        self.weights = weights
        self.bias = bias

    def scores(self, text: str, extra: tuple[str, ...] | list[str] = ()) -> dict[str, float]:
        z = dict(self.bias)
        for f in set(features(text)) | set(extra):
            for label, w in self.weights.get(f, {}).items():
                z[label] += w
        return z

    def proba(self, text: str, extra: tuple[str, ...] | list[str] = ()) -> dict[str, float]:
        z = self.scores(text, extra)
        top = max(z.values())
        exp = {k: math.exp(v - top) for k, v in z.items()}
        total = sum(exp.values())
        return {k: v / total for k, v in exp.items()}

    def to_json(self) -> dict:
        return {"labels": self.labels, "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> SoftmaxModel:
        return cls(data["labels"], data["weights"], data["bias"])


def train(texts: list[str], labels: list[str], *, extras: list[list[str]] | None = None, min_df: int = 2,
          l2: float = 1e-4, epochs: int = 150, lr: float = 2.0, keep: float = 0.02) -> SoftmaxModel:
    """Full-batch gradient descent on the L2-regularised softmax loss; small weights are dropped.

    ``extras`` are per-text features from the parse (trigger families, who did it to whom:
    ``fam:kill``, ``target:civilians``) that the words alone do not give.
    """
    import numpy as np

    docs = [set(features(t)) | set((extras or [[]] * len(texts))[i]) for i, t in enumerate(texts)]
    df = Counter(f for d in docs for f in d)
    vocab = sorted(f for f, c in df.items() if c >= min_df)
    col = {f: i for i, f in enumerate(vocab)}
    classes = sorted(set(labels))
    x = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for r, d in enumerate(docs):
        idx = [col[f] for f in d if f in col]
        if idx:
            x[r, idx] = 1.0
    y = np.zeros((len(docs), len(classes)), dtype=np.float32)
    for r, lab in enumerate(labels):
        y[r, classes.index(lab)] = 1.0
    w = np.zeros((len(vocab), len(classes)), dtype=np.float32)
    b = np.zeros(len(classes), dtype=np.float32)
    n = len(docs)
    for _ in range(epochs):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        w -= lr * (x.T @ g + l2 * w)
        b -= lr * g.sum(axis=0)
    weights: dict[str, dict[str, float]] = {}
    for i, f in enumerate(vocab):
        row = {classes[j]: round(float(w[i, j]), 3) for j in range(len(classes)) if abs(w[i, j]) >= keep}
        if row:
            weights[f] = row
    return SoftmaxModel(classes, weights, {c: round(float(b[j]), 3) for j, c in enumerate(classes)})


def save(model: SoftmaxModel, path) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh, separators=(",", ":"), sort_keys=True)


@functools.lru_cache(maxsize=1)
def shipped() -> SoftmaxModel | None:
    """The model trained on all of the ACLED dev notes (None if the data file is missing)."""
    try:
        raw = resources.files("claimledger.data").joinpath(MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    return SoftmaxModel.from_json(json.loads(gzip.decompress(raw).decode("utf-8")))


def train_from_acled(path: str) -> SoftmaxModel:
    """Train on every row's notes -> sub_event_type (ACLED JSONL)."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r.get("notes") and r.get("sub_event_type")]
    return train([r["notes"] for r in rows], [r["sub_event_type"] for r in rows])


if __name__ == "__main__":  # pragma: no cover - developer tool
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(description="train the ACLED sub-type model shipped in data/")
    ap.add_argument("gold", help="ACLED rows as JSONL")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "data" / MODEL_FILE))
    a = ap.parse_args()
    m = train_from_acled(a.gold)
    save(m, a.out)
    print(f"{len(m.weights)} features, {len(m.labels)} labels -> {a.out}")
