"""Quantities: numbers, what they count and what happened to it (stub; see issue 4)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.records import Quantity


def extract_quantities(doc: Doc) -> list[Quantity]:
    return []


class QuantityExtractor(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_quantities = extract_quantities(doc)
        return doc
