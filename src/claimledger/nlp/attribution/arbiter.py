"""Which reading of a cue wins when the tagger and a rule both found it: the arbiter.

When a rule draft and a model draft share a cue, the model's content used to win unless the
rule's was a plain extension of it.  Which one is right depends on the construction: on
PolNeAR train, read by taggers that had not seen the article, the parse's content of
"according to" was right about twice as often as the tagger's, and the tagger's content of
"told" about nine times as often as the parse's.  A small logistic model over the cue's lemmas,
the rule that fired, and how the two contents lie against each other and the cue
(``conflict_features``) learns which to trust; its weights are plain JSON
(``models/attribution_arbiter.json``, made by ``scripts/train_attribution/arbiter.py``).  The
rule's content is taken where the model gives it the better odds.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from claimledger.nlp.attribution.decode import Draft


def _side(content: tuple[int, int], cue: tuple[int, int]) -> str:
    if content[1] <= cue[0]:
        return "L"
    if content[0] >= cue[1]:
        return "R"
    return "X"


def _relation(m: tuple[int, int], r: tuple[int, int]) -> str:
    if m == r:
        return "same"
    if m[0] <= r[0] and r[1] <= m[1]:
        return "inside"
    if r[0] <= m[0] and m[1] <= r[1]:
        return "contains"
    if r[0] < m[1] and m[0] < r[1]:
        return "cross"
    return "apart"


def _ratio(m: tuple[int, int], r: tuple[int, int]) -> str:
    q = math.log2(max(r[1] - r[0], 1) / max(m[1] - m[0], 1))
    return str(max(-3, min(3, round(q))))


def conflict_features(doc: Doc, model: Draft, rule: Draft) -> list[str]:
    """Features of one conflict: both drafts read the same cue and give different contents."""
    m, r = model.content, rule.content
    span = doc.char_span(model.cue[0], model.cue[1], alignment_mode="expand")
    lemmas = " ".join(t.lemma_.lower() for t in span if not t.is_punct) if span is not None else ""
    rel, ratio = _relation(m, r), _ratio(m, r)
    sides = _side(m, model.cue) + _side(r, rule.cue)
    f = ["bias", "lem=" + lemmas, "rule=" + rule.rule, "rel=" + rel, "sides=" + sides,
         "ratio=" + ratio, "pieces=" + str(min(len(model.contents), 2)),
         "start=" + str(m[0] == r[0]), "end=" + str(m[1] == r[1]),
         "rule|rel=" + rule.rule + "|" + rel, "lem|rel=" + lemmas + "|" + rel,
         "rule|sides=" + rule.rule + "|" + sides, "rel|ratio=" + rel + "|" + ratio]
    if model.source is None:
        f.append("nosource")
    return f


class Arbiter:
    """One weight per conflict feature; a positive sum means the rule's content wins."""

    def __init__(self, weights: dict[str, float]):
        self.weights = weights

    @classmethod
    def from_disk(cls, path: str | Path) -> Arbiter:
        return cls(json.loads(Path(path).read_text(encoding="utf-8"))["weights"])

    def score(self, features: list[str]) -> float:
        """Log-odds that the rule's content is the right one, against the model's."""
        return sum(self.weights.get(f, 0.0) for f in features)

    def prefers_rule(self, doc: Doc, model: Draft, rule: Draft) -> bool:
        if model.content is None or rule.content is None or model.content == rule.content:
            return False
        return self.score(conflict_features(doc, model, rule)) > 0.0


def default_path() -> Path:
    return Path(str(resources.files("claimledger").joinpath("models/attribution_arbiter.json")))


@functools.lru_cache(maxsize=2)
def load_arbiter(path: str | None = None) -> Arbiter | None:
    p = Path(path) if path else default_path()
    return Arbiter.from_disk(p) if p.exists() else None
