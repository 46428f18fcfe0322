"""Read-only questions the ledger answers; every function takes a connection and returns plain dicts.

Syndicated copies (``documents.duplicate_of`` set) are left out of counts and
figures unless ``with_copies`` is asked for: a story carried by forty outlets
is one report, not forty.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from claimledger.store.keys import name_key, subject_key

MAX_LIMIT = 1000


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        nxt = self.offset + self.limit if self.offset + self.limit < self.total else None
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset, "next": nxt}


def _limits(limit: int | None, offset: int | None) -> tuple[int, int]:
    limit = 50 if limit is None else max(1, min(int(limit), MAX_LIMIT))
    return limit, max(0, int(offset or 0))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


# -- overview --------------------------------------------------------------------------------------------

def counts(conn: sqlite3.Connection) -> dict[str, int]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    original = "JOIN documents d ON d.id = t.document_id AND d.duplicate_of IS NULL"
    return {
        "documents": one("SELECT COUNT(*) FROM documents"),
        "originals": one("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NULL"),
        "copies": one("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL"),
        "sources": one(f"SELECT COUNT(DISTINCT t.name_key) FROM sources t {original}"),
        "claims": one(f"SELECT COUNT(*) FROM claims t {original}"),
        "quantities": one(f"SELECT COUNT(*) FROM quantities t {original}"),
        "figures": one(f"SELECT COUNT(DISTINCT t.counts || '|' || t.subject_key) FROM quantities t {original} "
                       "WHERE t.counts IS NOT NULL AND t.subject_key IS NOT NULL"),
        "events": one(f"SELECT COUNT(*) FROM events t {original}"),
    }


# -- articles --------------------------------------------------------------------------------------------

def articles(conn: sqlite3.Connection, *, q: str | None = None, source: str | None = None,
             with_copies: bool = True, limit: int | None = None, offset: int | None = None) -> Page:
    limit, offset = _limits(limit, offset)
    where, params = [], []
    if not with_copies:
        where.append("d.duplicate_of IS NULL")
    if q:
        where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\' OR d.id = ?)")
        params += [_like(q), _like(q), q]
    if source:
        where.append("EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id AND s.name_key LIKE ? ESCAPE '\\')")
        params.append(_like(name_key(source)))
    total = conn.execute(f"SELECT COUNT(*) FROM documents d {_where(where)}", params).fetchone()[0]
    rows = conn.execute(f"""
        SELECT d.id, d.title, d.url, d.published, d.duplicate_of, d.similarity, d.ingested_at,
               substr(d.text, 1, 240) AS snippet, length(d.text) AS chars,
               (SELECT COUNT(*) FROM documents c WHERE c.duplicate_of = d.id) AS copies,
               (SELECT COUNT(*) FROM sources s WHERE s.document_id = d.id) AS sources,
               (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id) AS claims,
               (SELECT COUNT(*) FROM quantities x WHERE x.document_id = d.id) AS quantities,
               (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id) AS events
        FROM documents d {_where(where)}
        ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC
        LIMIT ? OFFSET ?""", (*params, limit, offset)).fetchall()
    return Page([dict(r) for r in rows], total, limit, offset)


def article(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """One document: the stored analysis plus where it sits among its copies."""
    row = conn.execute("SELECT id, title, url, published, duplicate_of, similarity, ingested_at, analysis "
                       "FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["analysis"] = json.loads(out["analysis"])
    out["copies"] = [dict(r) for r in conn.execute(
        "SELECT id, title, url, published, similarity FROM documents WHERE duplicate_of = ? "
        "ORDER BY published, rowid", (doc_id,))]
    return out


# -- sources ---------------------------------------------------------------------------------------------

def sources(conn: sqlite3.Connection, *, name: str | None = None, type: str | None = None,
            affiliation: str | None = None, with_copies: bool = False,
            limit: int | None = None, offset: int | None = None) -> Page:
    """Each source once across the ledger, with how many documents and claims it appears in."""
    limit, offset = _limits(limit, offset)
    where, params = [], []
    if not with_copies:
        where.append("d.duplicate_of IS NULL")
    if name:
        where.append("s.name_key LIKE ? ESCAPE '\\'")
        params.append(_like(name_key(name)))
    if type:
        where.append("s.type = ?")
        params.append(type)
    if affiliation:
        where.append("s.affiliation = ?")
        params.append(affiliation.upper())
    base = f"FROM sources s JOIN documents d ON d.id = s.document_id {_where(where)}"
    total = conn.execute(f"SELECT COUNT(DISTINCT s.name_key) {base}", params).fetchone()[0]
    rows = conn.execute(f"""
        WITH said AS (
            SELECT a.document_id, a.source_id, COUNT(DISTINCT a.id) AS attributions, COUNT(c.id) AS claims
            FROM attributions a
            LEFT JOIN claims c ON c.document_id = a.document_id AND c.attribution_id = a.id
            WHERE a.source_id IS NOT NULL
            GROUP BY a.document_id, a.source_id)
        SELECT s.name_key AS key, MAX(length(s.name)) AS _len, s.name AS name,
               GROUP_CONCAT(DISTINCT s.type) AS types, GROUP_CONCAT(DISTINCT s.affiliation) AS affiliations,
               GROUP_CONCAT(DISTINCT s.role) AS roles,
               COUNT(DISTINCT s.document_id) AS documents, SUM(s.mentions) AS mentions,
               COALESCE(SUM(said.attributions), 0) AS attributions, COALESCE(SUM(said.claims), 0) AS claims,
               MIN(d.published) AS first_seen, MAX(d.published) AS last_seen
        {base.replace("FROM sources s", "FROM sources s LEFT JOIN said ON said.document_id = s.document_id "
                      "AND said.source_id = s.id", 1)}
        GROUP BY s.name_key
        ORDER BY documents DESC, claims DESC, s.name_key
        LIMIT ? OFFSET ?""", (*params, limit, offset)).fetchall()
    items = []
    for r in rows:
        d = dict(r)
        d.pop("_len")
        for k in ("types", "affiliations", "roles"):
            d[k] = sorted((d[k] or "").split(",")) if d[k] else []
        items.append(d)
    return Page(items, total, limit, offset)


# -- claims ----------------------------------------------------------------------------------------------

_CLAIM_SELECT = """
    SELECT c.document_id, d.title, d.url, d.published, d.duplicate_of, c.id AS claim_id, c.text, c.start,
           c."end", c.certainty, c.attribution_id, a.kind, a.stance, a.cue_text AS cue,
           s.id AS source_id, COALESCE(s.name, a.source_text) AS source, s.type AS source_type,
           s.affiliation AS source_affiliation
    FROM claims c
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN attributions a ON a.document_id = c.document_id AND a.id = c.attribution_id
    LEFT JOIN sources s ON s.document_id = a.document_id AND s.id = a.source_id
"""


def claims(conn: sqlite3.Connection, *, source: str | None = None, counts: str | None = None,
           document: str | None = None, certainty: str | None = None, q: str | None = None,
           with_copies: bool = False, limit: int | None = None, offset: int | None = None) -> Page:
    """Claims with who makes them and the quantities they state; filters combine with AND."""
    limit, offset = _limits(limit, offset)
    where, params = [], []
    if not with_copies:
        where.append("d.duplicate_of IS NULL")
    if source:
        where.append("(s.name_key LIKE ? ESCAPE '\\' OR a.source_text LIKE ? ESCAPE '\\')")
        params += [_like(name_key(source)), _like(source)]
    if counts:
        where.append("(c.document_id, c.id) IN (SELECT x.document_id, x.claim_id FROM quantities x "
                     "WHERE x.counts = ?)")
        params.append(counts.lower())
    if document:
        where.append("c.document_id = ?")
        params.append(document)
    if certainty:
        where.append("c.certainty = ?")
        params.append(certainty)
    if q:
        where.append("c.text LIKE ? ESCAPE '\\'")
        params.append(_like(q))
    sql = f"{_CLAIM_SELECT} {_where(where)}"
    total = conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]
    rows = [dict(r) for r in conn.execute(
        f"{sql} ORDER BY d.published IS NULL, d.published DESC, c.document_id, c.start LIMIT ? OFFSET ?",
        (*params, limit, offset))]
    _attach_quantities(conn, rows)
    return Page(rows, total, limit, offset)


def _attach_quantities(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        r["quantities"] = by_key.setdefault((r["document_id"], r["claim_id"]), [])
    docs = sorted({r["document_id"] for r in rows})
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        for q in conn.execute(
                f"SELECT document_id, claim_id, id, text, value, low, high, approximate, unit, counts, subject "
                f"FROM quantities WHERE claim_id IS NOT NULL AND document_id IN ({','.join('?' * len(chunk))}) "
                f"ORDER BY start", chunk):
            target = by_key.get((q["document_id"], q["claim_id"]))
            if target is not None:
                item = {k: q[k] for k in ("id", "text", "value", "low", "high", "unit", "counts", "subject")}
                item["approximate"] = bool(q["approximate"])
                target.append(item)


# -- figures: the same number from several sources -------------------------------------------------------

@dataclass
class Figure:
    """One report of a figure: a number, who gave it, in which document, when."""

    document_id: str
    quantity_id: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    counts: str
    subject: str | None
    subject_key: str
    place: str | None
    date: str | None                 # the document's publication date
    event_date: str | None
    title: str | None
    url: str | None
    claim_id: str | None
    claim_text: str | None           # the sentence part that states the figure
    source: str | None
    source_key: str | None
    source_type: str | None
    source_affiliation: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def range(self) -> tuple[float, float] | None:
        lo = self.low if self.low is not None else self.value
        hi = self.high if self.high is not None else self.value
        if lo is None and hi is None:
            return None
        lo, hi = (hi, hi) if lo is None else ((lo, lo) if hi is None else (lo, hi))
        if self.approximate:  # "about 300" is compatible with 280 and with 320
            lo, hi = lo * 0.9, hi * 1.1
        return (min(lo, hi), max(lo, hi))

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("extra", "source_key")}
        out.update(self.extra)
        return out


def figures(conn: sqlite3.Connection, *, counts: str | None = None, subject: str | None = None,
            place: str | None = None, with_copies: bool = False) -> list[Figure]:
    """Every quantity that says what happened (counts) to whom (subject), ordered by figure then date."""
    where = ["x.counts IS NOT NULL", "x.subject_key IS NOT NULL",
             "(x.value IS NOT NULL OR x.low IS NOT NULL OR x.high IS NOT NULL)"]
    params: list[Any] = []
    if not with_copies:
        where.append("d.duplicate_of IS NULL")
    if counts:
        where.append("x.counts = ?")
        params.append(counts.lower())
    if subject:
        where.append("x.subject_key LIKE ? ESCAPE '\\'")
        params.append(_like(subject_key(subject) or subject.lower()))
    if place:
        where.append("x.place LIKE ? ESCAPE '\\'")
        params.append(_like(place))
    rows = conn.execute(f"""
        SELECT x.document_id, x.id AS quantity_id, x.text, x.value, x.low, x.high, x.approximate, x.counts,
               x.subject, x.subject_key, x.place, d.published AS date, x.event_date, d.title, d.url, x.claim_id,
               c.text AS claim_text, COALESCE(s.name, a.source_text) AS source, s.name_key AS source_key, s.type AS source_type,
               s.affiliation AS source_affiliation
        FROM quantities x
        JOIN documents d ON d.id = x.document_id
        LEFT JOIN claims c ON c.document_id = x.document_id AND c.id = x.claim_id
        LEFT JOIN attributions a ON a.document_id = x.document_id AND a.id = x.attribution_id
        LEFT JOIN sources s ON s.document_id = a.document_id AND s.id = a.source_id
        {_where(where)}
        ORDER BY x.counts, x.subject_key, d.published IS NULL, d.published, x.document_id, x.start""",
        params).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["approximate"] = bool(d["approximate"])
        if d["source_key"] is None and d["source"]:
            d["source_key"] = name_key(d["source"])
        out.append(Figure(**d))
    return out


def _groups(figs: list[Figure]) -> list[list[Figure]]:
    """Split figures by (counts, subject) and then by place.

    A report that names no place joins the group's only named place, if
    there is exactly one; with several, it stays in an unplaced group rather
    than being guessed into one.
    """
    by_key: dict[tuple[str, str], list[Figure]] = {}
    for f in figs:
        by_key.setdefault((f.counts, f.subject_key), []).append(f)
    out = []
    for group in by_key.values():
        places: dict[str | None, list[Figure]] = {}
        for f in group:
            places.setdefault(f.place.casefold() if f.place else None, []).append(f)
        named = [k for k in places if k is not None]
        if len(named) == 1 and None in places:
            places[named[0]].extend(places.pop(None))
            places[named[0]].sort(key=lambda f: (f.date is None, f.date or ""))
        out.extend(places.values())
    return out


def _label(group: list[Figure]) -> dict[str, Any]:
    subjects: dict[str, int] = {}
    for f in group:
        if f.subject:
            subjects[f.subject] = subjects.get(f.subject, 0) + 1
    place = next((f.place for f in group if f.place), None)
    return {"counts": group[0].counts, "subject": max(subjects, key=lambda s: (subjects[s], -len(s)))
            if subjects else group[0].subject_key, "subject_key": group[0].subject_key, "place": place}


def timeline(conn: sqlite3.Connection, *, counts: str | None = None, subject: str | None = None,
             place: str | None = None, with_copies: bool = False) -> list[dict[str, Any]]:
    """How each figure moved: its reports in publication order, with the change from the previous one."""
    out = []
    for group in _groups(figures(conn, counts=counts, subject=subject, place=place, with_copies=with_copies)):
        points, prev = [], None
        for f in group:
            p = f.to_dict()
            p["change"] = (f.value - prev) if (f.value is not None and prev is not None) else None
            prev = f.value if f.value is not None else prev
            points.append(p)
        sources = {f.source_key for f in group if f.source_key}
        out.append({**_label(group), "reports": len(group), "sources": len(sources),
                    "documents": len({f.document_id for f in group}), "points": points})
    out.sort(key=lambda g: (-g["reports"], g["counts"], g["subject_key"]))
    return out


def _days(a: str, b: str) -> float:
    from datetime import date

    def parse(s: str) -> date:
        parts = [int(x) for x in s.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    return abs((parse(b) - parse(a)).days)


#: event dates further apart than this are different incidents, not one figure told twice
EVENT_DAYS = 1


def _disagree(a: Figure, b: Figure) -> bool:
    ra, rb = a.range, b.range
    if ra is None or rb is None:
        return False
    if a.document_id == b.document_id and (a.source_key is None or b.source_key is None
                                           or a.source_key == b.source_key):
        # one article giving two numbers in one voice is telling of two incidents (or a part and
        # the whole: "six children were killed ... three of them in the school"), not contradicting itself
        return False
    if a.event_date and b.event_date and _days(a.event_date, b.event_date) > EVENT_DAYS:
        return False
    if ra[1] < rb[0] or rb[1] < ra[0]:
        # one source revising its own count on another day is movement, not contradiction
        same_source = a.source_key is not None and a.source_key == b.source_key
        return not (same_source and a.date != b.date)
    return False


def conflicts(conn: sqlite3.Connection, *, counts: str | None = None, subject: str | None = None,
              place: str | None = None, window_days: int = 3, with_copies: bool = False) -> list[dict[str, Any]]:
    """Contradictory figures: the same counts and subject, reported within ``window_days`` of each other
    (by publication date; undated reports form their own window), with values whose ranges do not overlap,
    given by different voices (within one article, only by two named sources) about events dated at most
    ``EVENT_DAYS`` apart.

    Each conflict lists every report in that window, who gave which value, in which document and when.
    """
    out = []
    for group in _groups(figures(conn, counts=counts, subject=subject, place=place, with_copies=with_copies)):
        dated = [f for f in group if f.date]
        windows: list[list[Figure]] = []
        for f in dated:  # already in date order: single-linkage clusters
            if windows and _days(windows[-1][-1].date, f.date) <= window_days:
                windows[-1].append(f)
            else:
                windows.append([f])
        undated = [f for f in group if not f.date]
        if undated:
            windows.append(undated)
        for w in windows:
            pairs = [(i, j) for i in range(len(w)) for j in range(i + 1, len(w)) if _disagree(w[i], w[j])]
            if not pairs:
                continue
            involved = sorted({k for p in pairs for k in p})
            reports = [{**f.to_dict(), "disputed": k in involved} for k, f in enumerate(w)]
            label = _label(w)
            out.append({**label, "first": w[0].date, "last": w[-1].date, "reports": reports,
                        "values": sorted({f.value for f in w if f.value is not None}),
                        "disagreements": len(pairs),
                        "sources": len({f.source_key for f in w if f.source_key})})
    out.sort(key=lambda c: (c["last"] is not None, c["last"] or ""), reverse=True)  # latest first, undated last
    return out
