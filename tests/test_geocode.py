"""Offline geocoding: gazetteer, namesakes resolved by context, precision, speed."""

from __future__ import annotations

import time

import pytest

from claimledger.nlp.events.gazetteer import fold, haversine_km, load, strip_admin_words
from claimledger.nlp.events.geocode import find_mentions, geocode_text, resolve


@pytest.fixture(scope="module")
def gaz():
    return load()


def _loc(nlp, text):
    return geocode_text(text, nlp(text).ents)


def test_fold_and_admin_words():
    assert fold("Kharkivs’ka Oblast'") == "kharkivska oblast"
    assert fold("São Paulo") == "sao paulo"
    assert strip_admin_words("kursk oblast") == "kursk"
    assert strip_admin_words("region") == "region"


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)
    assert haversine_km(50.45, 30.52, 50.45, 30.52) == 0


def test_gazetteer_loads_once_and_fast(gaz):
    t0 = time.perf_counter()
    assert load() is gaz  # cached for the process
    assert time.perf_counter() - t0 < 0.01
    assert len(gaz.names) > 100_000
    assert gaz.country("russia") == "RU" and gaz.country("drc") == "CD"
    assert gaz.demonym("north korean") == "KP"


def test_admin1_units_have_names_iso_codes_and_centroids(gaz):
    (kursk,) = [u for u in gaz.admin1_units("kursk oblast") if u.country == "RU"]
    assert kursk.name == "Kursk" and kursk.iso == "RU-KRS"
    # the centroid is the mean of the unit's towns: near Kursk city, inside the oblast
    assert haversine_km(kursk.latitude, kursk.longitude, 51.73, 36.19) < 80
    assert {u.country for u in gaz.admin1_units("punjab")} >= {"IN", "PK"}


def test_russias_kursk_region_is_the_oblast(nlp):
    loc = _loc(nlp, "Ukraine announced the capture of two soldiers in Russia's Kursk region.")
    assert (loc.country, loc.admin1, loc.geo_precision) == ("RU", "Kursk", 3)


def test_kharkiv_in_a_ukraine_story_is_the_city(nlp):
    loc = _loc(nlp, "Russian missiles struck Kharkiv overnight, Ukrainian officials said.")
    assert (loc.name, loc.country, loc.geo_precision) == ("Kharkiv", "UA", 1)
    assert haversine_km(loc.latitude, loc.longitude, 49.99, 36.23) < 10


def test_namesakes_follow_the_named_province(nlp):
    # Tripoli: Libya's capital by population, Lebanon's city when Lebanon is named
    assert _loc(nlp, "Protesters gathered in Tripoli on Friday.").country == "LY"
    assert _loc(nlp, "Protesters gathered in Tripoli, Lebanon, on Friday.").country == "LB"
    # Punjab: India's state or Pakistan's province, by the town named with it
    assert _loc(nlp, "Farmers rallied in Ludhiana, Punjab.").country == "IN"
    assert _loc(nlp, "Farmers rallied in Lahore, Punjab.").country == "PK"


def test_acled_parenthetical_gives_the_province(nlp):
    loc = _loc(nlp, "On 19 June 2022, activists held a protest in Mansehra city (Mansehra, KPK).")
    assert (loc.name, loc.country, loc.admin1, loc.geo_precision) == ("Mansehra", "PK", "Khyber Pakhtunkhwa", 1)


def test_near_a_town_is_precision_two(nlp):
    loc = _loc(nlp, "Fighting was reported near Bakhmut, Donetsk oblast.")
    assert loc.country == "UA" and loc.admin1 == "Donetsk" and loc.geo_precision == 2


def test_people_and_organisations_are_not_places(nlp, gaz):
    text = "Volodymyr Zelenskyy met members of the Young Farmers union."
    mentions = resolve(text, nlp(text).ents).mentions
    assert not [m for m in mentions if m.kind == "town"]
    # a capitalised word that is a tiny town somewhere is not taken in passing
    assert not [m for m in find_mentions("The Alliance said it would appeal.", (), gaz) if m.kind]


def test_resolving_is_fast(nlp):
    text = "On 7 May 2022, Russian warplanes conducted airstrikes targeting Jabal Arba'in in Idleb governorate."
    ents = nlp(text).ents
    resolve(text, ents)
    t0 = time.perf_counter()
    for _ in range(20):
        ctx = resolve(text, ents)
    assert (time.perf_counter() - t0) / 20 < 0.02
    assert ctx.document_location().country == "SY"


def test_second_level_units_and_abbreviations_name_their_province(gaz):
    assert [u.key for u in gaz.admin1_units("houet")] == ["BF.09"]          # Burkina province -> region
    assert [u.name for u in gaz.admin1_units("wb")] == ["West Bengal"]      # Indian press abbreviation


def test_actors_and_unit_words_place_a_note(nlp):
    # no country named: the armed group tells it
    loc = _loc(nlp, "On 22 February 2022, Houthi fighters shelled positions of their rivals in Al Jawf.")
    assert loc is not None and loc.country == "YE"
    # "Unity" is a common word, but "Unity state" is South Sudan's province
    loc = _loc(nlp, "Soldiers looted shops at a cattle camp (Panyijiar county, Unity state).")
    assert loc is not None and loc.country == "SS" and loc.admin1 == "Unity"


def test_fame_weighs_against_population(nlp):
    # Verdun, France has a third of the people of Verdun, Quebec, but five times the names in GeoNames
    loc = _loc(nlp, "Veterans laid wreaths at the memorial in Verdun.")
    assert loc is not None and loc.country == "FR"


def test_the_larger_unit_outranks_a_foreign_village_namesake(nlp):
    # Derdara is a Moroccan town; inside "the Idlib countryside" it is a Syrian village GeoNames lacks
    loc = _loc(nlp, "Artillery fire hit houses in Derdara village in the Idlib countryside on Monday.")
    assert loc.country == "SY" and loc.admin1 == "Idlib" and loc.geo_precision == 2
    # "Town, Province": the province decides, not a town of the same name in another country
    loc = _loc(nlp, "Drones struck a depot in Komsomolets, Donetsk overnight.")
    assert loc.country == "UA" and loc.admin1 == "Donetsk"


def test_a_container_is_reread_as_the_namesake_near_the_town(nlp):
    # San Salvador is also an island in the Bahamas: next to Quezaltepeque it is the Salvadoran capital
    loc = _loc(nlp, "Police detained two men in Quezaltepeque, San Salvador, on Friday.")
    assert loc.country == "SV" and loc.name == "Quezaltepeque"


def test_translated_iso_names_name_their_province(gaz):
    # pycountry's translations: the French name of Cameroon's Far North, the Russian-era name of Kirovohrad
    assert {u.country for u in gaz.admin1_units(fold("Extrême-Nord"))} == {"CM"}
    assert {u.country for u in gaz.admin1_units(fold("Kirovograd"))} == {"UA"}


def test_transliterations_sound_alike():
    from claimledger.nlp.events.gazetteer import sound_key

    assert sound_key("thi qar") == sound_key("dhi qar")
    assert sound_key("ninewa") == sound_key("ninawa")
    assert sound_key("hasakeh") == sound_key("al hasaka")
    assert sound_key("kabul") != sound_key("kabala")


def test_an_unknown_spelling_in_a_province_slot_reads_as_the_province(gaz, nlp):
    assert gaz.admin1_spelling("galgaduud") == "galguduud"
    loc = _loc(nlp, "Unemployed graduates blocked the entrance of the oil ministry office in Thi Qar province.")
    assert loc.country == "IQ" and loc.geo_precision == 3
    loc = _loc(nlp, "A roadside bomb wounded two policemen in a farming village of Ninewa.")
    assert loc.country == "IQ"
    # not a province slot: a word in a list is not read as a sound-alike province
    ctx = resolve("Lawyers marched against the Courts, Crimes and Policing Bill in Leeds.")
    assert all(m.country != "UA" for m in ctx.mentions)


def test_hong_kong_and_macau_are_chinese_provinces_as_acled_codes_them(nlp, gaz):
    loc = _loc(nlp, "Police dispersed protesters in Mong Kok, Hong Kong.")
    assert loc.country == "CN" and loc.admin1 == "Hong Kong" and loc.name == "Mong Kok"
    loc = _loc(nlp, "Hundreds rallied in Macau on Sunday.")
    assert loc.country == "CN" and loc.admin1 == "Macau"
    assert gaz.country("hong kong") is None


def test_a_bracketed_country_that_is_also_a_province_is_the_province(nlp):
    # a place too small for the gazetteer, then its state in brackets: the US state, not the country
    loc = _loc(nlp, "About forty people held a vigil at a park in Smallbrook (Georgia) on Saturday.")
    assert loc.country == "US" and loc.admin1 == "Georgia"
    # ... unless the place before it is a town of that country
    loc = _loc(nlp, "Protesters marched in Kutaisi (Georgia).")
    assert loc.country == "GE"


def test_one_bracketed_name_after_a_place_is_its_province(nlp):
    # "Ontario" is also a large Californian town; in brackets after a place it is the province
    loc = _loc(nlp, "Dozens rallied at a square in Scarborough Village (Ontario) for the victims.")
    assert loc.country == "CA" and loc.admin1 == "Ontario"


def test_compass_words_of_other_languages_give_english_province_names(gaz):
    assert {u.country for u in gaz.admin1_units("north sinai")} == {"EG"}


def test_a_small_town_does_not_contain_a_larger_one(nlp):
    # "Sinai" is also a small Ecuadorian town: it cannot hold Al Arish
    loc = _loc(nlp, "Militants killed a soldier near Al Arish (Sinai).")
    assert loc.country == "EG"


def test_the_tail_of_an_unknown_name_is_no_town(gaz):
    # "Naama" is an Algerian town, but "Abu Naama" is a village GeoNames lacks
    assert [m.text for m in find_mentions("Residents of Abu Naama staged a sit-in.", (), gaz)] == []
    # a modifier before a known name keeps the name
    assert [m.text for m in find_mentions("Shelling was reported in Greater Aleppo overnight.", (), gaz)] == ["Aleppo"]


def test_korean_provinces_have_their_english_names(gaz):
    assert [u.name for u in gaz.admin1_units("north chungcheong")] == ["Chungcheongbuk-do"]
    assert [u.name for u in gaz.admin1_units("south gyeongsang")] == ["Gyeongsangnam-do"]


def test_a_compass_guess_needs_the_country_in_the_text(nlp):
    # "South Eastern" only resembles a Samoan district ("Eastern"): no reason to leave Malta
    loc = _loc(nlp, "Activists held a vigil in Valletta (South Eastern) for a murdered reporter.")
    assert loc.country == "MT"


def test_a_hamlet_abroad_is_not_read_against_the_story_country(nlp):
    # a Korean story: a village of the same name in China (fewer than 5,000 people) is not the place
    loc = _loc(nlp, "Korean cargo truckers (KCTU affiliate) picketed a cement plant in Danyang.")
    assert loc.country == "KR"


def test_chains_through_numbers_unit_words_and_facilities(nlp):
    # "Sector 4/5, Luhansk": a numbered site, then its province
    loc = _loc(nlp, "Shelling was reported near Sector 4/5, Luhansk, on Monday.")
    assert loc.country == "UA"
    # "on the X Airfield, Y": a place after a facility and a comma is said as a place
    loc = _loc(nlp, "The army struck the Canatove Airfield, Kirovograd with missiles.")
    assert loc.country == "UA" and loc.admin1 == "Kirovohrad"


def test_a_bracketed_province_counts_even_where_a_town_shares_its_name(nlp):
    # "Taizz" is a city and a governorate; as the last bracketed name it points the note to Yemen,
    # so a West Bank hamlet of the same name as the front line does not win
    loc = _loc(nlp, "Gunmen held positions near Al Anin front line (Sabir, Taizz).")
    assert loc.country == "YE"


def test_an_oblast_is_named_as_people_write_it_while_admin1_stays_bare(nlp):
    doc = nlp.make_doc("Ukraine said it captured two soldiers in Russia's Kursk region on Sunday.")
    doc._.cl_published = "2025-01-12"
    loc = nlp(doc)._.cl_events[0].location
    assert (loc.name, loc.admin1, loc.country, loc.geo_precision) == ("Kursk Oblast", "Kursk", "RU", 3)


def _first_place(nlp, text):
    doc = nlp.make_doc(text)
    doc._.cl_published = "2024-04-16"
    return nlp(doc)._.cl_events[0].location


def test_a_parenthetical_remark_does_not_place_the_event(nlp):
    loc = _first_place(nlp, "Kurdish-led forces killed 35 Daesh (outlawed in Russia) militants in northern Syria.")
    assert loc.country == "SY"


def test_the_place_attacked_after_assault_on(nlp):
    loc = _first_place(nlp, "The opposition said the ongoing assault on Aleppo by the government, "
                            "Russia and Iranian militias had failed.")
    assert (loc.name, loc.country) == ("Aleppo", "SY")
