"""Hand-built analyses: valid contract objects made from a few statements, without the NLP pipeline.

Tests, demos and bug reports need ledgers whose content is known exactly —
"the ministry said 58 soldiers were killed" must store a 58, whatever the
current models make of the sentence.  ``build_analysis`` writes the text from
the statements and computes every offset, so the result always indexes its
own text correctly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Statement:
    """``{source} {cue} {content}.`` — or the bare content when ``source`` is None (the writer's voice)."""

    content: str
    source: str | None = None
    cue: str = "said"
    source_type: str = "government"
    affiliation: str | None = None
    number: str | None = None        # the part of ``content`` that is the quantity, e.g. "58"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    counts: str | None = None
    subject: str | None = None
    place: str | None = None         # adds an event at this place, tied to the claim
    event_type: str | None = "Battles"
    date: str | None = None


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def build_analysis(doc_id: str, statements: list[Statement | str], *, title: str | None = None,
                   published: str | None = None, url: str | None = None, lead: str = "",
                   tail: str = "") -> dict[str, Any]:
    """A contract object (analysis.schema.json) for a document made of ``lead``, the statements, ``tail``."""
    parts: list[str] = [lead] if lead else []
    pos = len(lead) + (1 if lead else 0)
    placed: list[tuple[Statement, int, int, int]] = []  # statement, source start, cue start, content start
    for st in statements:
        if isinstance(st, str):
            st = Statement(content=st)
        if st.source:
            sentence = f"{st.source} {st.cue} {st.content}."
            placed.append((st, pos, pos + len(st.source) + 1, pos + len(st.source) + len(st.cue) + 2))
        else:
            sentence = f"{st.content[:1].upper()}{st.content[1:]}."
            placed.append((st, -1, -1, pos))
        parts.append(sentence)
        pos += len(sentence) + 1
    if tail:
        parts.append(tail)
    text = " ".join(parts)

    sources: dict[str, dict[str, Any]] = {}
    atts, claims, quantities, events = [], [], [], []
    for i, (st, s0, c0, k0) in enumerate(placed, 1):
        content = _span(text, k0, k0 + len(st.content))
        att_id = None
        if st.source:
            src = sources.get(st.source)
            if src is None:
                src = sources[st.source] = {"id": f"s{len(sources) + 1}", "name": st.source, "type": st.source_type,
                                            "affiliation": st.affiliation, "role": None, "mentions": []}
            src["mentions"].append(_span(text, s0, s0 + len(st.source)))
            att_id = f"a{i}"
            atts.append({"id": att_id, "source_id": src["id"], "source": _span(text, s0, s0 + len(st.source)),
                         "cue": _span(text, c0, c0 + len(st.cue)), "content": content, "kind": "indirect",
                         "stance": "assert", "parent_id": None})
        claim = {"id": f"c{i}", "span": content, "attribution_id": att_id, "certainty": "certain",
                 "hedges": [], "quantity_ids": [], "event_ids": []}
        if st.number:
            at = k0 + st.content.index(st.number)
            qid = f"q{i}"
            quantities.append({"id": qid, "span": _span(text, at, at + len(st.number)),
                               "value": st.value, "low": st.low, "high": st.high, "approximate": st.approximate,
                               "unit": None, "counts": st.counts, "subject": st.subject})
            claim["quantity_ids"].append(qid)
        if st.place:
            eid = f"e{i}"
            events.append({"id": eid, "trigger": None, "event_type": st.event_type,
                           "sub_event_type": "Armed clash" if st.event_type == "Battles" else None,
                           "plover_type": "FIGHT", "plover_mode": None, "actor1": st.source, "actor2": None,
                           "date": st.date or published,
                           "location": {"name": st.place, "admin1": None, "country": None, "latitude": None,
                                        "longitude": None, "geo_precision": None},
                           "fatalities": int(st.value) if st.counts == "killed" and st.value is not None else None,
                           "injured": None, "captured": None, "claim_id": claim["id"]})
            claim["event_ids"].append(eid)
        claims.append(claim)
    return {"schema_version": "1",
            "document": {"id": doc_id, "title": title, "url": url, "published": published, "language": "en",
                         "text": text},
            "sources": list(sources.values()), "attributions": atts, "claims": claims,
            "quantities": quantities, "events": events, "social_posts": []}
