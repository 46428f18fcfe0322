"""Give the tagger's training Docs the parse the runtime pipeline gives them.

Why: a tagger that reads parse features (``claimledger.SyntaxListenerEncoder.v1``) must learn
from the same parses it will see at run time, so each gold Doc written by ``prepare.py`` is
parsed by the default pipeline's spaCy model (with claimledger's attribute ruler and lemma
index, as ``claimledger.nlp.pipeline`` loads it) and written again with its gold entities.
The texts of a multiply-annotated article are parsed once.

Usage: python scripts/train_attribution/parsed.py corpus/train.spacy corpus/train.parsed.spacy
(any number of in/out pairs).  Train with ``--code scripts/train_attribution/parsed_corpus.py``
and ``[corpora.*] @readers = "claimledger.ParsedCorpus.v1"``.
"""

from __future__ import annotations

import sys

import spacy
from spacy.tokens import Doc, DocBin, Span

from claimledger.nlp.attribute_rules import speed_up_attribute_ruler
from claimledger.nlp.lemmas import memoize_lemmatizer
from claimledger.nlp.pipeline import DEFAULT_MODEL


def parse_corpus(nlp, src: str, dst: str) -> int:
    gold = list(DocBin().from_disk(src).get_docs(nlp.vocab))
    fresh = {}
    for doc in gold:
        if doc.text not in fresh:
            fresh[doc.text] = Doc(nlp.vocab, words=[t.text for t in doc],
                                  spaces=[bool(t.whitespace_) for t in doc])
    parsed = dict(zip(fresh, nlp.pipe(fresh.values(), batch_size=16), strict=True))
    out = DocBin(store_user_data=False)
    for doc in gold:
        p = parsed[doc.text].copy()
        p.ents = [Span(p, e.start, e.end, label=e.label_) for e in doc.ents]
        out.add(p)
    out.to_disk(dst)
    return len(gold)


def main(args: list[str]) -> None:
    nlp = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    memoize_lemmatizer(nlp)
    speed_up_attribute_ruler(nlp)
    for src, dst in zip(args[::2], args[1::2], strict=True):
        print(dst, parse_corpus(nlp, src, dst))


if __name__ == "__main__":
    main(sys.argv[1:])
