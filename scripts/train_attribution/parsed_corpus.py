"""spaCy training code for a tagger that reads parse features (``spacy train --code`` this file).

Registers the tagger's architectures and ``claimledger.ParsedCorpus.v1``, a corpus reader whose
Examples carry the parse features of the Docs written by ``parsed.py`` on the predicted side
(spaCy's own reader rebuilds the predicted Doc from the words alone, so the tagger would never
see a parse).
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

import claimledger.nlp.attribution.architectures  # noqa: F401  (registers the architectures)
from claimledger.nlp.attribution.syntax import KEY, syntax_features


def predicted_side(doc: Doc) -> Doc:
    """The doc's words, without entities or parse, carrying its parse features (as the
    runtime tagger's mirror Doc does)."""
    new = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    new.user_data[KEY] = syntax_features(doc)
    return new


@registry.readers("claimledger.ParsedCorpus.v1")
def parsed_corpus(path: Path, limit: int = 0):
    def read(nlp):
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for k, doc in enumerate(docs):
            if limit and k >= limit:
                break
            yield Example(predicted_side(doc), doc)
    return read
