"""Claims: each proposition the document puts forward, with certainty, hedges, quantities and dates.

Two sources of claims:

* every attribution's content ("Zelenskyy announced [the capture of two
  soldiers]"), attributed to that attribution; nested attributions ("the
  ministry said the governor had said ...") each give a claim, and
  ``source_chain`` lists the attribution ids from the outermost to the one
  the claim belongs to;
* what the writer asserts in their own voice: the parts of each sentence not
  covered by an attribution's source, cue or content (attribution_id None).

A claim is split where it coordinates propositions that differ in figures
("300 were killed and 2,700 injured"), in polarity ("believed X and did not
know Y"), or that have subjects of their own, and multi-sentence contents
are split by sentence: one proposition per claim is what a fact-checker
can weigh.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.nlp.base import Component
from claimledger.nlp.certainty import assess, find_hedges, link_disputes
from claimledger.nlp.dates import DateMention, ensure_published, resolve_dates
from claimledger.nlp.extensions import doc_text, get_list
from claimledger.records import Attribution, Claim, Quantity, Span

_TRIM = " \t\n\r,;:.\"'“”‘’()[]—–-"
_LEAD_WORDS = {"and", "but", "or", "while", "whereas", "yet", "that"}
_TAIL_WORDS = {"and", "but", "or", "while", "whereas", "yet"}
_MIN_WORDS = 3


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip punctuation and leading conjunctions from ``[start, end)``."""
    while True:
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        word_end = start
        while word_end < end and text[word_end].isalpha():
            word_end += 1
        if word_end < end and text[start:word_end].lower() in _LEAD_WORDS and text[word_end] in " ,":
            start = word_end
            continue
        word_start = end
        while word_start > start and text[word_start - 1].isalpha():
            word_start -= 1
        if word_start > start and text[word_start:end].lower() in _TAIL_WORDS and text[word_start - 1] in " ,":
            end = word_start
            continue
        return start, end


def source_chain(att: Attribution, attributions: list[Attribution]) -> list[str]:
    """Attribution ids from the outermost to ``att``, following parent_id (or, failing that, containment)."""
    by_id = {a.id: a for a in attributions}
    chain = [att.id]
    seen = {att.id}
    cur = att
    while True:
        parent = by_id.get(cur.parent_id) if cur.parent_id else _container(cur, attributions)
        if parent is None or parent.id in seen:
            break
        chain.append(parent.id)
        seen.add(parent.id)
        cur = parent
    return chain[::-1]


def _container(att: Attribution, attributions: list[Attribution]) -> Attribution | None:
    """The smallest other attribution whose content holds this one's cue and content."""
    lo = min(s.start for s in (att.cue, att.content) if s is not None)
    hi = max(s.end for s in (att.cue, att.content) if s is not None)
    best = None
    for other in attributions:
        if other is att:
            continue
        c = other.content
        if c.start <= lo and hi <= c.end and (c.end - c.start) > (att.content.end - att.content.start):
            if best is None or (c.end - c.start) < (best.content.end - best.content.start):
                best = other
    return best


# --------------------------------------------------------------------------- splitting

def _tokens(doc: Doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand")


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences, computed once per doc (``Token.sent`` rescans the whole doc)."""
    cached = doc.user_data.get("cl_sentence_bounds")
    if cached is None:
        cached = [(s.start, s.end) for s in doc.sents]
        doc.user_data["cl_sentence_bounds"] = cached
    return cached


def _has_neg(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _own_subject(tok: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children)


def _split(doc: Doc, start: int, end: int, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` into sentences, then at coordinated predicates that are separate propositions."""
    parts: list[tuple[int, int]] = []
    span = _tokens(doc, start, end)
    if span is None or len(span) == 0:
        return [(start, end)]
    cuts: set[int] = {doc[a].idx for a, _ in sentence_bounds(doc) if span.start < a < span.end}
    for v in span:
        if v.dep_ != "conj" or v.pos_ not in {"VERB", "AUX"} or v.head.pos_ not in {"VERB", "AUX", "ADJ"}:
            continue
        h = v.head
        if not (span.start <= h.i < span.end) or h.i > v.i:
            continue
        right_lo, right_hi = v.left_edge.idx, v.right_edge.idx + len(v.right_edge)
        if right_lo <= max(start, h.idx):
            continue
        right_q = [q for q in quantities if right_lo <= q.span.start and q.span.end <= right_hi]
        left_q = [q for q in quantities if start <= q.span.start < right_lo]
        figures = bool(right_q) and bool(left_q)
        polarity = _has_neg(h) != _has_neg(v)
        clauses = _own_subject(h) and _own_subject(v)
        if figures or polarity or clauses:
            cuts.add(right_lo)
    bounds = [start, *sorted(c for c in cuts if start < c < end), end]
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        s, e = _trim(doc_text(doc), lo, hi)
        if e > s:
            parts.append((s, e))
    return parts or [(start, end)]


# --------------------------------------------------------------------------- writer's voice

def _writer_spans(doc: Doc, attributions: list[Attribution]) -> list[tuple[int, int]]:
    """Stretches of each sentence no attribution covers that still assert something (have a verb)."""
    covered: list[tuple[int, int]] = []
    for a in attributions:
        for s in (a.content, a.source, a.cue, *a.fragments):
            if s is not None:
                covered.append((s.start, s.end))
    covered.sort()
    inside_tok = bytearray(len(doc))
    for s, e in covered:
        sp = doc.char_span(s, e, alignment_mode="expand")
        if sp is not None:
            inside_tok[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
    out = []
    for a, b in sentence_bounds(doc):
        run: list[Token] = []
        runs: list[list[Token]] = []
        for tok in doc[a:b]:
            if inside_tok[tok.i]:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(tok)
        if run:
            runs.append(run)
        for r in runs:
            words = [t for t in r if t.is_alpha]
            verbs = [t for t in r if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod"}]
            if len(words) < _MIN_WORDS or not verbs:
                continue
            if all(t.lower_ in {"according", "to", "citing", "as", "per"} or not t.is_alpha for t in verbs):
                continue
            s, e = _trim(doc_text(doc), r[0].idx, r[-1].idx + len(r[-1]))
            if e > s:
                out.append((s, e))
    return out


# --------------------------------------------------------------------------- assembly

def _innermost(claims: list[Claim], start: int, end: int) -> Claim | None:
    inside = [c for c in claims if c.span.start <= start and end <= c.span.end]
    return min(inside, key=lambda c: c.span.end - c.span.start) if inside else None


def build_claims(doc: Doc, attributions: list[Attribution], quantities: list[Quantity], published: str | None,
                 dates: list[DateMention] | None = None, sources=None) -> list[Claim]:
    """All claims of ``doc`` in text order, ids c1, c2, ..."""
    text = doc_text(doc)
    raw: list[tuple[int, int, Attribution | None, list[str]]] = []
    for att in attributions:
        chain = source_chain(att, attributions)
        pieces = [att.content, *att.fragments] if att.fragments else [att.content]
        for piece in pieces:
            for s, e in _split(doc, piece.start, piece.end, quantities):
                raw.append((s, e, att, chain))
    for s0, e0 in _writer_spans(doc, attributions):
        for s, e in _split(doc, s0, e0, quantities):
            raw.append((s, e, None, []))
    # one claim per span and attribution, in text order (outer before inner at the same start)
    seen = set()
    raw.sort(key=lambda r: (r[0], -r[1]))
    hedges = find_hedges(text)
    quiet = [(q.span.start, q.span.end) for q in quantities]
    claims: list[Claim] = []
    for s, e, att, chain in raw:
        key = (s, e, att.id if att else None)
        if key in seen or e <= s:
            continue
        seen.add(key)
        certainty, hedge_spans = assess(doc, s, e, hedges, att, quiet)
        claims.append(Claim(id=f"c{len(claims) + 1}", span=Span.of(text, s, e),
                            attribution_id=att.id if att else None, certainty=certainty,
                            hedges=hedge_spans, source_chain=list(chain)))
    for q in quantities:
        home = _innermost(claims, q.span.start, q.span.end)
        if home is not None:
            home.quantity_ids.append(q.id)
            approx = _approximation(text, q)
            if approx is not None and approx not in home.hedges:
                home.hedges.append(approx)
    for d in dates if dates is not None else resolve_dates(doc, published):
        home = _innermost(claims, d.span.start, d.span.end)
        if home is not None:
            home.dates.append(d.to_dict())
    for c in claims:
        c.hedges.sort()
    link_disputes(doc, claims, attributions, sources or [])
    return claims


def _approximation(text: str, q: Quantity) -> Span | None:
    """The bound or approximation words of a quantity ('approximately' in 'approximately 300')."""
    if not q.approximate:
        return None
    s = q.span.start
    i = s
    while i < q.span.end and not (text[i].isdigit() or text[i] in "$€£¥₴₽₩"):
        i += 1
    words = text[s:i].strip()
    if not words or i >= q.span.end:
        return None
    return Span.of(text, s, s + len(text[s:i].rstrip()))


class ClaimBuilder(Component):
    def __call__(self, doc: Doc) -> Doc:
        ensure_published(doc)
        dates = resolve_dates(doc)
        doc._.cl_dates = dates
        doc._.cl_claims = build_claims(
            doc, get_list(doc, "cl_attributions"), get_list(doc, "cl_quantities"), doc._.cl_published,
            dates=dates, sources=get_list(doc, "cl_sources"),
        )
        return doc
