"""Writing the ledger out: JSONL (analyses as stored), CSV and Parquet (claims flat), ACLED rows.

JSONL keeps every document, copies included, so a ledger can be rebuilt from
it.  The flat and ACLED exports follow the ledger's rule: a syndicated copy is
one report, so only originals are written.
"""

from __future__ import annotations

import csv
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


def _acled(conn: sqlite3.Connection, path: Path) -> int:
    """ACLED's columns, one row per coded event of every original (non-copy) document."""
    from claimledger.records.acled import COLUMNS, acled_rows

    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for (blob,) in conn.execute("SELECT analysis FROM documents WHERE duplicate_of IS NULL ORDER BY rowid"):
            for row in acled_rows(json.loads(blob)):
                writer.writerow(row)
                n += 1
    return n
