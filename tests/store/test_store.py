"""The ledger's storage: migrations, idempotent ingest, syndicated copies, malformed input."""

from __future__ import annotations

import copy
import sqlite3

import pytest
from conftest import assert_offsets, assert_valid
from ledger_corpus import intelligence_report, later_update, syndicated_copy, unrelated, wire_story

from claimledger.errors import StoreError
from claimledger.store import ingest_analysis, ingest_many, open_ledger
from claimledger.store.migrations import LATEST


@pytest.fixture
def ledger(tmp_path):
    with open_ledger(tmp_path / "ledger.db") as led:
        yield led


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = ["documents", "document_bands", "sources", "attributions", "claims", "quantities", "events"]
    return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}")) for t in tables}


def test_sample_analyses_follow_the_contract(schema_validator):
    for a in (wire_story(), syndicated_copy(), intelligence_report(), later_update(), unrelated()):
        assert_valid(schema_validator, a)
        assert_offsets(a)


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "m.db"
    open_ledger(path).close()
    open_ledger(path).close()
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT version, name FROM migrations").fetchall()
    assert [r[0] for r in rows] == list(range(1, LATEST + 1))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("INSERT INTO migrations VALUES (?, 'from the future', 'x')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer claimledger"):
        open_ledger(path)


def test_not_a_database_is_a_named_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite, just text " * 200)
    with pytest.raises(StoreError, match="cannot open"):
        open_ledger(bad)
    with pytest.raises(StoreError, match="no such ledger"):
        open_ledger(tmp_path / "missing.db", create=False)


def test_ingest_stores_rows_and_is_idempotent(ledger):
    first = ingest_analysis(ledger, wire_story())
    assert first.status == "added" and first.duplicate_of is None
    conn = ledger.reader()
    before = _dump(conn)
    assert len(before["documents"]) == 1 and len(before["claims"]) == 6 and len(before["quantities"]) == 1
    again = ingest_analysis(ledger, wire_story())
    assert again.status == "unchanged"
    assert _dump(conn) == before


def test_a_new_analysis_for_a_known_id_replaces_its_rows(ledger):
    ingest_analysis(ledger, wire_story())
    changed = copy.deepcopy(wire_story())
    changed["claims"] = changed["claims"][:2]
    assert ingest_analysis(ledger, changed).status == "updated"
    conn = ledger.reader()
    assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_syndicated_copy_with_other_headline_points_to_the_original(ledger):
    ingest_analysis(ledger, wire_story())
    res = ingest_analysis(ledger, syndicated_copy())
    assert res.duplicate_of == "wire-1"
    assert res.similarity >= 0.7
    assert ingest_analysis(ledger, intelligence_report()).duplicate_of is None
    assert ingest_analysis(ledger, unrelated()).duplicate_of is None
    rows = dict(ledger.reader().execute("SELECT id, duplicate_of FROM documents").fetchall())
    assert rows == {"wire-1": None, "outlet-7": "wire-1", "seoul-2": None, "other-4": None}


def test_cosmetic_copy_is_found_by_exact_hash(ledger):
    ingest_analysis(ledger, wire_story())
    shouted = wire_story("shout")
    shouted["document"]["text"] = shouted["document"]["text"].upper().replace(",", " ,")
    assert ingest_analysis(ledger, shouted).duplicate_of == "wire-1"


def test_an_earlier_copy_becomes_the_original(ledger):
    ingest_analysis(ledger, syndicated_copy())          # published 2025-01-11
    ingest_analysis(ledger, wire_story())               # published 2025-01-10
    rows = dict(ledger.reader().execute("SELECT id, duplicate_of FROM documents").fetchall())
    assert rows == {"wire-1": None, "outlet-7": "wire-1"}


def test_malformed_analysis_is_a_named_error_and_stores_nothing(ledger):
    bad = wire_story()
    bad["claims"][0].pop("span")
    with pytest.raises(StoreError, match="wire-1"):
        ingest_analysis(ledger, bad)
    with pytest.raises(StoreError, match="not an analysis"):
        ingest_analysis(ledger, ["nope"])
    assert ledger.reader().execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_ingest_many_keeps_a_batch_when_one_document_is_bad(ledger):
    bad = wire_story("bad")
    bad["claims"][0]["span"] = None
    results = list(ingest_many(ledger, [wire_story(), bad, intelligence_report(), syndicated_copy()], batch_size=10))
    assert [type(r).__name__ for r in results] == ["IngestResult", "StoreError", "IngestResult", "IngestResult"]
    assert "document bad" in str(results[1])
    assert results[3].duplicate_of == "wire-1"            # found within the same transaction
    ids = {r[0] for r in ledger.reader().execute("SELECT id FROM documents")}
    assert ids == {"wire-1", "seoul-2", "outlet-7"}
