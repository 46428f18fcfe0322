"""HTML to main text and metadata with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of an HTML page; None when the page has no main text."""
    import trafilatura

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        return None
    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return Extracted(text=text, url=url)
    date = meta.date[:10] if meta.date else None
    return Extracted(text=text, title=meta.title, date=date, author=meta.author, site=meta.sitename, url=meta.url or url)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in text)
