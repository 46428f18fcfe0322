"""Embedded social-media posts (stub; see issue 3)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.records import SocialPost


def find_social_posts(text: str) -> list[SocialPost]:
    return []


class SocialPostDetector(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_social_posts = find_social_posts(doc.text)
        return doc
