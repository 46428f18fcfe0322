"""Writing the ledger out: JSONL (analyses as stored), CSV and Parquet (claims flat), ACLED rows.

JSONL keeps every document, copies included, so a ledger can be rebuilt from
it.  The flat and ACLED exports follow the ledger's rule: a syndicated copy is
one report, so only originals are written.
"""

from __future__ import annotations

import csv
import importlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claimledger.errors import StoreError
from claimledger.store.queries import claims as query_claims

FORMATS = ("jsonl", "csv", "parquet", "acled")

CLAIM_COLUMNS = [
    "document_id", "title", "url", "published", "claim_id", "text", "start", "end", "certainty",
    "attribution_id", "kind", "stance", "cue", "source_id", "source", "source_type", "source_affiliation",
    "quantities", "values", "counts", "subjects",
]

#: the ACLED columns written when claimledger.records.acled is not available
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities",
]


def export(conn: sqlite3.Connection, fmt: str, path: str | Path) -> int:
    """Write the ledger to ``path`` in ``fmt``; return the number of rows (or documents) written."""
    writers: dict[str, Callable[[sqlite3.Connection, Path], int]] = {
        "jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "acled": _acled}
    if fmt not in writers:
        raise StoreError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")
    path = Path(path)
    try:
        return writers[fmt](conn, path)
    except OSError as err:
        raise StoreError(f"{path}: cannot write ({err.strerror or err})") from err


def _jsonl(conn: sqlite3.Connection, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in conn.execute("SELECT analysis FROM documents ORDER BY rowid"):
            out.write(row[0] + "\n")  # stored compact: json.dumps never emits a raw newline
            n += 1
    return n


def claim_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every claim of every original, one flat row each, quantities joined with '; '."""
    offset = 0
    while True:
        page = query_claims(conn, limit=1000, offset=offset)
        for r in page.items:
            qs = r.pop("quantities")
            r["quantities"] = "; ".join(q["text"] for q in qs)
            r["values"] = "; ".join("" if q["value"] is None else f"{q['value']:g}" for q in qs)
            r["counts"] = "; ".join(q["counts"] or "" for q in qs)
            r["subjects"] = "; ".join(q["subject"] or "" for q in qs)
            yield {k: r.get(k) for k in CLAIM_COLUMNS}
        if len(page.items) < page.limit:
            return
        offset += page.limit


def _csv(conn: sqlite3.Connection, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS)
        w.writeheader()
        for row in claim_rows(conn):
            w.writerow(row)
            n += 1
    return n


def _parquet(conn: sqlite3.Connection, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(claim_rows(conn))
    ints = {"start", "end"}
    schema = pa.schema([(c, pa.int64() if c in ints else pa.string()) for c in CLAIM_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)


def _acled_rows_function() -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    """The shared ACLED mapping if it exists, else this module's basic one."""
    try:
        module = importlib.import_module("claimledger.records.acled")
        return module.acled_rows
    except (ImportError, AttributeError):
        return basic_acled_rows


def basic_acled_rows(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """ACLED's core columns from the analysis' events (fallback for claimledger.records.acled)."""
    doc = analysis["document"]
    claims = {c["id"]: c for c in analysis.get("claims") or []}
    rows = []
    for i, e in enumerate(analysis.get("events") or [], 1):
        loc = e.get("location") or {}
        date = e.get("date") or doc.get("published")
        precision = 1 if date and len(date) == 10 else (2 if date and len(date) == 7 else 3)
        claim = claims.get(e.get("claim_id"))
        rows.append({
            "event_id_cnty": f"{doc['id']}-{i}", "event_date": date, "year": int(date[:4]) if date else None,
            "time_precision": precision, "disorder_type": None, "event_type": e.get("event_type"),
            "sub_event_type": e.get("sub_event_type"), "actor1": e.get("actor1"), "actor2": e.get("actor2"),
            "country": loc.get("country"), "admin1": loc.get("admin1"), "location": loc.get("name"),
            "latitude": loc.get("latitude"), "longitude": loc.get("longitude"),
            "geo_precision": loc.get("geo_precision"), "source": doc.get("title") or doc.get("url") or doc["id"],
            "notes": claim["span"]["text"] if claim else None, "fatalities": e.get("fatalities") or 0,
        })
    return rows


def _acled(conn: sqlite3.Connection, path: Path) -> int:
    to_rows = _acled_rows_function()
    n = 0
    columns: list[str] | None = None
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = None
        for (blob,) in conn.execute("SELECT analysis FROM documents WHERE duplicate_of IS NULL ORDER BY rowid"):
            for row in to_rows(json.loads(blob)):
                if writer is None:
                    columns = list(row) if to_rows is not basic_acled_rows else ACLED_COLUMNS
                    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
                    writer.writeheader()
                writer.writerow(row)
                n += 1
        if writer is None:
            csv.writer(out).writerow(ACLED_COLUMNS)
    return n
