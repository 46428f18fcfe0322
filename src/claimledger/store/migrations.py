"""The ledger's schema as an ordered list of migrations.

Each migration runs once, inside a transaction, and is recorded in the
``migrations`` table; a database written by a newer claimledger (a version
this code does not know) is refused rather than silently misread.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from claimledger.errors import StoreError


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial ledger", """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    url TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,      -- hash of the normalised text: exact syndicated copies
    analysis_hash TEXT NOT NULL,     -- hash of the stored analysis: re-ingesting the same one is a no-op
    duplicate_of TEXT REFERENCES documents(id),
    similarity REAL,                 -- Jaccard similarity to duplicate_of
    analysis TEXT NOT NULL,          -- the analysis as ingested (JSON), for export
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_content_hash ON documents(content_hash);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
CREATE INDEX documents_published ON documents(published);

-- MinHash LSH bands: a document's candidates for near-duplicates share at least one band.
CREATE TABLE document_bands (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    band INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (document_id, band)
);
CREATE INDEX document_bands_lookup ON document_bands(band, hash);

CREATE TABLE sources (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,          -- normalised name: the same source across documents
    type TEXT NOT NULL,
    affiliation TEXT,
    role TEXT,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (document_id, id)
);
CREATE INDEX sources_name_key ON sources(name_key);

CREATE TABLE attributions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    source_id TEXT,
    source_text TEXT,
    cue_text TEXT,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    content_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    stance TEXT NOT NULL,
    parent_id TEXT,
    PRIMARY KEY (document_id, id)
);

CREATE TABLE claims (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    attribution_id TEXT,
    certainty TEXT NOT NULL,
    PRIMARY KEY (document_id, id)
);
CREATE INDEX claims_attribution ON claims(document_id, attribution_id);

CREATE TABLE quantities (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    claim_id TEXT,                   -- the claim that states it (linked or enclosing), if any
    attribution_id TEXT,             -- who says it: the claim's attribution, else the enclosing one
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    approximate INTEGER NOT NULL,
    unit TEXT,
    counts TEXT,
    subject TEXT,
    subject_key TEXT,                -- normalised subject: the same figure across documents
    place TEXT,                      -- where, from the event its claim reports, if any
    event_date TEXT,                 -- when, from that event
    PRIMARY KEY (document_id, id)
);
CREATE INDEX quantities_figure ON quantities(counts, subject_key);

CREATE TABLE events (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    claim_id TEXT,
    event_type TEXT,
    sub_event_type TEXT,
    plover_type TEXT,
    plover_mode TEXT,
    actor1 TEXT,
    actor2 TEXT,
    date TEXT,
    location TEXT,
    admin1 TEXT,
    country TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    fatalities INTEGER,
    injured INTEGER,
    captured INTEGER,
    PRIMARY KEY (document_id, id)
);
CREATE INDEX events_claim ON events(document_id, claim_id);
"""),
    Migration(2, "index quantities by claim", """
CREATE INDEX quantities_claim ON quantities(document_id, claim_id);
"""),
)

LATEST = MIGRATIONS[-1].version


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def applied(conn: sqlite3.Connection) -> set[int]:
    rows = conn.execute("SELECT version FROM migrations").fetchall()
    return {r[0] for r in rows}


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Bring the database up to date; return the versions applied now."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations ("
                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    done = applied(conn)
    unknown = sorted(v for v in done if v > LATEST)
    if unknown:
        raise StoreError(f"the ledger was written by a newer claimledger (schema version {unknown[-1]}, "
                         f"this one knows up to {LATEST})")
    ran = []
    for m in MIGRATIONS:
        if m.version in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(m.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations(version, name, applied_at) VALUES (?, ?, ?)",
                         (m.version, m.name, _now()))
            conn.execute("COMMIT")
        except sqlite3.Error as err:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {m.version} ({m.name}) failed: {err}") from err
        ran.append(m.version)
    return ran


def _statements(sql: str) -> list[str]:
    """Split a migration script on statement boundaries (executescript would commit mid-way)."""
    out, buf = [], []
    for line in sql.splitlines(keepends=True):
        buf.append(line)
        if sqlite3.complete_statement("".join(buf)):
            stmt = "".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
    rest = "".join(buf).strip()
    if rest:
        out.append(rest)
    return out
