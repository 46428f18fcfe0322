"""A memo in front of spaCy's rule lemmatizer: the same lemma for the same word, found once.

spaCy's rule lemmatizer caches its answers too, but only after two Python calls per token
(``lemmatize`` -> ``rule_lemmatize``) and a string conversion of the part of speech, which on
news costs about 7% of the whole analysis.  News repeats its words, so a dictionary lookup
on (word, part of speech, morphology) in front of it gives the same lemmas for less.
The memo holds strings, never string-store hashes, so memory zones can free what a batch
added; ``claimledger.analyze`` drops it past ``LEMMA_CACHE_LIMIT`` entries, as it does
spaCy's own cache.  Behind the memo, the lemmatizer's word index answers membership tests
from a set instead of scanning a list (``IndexedList``).
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


class IndexedList(list):
    """A list whose membership test is a set look-up.

    spaCy's rule lemmatizer asks ``form in index`` of every candidate lemma, and the English
    index for nouns is a plain list of 57,528 words: each test scans it.  That is the cost of
    words seen for the first time, which the memo cannot help: a first pass over 84 PolNeAR dev
    articles took 2.07-2.68 s of CPU, and 0.2-0.33 s with the set.  Still a list, so the tables
    serialise as before.  The set is built once: the index is read-only after loading."""

    def __init__(self, items=()):
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._members


def _index_lemma_tables(pipe: Lemmatizer) -> None:
    if not pipe.lookups.has_table("lemma_index"):
        return
    table = pipe.lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if isinstance(words, list) and not isinstance(words, IndexedList):
            table[key] = IndexedList(words)


def memoize_lemmatizer(nlp: Language) -> None:
    """Put the memo in front of ``nlp``'s rule lemmatizer, if it has one of spaCy's own."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    pipe = nlp.get_pipe("lemmatizer")
    if not isinstance(pipe, Lemmatizer) or pipe.mode != "rule" or "memo" in pipe.__dict__:
        return
    if not getattr(pipe, "_validated", True):
        pipe._validate_tables()
    _index_lemma_tables(pipe)
    pipe.__class__ = type("Memo" + type(pipe).__name__, (type(pipe),), {"__call__": _memo_call})
    pipe.memo = {}
