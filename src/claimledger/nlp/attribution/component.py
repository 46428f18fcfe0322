"""The attribution component: rules, and the trained tagger where it is installed."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.nlp.attribution.rules import extract_attributions
from claimledger.nlp.base import Component


class AttributionExtractor(Component):
    def __init__(self, nlp: Language, name: str, *, use_model: bool = True, model_path: str | None = None):
        super().__init__(nlp, name)
        self.use_model = use_model
        self.model_path = model_path

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_attributions = extract_attributions(doc)
        return doc
