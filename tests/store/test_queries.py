"""What the ledger answers: sources, claims, conflicting figures, how a figure moved."""

from __future__ import annotations

import pytest
from ledger_corpus import intelligence_report, later_update, syndicated_copy, unrelated, wire_story

from claimledger.store import ingest_analysis, open_ledger
from claimledger.store import queries as Q
from claimledger.store.sample import Statement, build_analysis

CHILDREN = dict(counts="killed", subject="children", source_type="government")
PEOPLE = dict(counts="killed", subject="people", source_type="government")


@pytest.fixture
def conn(tmp_path):
    with open_ledger(tmp_path / "ledger.db") as led:
        for a in (wire_story(), syndicated_copy(), intelligence_report(), later_update(), unrelated()):
            ingest_analysis(led, a)
        yield led.reader()


def test_counts_leave_copies_out(conn):
    c = Q.counts(conn)
    assert c["documents"] == 5 and c["copies"] == 1 and c["originals"] == 4
    assert c["claims"] == 6 + 3 + 1 + 2          # the copy's six claims are not counted again
    assert c["figures"] == 2                     # killed and injured North Korean soldiers


def test_conflict_58_against_100_names_sources_documents_and_dates(conn):
    found = Q.conflicts(conn, counts="killed")
    assert len(found) == 1
    c = found[0]
    assert c["counts"] == "killed" and c["subject_key"] == "north korean soldier"
    assert c["values"] == [58, 100]
    said = {(r["source"], r["value"], r["document_id"], r["date"]) for r in c["reports"]}
    assert said == {("the Ukrainian General Staff", 58, "wire-1", "2025-01-10"),
                    ("South Korea's National Intelligence Service", 100, "seoul-2", "2025-01-11")}
    assert all(r["disputed"] for r in c["reports"])
    assert c["first"] == "2025-01-10" and c["last"] == "2025-01-11"
    # the syndicated copy (2025-01-11, also 58) is one report, not a second voice
    assert "outlet-7" not in {r["document_id"] for r in c["reports"]}
    assert len(Q.conflicts(conn, counts="killed", with_copies=True)[0]["reports"]) == 3


def test_reports_weeks_apart_are_movement_not_conflict(conn):
    assert Q.conflicts(conn, counts="killed", window_days=0) == []
    assert Q.conflicts(conn, counts="injured") == []


def test_compatible_approximate_figures_do_not_conflict(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        ingest_analysis(led, intelligence_report())                       # about 100
        ingest_analysis(led, later_update("near", 95, "2025-01-12", "the Ukrainian General Staff"))
        assert Q.conflicts(led.reader()) == []


def test_one_source_revising_its_count_is_not_a_contradiction(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        ingest_analysis(led, later_update("d1", 100, "2025-01-11"))
        ingest_analysis(led, later_update("d2", 140, "2025-01-12"))
        assert Q.conflicts(led.reader()) == []
        ingest_analysis(led, later_update("d3", 40, "2025-01-12", "the Russian defence ministry"))
        (c,) = Q.conflicts(led.reader())
        assert c["values"] == [40, 100, 140]


def test_timeline_orders_reports_by_publication_date(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        for a in (later_update(), intelligence_report(), wire_story()):   # ingested out of order
            ingest_analysis(led, a)
        (killed,) = Q.timeline(led.reader(), counts="killed", subject="north korean troops")
    assert [p["date"] for p in killed["points"]] == ["2025-01-10", "2025-01-11", "2025-01-25"]
    assert [p["value"] for p in killed["points"]] == [58, 100, 300]
    assert [p["change"] for p in killed["points"]] == [None, 42, 200]
    assert killed["sources"] == 2 and killed["documents"] == 3


def test_sources_are_merged_across_documents(conn):
    page = Q.sources(conn)
    by_name = {s["name"]: s for s in page.items}
    nis = by_name["South Korea's National Intelligence Service"]
    assert nis["documents"] == 2 and nis["claims"] == 3 and nis["types"] == ["intelligence"]
    assert by_name["the Ukrainian General Staff"]["documents"] == 1     # copy not counted
    assert page.total == len(page.items) == 5
    assert [s["name"] for s in Q.sources(conn, type="person").items] == ["Volodymyr Zelenskyy"]


def test_claims_filter_by_source_and_counts_and_carry_quantities(conn):
    page = Q.claims(conn, source="national intelligence", counts="killed")
    assert page.total == 2
    assert {r["document_id"] for r in page.items} == {"seoul-2", "later-3"}
    q = page.items[0]["quantities"][0]
    assert q["counts"] == "killed" and q["subject"] == "North Korean soldiers"
    writer = Q.claims(conn, document="wire-1", q="verified").items
    assert len(writer) == 1 and writer[0]["source"] is None
    paged = Q.claims(conn, limit=2, offset=2).to_dict()
    assert len(paged["items"]) == 2 and paged["next"] == 4 and paged["total"] == 12


def test_article_knows_its_copies(conn):
    a = Q.article(conn, "wire-1")
    assert [c["id"] for c in a["copies"]] == ["outlet-7"]
    assert a["analysis"]["document"]["id"] == "wire-1"
    assert Q.article(conn, "nope") is None
    assert Q.articles(conn, source="zelenskyy").total == 2
    assert Q.articles(conn, with_copies=False).total == 4


def test_one_article_in_one_voice_does_not_contradict_itself(tmp_path):
    """Two numbers the writer gives for different incidents are not a contradiction; two named
    sources disagreeing inside one article are."""
    writer = build_analysis("w", [
        Statement("six children were killed across the city", number="six", value=6, **CHILDREN),
        Statement("three children were killed at the school", number="three", value=3, **CHILDREN),
    ], published="2025-03-02")
    voices = build_analysis("v", [
        Statement("six children were killed", number="six", value=6, source="the civil defence", **CHILDREN),
        Statement("three children were killed", number="three", value=3, source="the army", **CHILDREN),
    ], published="2025-03-02")
    with open_ledger(tmp_path / "w.db") as led:
        ingest_analysis(led, writer)
        assert Q.conflicts(led.reader()) == []
    with open_ledger(tmp_path / "v.db") as led:
        ingest_analysis(led, voices)
        (c,) = Q.conflicts(led.reader())
        assert c["values"] == [3, 6] and c["disagreements"] == 1


def test_events_days_apart_are_different_incidents(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        ingest_analysis(led, build_analysis("a", [
            Statement("four people were killed in the market", number="four", value=4, source="the police",
                      date="2025-03-01", place="Aleppo", **PEOPLE)], published="2025-03-02"))
        ingest_analysis(led, build_analysis("b", [
            Statement("20 people were killed in a car bomb", number="20", value=20, source="a monitor",
                      date="2025-03-04", place="Aleppo", **PEOPLE)], published="2025-03-04"))
        assert Q.conflicts(led.reader()) == []
        ingest_analysis(led, build_analysis("c", [
            Statement("nine people were killed in the market", number="nine", value=9, source="a monitor",
                      date="2025-03-01", place="Aleppo", **PEOPLE)], published="2025-03-02"))
        (c,) = Q.conflicts(led.reader())
        assert {r["document_id"] for r in c["reports"] if r["disputed"]} == {"a", "c"}
