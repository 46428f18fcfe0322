"""Ledger commands through claimledger.cli.main.main: ingest, queries (table and JSON), export, serve."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from conftest import EXAMPLE
from ledger_corpus import intelligence_report, later_update, syndicated_copy, unrelated, wire_story

from claimledger.cli.main import main


@pytest.fixture
def analyses(tmp_path):
    path = tmp_path / "analyses.jsonl"
    with path.open("w") as out:
        for a in (wire_story(), syndicated_copy(), intelligence_report(), later_update(), unrelated()):
            out.write(json.dumps(a) + "\n")
    return path


@pytest.fixture
def db(tmp_path, analyses, capsys):
    path = tmp_path / "cli.db"
    assert main(["ingest", "--analyses", str(analyses), "--db", str(path)]) == 0
    err = capsys.readouterr().err
    assert "5 added" in err and "1 syndicated copies" in err
    return str(path)


def test_ingest_of_the_example_article_with_the_pipeline(tmp_path, capsys, nlp):
    db = str(tmp_path / "ex.db")
    assert main(["ingest", str(EXAMPLE), "--db", db]) == 0
    assert main(["ingest", str(EXAMPLE), "--db", db]) == 0
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), MAX(duplicate_of) FROM documents").fetchone() == (1, None)
    assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] > 0
    assert main(["claims", "--db", db, "--format", "json", "--limit", "3"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["total"] > 0 and len(page["items"]) == 3


def test_bad_inputs_are_reported_on_one_line(tmp_path, capsys):
    db = str(tmp_path / "bad.db")
    assert main(["ingest", str(tmp_path / "missing.txt"), "--db", db]) == 1
    lines = [x for x in capsys.readouterr().err.splitlines() if x]
    assert any("missing.txt: no such file" in x for x in lines)
    assert all(x.startswith("claimledger: ") for x in lines)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"document": {"id": "x"}}\nnot json\n' + json.dumps(wire_story()) + "\n")
    assert main(["ingest", "--analyses", str(bad), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "document x: no text" in err and "bad.jsonl:2: not valid JSON" in err and "1 added" in err


def test_queries_on_a_missing_ledger_fail_cleanly(tmp_path, capsys):
    assert main(["sources", "--db", str(tmp_path / "nope.db")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such ledger" in err
    assert not (tmp_path / "nope.db").exists()


def test_sources_table_and_json(db, capsys):
    assert main(["sources", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "South Korea's National Intelligence Service" in table and "intelligence" in table
    assert main(["sources", "--db", db, "--format", "json", "--type", "intelligence"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert [(s["name"], s["documents"]) for s in page["items"]] == [("South Korea's National Intelligence Service", 2)]


def test_claims_table_and_json(db, capsys):
    assert main(["claims", "--db", db, "--source", "general staff"]) == 0
    assert "58 North Korean soldiers were killed" in capsys.readouterr().out
    assert main(["claims", "--db", db, "--counts", "killed", "--format", "json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["total"] == 3
    assert sorted(q["value"] for c in page["items"] for q in c["quantities"]) == [58, 100, 300]


def test_conflicts_table_and_json(db, capsys):
    assert main(["conflicts", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "killed: North Korean soldiers" in table and "58" in table and "100 ~" in table
    assert main(["conflicts", "--db", db, "--format", "json"]) == 0
    (c,) = json.loads(capsys.readouterr().out)
    assert c["values"] == [58, 100] and c["first"] == "2025-01-10"
    assert main(["conflicts", "--db", db, "--window", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_timeline_table_and_json(db, capsys):
    assert main(["timeline", "--db", db, "--counts", "killed"]) == 0
    table = capsys.readouterr().out
    assert table.index("2025-01-10") < table.index("2025-01-11") < table.index("2025-01-25")
    assert "+200" in table
    assert main(["timeline", "--db", db, "--format", "json", "--subject", "North Korean troops"]) == 0
    groups = json.loads(capsys.readouterr().out)
    assert {g["counts"] for g in groups} == {"killed", "injured"}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "acled"])
def test_export_formats(db, tmp_path, fmt, capsys):
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--db", db, "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    if fmt == "jsonl":
        assert len(out.read_text().splitlines()) == 5
    if fmt == "csv":
        rows = list(csv.DictReader(out.open()))
        assert len(rows) == 12 and {"source", "values", "counts"} <= set(rows[0])


def test_serve_passes_the_token_to_the_app(db, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: seen.update(app=app, host=host, port=port))
    monkeypatch.setenv("CLAIMLEDGER_TOKEN", "from-env")
    assert main(["serve", "--db", db, "--port", "8123"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123

    from fastapi.testclient import TestClient

    with TestClient(seen["app"]) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401
