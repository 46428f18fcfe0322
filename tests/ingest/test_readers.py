"""Bad input is stopped at the door with a reason; good input passes unchanged."""

from __future__ import annotations

import io
import json

from claimledger.ingest import Failure, InputRecord, iter_inputs
from claimledger.ingest.readers import iter_jsonl_lines, parse_record


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_plain_text_kept_character_for_character(tmp_path):
    text = "  Kyiv, Jan. 3 —\r\n“Quoted”  text\twith tabs.\n\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    rec = _one(iter_inputs([str(f)]))
    assert isinstance(rec, InputRecord)
    assert rec.text == text


def test_utf8_bom_is_dropped_but_text_kept(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfHello world.")
    assert _one(iter_inputs([str(f)])).text == "Hello world."


def test_latin1_file_is_decoded(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Le ministère a déclaré que les négociations continuent à Genève.".encode("latin-1"))
    rec = _one(iter_inputs([str(f)]))
    assert isinstance(rec, InputRecord)
    assert "ministère" in rec.text


def test_missing_file(tmp_path):
    fail = _one(iter_inputs([str(tmp_path / "nope.txt")]))
    assert isinstance(fail, Failure)
    assert "nope.txt" in str(fail) and "no such file" in fail.reason


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("   \n")
    fail = _one(iter_inputs([str(f)]))
    assert isinstance(fail, Failure) and "empty" in fail.reason


def test_binary_file(tmp_path):
    f = tmp_path / "img.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    fail = _one(iter_inputs([str(f)]))
    assert isinstance(fail, Failure) and "binary" in fail.reason


def test_undecodable_bytes_in_jsonl_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_bytes(b'{"id": "x", "text": "\xff\xfe broken"}\n{"id": "ok", "text": "Fine text."}\n')
    items = list(iter_inputs([str(f)]))
    assert isinstance(items[0], Failure) and "UTF-8" in items[0].reason and "bad.jsonl:1" in items[0].where
    assert isinstance(items[1], InputRecord) and items[1].id == "ok"


def test_gigantic_single_line_is_refused_without_loading(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_text("word " * 200_000)
    fail = _one(iter_inputs([str(f)], max_chars=100_000))
    assert isinstance(fail, Failure) and "too" in fail.reason


def test_gigantic_jsonl_line_is_skipped_and_next_record_delivered():
    big = json.dumps({"id": "big", "text": "x " * 300_000})
    stream = io.BytesIO((big + "\n" + json.dumps({"id": "small", "text": "Short."}) + "\n").encode())
    items = list(iter_jsonl_lines(stream, "in.jsonl", max_chars=10_000))
    assert isinstance(items[0], Failure) and "too large" in items[0].reason
    assert isinstance(items[1], InputRecord) and items[1].id == "small"


def test_truncated_jsonl_line(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text('{"id": "a", "text": "Complete."}\n{"id": "b", "text": "cut of')
    items = list(iter_inputs([str(f)]))
    assert isinstance(items[0], InputRecord)
    assert isinstance(items[1], Failure) and "t.jsonl:2" in items[1].where and "JSON" in items[1].reason


def test_record_without_text():
    fail = parse_record('{"id": "n1", "title": "no body"}', "x.jsonl:1")
    assert isinstance(fail, Failure) and "neither 'text' nor 'html'" in fail.reason and "n1" in fail.where


def test_record_with_non_string_text():
    fail = parse_record('{"id": "n2", "text": 42}', "x.jsonl:1")
    assert isinstance(fail, Failure) and "must be a string" in fail.reason


def test_record_not_an_object():
    fail = parse_record("[1, 2]", "x.jsonl:3")
    assert isinstance(fail, Failure) and "object" in fail.reason


def test_record_metadata_is_kept():
    rec = parse_record(json.dumps({"id": 7, "text": "Body.", "published": "2025-01-12T08:00:00Z",
                                   "title": "T", "url": "https://example.org/a"}), "x.jsonl:1")
    assert isinstance(rec, InputRecord)
    assert (rec.id, rec.published, rec.published_source, rec.title) == ("7", "2025-01-12", "input", "T")


def test_html_record_goes_through_extraction():
    html = ("<html><head><title>Shelling in Kharkiv</title></head><body><nav>Menu Home About</nav>"
            "<article><p>" + "Officials said the shelling damaged homes in Kharkiv overnight. " * 5
            + "</p></article></body></html>")
    rec = parse_record(json.dumps({"id": "h", "html": html}), "x.jsonl:1")
    assert isinstance(rec, InputRecord)
    assert "shelling damaged homes" in rec.text and "<p>" not in rec.text


def test_html_without_main_text(tmp_path):
    f = tmp_path / "blank.html"
    f.write_text("<html><body><script>var a=1;</script></body></html>")
    fail = _one(iter_inputs([str(f)]))
    assert isinstance(fail, Failure) and "HTML" in fail.reason


def test_directory_is_walked_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second document.")
    (tmp_path / "a.txt").write_text("First document.")
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    texts = [r.text for r in iter_inputs([str(tmp_path)])]
    assert texts == ["First document.", "Second document."]


def test_stdin_text_and_jsonl():
    rec = _one(iter_inputs(["-"], stdin=io.BytesIO(b"From stdin.")))
    assert rec.text == "From stdin." and rec.where == "<stdin>"
    items = list(iter_inputs(["-"], stdin=io.BytesIO(b'{"text": "a"}\n{"text": "b"}\n')))
    assert [r.text for r in items] == ["a", "b"]


def test_content_hash_id_is_stable(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("Same text.")
    assert _one(iter_inputs([str(f)])).id == _one(iter_inputs([str(f)])).id
