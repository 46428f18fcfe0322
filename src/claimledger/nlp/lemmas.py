"""A memo in front of spaCy's rule lemmatizer: the same lemma for the same word, found once.

spaCy's rule lemmatizer caches its answers too, but only after two Python calls per token
(``lemmatize`` -> ``rule_lemmatize``) and a string conversion of the part of speech, which on
news costs about 7% of the whole analysis.  News repeats its words, so a dictionary lookup
on (word, part of speech, morphology) in front of it gives the same lemmas for less.
The memo holds strings, never string-store hashes, so memory zones can free what a batch
added; ``claimledger.analyze`` drops it past ``LEMMA_CACHE_LIMIT`` entries, as it does
spaCy's own cache.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc


def _memo_call(self, doc: Doc) -> Doc:
    memo = self.__dict__.setdefault("memo", {})
    overwrite = self.overwrite
    for token in doc:
        if overwrite or token.lemma == 0:
            key = (token.orth, token.pos, token.morph.key)
            lemma = memo.get(key)
            if lemma is None:
                lemma = memo[key] = self.lemmatize(token)[0]
            token.lemma_ = lemma
    return doc


def memoize_lemmatizer(nlp: Language) -> None:
    """Put the memo in front of ``nlp``'s rule lemmatizer, if it has one of spaCy's own."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    pipe = nlp.get_pipe("lemmatizer")
    if not isinstance(pipe, Lemmatizer) or pipe.mode != "rule" or "memo" in pipe.__dict__:
        return
    if not getattr(pipe, "_validated", True):
        pipe._validate_tables()
    pipe.__class__ = type("Memo" + type(pipe).__name__, (type(pipe),), {"__call__": _memo_call})
    pipe.memo = {}
