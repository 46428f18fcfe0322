"""The ``doc._`` attributes claimledger's components read and write.

Results are plain records (``claimledger.records``) with character offsets, so
converting a Doc to the contract needs no spaCy objects at all.
"""

from spacy.tokens import Doc

#: name -> default; lists are created fresh per doc by the components.
EXTENSIONS = {
    "cl_published": None,        # ISO date string the document was published, if known
    "cl_social_posts": None,     # list[SocialPost]
    "cl_attributions": None,     # list[Attribution]
    "cl_sources": None,          # list[Source]
    "cl_quantities": None,       # list[Quantity]
    "cl_claims": None,           # list[Claim]
    "cl_events": None,           # list[Event]
    "cl_tagged": None,           # list[tuple[label, start_char, end_char]] from the attribution tagger
}


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy rebuilds ``doc.text`` from every token on each access; called per cue or per
    span it took over half of the analysis time (see docs/performance.md).
    """
    text = doc.user_data.get("cl_text")
    if text is None:
        text = doc.user_data["cl_text"] = doc.text
    return text


def get_list(doc: Doc, name: str) -> list:
    """The list stored under ``doc._.name``, or an empty list if the component did not run."""
    value = getattr(doc._, name)
    return value if value is not None else []
