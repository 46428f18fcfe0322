"""Dataclasses mirroring analysis.schema.json, one class per contract object."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: What a span never starts or ends with: the whitespace and punctuation around a phrase.
TRIM_CHARS = " \t\n\r\u00a0,.;:!?\"'“”‘’()[]{}—–-…*"


def trim_offsets(text: str, start: int, end: int, chars: str = TRIM_CHARS) -> tuple[int, int]:
    """``[start, end)`` shrunk past any of ``chars`` at either edge (never past each other)."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


@dataclass(frozen=True, order=True)
class Span:
    """A ``[start, end)`` character range into ``Document.text`` and its text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build a span from the document text, so ``text`` can never disagree with the offsets."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str | None = None  # "input", "html", "text" (a date the article states) or None
    language: str | None = "en"
    author: str | None = None
    site: str | None = None


@dataclass
class Source:
    id: str
    name: str
    type: str = "unknown"
    affiliation: str | None = None
    role: str | None = None
    mentions: list[Span] = field(default_factory=list)
    description: str | None = None  # what the text says of an anonymous source


@dataclass
class Attribution:
    id: str
    content: Span
    source: Span | None = None
    cue: Span | None = None
    source_id: str | None = None
    kind: str = "indirect"
    stance: str = "assert"
    parent_id: str | None = None
    fragments: list[Span] = field(default_factory=list)
    origin: str = "rules"  # which extractor produced it: rules, model, transcript, social


@dataclass
class Quantity:
    id: str
    span: Span
    value: float | None
    approximate: bool = False
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    counts: str | None = None
    subject: str | None = None


@dataclass
class Claim:
    id: str
    span: Span
    attribution_id: str | None = None
    certainty: str = "certain"
    hedges: list[Span] = field(default_factory=list)
    quantity_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    source_chain: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)


@dataclass
class Location:
    name: str
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None


@dataclass
class Event:
    id: str
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    date: str | None = None
    location: Location | None = None
    fatalities: int | None = None
    claim_id: str | None = None
    trigger: Span | None = None
    plover_mode: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    injured: int | None = None
    captured: int | None = None


@dataclass
class SocialPost:
    span: Span
    platform: str | None
    author: str | None
    handle: str | None
    date: str | None
    url: str | None = None
    truncated: bool = False


@dataclass
class Analysis:
    document: Document
    sources: list[Source] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    social_posts: list[SocialPost] = field(default_factory=list)


def plain(obj: Any) -> Any:
    """Dataclass tree to JSON-ready dicts (spans keep their three keys)."""
    return asdict(obj)
