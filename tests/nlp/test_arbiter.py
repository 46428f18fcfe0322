"""The arbiter: which content wins when the tagger and a rule read the same cue."""

from __future__ import annotations

import pytest

from claimledger.nlp.attribution.arbiter import Arbiter, conflict_features, load_arbiter
from claimledger.nlp.attribution.component import merge
from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.attribution.rules import extract_drafts

TEXT = "According to the ministry, the strike killed 12 people near the border on Monday."


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def _span(phrase: str) -> tuple[int, int]:
    s = TEXT.index(phrase)
    return s, s + len(phrase)


def _pair():
    cue = _span("According to")
    model = Draft(cue=cue, source=_span("the ministry"), contents=[_span("12 people near the border")])
    rule = Draft(cue=cue, source=_span("the ministry"), origin="rules", rule="according",
                 contents=[_span("the strike killed 12 people near the border on Monday")])
    return model, rule


def test_features_name_the_cue_the_rule_and_how_the_contents_lie(doc):
    model, rule = _pair()
    feats = conflict_features(doc, model, rule)
    assert "lem=accord to" in feats
    assert "rule=according" in feats
    assert "rel=contains" in feats          # the rule's content holds the model's
    assert "sides=RR" in feats              # both after the cue


def test_the_rule_content_is_taken_only_where_the_weights_favour_it(doc):
    model, rule = _pair()
    assert Arbiter({"rule=according": 1.0}).prefers_rule(doc, model, rule)
    assert not Arbiter({"rule=according": -1.0}).prefers_rule(doc, model, rule)
    assert not Arbiter({}).prefers_rule(doc, model, rule)  # no evidence: the model keeps its reading


def test_merge_hands_the_model_draft_the_preferred_content(doc):
    model, rule = _pair()
    kept = merge([model], [rule])
    assert kept == [model] and model.contents == [_span("12 people near the border")]
    model, rule = _pair()
    kept = merge([model], [rule], prefer=lambda m, r: True)
    assert kept == [model] and model.contents == rule.contents
    assert model.source == _span("the ministry")


def test_rule_drafts_say_which_rule_made_them(doc):
    drafts = extract_drafts(doc)
    assert any(d.rule == "according" and doc.text[d.cue[0]:d.cue[1]] == "According to" for d in drafts)
    assert all(d.rule for d in drafts)


def test_the_shipped_arbiter_trusts_the_parse_on_according_to(doc):
    arbiter = load_arbiter()
    assert arbiter is not None
    model, rule = _pair()
    assert arbiter.prefers_rule(doc, model, rule)


def test_accurate_mode_leaves_the_arbiter_out(nlp, monkeypatch):
    import claimledger.nlp.attribution.component as component

    asked = []

    class Spy:
        def prefers_rule(self, doc, model, rule):
            asked.append(doc.text[model.cue[0]:model.cue[1]])
            return False

    monkeypatch.setattr(component, "load_arbiter", lambda: Spy())
    tagged = [("CUE", *_span("According to")), ("SOURCE", *_span("the ministry")),
              ("CONTENT", *_span("12 people near the border"))]
    comp = component.AttributionExtractor(nlp, "attribution", use_model=False, accurate=True)
    comp._finish(nlp(TEXT), tagged)
    assert asked == []
    comp.accurate = False
    comp._finish(nlp(TEXT), tagged)
    assert asked == ["According to"]
