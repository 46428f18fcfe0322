"""The one place where a processed Doc becomes contract objects, and those become JSON."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from claimledger import SCHEMA_VERSION
from claimledger.nlp.extensions import get_list
from claimledger.records.core import Analysis, Attribution, Document, Event, Source, Span


def doc_to_analysis(doc: Doc, document: Document) -> Analysis:
    return Analysis(
        document=document,
        sources=get_list(doc, "cl_sources"),
        attributions=get_list(doc, "cl_attributions"),
        claims=get_list(doc, "cl_claims"),
        quantities=get_list(doc, "cl_quantities"),
        events=get_list(doc, "cl_events"),
        social_posts=get_list(doc, "cl_social_posts"),
    )


def _span(span: Span | None) -> dict | None:
    return None if span is None else span.to_dict()


def _source(s: Source) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "type": s.type, "affiliation": s.affiliation, "role": s.role,
            "mentions": [m.to_dict() for m in s.mentions], "description": s.description}


def _attribution(a: Attribution) -> dict[str, Any]:
    content = a.content.to_dict()
    if a.fragments:
        content["fragments"] = [f.to_dict() for f in a.fragments]
    return {"id": a.id, "source_id": a.source_id, "source": _span(a.source), "cue": _span(a.cue),
            "content": content, "kind": a.kind, "stance": a.stance, "parent_id": a.parent_id,
            "origin": a.origin}


def _event(e: Event) -> dict[str, Any]:
    loc = None
    if e.location is not None:
        loc = dict(vars(e.location))
    return {"id": e.id, "trigger": _span(e.trigger), "event_type": e.event_type,
            "sub_event_type": e.sub_event_type, "plover_type": e.plover_type, "plover_mode": e.plover_mode,
            "actor1": e.actor1, "actor2": e.actor2, "date": e.date, "location": loc,
            "fatalities": e.fatalities, "injured": e.injured, "captured": e.captured, "claim_id": e.claim_id}


def analysis_to_dict(a: Analysis) -> dict[str, Any]:
    d = a.document
    return {
        "schema_version": SCHEMA_VERSION,
        "document": {"id": d.id, "title": d.title, "url": d.url, "published": d.published,
                     "published_source": d.published_source, "language": d.language,
                     "author": d.author, "site": d.site, "text": d.text},
        "sources": [_source(s) for s in a.sources],
        "attributions": [_attribution(x) for x in a.attributions],
        "claims": [{"id": c.id, "span": c.span.to_dict(), "attribution_id": c.attribution_id,
                    "certainty": c.certainty, "hedges": [h.to_dict() for h in c.hedges],
                    "quantity_ids": c.quantity_ids, "event_ids": c.event_ids, "dates": c.dates,
                    "source_chain": c.source_chain, "disputed_by": c.disputed_by} for c in a.claims],
        "quantities": [{"id": q.id, "span": q.span.to_dict(), "value": q.value, "low": q.low, "high": q.high,
                        "approximate": q.approximate, "unit": q.unit, "counts": q.counts,
                        "subject": q.subject} for q in a.quantities],
        "events": [_event(e) for e in a.events],
        "social_posts": [{"span": p.span.to_dict(), "platform": p.platform, "author": p.author,
                          "handle": p.handle, "date": p.date, "url": p.url, "truncated": p.truncated}
                         for p in a.social_posts],
    }
