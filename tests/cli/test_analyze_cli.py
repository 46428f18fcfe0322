"""`claimledger analyze` as CONTRACT.md describes it: formats, stdin, errors without tracebacks."""

from __future__ import annotations

import io
import json
import sys

import pytest
from conftest import EXAMPLE, assert_offsets, assert_valid

from claimledger.cli.main import main


def run(capsys, *argv, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_single_document(capsys, schema_validator, nlp):
    code, out, err = run(capsys, "analyze", str(EXAMPLE), "--published", "2025-01-12")
    assert code == 0, err
    obj = json.loads(out)
    assert_valid(schema_validator, obj)
    assert_offsets(obj)
    assert obj["document"]["published"] == "2025-01-12"


def test_jsonl_keeps_input_order_and_reports_bad_records(capsys, tmp_path, schema_validator, nlp):
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "first", "text": "The ministry said two people were killed."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "nobody"}),
        json.dumps({"id": "second", "text": "Police reported that the road was closed.", "published": "2024-03-01"}),
    ]) + "\n")
    code, out, err = run(capsys, "analyze", str(f), "--format", "jsonl")
    assert code == 0
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o["document"]["id"] for o in objs] == ["first", "second"]
    for o in objs:
        assert_valid(schema_validator, o)
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "in.jsonl:2" in lines[0] and "nobody" in lines[1]
    assert "Traceback" not in err


def test_stdin(capsys, monkeypatch, nlp):
    code, out, _ = run(capsys, "analyze", "-", stdin=b"The army said it had retaken the village.",
                       monkeypatch=monkeypatch)
    assert code == 0
    assert json.loads(out)["document"]["text"] == "The army said it had retaken the village."


def test_output_file_and_table(capsys, tmp_path, nlp):
    out_file = tmp_path / "ledger.txt"
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--format", "table", "-o", str(out_file))
    assert code == 0 and out == ""
    text = out_file.read_text()
    assert "Attributions" in text and "announced" in text
    assert "\x1b[" not in text  # no colour codes when not writing to a terminal


def test_html_is_standalone_and_escaped(capsys, tmp_path, nlp):
    f = tmp_path / "x.txt"
    f.write_text('The mayor said <script>alert(1)</script> was "fine".')
    code, out, _ = run(capsys, "analyze", str(f), "--format", "html")
    assert code == 0
    assert out.startswith("<!doctype html>") and "<script>" not in out and "alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary"])
def test_nothing_analysable_exits_nonzero_with_one_line(capsys, tmp_path, content):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(capsys, "analyze", str(f))
    assert code == 1 and out == ""
    assert "bad.txt" in err and "Traceback" not in err


def test_missing_file_message(capsys, tmp_path):
    code, _, err = run(capsys, "analyze", str(tmp_path / "missing.txt"))
    assert code == 1 and "missing.txt: no such file" in err


def test_bad_published_date(capsys):
    code, _, err = run(capsys, "analyze", str(EXAMPLE), "--published", "yesterday-ish")
    assert code == 1 and "--published" in err


def test_unknown_model_says_how_to_fix(capsys):
    code, _, err = run(capsys, "analyze", str(EXAMPLE), "--model", "no_such_model_xyz")
    assert code == 1 and "not installed" in err and "make install" in err


def test_model_without_parser_is_refused_with_a_reason(capsys, tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    code, _, err = run(capsys, "analyze", str(EXAMPLE), "--model", str(tmp_path / "blank"))
    assert code == 1 and "no dependency parser" in err and "Traceback" not in err
