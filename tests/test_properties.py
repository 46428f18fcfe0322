"""Property-based: arbitrary text never raises, and every span indexes the text."""

from __future__ import annotations

from conftest import assert_offsets, assert_valid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.analyze import analyze_records
from claimledger.ingest import Failure
from claimledger.ingest.readers import from_text

NEWSY = st.sampled_from([
    "said", "“", "”", '"', "'", "according to", " the ministry ", "killed", "300", "—", "(@handle)",
    "pic.twitter.com/x", "\n", ". ", "approximately", "He", "declined to comment", "last year", "…",
    "between 20 and 30", "Kyiv", "January 12, 2025",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=40).map("".join))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=TEXTS)
def test_arbitrary_text_never_raises(text, nlp, schema_validator):
    rec = from_text(text, "<prop>", html=False)
    (out,) = list(analyze_records([rec]))
    if isinstance(rec, Failure):
        assert out is rec
        return
    assert not isinstance(out, Failure), out
    assert out["document"]["text"] == text
    assert_valid(schema_validator, out)
    assert_offsets(out)
