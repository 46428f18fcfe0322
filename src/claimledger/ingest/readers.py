"""Turn the paths a user names into a stream of records, in input order.

``iter_inputs`` yields an ``InputRecord`` for every good document and a
``Failure`` for every bad one, so a caller can report the failure and carry on.
Reading is lazy: a 1 GB JSONL file is read one line at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimledger.ingest.decode import DecodeError, decode_bytes
from claimledger.ingest.html import extract_html, looks_like_html

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
#: Documents longer than this (characters) are refused: the parser's memory grows with length.
DEFAULT_MAX_CHARS = int(os.environ.get("CLAIMLEDGER_MAX_CHARS", 1_000_000))
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class InputRecord:
    id: str
    text: str
    where: str                    # file name, "file.jsonl:12" or "<stdin>"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str | None = None
    author: str | None = None
    site: str | None = None


@dataclass
class Failure:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _normalise_date(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()[:10]
    return value if _DATE.match(value) else None


def _check(rec: InputRecord, max_chars: int) -> InputRecord | Failure:
    if not rec.text.strip():
        return Failure(rec.where, "empty document: no text to analyse")
    if len(rec.text) > max_chars:
        return Failure(rec.where, f"document too long: {len(rec.text):,} characters (limit {max_chars:,}; "
                                  "set CLAIMLEDGER_MAX_CHARS or split it)")
    return rec


def from_text(text: str, where: str, *, doc_id: str | None = None, html: bool | None = None,
              max_chars: int = DEFAULT_MAX_CHARS, **meta) -> InputRecord | Failure:
    """One document from decoded text; HTML goes through trafilatura first."""
    if html is None:
        html = looks_like_html(text)
    if html:
        extracted = extract_html(text, url=meta.get("url"))
        if extracted is None:
            return Failure(where, "HTML page has no main text that could be extracted")
        meta = {"title": extracted.title, "url": extracted.url, "author": extracted.author,
                "site": extracted.site, **{k: v for k, v in meta.items() if v}}
        if not meta.get("published") and extracted.date:
            meta["published"], meta["published_source"] = extracted.date, "html"
        text = extracted.text
    published = _normalise_date(meta.pop("published", None))
    source = meta.pop("published_source", None) or ("input" if published else None)
    rec = InputRecord(id=doc_id or content_id(text), text=text, where=where, published=published,
                      published_source=source if published else None, **meta)
    return _check(rec, max_chars)


def _read_file(path: Path, max_chars: int) -> Iterator[InputRecord | Failure]:
    where = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        yield Failure(where, f"cannot read: {err.strerror or err}")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_chars)
        return
    if size > max_chars * 4:
        yield Failure(where, f"file too large: {size:,} bytes (limit {max_chars * 4:,})")
        return
    try:
        data = path.read_bytes()
        text = decode_bytes(data)
    except DecodeError as err:
        yield Failure(where, str(err))
        return
    except OSError as err:
        yield Failure(where, f"cannot read: {err.strerror or err}")
        return
    html = True if suffix in HTML_SUFFIXES else (False if suffix in TEXT_SUFFIXES else None)
    yield from_text(text, where, html=html, max_chars=max_chars)


def parse_record(line: str, where: str, max_chars: int = DEFAULT_MAX_CHARS) -> InputRecord | Failure:
    """One JSONL line to a record, or a Failure naming what is wrong."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Failure(where, f"not valid JSON ({err.msg} at column {err.colno})")
    if not isinstance(obj, dict):
        return Failure(where, "a record must be a JSON object")
    rid = obj.get("id")
    if rid is not None and not isinstance(rid, (str, int)):
        return Failure(where, "'id' must be a string")
    where = f"{where} (id {rid})" if rid is not None else where
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        return Failure(where, "record has neither 'text' nor 'html'")
    body = text if text is not None else html
    if not isinstance(body, str):
        return Failure(where, f"'{'text' if text is not None else 'html'}' must be a string, "
                              f"not {type(body).__name__}")
    meta = {k: obj.get(k) if isinstance(obj.get(k), str) else None for k in ("title", "url", "published")}
    return from_text(body, where, doc_id=str(rid) if rid is not None else None, html=text is None,
                     max_chars=max_chars, **meta)


def _read_jsonl(path: Path, max_chars: int) -> Iterator[InputRecord | Failure]:
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Failure(str(path), f"cannot read: {err.strerror or err}")
        return
    with handle:
        yield from iter_jsonl_lines(handle, str(path), max_chars)


def iter_jsonl_lines(handle, name: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[InputRecord | Failure]:
    """Records from a binary line stream; a line beyond the size limit is skipped, not loaded."""
    limit = max_chars * 4 + 4096
    lineno = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            break
        lineno += 1
        where = f"{name}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drain the rest of the oversized line
                raw = handle.readline(1 << 20)
            yield Failure(where, f"record too large (over {limit:,} bytes)")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Failure(where, "line is not valid UTF-8")
            continue
        yield parse_record(line, where, max_chars)


def _expand(paths: Iterable[str]) -> Iterator[Path | str]:
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file()
                              and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES)
        else:
            yield path


def _sniff_lines(stream, limit: int) -> list[bytes]:
    """Lines up to and including the first non-blank one: enough to tell JSONL from text."""
    head = []
    while True:
        raw = stream.readline(limit)
        head.append(raw)
        if not raw or raw.strip():
            return head


class _Replay:
    """A line stream that gives back the lines already read, then the rest of ``stream``."""

    def __init__(self, head: list[bytes], stream):
        self.head, self.stream = [h for h in head if h], stream

    def readline(self, size: int = -1) -> bytes:
        return self.head.pop(0) if self.head else self.stream.readline(size)


def iter_inputs(paths: Iterable[str], *, max_chars: int = DEFAULT_MAX_CHARS,
                stdin=None) -> Iterator[InputRecord | Failure]:
    """Every document the paths name, in order; failures are yielded, never raised."""
    for path in _expand(paths):
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            head = _sniff_lines(stream, max_chars * 4 + 4097)
            if b"".join(head).lstrip()[:1] == b"{":
                # JSONL on stdin is read a line at a time, like a file, so it may be any length
                yield from iter_jsonl_lines(_Replay(head, stream), "<stdin>", max_chars)
                continue
            data = b"".join(head) + stream.read()
            try:
                text = decode_bytes(data)
            except DecodeError as err:
                yield Failure("<stdin>", str(err))
                continue
            yield from_text(text, "<stdin>", max_chars=max_chars)
            continue
        if not path.exists():
            yield Failure(str(path), "no such file or directory")
            continue
        yield from _read_file(path, max_chars)
