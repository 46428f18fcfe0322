"""Quantities: values, bounds, vague amounts, units, what is counted and what happened to it."""

import pytest

from claimledger.nlp.numbers import atom_value, combine, range_value, suffixed_value


def quantities(nlp, text):
    return nlp(text)._.cl_quantities


def one(nlp, text, span):
    found = [q for q in quantities(nlp, text) if span in q.span.text or q.span.text in span]
    assert found, f"no quantity {span!r} in {[q.span.text for q in quantities(nlp, text)]}"
    return found[0]


def test_number_words_and_digits():
    assert atom_value("12,000") == 12000
    assert atom_value("twelve") == 12
    assert atom_value("twenty-five") == 25
    assert suffixed_value("1.2bn") == 1.2e9
    assert combine([2.0, "hundred", 50.0, "thousand"]) == 250000
    assert combine([1.5, "million"]) == 1.5e6
    assert range_value("20–30") == (20, 30)
    assert atom_value("2nd") is None


def test_example_sentence_casualties_share_the_subject(nlp):
    qs = quantities(nlp, "According to South Korean intelligence, approximately 300 North Korean soldiers "
                         "have been killed and 2,700 injured.")
    assert [(q.value, q.approximate, q.counts, q.subject) for q in qs] == [
        (300, True, "killed", "North Korean soldiers"),
        (2700, False, "injured", "North Korean soldiers"),
    ]


def test_example_article(nlp, example_text):
    qs = quantities(nlp, example_text)
    by_value = {q.value: q for q in qs}
    assert by_value[12000].counts == "deployed" and by_value[12000].subject == "troops"
    assert by_value[2].counts == "captured" and by_value[2].subject == "North Korean soldiers"
    assert 2025 not in by_value  # the tweet's date is not an amount


@pytest.mark.parametrize("text,span,value,low,high", [
    ("At least 58 people were killed.", "At least 58", 58, 58, None),
    ("Nearly 3,000 homes were damaged.", "Nearly 3,000", 3000, None, 3000),
    ("Up to 40 drones were launched.", "Up to 40", 40, None, 40),
    ("More than 1.5 million people have fled.", "More than 1.5 million", 1.5e6, 1.5e6, None),
    ("Between 20 and 30 civilians died.", "Between 20 and 30", 25, 20, 30),
    ("The army deployed 20-30 battalions.", "20-30", 25, 20, 30),
    ("The brigade lost two or three tanks.", "two or three", 2.5, 2, 3),
    ("North Korea sent twelve thousand soldiers.", "twelve thousand", 12000, None, None),
])
def test_bounds_and_ranges(nlp, text, span, value, low, high):
    q = one(nlp, text, span)
    assert (q.value, q.low, q.high) == (value, low, high)
    assert q.approximate == (low is not None or high is not None)


@pytest.mark.parametrize("text,span,low,high,subject", [
    ("Dozens of civilians were wounded.", "Dozens", 24, 99, "civilians"),
    ("Tens of thousands of troops have been deployed.", "Tens of thousands", 20000, 99999, "troops"),
    ("Several hundred prisoners were exchanged.", "Several hundred", 300, 900, "prisoners"),
    ("A handful of journalists were detained.", "A handful", 2, 6, "journalists"),
])
def test_vague_amounts_have_no_value(nlp, text, span, low, high, subject):
    q = one(nlp, text, span)
    assert q.value is None and (q.low, q.high) == (low, high) and q.approximate
    assert q.subject == subject


@pytest.mark.parametrize("text,span,value,unit", [
    ("The EU approved a $5 million aid package.", "$5 million", 5e6, "USD"),
    ("Washington announced a further $1.2bn in weapons.", "$1.2bn", 1.2e9, "USD"),
    ("The convoy travelled 10 km.", "10 km", 10, "km"),
    ("They hold 500 square kilometres of territory.", "500 square kilometres", 500, "km2"),
    ("The ship carried 3 tonnes of explosives.", "3 tonnes", 3, "t"),
    ("Around 40% of buildings were destroyed.", "40%", 40, "%"),
])
def test_units(nlp, text, span, value, unit):
    q = one(nlp, text, span)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", [
    "The war began in 2022.",
    "A 45-year-old man was arrested.",
    "The commander, 52, was killed by a sniper.",
    "The blast occurred at 3:30 p.m. local time.",
    "She was the first journalist to reach the town.",
    "One of the soldiers later died of his wounds.",
    "The office at 12 Khreshchatyk Street was hit.",
    "The Security Council adopted Resolution 2231.",
    "The report was published on page 14.",
    "The 12-day siege ended on March 3.",
    "The F-16 jets arrived with 155mm shells.",
])
def test_not_amounts(nlp, text):
    assert quantities(nlp, text) == []


@pytest.mark.parametrize("text,span,counts,subject", [
    ("North Korea deployed 12,000 troops to Russia last year.", "12,000", "deployed", "troops"),
    ("Zelenskyy announced the capture of two North Korean soldiers.", "two", "captured", "North Korean soldiers"),
    ("An airstrike hit the market, killing 5 civilians and wounding 12.", "12", "injured", "civilians"),
    ("Russia fired 40 missiles and 120 drones overnight.", "120", "fired", "drones"),
    ("Around 600 soldiers are missing in action.", "Around 600", "missing", "soldiers"),
    ("The hospital treated 80 wounded soldiers.", "80", "injured", "wounded soldiers"),
    ("Up to 40 drones were launched, of which 32 were shot down.", "32", "intercepted", "drones"),
    ("A total of 1,018 prisoners were freed.", "1,018", "released", "prisoners"),
    ("The UN has recorded 12,456 civilian deaths.", "12,456", "killed", "civilian deaths"),
    ("Two soldiers were wounded and one was killed.", "one", "killed", "soldiers"),
])
def test_counts_and_subject(nlp, text, span, counts, subject):
    q = one(nlp, text, span)
    assert (q.counts, q.subject) == (counts, subject)


def test_ids_are_in_text_order(nlp):
    qs = quantities(nlp, "Police detained 30 people and 12 were injured.")
    assert [q.id for q in qs] == ["q1", "q2"]
    assert qs[0].span.start < qs[1].span.start
