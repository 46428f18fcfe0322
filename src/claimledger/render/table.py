"""A readable ledger in the terminal, with rich; colour only on a terminal."""

from __future__ import annotations

from typing import IO, Any

from rich.console import Console
from rich.table import Table


def _short(text: str | None, n: int = 90) -> str:
    if not text:
        return "—"
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_ledger(a: dict[str, Any], out: IO[str], *, color: bool = False) -> None:
    console = Console(file=out, force_terminal=color, no_color=not color, width=140, highlight=False)
    doc = a["document"]
    console.rule(f"[bold]{doc.get('title') or doc['id']}[/]  published {doc.get('published') or 'unknown'}")
    sources = {s["id"]: s for s in a["sources"]}

    t = Table(title="Sources", title_justify="left", expand=False)
    for col in ("id", "name", "type", "country", "role", "mentions"):
        t.add_column(col)
    for s in a["sources"]:
        t.add_row(s["id"], s["name"], s["type"], s.get("affiliation") or "—", s.get("role") or "—",
                  _short(", ".join(m["text"] for m in s["mentions"]), 50))
    console.print(t)

    t = Table(title="Attributions: source ▸ cue ▸ content", title_justify="left")
    for col in ("id", "source", "cue", "content", "kind", "stance"):
        t.add_column(col, overflow="fold")
    for x in a["attributions"]:
        src = sources.get(x["source_id"], {}).get("name") if x["source_id"] else None
        src = src or (x["source"] or {}).get("text") or "(unnamed)"
        t.add_row(x["id"], src, (x["cue"] or {}).get("text") or "—", _short(x["content"]["text"], 70),
                  x["kind"], x["stance"])
    console.print(t)

    t = Table(title="Claims", title_justify="left")
    for col in ("id", "claim", "by", "certainty", "hedges"):
        t.add_column(col, overflow="fold")
    atts = {x["id"]: x for x in a["attributions"]}
    for c in a["claims"]:
        by = "writer"
        if c["attribution_id"] and c["attribution_id"] in atts:
            sid = atts[c["attribution_id"]]["source_id"]
            by = sources.get(sid, {}).get("name") or (atts[c["attribution_id"]]["source"] or {}).get("text") or "?"
        t.add_row(c["id"], _short(c["span"]["text"], 70), by, c["certainty"],
                  ", ".join(h["text"] for h in c.get("hedges", [])) or "—")
    console.print(t)

    t = Table(title="Quantities", title_justify="left")
    for col in ("text", "value", "range", "approx", "counts", "subject"):
        t.add_column(col)
    for q in a["quantities"]:
        rng = "—" if q.get("low") is None and q.get("high") is None else f"{q.get('low')}–{q.get('high')}"
        t.add_row(q["span"]["text"], str(q["value"]), rng, "yes" if q["approximate"] else "no",
                  q.get("counts") or "—", q.get("subject") or "—")
    console.print(t)

    t = Table(title="Events", title_justify="left")
    for col in ("type", "sub-type", "PLOVER", "actor1", "actor2", "date", "place", "fatalities", "claim"):
        t.add_column(col, overflow="fold")
    for e in a["events"]:
        loc = e.get("location") or {}
        place = ", ".join(x for x in (loc.get("name"), loc.get("admin1"), loc.get("country")) if x) or "—"
        t.add_row(e.get("event_type") or "—", e.get("sub_event_type") or "—", e.get("plover_type") or "—",
                  e.get("actor1") or "—", e.get("actor2") or "—", e.get("date") or "—", place,
                  "—" if e.get("fatalities") is None else str(e["fatalities"]), e.get("claim_id") or "—")
    console.print(t)

    if a["social_posts"]:
        t = Table(title="Embedded posts", title_justify="left")
        for col in ("platform", "author", "handle", "date", "truncated", "text"):
            t.add_column(col, overflow="fold")
        for p in a["social_posts"]:
            t.add_row(p.get("platform") or "—", p.get("author") or "—", p.get("handle") or "—",
                      p.get("date") or "—", "yes" if p.get("truncated") else "no", _short(p["span"]["text"], 60))
        console.print(t)
