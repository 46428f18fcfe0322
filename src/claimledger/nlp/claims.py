"""Claims: each proposition with certainty, hedges, quantities and dates (stub; see issue 4)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.nlp.extensions import get_list
from claimledger.records import Claim, Span


def build_claims(doc: Doc, attributions, quantities, published: str | None) -> list[Claim]:
    """One claim per attribution content; the writer's own sentences get attribution_id None."""
    claims = []
    for att in attributions:
        claims.append(Claim(id=f"c{len(claims) + 1}", span=att.content, attribution_id=att.id))
    covered = [(a.content.start, a.content.end) for a in attributions]
    for sent in doc.sents:
        if any(s <= sent.start_char < e or sent.start_char <= s < sent.end_char for s, e in covered):
            continue
        if not sent.text.strip():
            continue
        claims.append(Claim(id=f"c{len(claims) + 1}", span=Span.of(doc.text, sent.start_char, sent.end_char)))
    for c in claims:
        c.quantity_ids = [q.id for q in quantities if c.span.start <= q.span.start and q.span.end <= c.span.end]
    return claims


class ClaimBuilder(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_claims = build_claims(
            doc, get_list(doc, "cl_attributions"), get_list(doc, "cl_quantities"), doc._.cl_published
        )
        return doc
