"""Attribution extraction: the example article, hand-written sentences, and the scorer."""

from __future__ import annotations

import pytest

from claimledger.eval.attribution import (
    agreement,
    exact_score,
    iter_gold,
    join_fragments,
    outer,
    overlap_score,
    predicted_spans,
    read_ann,
    trim,
)
from claimledger.nlp.extensions import get_list


@pytest.fixture(scope="module")
def example_atts(nlp, example_text):
    return nlp(example_text)._.cl_attributions


def _by_cue(atts, word):
    return [a for a in atts if a.cue is not None and word in a.cue.text]


def _one(atts, word):
    found = _by_cue(atts, word)
    assert found, f"no attribution with cue {word!r}: {[a.cue.text for a in atts if a.cue]}"
    return found[0]


def _src(att):
    return att.source.text if att.source is not None else None


# --- the example article -------------------------------------------------------------------

def test_announced_capture(example_atts):
    a = _one(example_atts, "announced")
    assert "Zelenskyy" in _src(a)
    assert a.content.text.startswith("the capture of two North Korean soldiers")


def test_soldier_told_interrogators_what_he_believed(example_atts):
    told = _one(example_atts, "told")
    assert _src(told) == "One soldier"
    assert "training exercise" in told.content.text
    believed = _one(example_atts, "believed")
    assert believed.stance == "belief"
    assert believed.parent_id == told.id


def test_other_soldier_preference(example_atts):
    a = _one(example_atts, "preference")
    assert _src(a) == "The other"
    assert a.stance == "belief"
    assert "stay in Ukraine" in a.content.text


def test_according_to_intelligence(example_atts):
    a = _one(example_atts, "According to")
    assert a.kind == "according_to"
    assert _src(a) == "South Korean intelligence"
    assert "300 North Korean soldiers" in a.content.text


def test_documents_revealed_orders(example_atts):
    a = _one(example_atts, "revealed")
    assert _src(a).startswith("Documents")
    assert "orders from Pyongyang" in a.content.text


def test_special_forces_reported_grenade(example_atts):
    a = _one(example_atts, "reported")
    assert "Special Operations Forces" in _src(a)
    assert "grenade" in a.content.text


def test_zelenskyy_proposed_and_suggested(example_atts):
    proposed = _one(example_atts, "proposed")
    assert proposed.stance == "propose" and _src(proposed) == "Zelenskyy"
    assert "in exchange for" in proposed.content.text
    suggested = _one(example_atts, "suggested")
    assert suggested.stance == "propose" and _src(suggested) == "Zelenskyy"
    assert "remain in Ukraine" in suggested.content.text


def test_emphasized_and_stating_belong_to_he(example_atts):
    emphasized = _one(example_atts, "emphasized")
    assert _src(emphasized) == "He"
    stating = [a for a in _by_cue(example_atts, "stating") if a.cue.start > emphasized.cue.start
               and "Russia began the war" in a.content.text]
    assert stating and _src(stating[0]) == "He"
    assert "Russia began the war" not in emphasized.content.text


def test_kremlin_declined_and_stated(example_atts):
    declined = _one(example_atts, "declined")
    assert declined.stance == "no_comment"
    assert _src(declined) == "The Kremlin"
    stating = [a for a in _by_cue(example_atts, "stating") if "could not be verified" in a.content.text]
    assert stating and _src(stating[0]) == "The Kremlin"


def test_non_attributive_uses_are_skipped(example_atts):
    assert not [a for a in example_atts if "video" in a.content.text and a.cue.start < a.content.start]
    for word in ("showing", "questioning", "attributed"):
        assert not _by_cue(example_atts, word), word
    for a in _by_cue(example_atts, "instructing"):
        assert a.parent_id is not None


def test_ids_and_offsets(example_text, example_atts):
    ids = [a.id for a in example_atts]
    assert len(ids) == len(set(ids))
    for a in example_atts:
        for sp in (a.source, a.cue, a.content):
            if sp is not None:
                assert example_text[sp.start:sp.end] == sp.text
        assert a.source_id is None or isinstance(a.source_id, str)


# --- sentences of our own ------------------------------------------------------------------

def _atts(nlp, text):
    return nlp(text)._.cl_attributions


def test_indirect_speech(nlp):
    a = _one(_atts(nlp, "The transport minister said on Tuesday that the bridge would reopen in May."), "said")
    assert "minister" in _src(a)
    assert "the bridge would reopen in May" in a.content.text
    assert a.kind == "indirect" and a.stance == "assert"


def test_direct_quote_speaker_after(nlp):
    a = _one(_atts(nlp, "“We will not retreat from the river,” the general said on Monday."), "said")
    assert _src(a) == "the general"
    assert a.kind == "direct"
    assert a.content.text.startswith("We will not retreat")


def test_mixed_quote(nlp):
    a = _one(_atts(nlp, "The senator said that the plan was “a disaster for farmers” and should be withdrawn."), "said")
    assert a.kind == "mixed"


def test_denial_stance(nlp):
    a = _one(_atts(nlp, "The ministry denied that its forces had shelled the market."), "denied")
    assert a.stance == "deny"


def test_no_comment(nlp):
    a = _one(_atts(nlp, "A company spokeswoman declined to comment on the lawsuit."), "declined")
    assert a.stance == "no_comment"
    assert "spokeswoman" in _src(a)


def test_no_response_is_no_comment(nlp):
    a = _one(_atts(nlp, "The embassy did not respond to a request for comment on Friday."), "respond")
    assert a.stance == "no_comment" and _src(a) == "The embassy"


def test_question_stance(nlp):
    a = _one(_atts(nlp, "Reporters asked whether the talks would resume next week."), "asked")
    assert a.stance == "question"


def test_causal_attributed_to_is_not_attribution(nlp):
    atts = _atts(nlp, "Many of the deaths were attributed to the cold weather and poor shelter.")
    assert not _by_cue(atts, "attributed")


def _draft(text, cue, content):
    from claimledger.nlp.attribution.decode import Draft

    c = text.index(cue)
    s = text.index(content)
    return Draft(cue=(c, c + len(cue)), contents=[(s, s + len(content))])


@pytest.mark.parametrize("text, cue, content, dropped", [
    ("The army sent 400 engineers to the border, adding new support that included bridges and trucks.",
     "adding new support", "that included bridges and trucks", True),
    ("The ministry issued a statement that praised the rescue teams.",
     "issued a statement", "that praised the rescue teams", True),
    # a complement clause has its own subject: what the claim says
    ("The agency repeated the claim that the convoy was hit by a drone.",
     "repeated the claim", "that the convoy was hit by a drone", False),
    ("The agency said that the convoy was hit by a drone.", "said", "that the convoy was hit by a drone", False),
])
def test_a_relative_clause_on_the_cue_is_not_its_content(nlp, text, cue, content, dropped):
    from claimledger.nlp.attribution.rules import is_non_attributive

    assert is_non_attributive(nlp(text), _draft(text, cue, content)) is dropped


def test_unmatched_quote_does_not_swallow_the_article(nlp):
    text = ("The mayor said “the road is closed until further notice.\n\n"
            "Crews worked through the night to clear debris from the highway. Traffic was diverted "
            "through the old town centre, and schools in the district remained shut.\n\n"
            "Weather forecasters expect more rain over the weekend in the northern valleys.")
    for a in _atts(nlp, text):
        assert "\n\n" not in a.content.text or a.content.text.count("“") > 1


def test_expressed_stance_noun(nlp):
    a = _one(_atts(nlp, "The farmers expressed a desire to return to their villages before winter."), "desire")
    assert a.stance == "belief" and _src(a) == "The farmers"
    assert a.content.text.startswith("to return")


def test_participle_borrows_reporting_subject(nlp):
    atts = _atts(nlp, "The mayor said the storm damaged the port, adding that repairs would take months.")
    adding = _one(atts, "adding")
    assert _src(adding) == "The mayor"
    assert "repairs would take months" in adding.content.text


def test_nested_parent(nlp):
    atts = _atts(nlp, "The envoy told reporters that the rebels believed the ceasefire would hold.")
    told = _one(atts, "told")
    believed = _one(atts, "believed")
    assert believed.parent_id == told.id


# --- the scorer --------------------------------------------------------------------------------

def test_trim_and_outer():
    text = ' “Hello there,” she said.'
    assert trim(text, 0, 16) == (2, 13)
    assert outer(text, [(2, 7), (8, 13)]) == (2, 13)


def test_read_ann_discontinuous():
    ann = ("T1\tSource 0 3\tShe\nT2\tCue 4 8\tsaid\nT3\tContent 9 12;14 20\tabc def\n"
           "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    spans = read_ann(ann)
    assert spans["source"] == [[(0, 3)]]
    assert spans["content"] == [[(9, 12), (14, 20)]]


def test_scores():
    s = exact_score({(0, 3), (5, 9)}, {(0, 3), (5, 8)})
    assert (s.tp, s.n_pred, s.n_gold) == (1, 2, 2)
    assert s.f == pytest.approx(0.5)
    o = overlap_score({(0, 4)}, {(2, 6)})
    assert (o.tp, o.n_pred, o.n_gold) == (2, 4, 4)


def test_fragment_mode():
    text = "“We stay,” she said, “and we fight.”"
    assert join_fragments(text, [(1, 8), (8, 10)]) == [(1, 8)]
    att = {"source": None, "cue": None,
           "content": {"start": 1, "end": 34, "fragments": [{"start": 1, "end": 8}, {"start": 22, "end": 34}]}}
    assert predicted_spans([att], text)["content"] == {(1, 34)}
    assert predicted_spans([att], text, fragments=True)["content"] == {(1, 8), (22, 34)}


def test_signed_quotes_with_no_break_space(nlp):
    text = ("Voters at the rally said what they expect from the debate.\n"
            "“I want to hear a plan for the schools.” ―\u00a0Maria Lopez\n"
            "“Nobody talks about the farms anymore.” ―\u00a0Tom Becker.\n")
    atts = [a for a in _atts(nlp, text) if a.cue.text == "―"]
    assert [_src(a) for a in atts] == ["Maria Lopez", "Tom Becker"]
    assert atts[1].content.text.startswith("Nobody talks")


def test_signed_quotes_inside_running_text(nlp):
    # the same signatures once scraping has joined the lines
    text = ('Voters at the rally said what they expect from the debate. "I want to hear a plan for the '
            'schools." ― Maria Lopez "Nobody talks about the farms anymore."― Tom Becker. Polls open at eight.')
    atts = [a for a in _atts(nlp, text) if a.cue.text == "―"]
    assert [_src(a) for a in atts] == ["Maria Lopez", "Tom Becker"]
    assert [a.content.text for a in atts] == ["I want to hear a plan for the schools",
                                              "Nobody talks about the farms anymore"]


def test_a_headline_needs_its_line_break():
    from claimledger.nlp.attribution.rules import _HEADLINE

    assert _HEADLINE.match("Warren: Wells Fargo chief should resign\nThe senator said ...")
    # scraped text is one line: the "headline" would take the whole article as its content
    assert not _HEADLINE.match("Warren: Wells Fargo chief should resign. The senator said ...")


def test_force_verbs_in_war_reports_are_not_cues(nlp):
    # the tagger alone tags "pounded" as a cue here; the rule removes it
    assert not _atts(nlp, "Russian jets pounded opposition-held parts of eastern Aleppo on Tuesday.")


def test_force_verb_with_armed_subject_is_literal(nlp):
    from claimledger.nlp.attribution.rules import _literal_force

    doc = nlp("The air strikes mostly targeted several neighbourhoods in the north of the city.")
    assert _literal_force(next(t for t in doc if t.lemma_ == "target"))


def test_military_operations_carried_out_are_not_reports(nlp):
    from claimledger.nlp.attribution.rules import _literal_force

    for text, lemma, literal in (("Coalition aircraft carried out airstrikes near the border.", "carry", True),
                                 ("Clinton launched an attack on her rival's record.", "launch", False),
                                 ("Lawmakers condemned the raids on the camps.", "condemn", False)):
        verb = next(t for t in nlp(text) if t.lemma_ == lemma)
        assert _literal_force(verb) is literal, text


def test_force_verbs_still_report_in_politics(nlp):
    from claimledger.nlp.attribution.rules import _literal_force

    doc = nlp("The senator attacked the governor for his remarks about teachers.")
    verb = next(t for t in doc if t.lemma_ == "attack")
    assert not _literal_force(verb)


def test_site_furniture_is_not_a_content(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.rules import is_non_attributive

    text = "The film Releases Documentary Contact Us Legal Terms of Use Privacy Policy Cookie Policy"
    doc = nlp(text)
    cue = text.index("Releases")
    draft = Draft(cue=(cue, cue + len("Releases")), contents=[(cue + 9, len(text))])
    assert is_non_attributive(doc, draft)
    draft = Draft(cue=(cue, cue + len("Releases")), contents=[(cue + 9, cue + 20)])
    assert not is_non_attributive(doc, draft)


def test_postposed_reporter_reports_the_clause_before_it(nlp):
    from claimledger.nlp.attribution.rules import _postposed_content

    doc = nlp("Villages like Marinka need help, he said.")
    said = next(t for t in doc if t.lemma_ == "say")
    s, e = _postposed_content(said)
    assert doc.text[s:e] == "Villages like Marinka need help"
    doc = nlp("The road was not mined, as the army has said.")
    said = next(t for t in doc if t.lemma_ == "say")
    s, e = _postposed_content(said)
    assert doc.text[s:e] == "The road was not mined"
    # a reporter with words of its own after it is not postposed
    doc = nlp("He said on Monday.")
    assert _postposed_content(next(t for t in doc if t.lemma_ == "say")) is None


STRIPPED = ("Shelling hit the eastern districts of the city on Tuesday morning and residents fled toward "
            "the river as fires spread through the market area. Rescue teams worked through the night "
            "to reach people trapped under the rubble of two collapsed buildings near the main square. "
            "Local officials said the water supply had been cut and that hospitals were running short "
            "of fuel for their generators. At least twelve people were killed in the strikes the "
            "monitor added.")


def test_postposed_reporter_without_commas_in_scraped_text(nlp):
    from claimledger.nlp.attribution.rules import _postposed_content, punctuation_stripped

    doc = nlp(STRIPPED)
    assert punctuation_stripped(doc)
    added = next(t for t in doc if t.lower_ == "added")
    s, e = _postposed_content(added)
    assert doc.text[s:e] == "At least twelve people were killed in the strikes"
    # in prose that kept its commas, a clause not set off from its reporter is not reported
    short = nlp("At least twelve people were killed in the strikes the monitor added.")
    assert not punctuation_stripped(short)
    assert _postposed_content(next(t for t in short if t.lower_ == "added")) is None


def test_according_to_parsed_as_the_root_keeps_source_and_content_apart(nlp):
    from claimledger.nlp.attribution.rules import _according_to

    # the sm parser hangs the clause under the source here, with "According" as the root
    doc = nlp("The talks went nowhere.\n\nAccording to veteran radio host Sam Peters, "
              "the plan reeks of \u201cfear\u201d and panic.\n\n")
    assert doc[6].dep_ == "ROOT"
    drafts = list(_according_to(doc))
    assert len(drafts) == 1
    assert doc.text[slice(*drafts[0].source)] == "veteran radio host Sam Peters"
    assert doc.text[slice(*drafts[0].contents[0])].strip(" ,") == "the plan reeks of \u201cfear\u201d and panic"


def test_quotation_running_into_its_speaker_is_cut_at_the_closing_mark(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.repairs import quote_overrun

    text = '"The shelling is heavy tonight" Omar Haddad of the local council told Reuters.'
    doc = nlp(text)
    cue = text.index("told")
    draft = Draft(cue=(cue, cue + 4), source=(text.index("local"), text.index(" told")),
                  contents=[(1, text.index(" of the"))], origin="model")
    quote_overrun(doc, draft)
    assert text[slice(*draft.contents[0])].strip('"') == "The shelling is heavy tonight"
    assert text[slice(*draft.source)] == "Omar Haddad of the local council"
    # a quotation followed by more than a name is left alone
    text = '"It is heavy" and worse than last week, he told reporters.'
    doc = nlp(text)
    cue = text.index("told")
    draft = Draft(cue=(cue, cue + 4), source=None, contents=[(1, text.index(", he"))], origin="model")
    assert quote_overrun(doc, draft).contents == [(1, text.index(", he"))]


def test_a_source_ends_before_a_reporting_participle_it_runs_into(nlp):
    from claimledger.nlp.attribution.component import _clip_sources
    from claimledger.nlp.attribution.decode import Draft

    text = ('"The bomber blew himself up near the bakery" said Omar Haddad head of the council '
            "adding that 15 of the wounded were critical.")
    doc = nlp(text)
    said, adding = text.index("said"), text.index("adding")
    run = (text.index("Omar"), text.index(" that 15"))
    keep = (text.index("Omar"), text.index(" adding"))
    drafts = [Draft(cue=(said, said + 4), source=run, contents=[(1, text.index('" said'))], origin="model"),
              Draft(cue=(adding, adding + 6), source=None, contents=[(adding + 7, len(text) - 1)], origin="model")]
    _clip_sources(doc, drafts)
    assert text[slice(*drafts[0].source)] == text[slice(*keep)] == "Omar Haddad head of the council"
    # a source holding some other cue stays whole
    text = "An official who declined to be named said the road was closed."
    doc = nlp(text)
    dec, said = text.index("declined"), text.index(" said") + 1
    drafts = [Draft(cue=(said, said + 4), source=(0, text.index(" said")), contents=[], origin="model"),
              Draft(cue=(dec, dec + 8), source=None, contents=[], origin="rules")]
    assert _clip_sources(doc, drafts)[0].source == (0, text.index(" said"))


def test_a_noun_cue_takes_its_possessor_as_source(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.rules import complete_source

    text = "The footage contradicted the army's earlier claim that the convoy had fired first."
    doc = nlp(text)
    cue = text.index("claim")
    draft = Draft(cue=(cue, cue + 5), source=None, contents=[(text.index("that"), len(text) - 1)], origin="model")
    complete_source(doc, draft)
    assert text[slice(*draft.source)] == "the army's"


def test_iter_gold_reads_the_first_annotator_or_every_one(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text("Officials said the bridge was closed.", encoding="utf-8")
    (tmp_path / "attributions" / "story_ann1.ann").write_text("T1\tCue 10 14\tsaid\n", encoding="utf-8")
    (tmp_path / "attributions" / "story_ann2.ann").write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n", encoding="utf-8")
    first = list(iter_gold(tmp_path))
    assert [len(g.spans["source"]) for g in first] == [0]
    every = list(iter_gold(tmp_path, every_annotator=True))
    assert [len(g.spans["source"]) for g in every] == [0, 1]
    assert list(iter_gold(tmp_path, limit=1, every_annotator=True)) == every


def test_agreement_scores_every_pair_of_annotators_of_one_article(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text("Officials said the bridge was closed.", encoding="utf-8")
    (tmp_path / "text" / "single.txt").write_text("She said no.", encoding="utf-8")
    both = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n"
    (tmp_path / "attributions" / "story_a.ann").write_text(both + "T3\tContent 15 36\tx\n", encoding="utf-8")
    (tmp_path / "attributions" / "story_b.ann").write_text(both + "T3\tContent 19 36\tx\n", encoding="utf-8")
    (tmp_path / "attributions" / "story_c.ann").write_text("T1\tCue 10 14\tsaid\n", encoding="utf-8")
    (tmp_path / "attributions" / "single_a.ann").write_text("T1\tCue 4 8\tsaid\n", encoding="utf-8")
    pairs, exact, over = agreement(tmp_path)
    assert pairs == 3  # a-b, a-c, b-c; the singly annotated article adds none
    assert (exact["cue"].tp, exact["cue"].n_pred, exact["cue"].n_gold) == (3, 3, 3)
    assert (exact["source"].tp, exact["source"].n_pred, exact["source"].n_gold) == (1, 1, 3)  # c names no source
    assert exact["content"].tp == 0  # "the bridge ..." against "bridge ...": not the same span
    assert over["content"].tp == 17


def test_an_attribution_set_off_by_commas_reports_the_words_before_it_too(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.repairs import repair

    text = "The front has not moved. The difference now, he told me on Friday, is that the army has shells."
    doc = nlp(text)
    cue, src = text.index("told"), text.index("he told")
    draft = Draft(cue=(cue, cue + 4), source=(src, src + 2), contents=[(text.index("is that"), len(text) - 1)],
                  origin="model")
    repair(doc, draft)
    assert [text[s:e].strip(", ") for s, e in draft.contents] == ["The difference now", "is that the army has shells"]
    # an attribution at the start of its sentence has nothing before it to take
    text = "He told me on Friday, that the army has shells."
    doc = nlp(text)
    draft = Draft(cue=(3, 7), source=(0, 2), contents=[(text.index("that"), len(text) - 1)], origin="model")
    assert repair(doc, draft).contents == [(text.index("that"), len(text) - 1)]


def test_kicker_headlines_are_not_attributed(nlp):
    from claimledger.nlp.attribution.lexicon import is_kicker

    assert is_kicker("The Latest") and is_kicker("BREAKING") and is_kicker("Delegate Update")
    assert not is_kicker("Zelenskyy") and not is_kicker("PENCE") and not is_kicker("Poll")
    doc = nlp("The Latest: Shelling resumes near the dam.\n\nKYIV (AP) — Officials said the dam held.")
    sources = [a.source.text for a in get_list(doc, "cl_attributions") if a.source is not None]
    assert "The Latest" not in sources


def test_a_rule_content_in_a_later_paragraph_than_its_cue_is_dropped():
    from claimledger.nlp.attribution.component import _content_across_break
    from claimledger.nlp.attribution.decode import Draft

    text = "“What does he think of you?”\n\nThe campaign says the ad will air tonight."
    think = text.index("think")
    later = Draft(cue=(think, think + 5), contents=[(text.index("The campaign"), len(text) - 1)], origin="rules")
    assert _content_across_break(text, later)
    # the tagger's own drafts are left to decoding, and a colon may announce the next paragraph
    later.origin = "model"
    assert not _content_across_break(text, later)
    text = "Dr. Ward stated:\n\nThe ruling is wrong."
    stated = text.index("stated")
    colon = Draft(cue=(stated, stated + 6), contents=[(text.index("The ruling"), len(text) - 1)], origin="rules")
    assert not _content_across_break(text, colon)


def test_a_passive_cue_without_agent_takes_its_subject_into_the_content(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.repairs import repair

    text = "The commander was accused of ordering the strike on the market."
    doc = nlp(text)
    cue = text.index("was accused of")
    draft = Draft(cue=(cue, cue + len("was accused of")), contents=[(text.index("ordering"), len(text) - 1)],
                  origin="model")
    repair(doc, draft)
    assert text[draft.contents[0][0]:draft.contents[-1][1]] == \
        "The commander was accused of ordering the strike on the market"
    # with its agent named, the agent is the source and the content stays after the cue
    text = "The commander was accused by villagers of ordering the strike."
    doc = nlp(text)
    cue = text.index("was accused")
    draft = Draft(cue=(cue, cue + len("was accused")), source=(text.index("villagers"), text.index(" of ordering")),
                  contents=[(text.index("ordering"), len(text) - 1)], origin="model")
    assert repair(doc, draft).contents == [(text.index("ordering"), len(text) - 1)]


def test_a_content_does_not_end_on_a_conjunction_or_the_scene_of_the_telling(nlp):
    from claimledger.nlp.attribution.ends import drop_dangling as _drop_dangling
    from claimledger.nlp.attribution.ends import drop_scene as _drop_scene

    text = "He said the reforms were not complete, and rights groups agreed."
    end = text.index(" rights")
    assert text[slice(*_drop_dangling(text, 8, end))] == "the reforms were not complete"
    assert _drop_dangling(text, 8, text.index(",")) == (8, text.index(","))
    text = "The judge rejected that argument in a ruling released Thursday."
    doc = nlp(text)
    cue = (text.index("rejected"), text.index("rejected") + 8)
    start = text.index("that argument")
    assert text[start:_drop_scene(doc, text, cue, start, len(text) - 1)] == "that argument"
    # a phrase that belongs to what was said stays
    text = "The minister said the army withdrew in July."
    doc = nlp(text)
    cue = (text.index("said"), text.index("said") + 4)
    start = text.index("the army")
    assert _drop_scene(doc, text, cue, start, len(text) - 1) == len(text) - 1


def test_a_raising_verb_with_an_adjective_takes_its_subject_into_the_content(nlp):
    from claimledger.nlp.attribution.decode import Draft
    from claimledger.nlp.attribution.repairs import repair

    text = "The ceasefire seems fragile."
    doc = nlp(text)
    cue = text.index("seems")
    draft = Draft(cue=(cue, cue + 5), contents=[(text.index("fragile"), len(text) - 1)], origin="model")
    repair(doc, draft)
    assert text[draft.contents[0][0]:draft.contents[-1][1]] == "The ceasefire seems fragile"


def test_read_links_and_the_content_with_its_cue():
    from claimledger.eval.attribution import GoldDoc, linked_score, read_links

    text = "She said abc, and he denied def."
    at = lambda p: (text.index(p), text.index(p) + len(p))  # noqa: E731
    ann = (f"T1\tSource {at('She')[0]} {at('She')[1]}\tShe\nT2\tCue {at('said')[0]} {at('said')[1]}\tsaid\n"
           f"T3\tContent {at('abc')[0]} {at('abc')[1]}\tabc\nT4\tAttribution 4 8\tsaid\n"
           "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    links = read_links(ann)
    assert links == [{"content": [at("abc")], "cue": [at("said")], "source": [at("She")]}]
    doc = GoldDoc("d", text, read_ann(ann), links)
    span = lambda p: {"start": at(p)[0], "end": at(p)[1]}  # noqa: E731
    right = linked_score([{"cue": span("said"), "content": span("abc")}], doc)
    assert (right.tp, right.n_pred, right.n_gold) == (1, 1, 1)
    # the right content under another speaker's cue does not count
    wrong = linked_score([{"cue": span("denied"), "content": span("abc")}], doc)
    assert (wrong.tp, wrong.n_pred, wrong.n_gold) == (0, 1, 1)


@pytest.mark.parametrize("text, cue, content, dropped", [
    # a picture passed on, described by what it shows, reports nothing
    ("The ministry shared a video showing soldiers crossing the river.",
     "shared", "a video showing soldiers crossing the river", True),
    # a demand for one, or a post of one, still reports
    ("The families called for footage of the raid to be released.",
     "called for", "footage of the raid to be released", False),
    ("The families called for footage to be released.", "called for", "footage to be released", False),
    ("The senator retweeted a photo of the governor contrasted with a photo of his rival.",
     "retweeted", "a photo of the governor contrasted with a photo of his rival", False),
    ("The senator retweeted a photo of the rally.", "retweeted", "a photo of the rally", False),
])
def test_a_content_that_leads_with_a_picture_is_dropped_only_when_it_says_what_it_shows(
        nlp, text, cue, content, dropped):
    from claimledger.nlp.attribution.rules import is_non_attributive

    assert is_non_attributive(nlp(text), _draft(text, cue, content)) is dropped
