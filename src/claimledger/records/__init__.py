"""Plain typed records: what crosses a boundary between claimledger's parts.

The NLP components produce these, the contract converter serialises them, the
store and the web read them back.  They hold character offsets into
``document.text`` and nothing tied to spaCy, so they pickle cheaply across Dask
workers and can be built by hand in tests.
"""

from claimledger.records.core import (
    Analysis,
    Attribution,
    Claim,
    Document,
    Event,
    Location,
    Quantity,
    SocialPost,
    Source,
    Span,
)

__all__ = [
    "Analysis", "Attribution", "Claim", "Document", "Event", "Location",
    "Quantity", "SocialPost", "Source", "Span",
]
