"""One standalone HTML page per run: the text with sources, cues and contents highlighted.

Text from articles is untrusted: it is only ever inserted through Jinja2's
autoescaping, never marked safe, and only http(s) links are rendered.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_env = Environment(loader=PackageLoader("claimledger.render", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))

ROLE_PRIORITY = {"source": 3, "cue": 2, "content": 1}


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever rendered."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def segments(text: str, marks: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` into pieces, each with the highest-priority role covering it.

    ``marks`` are ``(start, end, role, label)``; overlapping marks are resolved by
    role priority (source over cue over content) so nesting never breaks the markup.
    """
    n = len(text)
    best: list[tuple[int, str, str] | None] = [None] * n
    for start, end, role, label in marks:
        pr = ROLE_PRIORITY.get(role, 0)
        for i in range(max(0, start), min(n, end)):
            cur = best[i]
            if cur is None or cur[0] < pr:
                best[i] = (pr, role, label)
    out: list[dict[str, Any]] = []
    i = 0
    while i < n:
        j = i
        while j < n and best[j] == best[i]:
            j += 1
        cur = best[i]
        out.append({"text": text[i:j], "role": cur[1] if cur else None, "label": cur[2] if cur else None})
        i = j
    return out


def _marks(a: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    names = {s["id"]: s["name"] for s in a["sources"]}
    marks = []
    for x in a["attributions"]:
        who = names.get(x["source_id"]) or (x["source"] or {}).get("text") or "unnamed"
        marks.append((x["content"]["start"], x["content"]["end"], "content", f"{x['id']} {x['stance']} · {who}"))
        if x["cue"]:
            marks.append((x["cue"]["start"], x["cue"]["end"], "cue", f"{x['id']} {x['kind']}"))
        if x["source"]:
            marks.append((x["source"]["start"], x["source"]["end"], "source", who))
    return marks


def render_page(analyses: list[dict[str, Any]]) -> str:
    docs = []
    for a in analyses:
        docs.append({"a": a, "url": safe_url(a["document"].get("url")),
                     "segments": segments(a["document"]["text"], _marks(a))})
    return _env.get_template("analysis.html").render(docs=docs)
