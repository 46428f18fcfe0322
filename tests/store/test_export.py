"""Exports: JSONL round-trips the stored analyses; CSV/Parquet/ACLED carry originals only."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from ledger_corpus import intelligence_report, syndicated_copy, wire_story

from claimledger.errors import StoreError
from claimledger.records.acled import COLUMNS
from claimledger.store import ingest_analysis, open_ledger
from claimledger.store.export import export
from claimledger.store.sample import Statement, build_analysis


@pytest.fixture
def conn(tmp_path):
    with open_ledger(tmp_path / "ledger.db") as led:
        for a in (wire_story(), syndicated_copy(), intelligence_report()):
            ingest_analysis(led, a)
        yield led.reader()


def test_jsonl_is_the_analyses_as_stored(conn, tmp_path):
    out = tmp_path / "all.jsonl"
    assert export(conn, "jsonl", out) == 3
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines == [wire_story(), syndicated_copy(), intelligence_report()]


def test_csv_is_claims_flat_with_source_and_quantities(conn, tmp_path):
    out = tmp_path / "claims.csv"
    assert export(conn, "csv", out) == 9
    rows = list(csv.DictReader(out.open()))
    assert {r["document_id"] for r in rows} == {"wire-1", "seoul-2"}
    killed = [r for r in rows if r["counts"] == "killed"]
    assert {(r["source"], r["values"]) for r in killed} == {
        ("the Ukrainian General Staff", "58"), ("South Korea's National Intelligence Service", "100")}


def test_parquet_has_the_same_rows(conn, tmp_path):
    out = tmp_path / "claims.parquet"
    assert export(conn, "parquet", out) == 9
    table = pq.read_table(out)
    assert table.num_rows == 9 and "source_affiliation" in table.column_names


def _shelling(doc_id="kharkiv"):
    return build_analysis(doc_id, [Statement("12 people were killed in shelling", number="12", value=12,
                                             counts="killed", subject="people", source="the governor",
                                             place="Kharkiv")], published="2025-02-01")


def test_acled_rows_from_events_of_originals(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        ingest_analysis(led, wire_story())
        ingest_analysis(led, _shelling())
        n = export(led.reader(), "acled", tmp_path / "acled.csv")
    rows = list(csv.DictReader((tmp_path / "acled.csv").open()))
    assert n == len(rows) >= 1
    assert {"event_date", "event_type", "fatalities"} <= set(rows[0])
    assert any(r.get("location") == "Kharkiv" or "Kharkiv" in json.dumps(r) for r in rows)


def test_acled_rows_have_acled_columns(tmp_path):
    with open_ledger(tmp_path / "l.db") as led:
        ingest_analysis(led, _shelling())
        export(led.reader(), "acled", tmp_path / "acled.csv")
    (row,) = list(csv.DictReader((tmp_path / "acled.csv").open()))
    assert list(row) == list(COLUMNS)
    assert row["location"] == "Kharkiv" and row["fatalities"] == "12" and row["event_date"] == "2025-02-01"


def test_unknown_format_and_unwritable_path_are_named_errors(conn, tmp_path):
    with pytest.raises(StoreError, match="unknown export format"):
        export(conn, "xml", tmp_path / "x")
    with pytest.raises(StoreError, match="cannot write"):
        export(conn, "csv", tmp_path / "no" / "such" / "dir.csv")
