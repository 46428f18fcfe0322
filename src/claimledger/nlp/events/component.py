"""Event extraction component (stub; see issue 5)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.records import Event


def extract_events(doc: Doc) -> list[Event]:
    return []


class EventExtractor(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_events = extract_events(doc)
        return doc
