"""Gold articles as scraped datasets print them: no commas, no apostrophes, one line.

Conflict datasets built by scraping (FA-KES is one: 804 Syrian war reports) often lose
punctuation on the way: their text has no comma, no apostrophe ("Syrias", "countrys"), no
curly quotation mark and no line break.  A user who feeds such text to claimledger meets a
parse and a tagger trained on clean prose, and the commas are exactly where the clean text
marks a trailing speaker ("..., the monitor said").  ``claimledger eval attribution --scraped``
scores the same gold articles after this loss, so that robustness is measured instead of
guessed.  The gold offsets move with the text; a span keeps the characters that survive.
"""

from __future__ import annotations

from bisect import bisect_left

from claimledger.eval.attribution import GoldDoc

#: characters dropped, and characters replaced (curly quotes become the straight one)
DROPPED = frozenset(",'\u2018\u2019")
REPLACED = {"\u201c": '"', "\u201d": '"', "\n": " ", "\r": " ", "\t": " "}


def scrape(text: str) -> tuple[str, list[int]]:
    """The degraded text, and for each kept character its offset in the original."""
    out: list[str] = []
    kept: list[int] = []
    for i, ch in enumerate(text):
        if ch in DROPPED:
            continue
        ch = REPLACED.get(ch, ch)
        if ch == " " and out and out[-1] == " ":
            continue  # a dropped line break must not leave two spaces where there was one
        out.append(ch)
        kept.append(i)
    return "".join(out), kept


def _move(kept: list[int], start: int, end: int) -> tuple[int, int] | None:
    """New offsets of the kept characters of ``[start, end)``; None if none survive."""
    s = bisect_left(kept, start)
    e = bisect_left(kept, end)
    return (s, e) if e > s else None


def _frags(kept: list[int], frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [m for m in (_move(kept, s, e) for s, e in frags) if m is not None]


def scraped(doc: GoldDoc) -> GoldDoc:
    """``doc`` with its text degraded as above and every gold span moved with it."""
    text, kept = scrape(doc.text)
    spans = {role: [f for f in (_frags(kept, frags) for frags in lists) if f]
             for role, lists in doc.spans.items()}
    links = []
    for link in doc.links:
        moved = {role: _frags(kept, frags) for role, frags in link.items()}
        moved = {role: frags for role, frags in moved.items() if frags}
        if moved:
            links.append(moved)
    return GoldDoc(doc.name, text, spans, links)


def _gets_copy(i: int, every: int) -> bool:
    """Whether training article ``i`` also comes as scraped text, for one article in ``every``.
    Articles go by pairs (2k, 2k+1), so that both halves of train (article i in half i % 2, as
    the trainers split it) get their share of scraped copies."""
    return every > 0 and (i // 2) % every == 0


def with_scraped_copies(golds: list[GoldDoc], every: int) -> list[GoldDoc]:
    """``golds`` followed by a scraped copy of one article in ``every`` (its first annotator's
    version), for training: a tagger that has read some scraped text copes better with it."""
    if every <= 0:
        return list(golds)
    firsts: dict[str, GoldDoc] = {}
    for g in golds:
        firsts.setdefault(g.name, g)
    return list(golds) + [scraped(g) for i, g in enumerate(firsts.values()) if _gets_copy(i, every)]
