"""Dates: relative expressions resolved against the publication date, and a publication date found in the text."""

import pytest

from claimledger.nlp.dates import resolve_dates


def dates(nlp, text, published):
    doc = nlp.make_doc(text)
    doc._.cl_published = published
    doc = nlp(doc)
    return {d.span.text: (d.value, d.precision) for d in resolve_dates(doc)}


@pytest.mark.parametrize("text,published,expr,value,precision", [
    ("North Korea deployed 12,000 troops to Russia last year.", "2025-01-12", "last year", "2024", "year"),
    ("The strike happened on Tuesday.", "2025-01-12", "on Tuesday", "2025-01-07", "day"),
    ("The strike happened on Sunday.", "2025-01-12", "on Sunday", "2025-01-12", "day"),
    ("The talks took place on January 12.", "2025-02-01", "January 12", "2025-01-12", "day"),
    ("In December, the front barely moved.", "2025-01-12", "In December", "2024-12", "month"),
    ("Shelling intensified earlier this month.", "2025-03-14", "earlier this month", "2025-03", "month"),
    ("The convoy was attacked three days ago.", "2025-03-14", "three days ago", "2025-03-11", "day"),
    ("Yesterday, nine people were injured.", "2025-03-14", "Yesterday", "2025-03-13", "day"),
    ("They retreated last week.", "2025-03-14", "last week", "2025-03", "month"),
    ("The invasion began on 24 February 2022.", "2025-03-14", "24 February 2022", "2022-02-24", "day"),
    ("Arrests followed in May 2024.", "2025-03-14", "May 2024", "2024-05", "month"),
])
def test_resolution(nlp, text, published, expr, value, precision):
    found = dates(nlp, text, published)
    key = next(k for k in found if expr in k or k in expr)
    assert found[key] == (value, precision)


def test_relative_to_a_dated_event(nlp):
    found = dates(nlp, "Russian forces raided the village on March 2. A ceasefire was agreed two days "
                       "after the raid.", "2025-03-14")
    assert found["two days after the raid"] == ("2025-03-04", "day")


def test_without_publication_date_relative_dates_stay_open(nlp):
    found = dates(nlp, "The town fell last year.", None)
    assert found["last year"] == (None, None)


def test_published_date_taken_from_embedded_post(nlp, example_text):
    doc = nlp(example_text)
    assert doc._.cl_published == "2025-01-12"
    assert doc._.cl_published_from["how"] in {"social_post", "signature"}
    claim = next(c for c in doc._.cl_claims if "12,000" in c.span.text)
    assert {"value": "2024", "precision": "year"}.items() <= claim.dates[0].items()


def test_analyze_marks_published_as_found_in_text(example_analysis):
    assert example_analysis["document"]["published"] == "2025-01-12"
    assert example_analysis["document"]["published_source"] == "text"
