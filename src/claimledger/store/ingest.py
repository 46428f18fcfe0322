"""Storing analyses: one transaction per document, idempotent, syndicated copies linked.

A document is keyed by its id.  Re-ingesting the same analysis is a no-op
(its hash is stored); a new analysis for a known id (a re-run with a better
model) replaces that document's rows.  Every document is kept, copies too,
but a copy points at its canonical original through ``duplicate_of`` and the
ledger's figures count it once.  The canonical original of a group is the
earliest published member (ties and undated: the first ingested).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from claimledger.errors import StoreError
from claimledger.store import dedupe
from claimledger.store.db import Ledger
from claimledger.store.keys import name_key, subject_key


@dataclass(frozen=True)
class IngestResult:
    document_id: str
    status: str                      # "added", "unchanged" or "updated"
    duplicate_of: str | None = None
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.document_id, "status": self.status, "duplicate_of": self.duplicate_of,
                "similarity": self.similarity}


def analysis_hash(analysis: dict[str, Any]) -> str:
    blob = json.dumps(analysis, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _span(obj: Any) -> dict[str, Any] | None:
    return obj if isinstance(obj, dict) and "start" in obj and "end" in obj else None


def _check(analysis: Any) -> tuple[str, str]:
    if not isinstance(analysis, dict) or not isinstance(analysis.get("document"), dict):
        raise StoreError("not an analysis: expected an object with a 'document'")
    doc = analysis["document"]
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        raise StoreError("analysis has no document id")
    if not isinstance(doc.get("text"), str):
        raise StoreError(f"document {doc['id']}: no text")
    return doc["id"], doc["text"]


def _ingest(conn: sqlite3.Connection, analysis: dict[str, Any]) -> IngestResult:
    """Store one analysis inside the caller's transaction."""
    doc_id, text = _check(analysis)
    digest = analysis_hash(analysis)
    row = conn.execute("SELECT analysis_hash, duplicate_of, similarity FROM documents WHERE id = ?",
                       (doc_id,)).fetchone()
    if row is not None and row["analysis_hash"] == digest:
        return IngestResult(doc_id, "unchanged", row["duplicate_of"], row["similarity"])
    sh = dedupe.shingles(text)
    sig_bands = dedupe.bands(dedupe.minhash(sh))
    try:
        status = _store(conn, analysis, doc_id, text, digest, sig_bands, exists=row is not None)
        dup, sim = _link_copies(conn, doc_id, text, sh, sig_bands, analysis["document"].get("published"))
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise StoreError(f"document {doc_id}: malformed analysis ({type(err).__name__}: {err})") from err
    except sqlite3.Error as err:
        raise StoreError(f"document {doc_id}: cannot store ({err})") from err
    return IngestResult(doc_id, status, dup, sim)


def ingest_analysis(ledger: Ledger, analysis: dict[str, Any]) -> IngestResult:
    """Store one analysis (see module doc); raises StoreError naming the document if it is malformed."""
    with ledger.write() as conn:
        return _ingest(conn, analysis)


def ingest_many(ledger: Ledger, analyses: Iterable[dict[str, Any]], *,
                batch_size: int = 100) -> Iterator[IngestResult | StoreError]:
    """Store many analyses, ``batch_size`` to a transaction (one commit per document would dominate).

    A malformed analysis is rolled back alone (a savepoint per document) and
    yielded as its StoreError, so the rest of its batch is still stored.
    """
    batch: list[dict[str, Any]] = []
    for a in analyses:
        batch.append(a)
        if len(batch) >= batch_size:
            yield from _flush(ledger, batch)
            batch = []
    if batch:
        yield from _flush(ledger, batch)


def _flush(ledger: Ledger, batch: list[dict[str, Any]]) -> list[IngestResult | StoreError]:
    out: list[IngestResult | StoreError] = []
    with ledger.write() as conn:
        for a in batch:
            conn.execute("SAVEPOINT one_document")
            try:
                out.append(_ingest(conn, a))
            except StoreError as err:
                conn.execute("ROLLBACK TO one_document")
                out.append(err)
            conn.execute("RELEASE one_document")
    return out


# -- rows ----------------------------------------------------------------------------------------------

def _store(conn: sqlite3.Connection, a: dict[str, Any], doc_id: str, text: str, digest: str,
           sig_bands: list[str], *, exists: bool) -> str:
    d = a["document"]
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    values = (d.get("title"), d.get("url"), d.get("published"), d.get("language"), text,
              dedupe.content_hash(text), digest, json.dumps(a, ensure_ascii=False))
    if exists:
        for table in ("sources", "attributions", "claims", "quantities", "events", "document_bands"):
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))  # noqa: S608 (fixed names)
        conn.execute("UPDATE documents SET title=?, url=?, published=?, language=?, text=?, content_hash=?, "
                     "analysis_hash=?, analysis=?, ingested_at=? WHERE id=?", (*values, now, doc_id))
    else:
        conn.execute("INSERT INTO documents(title, url, published, language, text, content_hash, analysis_hash, "
                     "analysis, ingested_at, id) VALUES (?,?,?,?,?,?,?,?,?,?)", (*values, now, doc_id))
    conn.executemany("INSERT INTO document_bands(document_id, band, hash) VALUES (?,?,?)",
                     [(doc_id, i, h) for i, h in enumerate(sig_bands)])

    conn.executemany(
        "INSERT OR REPLACE INTO sources(document_id, id, name, name_key, type, affiliation, role, mentions) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [(doc_id, s["id"], s["name"], name_key(s["name"]), s.get("type") or "unknown", s.get("affiliation"),
          s.get("role"), len(s.get("mentions") or [])) for s in a.get("sources") or []])

    atts = a.get("attributions") or []
    conn.executemany(
        "INSERT OR REPLACE INTO attributions(document_id, id, source_id, source_text, cue_text, content_start, "
        "content_end, content_text, kind, stance, parent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, x["id"], x.get("source_id"), (_span(x.get("source")) or {}).get("text"),
          (_span(x.get("cue")) or {}).get("text"), x["content"]["start"], x["content"]["end"],
          x["content"]["text"], x.get("kind") or "other", x.get("stance") or "other", x.get("parent_id"))
         for x in atts])

    claims = a.get("claims") or []
    conn.executemany(
        'INSERT OR REPLACE INTO claims(document_id, id, start, "end", text, attribution_id, certainty) '
        "VALUES (?,?,?,?,?,?,?)",
        [(doc_id, c["id"], c["span"]["start"], c["span"]["end"], c["span"]["text"], c.get("attribution_id"),
          c.get("certainty") or "certain") for c in claims])

    events = a.get("events") or []
    conn.executemany(
        "INSERT OR REPLACE INTO events(document_id, id, claim_id, event_type, sub_event_type, plover_type, "
        "plover_mode, actor1, actor2, date, location, admin1, country, latitude, longitude, geo_precision, "
        "fatalities, injured, captured) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, e["id"], e.get("claim_id"), e.get("event_type"), e.get("sub_event_type"), e.get("plover_type"),
          e.get("plover_mode"), e.get("actor1"), e.get("actor2"), e.get("date"),
          (e.get("location") or {}).get("name"), (e.get("location") or {}).get("admin1"),
          (e.get("location") or {}).get("country"), (e.get("location") or {}).get("latitude"),
          (e.get("location") or {}).get("longitude"), (e.get("location") or {}).get("geo_precision"),
          e.get("fatalities"), e.get("injured"), e.get("captured")) for e in events])

    conn.executemany(
        'INSERT OR REPLACE INTO quantities(document_id, id, claim_id, attribution_id, start, "end", text, value, '
        "low, high, approximate, unit, counts, subject, subject_key, place, event_date) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        list(_quantity_rows(doc_id, a, claims, atts, events)))
    return "updated" if exists else "added"


def _enclosing(items: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The id of the narrowest (start, end, id) range that contains [start, end)."""
    best = None
    for s, e, ident in items:
        if s <= start and end <= e and (best is None or e - s < best[1] - best[0]):
            best = (s, e, ident)
    return best[2] if best else None


def _quantity_rows(doc_id, a, claims, atts, events) -> Iterator[tuple]:
    """Each quantity with who says it and where: the figures ledger's raw material."""
    linked: dict[str, str] = {}
    for c in claims:
        for qid in c.get("quantity_ids") or []:
            linked.setdefault(qid, c["id"])
    claim_att = {c["id"]: c.get("attribution_id") for c in claims}
    claim_ranges = [(c["span"]["start"], c["span"]["end"], c["id"]) for c in claims]
    att_ranges = [(x["content"]["start"], x["content"]["end"], x["id"]) for x in atts]
    event_of_claim: dict[str, dict] = {}
    for e in events:
        if e.get("claim_id"):
            event_of_claim.setdefault(e["claim_id"], e)
    for q in a.get("quantities") or []:
        s, e = q["span"]["start"], q["span"]["end"]
        claim_id = linked.get(q["id"]) or _enclosing(claim_ranges, s, e)
        att_id = claim_att.get(claim_id) if claim_id else None
        if att_id is None:
            att_id = _enclosing(att_ranges, s, e)
        ev = event_of_claim.get(claim_id) if claim_id else None
        place = ((ev or {}).get("location") or {}).get("name")
        yield (doc_id, q["id"], claim_id, att_id, s, e, q["span"]["text"], q.get("value"), q.get("low"),
               q.get("high"), 1 if q.get("approximate") else 0, q.get("unit"), q.get("counts"), q.get("subject"),
               subject_key(q.get("subject")), place, (ev or {}).get("date"))


# -- syndicated copies ---------------------------------------------------------------------------------

def _root(conn: sqlite3.Connection, doc_id: str) -> str:
    row = conn.execute("SELECT duplicate_of FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row["duplicate_of"] or doc_id if row else doc_id


def _earlier(a: str | None, b: str | None) -> bool:
    """Is date ``a`` strictly before ``b``?  Unknown dates are never earlier."""
    return bool(a and b and a < b)


def _link_copies(conn: sqlite3.Connection, doc_id: str, text: str, sh: set[str], sig_bands: list[str],
                 published: str | None) -> tuple[str | None, float | None]:
    """Set ``duplicate_of`` for ``doc_id`` (and re-root its group if it is the earliest)."""
    chash = dedupe.content_hash(text)
    # a re-ingested original may have changed: its copies are re-examined below
    orphans = [r["id"] for r in conn.execute("SELECT id FROM documents WHERE duplicate_of = ?", (doc_id,))]
    if orphans:
        conn.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL WHERE duplicate_of = ?", (doc_id,))
    conn.execute("UPDATE documents SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (doc_id,))

    candidates: dict[str, float] = {}
    for r in conn.execute("SELECT id FROM documents WHERE content_hash = ? AND id != ?", (chash, doc_id)):
        candidates[r["id"]] = 1.0
    placeholders = " OR ".join("(band = ? AND hash = ?)" for _ in sig_bands)
    params = [x for i, h in enumerate(sig_bands) for x in (i, h)]
    near = {r["document_id"] for r in conn.execute(
        f"SELECT DISTINCT document_id FROM document_bands WHERE ({placeholders}) AND document_id != ?",  # noqa: S608
        (*params, doc_id))} - candidates.keys()
    for other in near:
        row = conn.execute("SELECT text FROM documents WHERE id = ?", (other,)).fetchone()
        sim = dedupe.similarity(sh, dedupe.shingles(row["text"]))
        if sim.is_copy:
            candidates[other] = round(max(sim.jaccard, sim.containment), 4)

    if not candidates:
        for o in orphans:  # copies of the old text that no longer match stay canonical
            _relink(conn, o)
        return None, None
    # the group each candidate belongs to, best match first
    best_other = max(candidates, key=lambda k: (candidates[k], k))
    root = _root(conn, best_other)
    sim = candidates[best_other]
    root_pub = conn.execute("SELECT published FROM documents WHERE id = ?", (root,)).fetchone()["published"]
    if root != doc_id and _earlier(published, root_pub):
        # the newcomer is the earliest: it becomes the original of the whole group
        conn.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ? OR id = ?", (doc_id, root, root))
        conn.execute("UPDATE documents SET similarity = ? WHERE id = ?", (sim, root))
        result: tuple[str | None, float | None] = (None, None)
    else:
        conn.execute("UPDATE documents SET duplicate_of = ?, similarity = ? WHERE id = ?", (root, sim, doc_id))
        result = (root, sim)
    for o in orphans:
        _relink(conn, o)
    return result


def _relink(conn: sqlite3.Connection, doc_id: str) -> None:
    row = conn.execute("SELECT text, published FROM documents WHERE id = ?", (doc_id,)).fetchone()
    sh = dedupe.shingles(row["text"])
    bands = [r["hash"] for r in conn.execute(
        "SELECT hash FROM document_bands WHERE document_id = ? ORDER BY band", (doc_id,))]
    _link_copies(conn, doc_id, row["text"], sh, bands, row["published"])
