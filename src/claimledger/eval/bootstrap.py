"""How far to trust an F1 measured on a few dozen articles: a bootstrap over articles.

A figure such as "content 69.96 on PolNeAR dev" comes from 84 articles.  Another 84 articles of
the same kind would give another figure, and a reader comparing two versions (or a result with a
target) needs to know how far apart such figures fall by chance alone.  Resampling whole
articles with replacement keeps what makes errors cluster (one long quoted speech is one article),
which resampling single spans would hide.  The interval is the percentile one: the middle
``level`` share of the resampled F1s.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claimledger.eval.attribution import Score

#: resamplings when the caller does not say; enough for the first decimal of a 95% interval
ROUNDS = 1000


def f1_interval(per_doc: Sequence[Score], rounds: int = ROUNDS, level: float = 0.95,
                seed: int = 0) -> tuple[float, float]:
    """(low, high) F1 over ``rounds`` resamplings of the articles, each article's counts in
    ``per_doc``.  Seeded, so the same scores always give the same interval."""
    if not per_doc or rounds < 1:
        raise ValueError("a bootstrap needs at least one article and one round")
    if not 0 < level < 1:
        raise ValueError(f"level must lie between 0 and 1, not {level}")
    counts = np.array([(s.tp, s.n_pred, s.n_gold) for s in per_doc], dtype=np.float64)
    picks = np.random.default_rng(seed).integers(0, len(per_doc), size=(rounds, len(per_doc)))
    tp, pred, gold = (counts[picks, k].sum(axis=1) for k in range(3))
    denom = pred + gold
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(f1, [tail, 100 - tail])
    return float(low), float(high)


def accuracy_interval(oks: Sequence[bool], rounds: int = ROUNDS, level: float = 0.95,
                      seed: int = 0) -> tuple[float, float]:
    """(low, high) share of right answers, one per row of ``oks``, over ``rounds`` resamplings.
    A row scored as one prediction against one gold answer has F1 = 1 when right and 0 when
    wrong, so the F1 bootstrap serves unchanged."""
    return f1_interval([Score(float(ok), 1.0, 1.0) for ok in oks], rounds, level, seed)
