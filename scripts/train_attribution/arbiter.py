"""Train the arbiter (src/claimledger/models/attribution_arbiter.json).

Where the tagger and a rule read the same cue with different contents, the arbiter decides
which content to keep (``nlp/attribution/arbiter.py``).  Its examples come from PolNeAR train
read by the two half taggers (each article tagged by the tagger that did not see it, as for the
content-boundary model), decoded by the full attribution component with the arbiter off: every
conflict where exactly one of the two contents is a gold content of this cue (outer range,
trimmed; ``--any-cue``: of any cue) is one example, labelled 1 when the rule's is.  A logistic model with L2 is fitted in plain numpy.
Before the final fit, each half of train is scored with a model fitted on the other half: the
exact contents the choices would win or lose there are the honest estimate printed.

Usage:
  python scripts/train_attribution/arbiter.py --taggers half0/model-last half1/model-last \
      [more half-tagger pairs ...] [--cache-train train_docs.pkl] [--cache-tags train_jk.tags ...] \
      [--out src/claimledger/models/attribution_arbiter.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from boundaries import (  # noqa: E402
    adam,
    cached_jackknife_tags,
    cross_halves,
    half_tagger_parser,
    load_train,
    named_weights,
)

import claimledger.nlp.attribution.component as component  # noqa: E402
from claimledger.eval.attribution import cued_contents, trim  # noqa: E402
from claimledger.nlp.attribution.arbiter import Arbiter, conflict_features  # noqa: E402
from claimledger.nlp.attribution.boundaries import load_boundaries  # noqa: E402


class _Recorder:
    """Stands in for the arbiter: notes every conflict, always keeps the model's content."""

    def __init__(self):
        #: (article index, features, model content, rule content, cue)
        self.seen: list[tuple[int, list[str], tuple[int, int], tuple[int, int], tuple[int, int]]] = []
        self.doc_index = -1

    def prefers_rule(self, doc, model, rule) -> bool:
        self.seen.append((self.doc_index, conflict_features(doc, model, rule), model.content, rule.content,
                          model.cue))
        return False


def _leaving(doc, text: str, bm, cue: tuple[int, int], span: tuple[int, int]) -> tuple[int, int]:
    """A content as ``component.build`` would output it: edges re-chosen, dangling ends dropped."""
    if span[1] <= span[0]:
        return span
    return trim(text, *component.clean_ends(doc, text, cue, *bm.refine(doc, cue, *span)))


def conflicts(nlp, golds, docs, tags, refine: bool = True,
              any_cue: bool = False) -> list[tuple[int, list[str], int]]:
    """(article index, features, 1 if the rule's content is the gold one else 0).  A content is
    gold when the gold reports it with this cue (with ``any_cue``, with any cue)."""
    recorder = _Recorder()
    saved = component.load_arbiter
    component.load_arbiter = lambda: recorder
    try:
        comp = component.AttributionExtractor(nlp, "attribution", use_model=False)
        for i, (doc, tagged) in enumerate(zip(docs, tags, strict=True)):
            recorder.doc_index = i
            doc._.cl_attributions = None
            comp._finish(doc, tagged)
    finally:
        component.load_arbiter = saved
    out = []
    bm = load_boundaries() if refine else None
    cued_of: dict[int, dict] = {}
    for i, feats, m, r, cue in recorder.seen:
        text = golds[i].text
        if i not in cued_of:  # the gold links, read once per article
            cued_of[i] = cued_contents(golds[i])
        cued = cued_of[i]
        m, r, c = trim(text, *m), trim(text, *r), trim(text, *cue)
        if bm is not None:
            # judged as they would leave the component: with the content edges re-chosen
            m = _leaving(docs[i], text, bm, c, m)
            r = _leaving(docs[i], text, bm, c, r)

        def ok(span, cues=cued, c=c):
            return span in cues and (any_cue or any(s < c[1] and c[0] < e for s, e in cues[span]))

        m_ok, r_ok = ok(m), ok(r)
        if m_ok != r_ok:
            out.append((i, feats, int(r_ok)))
    return out


def fit(examples, l2: float, steps: int = 400, lr: float = 0.1) -> dict[str, float]:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for k, (_, feats, _) in enumerate(examples):
        for f in set(feats):
            rows.append(k)
            cols.append(vocab.setdefault(f, len(vocab)))
    rows_a, cols_a = np.array(rows), np.array(cols)
    y = np.array([lab for _, _, lab in examples], dtype=float)

    def grad(w):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=len(examples))
        p = 1.0 / (1.0 + np.exp(-z))
        return np.bincount(cols_a, weights=(p - y)[rows_a], minlength=len(w)) / len(examples) + l2 * w

    return named_weights(vocab, adam(grad, len(vocab), steps, lr))


def net_gain(examples, weights) -> tuple[int, int]:
    """(exact contents won, lost) by taking the rule's content where the weights say so."""
    arbiter = Arbiter(weights)
    won = lost = 0
    for _, feats, lab in examples:
        if arbiter.score(feats) > 0:
            won += lab
            lost += 1 - lab
    return won, lost


def main(argv=None) -> int:
    ap = half_tagger_parser(__doc__, l2=3e-3, pairs=True, choices=True)
    ap.add_argument("--raw", action="store_true", help="judge the contents as decoded, before the "
                    "content-boundary model re-chooses their edges")
    args = ap.parse_args(argv)
    nlp, golds, docs = load_train(args.polnear, args.cache_train)
    if len(args.taggers) % 2:
        ap.error("--taggers takes pairs of half taggers")
    pairs = [args.taggers[k:k + 2] for k in range(0, len(args.taggers), 2)]
    caches = args.cache_tags or []
    ex = []
    for n, pair in enumerate(pairs):  # each pair's errors are more examples of the same articles
        tags = cached_jackknife_tags(nlp, docs, pair, caches[n] if n < len(caches) else None)
        ex += conflicts(nlp, golds, docs, tags, refine=not args.raw, any_cue=args.any_cue)
    print(f"{len(ex)} conflicts with one right reading; the rule's is right in {sum(e[2] for e in ex)}")
    won = lost = 0
    for k, fit_on, held in cross_halves(ex):
        w = fit(fit_on, args.l2)
        if args.halves:
            Path(f"{args.halves}{k}.json").write_text(json.dumps({"weights": w}))
        a, b = net_gain(held, w)
        won, lost = won + a, lost + b
    print(f"cross-fitted on train halves: {won} exact contents won, {lost} lost (net {won - lost:+d})")
    weights = fit(ex, args.l2)
    if args.out:
        Path(args.out).write_text(json.dumps({
            "_doc": "log-odds that the rule's content beats the model's; scripts/train_attribution/arbiter.py",
            "weights": weights}, indent=0, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
