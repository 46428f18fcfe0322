"""Events: ACLED/PLOVER coding, actors, tolls, dates, claims, ACLED rows and the eval scorer."""

from __future__ import annotations

import json

import pytest

from claimledger.nlp.events.classify import ACLED_TYPES
from claimledger.records.acled import COLUMNS, acled_rows
from tests.conftest import assert_offsets, assert_valid


def _analyze(text: str, published: str | None = "2025-01-12", doc_id: str = "t") -> dict:
    from claimledger.analyze import analyze_text

    return analyze_text(text, published=published, doc_id=doc_id)


def _events(nlp, text: str, published: str | None = "2022-05-01"):
    doc = nlp.make_doc(text)
    doc._.cl_published = published
    return nlp(doc)._.cl_events


@pytest.fixture(scope="module")
def kursk(example_text):
    return _analyze(example_text, doc_id="kursk")


def _by_type(analysis, plover):
    return [e for e in analysis["events"] if e["plover_type"] == plover]


# --------------------------------------------------------------------------- the example article

def test_example_is_valid_and_main_event_is_the_capture(kursk, schema_validator):
    assert_valid(schema_validator, kursk)
    assert_offsets(kursk)
    main = kursk["events"][0]
    # soldiers taken in combat: the battle for ACLED, an arrest for PLOVER
    assert (main["event_type"], main["sub_event_type"]) == ("Battles", "Armed clash")
    assert (main["plover_type"], main["plover_mode"]) == ("COERCE", "arrest")
    assert main["captured"] == 2
    assert main["location"]["country"] == "RU" and main["location"]["admin1"] == "Kursk"
    assert main["location"]["geo_precision"] == 3
    assert main["actor1"] == "Military Forces of Ukraine (2019-)"
    assert main["actor2"] == "Military Forces of North Korea (2011-)"


def test_example_deployment_is_mobilize_last_year(kursk):
    (mob,) = _by_type(kursk, "MOBILIZE")
    assert mob["event_type"] is None and mob["plover_mode"] == "troops"
    assert mob["actor1"] == "Military Forces of North Korea (2011-)"
    assert mob["date"] == "2024"
    assert mob["location"]["country"] == "RU"


def test_example_casualties_per_south_korean_intelligence(kursk):
    toll = [e for e in kursk["events"] if e["fatalities"] == 300]
    assert len(toll) == 1
    ev = toll[0]
    assert ev["event_type"] == "Battles" and ev["injured"] == 2700
    claim = next(c for c in kursk["claims"] if c["id"] == ev["claim_id"])
    att = next(a for a in kursk["attributions"] if a["id"] == claim["attribution_id"])
    src = next(s for s in kursk["sources"] if s["id"] == att["source_id"])
    assert "South Korean intelligence" in src["name"]


def test_example_grenade_death_and_proposal(kursk):
    grenade = [e for e in kursk["events"] if e["trigger"] and "grenade" in e["trigger"]["text"]]
    assert grenade and grenade[0]["fatalities"] == 1
    agree = _by_type(kursk, "AGREE")
    assert len(agree) == 1 and agree[0]["event_type"] is None
    assert agree[0]["actor1"] == "Government of Ukraine (2019-)"


def test_example_claims_point_to_their_events(kursk):
    claims = {c["id"]: c for c in kursk["claims"]}
    for ev in kursk["events"]:
        if ev["claim_id"] is not None:
            assert ev["id"] in claims[ev["claim_id"]]["event_ids"]
    assert all(e["event_type"] is None or e["event_type"] in ACLED_TYPES.values() for e in kursk["events"])
    assert all(e["sub_event_type"] is None or e["sub_event_type"] in ACLED_TYPES for e in kursk["events"])


def test_example_avoided_and_future_captures_are_not_events(kursk):
    triggers = [e["trigger"]["text"] for e in kursk["events"] if e["trigger"]]
    text = kursk["document"]["text"]
    # "to avoid capture", "to evade capture", "manage to capture others" did not happen
    assert all(kursk["events"][0]["trigger"]["start"] < text.index("avoid capture") for _ in [0])
    assert triggers.count("capture") <= 1


# --------------------------------------------------------------------------- own sentences

def test_protest_in_lima(nlp):
    (ev, *_) = _events(nlp, "Hundreds of teachers protested in Lima on Monday, demanding higher wages.")
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Peaceful protest")
    assert ev.plover_type == "PROTEST" and ev.location.country == "PE"
    assert ev.actor1 == "Protesters (Peru)" and ev.fatalities == 0


def test_airstrike_in_idlib(nlp):
    (ev, *_) = _events(nlp, "An airstrike killed 5 civilians in Idlib on Tuesday, local rescuers said.")
    assert (ev.event_type, ev.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (ev.plover_type, ev.plover_mode) == ("ASSAULT", "aerial")
    assert ev.location.country == "SY" and ev.fatalities == 5
    assert ev.actor2 == "Civilians (Syria)"


def test_shelling_note_with_toll_in_next_sentence(nlp):
    (ev, *_) = _events(nlp, "On 3 May 2022, Russian forces shelled Kharkiv. Two civilians were killed.")
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert ev.fatalities == 2 and ev.location.country == "UA" and ev.location.geo_precision == 1
    assert ev.actor1 == "Military Forces of Russia (2000-)" and ev.date == "2022-05-03"


def test_protest_with_tear_gas_is_intervention(nlp):
    (ev, *_) = _events(nlp, "Police fired tear gas to disperse students protesting in Nairobi against fee increases.")
    assert ev.sub_event_type == "Protest with intervention" and ev.location.country == "KE"


def test_threat_is_not_an_assault(nlp):
    events = _events(nlp, "The army threatened to shell the town if the rebels did not surrender.")
    assert not any(e.plover_type == "ASSAULT" for e in events)
    assert any(e.plover_type == "THREATEN" and e.event_type is None for e in events)


def test_kidnapping_and_arrest(nlp):
    (ev, *_) = _events(nlp, "Gunmen kidnapped three aid workers near Kidal, Mali.")
    assert ev.sub_event_type == "Abduction/forced disappearance" and ev.location.country == "ML"
    (ev, *_) = _events(nlp, "Police arrested 12 opposition activists in Harare on Friday.")
    assert (ev.event_type, ev.sub_event_type, ev.plover_type) == ("Strategic developments", "Arrests", "COERCE")


def test_no_event_in_plain_reporting(nlp):
    assert _events(nlp, "The central bank left interest rates unchanged on Thursday.") == []


# --------------------------------------------------------------------------- ACLED rows

def test_acled_rows_have_acled_columns(kursk):
    rows = acled_rows(kursk)
    assert rows and all(tuple(r) == COLUMNS for r in rows)
    assert all(r["event_type"] for r in rows)
    first = rows[0]
    assert first["country"] == "Russia" and first["iso"] == 643 and first["region"] == "Europe"
    # two foreign armies fighting in Russia: both external forces (8)
    assert first["inter1"] == 8 and first["inter2"] == 8 and first["interaction"] == 88
    assert "captured=2" in first["tags"]
    assert len(acled_rows(kursk, include_uncoded=True)) == len(kursk["events"])


def test_acled_rows_tolerate_sparse_analyses():
    bare = {"document": {"id": "x", "text": ""}, "events": [
        {"id": "e1", "event_type": "Protests", "sub_event_type": "Peaceful protest", "plover_type": "PROTEST",
         "date": None, "location": None, "fatalities": None, "claim_id": None, "actor1": "Protesters (Peru)"}]}
    (row,) = acled_rows(bare)
    assert row["inter1"] == 6 and row["interaction"] == 60 and row["fatalities"] == 0 and row["country"] is None


# --------------------------------------------------------------------------- eval scorer

def test_score_row_and_admin1_matching():
    from claimledger.eval.events import admin1_match, score_row

    gold = {"event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": 2.0, "country": "Ukraine",
            "admin1": "Donetsk", "latitude": 48.0, "longitude": 37.8}
    pred = {"event_type": "Battles", "sub_event_type": "Attack", "fatalities": 2,
            "location": {"country": "UA", "admin1": "Donetska oblast", "latitude": 48.1, "longitude": 37.7}}
    s = score_row(gold, pred)
    assert s == {"event_type": True, "sub_event_type": False, "fatalities": True, "country": True,
                 "admin1": True, "within_50km": True, "admin1_name": True}
    assert admin1_match("Galguduud", "Galgaduud", "SO")
    assert not admin1_match("Kharkiv", "Donetsk", "UA")
    # ACLED's "Duhok" is GeoNames' "Dahuk": the same unit, found from the gold point
    from claimledger.eval.events import same_unit
    assert same_unit("Dahuk", "IQ", (36.87, 42.99)) and not same_unit("Ninawa", "IQ", (36.87, 42.99))
    assert score_row(gold, None) == dict.fromkeys(s, False)


def test_eval_events_command_on_a_small_file(tmp_path, capsys):
    from claimledger.cli.main import main

    rows = [
        {"notes": "On 4 March 2022, students held a protest in Lima (Lima) to demand free transport. [size=no report]",
         "event_date": "2022-03-04", "event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": 0,
         "country": "Peru", "admin1": "Lima", "latitude": -12.05, "longitude": -77.04},
        {"notes": "On 9 May 2022, Russian forces shelled Kharkiv, Kharkiv. 3 fatalities.", "event_date": "2022-05-09",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
         "fatalities": 3, "country": "Ukraine", "admin1": "Kharkiv", "latitude": 49.99, "longitude": 36.23},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["eval", "events", "--gold", str(gold), "--folds", "0", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["rows"] == 2
    assert figures["event_type"] == 1.0 and figures["country"] == 1.0 and figures["fatalities"] == 1.0
    assert "intervals_95" not in figures  # only when asked
    assert main(["eval", "events", "--gold", str(gold), "--folds", "0", "--json", "--bootstrap", "50"]) == 0
    spread = json.loads(capsys.readouterr().out)["intervals_95"]
    assert spread["event_type"] == [1.0, 1.0]
    assert set(spread) == set(figures) - {"rows", "mode", "seconds"}


def test_subtype_model_trains_and_can_be_swapped_in(nlp):
    from claimledger.nlp.events import model as sub_model
    from claimledger.nlp.events.classify import current_model, use_model

    texts = ["protesters marched downtown [size=no report]", "a crowd rallied against prices",
             "artillery shelled the village", "forces shelled positions with mortars"] * 3
    labels = ["Peaceful protest", "Peaceful protest", "Shelling/artillery/missile attack",
              "Shelling/artillery/missile attack"] * 3
    m = sub_model.train(texts, labels, min_df=1, epochs=60)
    p = m.proba("residents marched and rallied")
    assert max(p, key=p.get) == "Peaceful protest"
    assert "size" not in " ".join(sub_model.features("x [size=no report]"))  # ACLED-only tags are not evidence
    shipped = current_model()
    with use_model(m):
        assert current_model() is m
    assert current_model() is shipped


def test_country_level_event_takes_the_articles_town_of_that_country(nlp):
    evs = _events(nlp, "Air strikes killed 12 people in northern Syria overnight, a monitor said. "
                       "Most of the raids hit positions around the town of Saraqib.")
    loc = evs[0].location
    assert (loc.name, loc.admin1, loc.country) == ("Saraqib", "Idlib", "SY")
    assert loc.geo_precision == 2   # the article does not put the strikes exactly there


def test_country_only_article_stays_at_country_level(nlp):
    loc = _events(nlp, "Air strikes killed 12 people in Syria overnight, a monitor said.")[0].location
    assert loc.country == "SY" and loc.admin1 is None and loc.geo_precision == 3


def test_struck_with_an_object_is_an_attack_not_a_labour_strike(nlp):
    hit = _events(nlp, "A school in Kharkiv was struck on Monday.")
    assert hit and hit[0].plover_type != "PROTEST"
    walkout = _events(nlp, "Workers went on strike in Lyon on Monday.")
    assert walkout and walkout[0].event_type == "Protests"


def test_a_suicide_bombing_on_civilians_is_a_suicide_bomb():
    text = ("A bomber on a scooter killed at least 16 people on Friday in a suicide attack on a bus "
            "station in the Syrian city of Homs, a monitoring group said.")
    events = [e for e in _analyze(text)["events"] if e["event_type"]]
    assert events[0]["sub_event_type"] == "Suicide bomb"
    assert events[0]["event_type"] == "Explosions/Remote violence"
    assert events[0]["actor1"] == "Unidentified Armed Group (Syria)"
    assert events[0]["fatalities"] == 16


def test_strikes_on_a_village_are_not_a_labour_strike():
    text = ("A monitoring group said three farmers were among the dead in the strikes on the village "
            "of Kafr Nabl, south of Idlib.")
    types = {e["event_type"] for e in _analyze(text)["events"]}
    assert "Protests" not in types
    assert "Violence against civilians" in types


def test_coalition_bombing_raids_are_air_strikes():
    text = ("At least 16 civilians were killed in bombing raids by the coalition near Deir ez-Zor, "
            "a monitor said on Wednesday.")
    events = [e for e in _analyze(text)["events"] if e["event_type"]]
    assert events[0]["sub_event_type"] == "Air/drone strike"
    assert events[0]["fatalities"] == 16


def test_a_walkout_on_monday_is_still_a_strike():
    text = "Teachers in Kyiv began a strike on Monday to demand higher pay."
    events = [e for e in _analyze(text)["events"] if e["event_type"]]
    assert events and events[0]["event_type"] == "Protests"


def test_the_month_of_march_is_no_protest_cue():
    """The protest cue reads "march" as the walk, never the month in "7 March 2022"."""
    from claimledger.nlp.events.classify import _CUES

    cue = next(p for p, label, boost in _CUES if label == "Peaceful protest" and boost == 1.0)
    assert not cue.search("On 7 March 2022, residents blocked the road")
    assert not cue.search("in March")
    assert cue.search("residents marched to the town hall")
    assert cue.search("Marching through the capital, they chanted")


def _subtypes(nlp, text):
    from claimledger.nlp.events.component import extract_events

    return [e.sub_event_type for e in extract_events(nlp(text))]


def test_a_crowd_blocking_a_road_for_a_demand_is_a_protest(nlp):
    """No word says "protest", but residents cutting a road to demand something are protesting."""
    text = "On 31 January 2022, citizens cut the road traffic in Pazos, demanding repairs to the bridge."
    assert "Peaceful protest" in _subtypes(nlp, text)
    # the demand may come in the next sentence
    text = "On 5 June 2022, dozens of graduates closed the governorate building in Nasiriyah. Demanding jobs for them."
    assert "Peaceful protest" in _subtypes(nlp, text)


def test_police_closing_a_road_or_residents_closing_a_deal_is_no_protest(nlp):
    assert "Peaceful protest" not in _subtypes(nlp, "Police closed the road after the crash, demanding a detour.")
    assert "Peaceful protest" not in _subtypes(nlp, "Residents closed the deal with the firm, demanding better prices.")


def test_setting_things_on_fire_far_from_the_verb_is_property_destruction(nlp):
    text = "On 3 January 2022, unknown persons set vehicles of the Lafarge Holcim company on fire in Avusy."
    assert "Looting/property destruction" in _subtypes(nlp, text)


def test_missiles_shot_down_are_disrupted_weapons_use(nlp):
    """ACLED codes an attack that air defences stopped as disrupted weapons use; a hit reported
    beside the interception stays an attack of its own."""
    assert _subtypes(nlp, "Ukrainian air defences intercepted 12 Russian drones over Kyiv.") == ["Disrupted weapons use"]
    text = "Russian forces launched a rocket attack on Lviv. The missiles were intercepted but debris hit a house."
    assert _subtypes(nlp, text)[0] == "Shelling/artillery/missile attack"
    assert "Disrupted weapons use" in _subtypes(nlp, text)


def test_an_off_duty_soldier_shot_dead_is_an_attack_not_a_clash(nlp):
    """ACLED counts off-duty soldiers and police as civilians."""
    text = "On 1 March 2022, in Vila Velha, an off-duty army soldier was shot and killed by two armed men."
    assert _subtypes(nlp, text)[0] == "Attack"


def test_returned_fire_makes_a_clash_and_grenade_launchers_shell(nlp):
    text = "Militants fired mortar shells at an army base in Qoryooley, and the soldiers fired back."
    assert _subtypes(nlp, text)[0] == "Armed clash"
    text = "On 28 February 2022, Ukrainian forces fired grenade launchers at the militia's positions near Donetsk."
    assert _subtypes(nlp, text)[0] == "Shelling/artillery/missile attack"


def test_a_demonstration_with_burning_tyres_is_violent(nlp):
    text = "On 2 January 2022, students staged a demonstration by burning tires in front of the campus in Malangwa."
    assert _subtypes(nlp, text)[0] == "Violent demonstration"
