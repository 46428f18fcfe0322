"""Who speaks: cluster attribution sources into speakers (stub; see issue 3)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.nlp.extensions import get_list
from claimledger.records import Attribution, Source


def resolve_sources(doc: Doc, attributions: list[Attribution]) -> list[Source]:
    return []


class SourceResolver(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_sources = resolve_sources(doc, get_list(doc, "cl_attributions"))
        return doc
