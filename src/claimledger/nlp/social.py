"""Embedded social-media posts, as they survive in extracted article text.

When a page embeds a tweet, Telegram message or Instagram post, text
extraction leaves residue with a recognisable shape: the post's text, then a
signature line such as ``— Name (@handle) January 12, 2025``, a
``pic.twitter.com`` link, ``A post shared by Name (@handle)``, ``Posted by
Name on ...`` or a ``t.me/channel/123`` link.  We anchor on those signatures
(regular expressions, one pass over the text) and read the post text from the
lines just above them.

Span convention: ``SocialPost.span`` is the text the author posted, *without*
the signature line and without trailing media links (``pic.twitter.com/...``,
``t.co/...``), which are carried in ``url``.  The signature is where the
attribution of kind ``social_post`` takes its source (the author's name) and
cue (the signature dash, else the handle).  When an embed kept no text at all
(a bare status link, an Instagram caption-less embed), the span is the
signature or link itself and no attribution is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.nlp.extensions import doc_text
from claimledger.records import Attribution, SocialPost, Span

#: doc.user_data key under which the detector leaves its matches for the source resolver.
MATCHES_KEY = "claimledger.social_matches"

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RE = re.compile(
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    rf"(?:(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))",
    re.IGNORECASE,
)
_DASH = r"(?:—|–|-{1,2}|&mdash;)"
# "— Name (@handle) January 12, 2025" (name optional, date optional, status URL optional)
_X_SIG = re.compile(
    rf"^[ \t]*(?P<dash>{_DASH})[ \t]*(?P<name>[^\n(]{{0,120}}?)[ \t]*\((?P<handle>@[A-Za-z0-9_]{{1,30}}"
    rf"(?:\.[A-Za-z0-9-]+)*)\)[ \t]*(?P<rest>[^\n]*)$",
    re.MULTILINE,
)
# Instagram: "A post shared by Name (@handle)" optionally "on Jan 12, 2025 at 3:04pm PST"
_IG_SIG = re.compile(
    r"^[ \t]*A post shared by[ \t]+(?P<name>[^\n(@]{0,120}?)[ \t]*\(?(?P<handle>@[A-Za-z0-9_.]{1,30})\)?"
    r"(?P<rest>[^\n]*)$",
    re.MULTILINE | re.IGNORECASE,
)
_IG_MARKER = re.compile(r"^[ \t]*View this (?:post|profile) on Instagram[ \t]*$", re.MULTILINE | re.IGNORECASE)
# Facebook: "Posted by Name on Sunday, January 12, 2025"
_FB_SIG = re.compile(r"^[ \t]*Posted by[ \t]+(?P<name>[^\n]{1,120}?)[ \t]+on[ \t]+(?P<rest>[^\n]*\d{4})[ \t]*$",
                     re.MULTILINE)
_TG_URL = re.compile(r"(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me)/(?:s/)?(?P<channel>[A-Za-z][A-Za-z0-9_]{3,31})"
                     r"/(?P<num>\d+)(?:\?\S*)?")
_X_STATUS = re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>[A-Za-z0-9_]{1,30})"
                       r"/status(?:es)?/(?P<num>\d{6,20})(?:\?\S*)?")
_MEDIA_LINK = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/[A-Za-z0-9]+")
_LINK_ONLY = re.compile(r"^[ \t]*(?:(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/[A-Za-z0-9]+[ \t]*)+$")

#: posts longer than this are not glued from several lines (a tweet's classic limit)
_LINE_BUDGET = {"x": 280, "bluesky": 300, "telegram": 1000, "instagram": 2200, "facebook": 2200}


@dataclass
class PostMatch:
    """A detected post plus the signature parts the attribution needs."""

    post: SocialPost
    signature: tuple[int, int]          # the signature line (and links) in the text
    author: Span | None = None          # author's display name inside the signature
    cue: Span | None = None             # the signature dash, else the handle
    has_text: bool = True               # False when only a link or signature survived


def _iso(m: re.Match) -> str | None:
    g = m.groupdict()
    try:
        if g["y3"]:
            return datetime(int(g["y3"]), int(g["m3"]), int(g["d3"])).date().isoformat()
        year, month, day = (g["y1"], g["m1"], g["d1"]) if g["y1"] else (g["y2"], g["m2"], g["d2"])
        mon = _MONTHS.get(month.lower().rstrip(".")) or _MONTHS.get(month.lower()[:3])
        return datetime(int(year), mon, int(day)).date().isoformat() if mon else None
    except (ValueError, TypeError):
        return None


def _find_date(s: str) -> str | None:
    m = _DATE_RE.search(s)
    return _iso(m) if m else None


def _snowflake_date(num: str) -> str | None:
    """Tweet ids since late 2010 are Snowflakes: the high bits are a millisecond timestamp."""
    n = int(num)
    if n < 10**17:
        return None
    ms = (n >> 22) + 1288834974657
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).date().isoformat()


def _last(it):
    last = None
    for last in it:  # noqa: B007
        pass
    return last


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _strip_trailing_links(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """Trim media links and whitespace off the end of ``[start, end)``; return the last link seen."""
    link = None
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        seg = text[start:end]
        m = _last(_MEDIA_LINK.finditer(seg))
        if m is None or seg[m.end():].strip():
            break
        link = link or m.group(0)
        end = start + m.start()
    while start < end and text[start].isspace():
        start += 1
    return start, end, link


def _text_above(text: str, sig_start: int, platform: str, floor: int) -> tuple[int, int, str | None]:
    """The post text in the lines just above a signature starting at ``sig_start``.

    Takes the nearest non-empty line (skipping blank and link-only lines), then
    glues earlier lines while they are non-empty and the post stays within the
    platform's usual length.  Never goes above ``floor`` (the previous post's end).
    """
    budget = _LINE_BUDGET.get(platform, 280)
    end = sig_start
    link = None
    # skip blank and link-only lines right above the signature
    while end > floor:
        ls, le = _line_bounds(text, end - 1) if end > 0 else (0, 0)
        line = text[ls:le]
        if not line.strip() or _LINK_ONLY.match(line):
            if _LINK_ONLY.match(line) and link is None:
                link = _MEDIA_LINK.search(line).group(0)
            end = ls
            if ls == 0:
                break
            continue
        break
    if end <= floor:
        return end, end, link
    ls, le = _line_bounds(text, end - 1)
    start = max(ls, floor)
    s, e, lk = _strip_trailing_links(text, start, le)
    link = link or lk
    # Glue earlier lines only when the block is closed by a blank line, a marker or an earlier
    # post within the budget: in single-newline text the line above is the article's own prose.
    length = e - s
    top = start
    while top > floor and top > 0:
        ps, pe = _line_bounds(text, top - 1)
        prev = text[ps:pe]
        if not prev.strip() or _IG_MARKER.match(prev):
            start = top
            break
        length += len(prev) + 1
        if length > budget or ps < floor:
            break
        top = ps
    else:
        if top == floor and floor > 0:
            start = top
    s, e, _ = _strip_trailing_links(text, start, e)
    return s, e, link


def _author(text: str, start: int, end: int) -> Span | None:
    """The display name, choosing the first Latin-script variant of "Name / Ім'я" names."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t,;:":
        end -= 1
    if end <= start:
        return None
    name = text[start:end]
    parts = re.split(r"\s+[/|]\s+", name)
    if len(parts) > 1:
        offset = 0
        for part in parts:
            at = name.index(part, offset)
            offset = at + len(part)
            if re.search(r"[A-Za-z]", part):
                return Span.of(text, start + at, start + at + len(part))
    return Span.of(text, start, end)


def _truncated(s: str) -> bool:
    s = s.rstrip()
    return s.endswith("…") or s.endswith("...")


def _make(text: str, platform: str, span: tuple[int, int], sig: tuple[int, int], author: Span | None,
          handle: str | None, date: str | None, url: str | None, cue: Span | None) -> PostMatch:
    s, e = span
    has_text = e > s
    if not has_text:
        s, e = sig
    body = Span.of(text, s, e)
    post = SocialPost(span=body, platform=platform, author=author.text if author else None, handle=handle,
                      date=date, url=url, truncated=has_text and _truncated(body.text))
    return PostMatch(post=post, signature=sig, author=author, cue=cue, has_text=has_text)


def _x_posts(text: str) -> list[tuple[int, PostMatch]]:
    out = []
    for m in _X_SIG.finditer(text):
        rest = m.group("rest")
        status = _X_STATUS.search(rest)
        date = _find_date(rest) or (_snowflake_date(status.group("num")) if status else None)
        if not (date or status or _DATE_RE.search(rest) or not rest.strip()):
            # "— Name (@handle) and then prose" is not a signature
            continue
        out.append((m.start(), m))
    return out


def find_post_matches(text: str) -> list[PostMatch]:
    """Every embedded post in ``text``, in text order, with its signature parts."""
    anchors: list[tuple[int, str, re.Match]] = []
    for start, m in _x_posts(text):
        anchors.append((start, "x", m))
    for m in _IG_SIG.finditer(text):
        anchors.append((m.start(), "instagram", m))
    for m in _FB_SIG.finditer(text):
        if _find_date(m.group("rest")):
            anchors.append((m.start(), "facebook", m))
    for m in _TG_URL.finditer(text):
        anchors.append((m.start(), "telegram", m))
    for m in _X_STATUS.finditer(text):
        anchors.append((m.start(), "x-status", m))
    anchors.sort(key=lambda a: a[0])

    found: list[PostMatch] = []
    floor = 0          # the text above this offset belongs to an earlier post
    for pos, kind, m in anchors:
        if pos < floor:
            continue   # e.g. a status URL inside a signature already read
        ls, le = _line_bounds(text, pos)
        if kind in {"x", "instagram", "facebook"}:
            sig = (m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), le)
            name = m.group("name")
            author = _author(text, m.start("name"), m.start("name") + len(name)) if name.strip() else None
            handle = m.groupdict().get("handle")
            rest = m.group("rest")
            if kind == "x":
                platform = "bluesky" if "." in handle else "x"
                status = _X_STATUS.search(rest)
                date = _find_date(rest) or (_snowflake_date(status.group("num")) if status else None)
                url = status.group(0) if status else None
                cue = Span.of(text, m.start("dash"), m.end("dash"))
            else:
                platform = kind
                date = _find_date(rest)
                url = None
                cue = Span.of(text, m.start("handle"), m.end("handle")) if handle else None
            lo = floor
            if kind == "instagram":
                # the caption sits between "View this post on Instagram" and the signature, if anywhere
                marker = _last(_IG_MARKER.finditer(text, max(floor, ls - 3000), ls))
                if marker is not None:
                    lo = max(lo, marker.end())
            s, e, link = _text_above(text, sig[0], platform, lo)
            if url is None and link:
                url = link if link.startswith("http") else "https://" + link
            found.append(_make(text, platform, (s, e), sig, author, handle, date, url, cue))
            floor = le
        elif kind == "telegram":
            if text[m.end():le].strip(" \t.,;)]»\"'"):
                continue   # a link in the middle of prose, not an embed
            before = text[ls:m.start()]
            url = m.group(0) if m.group(0).startswith("http") else "https://" + m.group(0)
            handle = "@" + m.group("channel")
            date = _find_date(before) or _find_date(text[m.end():le])
            sig = (m.start(), m.end())
            body = before.rstrip(" \t([—–-:")
            if body.strip() and not _DATE_RE.fullmatch(body.strip()):
                s, e, _ = _strip_trailing_links(text, ls, ls + len(body))
            else:
                s, e, _ = _text_above(text, ls, "telegram", floor)
            found.append(_make(text, "telegram", (max(s, floor), e), sig, None, handle, date, url,
                               Span.of(text, m.start(), m.end())))
            floor = le
        else:  # a bare x.com / twitter.com status link
            if text[m.end():le].strip(" \t.,;)]"):
                continue
            before = text[ls:m.start()].rstrip(" \t([—–-:")
            url = m.group(0) if m.group(0).startswith("http") else "https://" + m.group(0)
            sig = (m.start(), m.end())
            s, e = (ls, ls + len(before)) if before.strip() else (m.start(), m.start())
            s, e, _ = _strip_trailing_links(text, s, e) if e > s else (s, e, None)
            found.append(_make(text, "x", (s, e), sig, None, "@" + m.group("handle"),
                               _snowflake_date(m.group("num")), url, None))
            floor = le
    return found


def find_social_posts(text: str) -> list[SocialPost]:
    """The posts embedded in ``text`` (see the module docstring for the span convention)."""
    return [pm.post for pm in find_post_matches(text)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _fresh_ids(existing: list[Attribution]):
    used = {a.id for a in existing}
    top = max((int(a.id[1:]) for a in existing if a.id[:1] == "a" and a.id[1:].isdigit()), default=0)
    while True:
        top += 1
        if f"a{top}" not in used:
            yield f"a{top}"


def merge_social_attributions(doc: Doc, attributions: list[Attribution],
                              matches: list[PostMatch]) -> list[Attribution]:
    """Add one ``social_post`` attribution per post and clean rule output around signatures.

    A rule attribution whose source lies in a signature line is a misparse of
    the signature: if its cue is after the signature (the parser glued the
    next sentence on), its source is cut back to what follows the signature;
    otherwise it duplicates the post's attribution and is dropped.  Rule
    attributions whose cue lies inside a post's text are nested in the post
    (``parent_id``).
    """
    if not matches:
        return attributions
    text = doc_text(doc)
    kept: list[Attribution] = []
    for att in attributions:
        src = att.source
        sig = next((pm.signature for pm in matches if src is not None
                    and _overlaps((src.start, src.end), _signature_line(text, pm.signature))), None)
        if sig is None:
            kept.append(att)
            continue
        line_end = _signature_line(text, sig)[1]
        if att.cue is not None and att.cue.start >= line_end:
            att.source = _repair_source(doc, line_end, att.cue.start)
            kept.append(att)
        # else: a duplicate of the post's own attribution, dropped
    ids = _fresh_ids(kept)
    for pm in matches:
        if not pm.has_text:
            continue
        att = Attribution(id=next(ids), content=pm.post.span, source=pm.author, cue=pm.cue,
                          kind="social_post", stance="assert", origin="social")
        for other in kept:
            if (other.parent_id is None and other.cue is not None
                    and pm.post.span.start <= other.cue.start < pm.post.span.end):
                other.parent_id = att.id
        kept.append(att)
    return kept


def _signature_line(text: str, sig: tuple[int, int]) -> tuple[int, int]:
    ls, le = _line_bounds(text, sig[0])
    return ls, max(le, sig[1])


def _repair_source(doc: Doc, start: int, end: int) -> Span | None:
    """The source between a signature line and a cue: a short noun phrase, else nothing."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space and not t.is_punct]
    if not toks or len(toks) > 8 or any(t.pos_ in {"VERB", "AUX"} for t in toks):
        return None
    return Span.of(doc_text(doc), toks[0].idx, toks[-1].idx + len(toks[-1]))


class SocialPostDetector(Component):
    def __call__(self, doc: Doc) -> Doc:
        matches = find_post_matches(doc_text(doc))
        doc._.cl_social_posts = [pm.post for pm in matches]
        doc.user_data[MATCHES_KEY] = matches
        return doc
