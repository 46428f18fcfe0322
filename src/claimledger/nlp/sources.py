"""Who speaks: one Source per speaker, with every mention of it in the document.

The attribution component gives each act of reporting a source span (the
mention at that place: "Ukrainian President Volodymyr Zelenskyy", "He",
"The Kremlin").  Here we

1. add the ``social_post`` attributions of embedded posts (the attribution
   component runs before us and knows nothing of signatures) and drop rule
   attributions that misread a signature line as a speaker;
2. run the rule-based coreference of :mod:`claimledger.nlp.coref` over the
   whole document, so a speaker's mentions include every "Zelenskyy", "he" or
   "the president", not only those at attributions;
3. keep the chains that hold at least one attribution source and turn them
   into :class:`Source` records: canonical name, type, affiliation, role,
   description (for anonymous sources), mentions; and set each
   attribution's ``source_id``.

Canonical name: a person's fullest proper name without titles (titles go to
``role``); a body's fullest named mention without a leading "the"; for
unnamed sources the introducing noun phrase ("One soldier"; "The other"
becomes "the other soldier" when the kind is known).
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.base import Component
from claimledger.nlp.coref import Chains, Entity, Mention, resolve, span_mention
from claimledger.nlp.extensions import doc_text, get_list
from claimledger.nlp.social import MATCHES_KEY, PostMatch, find_post_matches, merge_social_attributions
from claimledger.records import Attribution, Source, Span
from claimledger.records.core import trim_offsets

_TRIM = " \t\n\r,.;:\"'“”‘’()[]—–-"
_DESCRIPTION_MAX = 200


def _leading_person(doc: Doc, span) -> int | None:
    """The last token of a person's name that opens a longer source span ("Omar Haddad of the
    Idlib based relief committee told ..."): the person speaks, whatever the parser made
    the head of a comma-less run.  Not a possessor ("John Smith's spokesman")."""
    # read the entity off the token IOB tags: ``span.ents`` builds a Span for every entity in
    # the document on each call, which made this look-up a third of source resolution
    first = doc[span.start]
    if first.ent_iob_ != "B" or first.ent_type_ != "PERSON":
        return None
    end = span.start + 1
    while end < span.end and doc[end].ent_iob_ == "I":
        end += 1
    if end >= span.end or doc[end].tag_ == "POS":
        return None
    head = doc[end - 1].head
    if end <= head.i < span.end:
        return None   # the name modifies what follows: "Barack Obama administration officials"
    return end - 1


def _mention_for(doc: Doc, chains: Chains, start: int, end: int) -> int | None:
    """The mention a source span stands for: the one headed by the span's syntactic root."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span):
        person = _leading_person(doc, span)
        if person is not None and person in chains.by_head:
            return chains.by_head[person]
        root = span.root
        if root.i in chains.by_head:
            return chains.by_head[root.i]
        best = None
        for t in span:
            mi = chains.by_head.get(t.i)
            if mi is None:
                continue
            outside = not (span.start <= t.head.i < span.end) or t.head is t
            if outside:
                return mi
            if best is None:
                best = mi
        if best is not None:
            return best
    mi = chains.by_start.get(start)
    if mi is not None and chains.mentions[mi].end <= end:
        return mi
    return None


RELATIVES = {"which", "who", "that"}


def _antecedent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A relative pronoun source ("the activist group, which said ...") speaks for the noun its
    clause hangs on: that noun phrase's offsets; any other span's own."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in RELATIVES:
        return start, end
    verb = span[0].head
    noun = verb.head
    if verb.dep_ != "relcl" or noun.pos_ not in {"NOUN", "PROPN"}:
        return start, end
    left = noun.left_edge
    return left.idx, noun.idx + len(noun.text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    return trim_offsets(text, start, end, _TRIM)


def _describe(doc: Doc, text_: str, m: Mention) -> str | None:
    """What the text says of an unnamed source: its phrase with modifiers and relative clauses."""
    if m.head < 0:
        return None
    head = doc[m.head]
    lo, hi = head.left_edge.i, head.right_edge.i
    while lo < head.i and doc[lo].dep_ in {"det", "punct"}:
        lo += 1
    start, end = _trim(text_, doc[lo].idx, doc[hi].idx + len(doc[hi]))
    text = " ".join(text_[start:end].split())
    extra = []
    if head.dep_ in {"nsubj", "nsubjpass"}:
        for c in head.head.children:
            if c.dep_ in {"advcl", "prep", "npadvmod"} and c.i != head.i:
                s, e = _trim(text_, c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                clause = " ".join(text_[s:e].split())
                if "anonym" in clause.lower():
                    extra.append(clause)
    out = "; ".join([text, *extra])
    return out[:_DESCRIPTION_MAX] if out else None


def _strip_the(text: str) -> str:
    for art in ("the ", "The "):
        if text.startswith(art) and text[len(art):][:1].isupper():
            return text[len(art):]
    return text


def _name(doc: Doc, text: str, chains: Chains, e: Entity) -> str:
    ms = [chains.mentions[i] for i in e.mentions]
    names = [m for m in ms if m.kind == "name" and m.name]
    if names:
        if e.stype == "person":
            best = max(names, key=lambda m: (len(m.name.split()), len(m.name)))
            return best.name
        best = max(names, key=lambda m: (m.end - m.start, -m.start))
        start = best.start
        if best.head >= 0 and best.name:
            # the proper name, with a possessive country kept ("Ukraine's Special Operations Forces")
            head = doc[best.head]
            start = best.end - len(best.name)
            for c in head.lefts:
                if c.dep_ == "poss" and c.ent_type_ in {"GPE", "ORG", "NORP"} and c.idx >= best.start:
                    start = min(start, c.left_edge.idx)
        s, t = _trim(text, start, best.end)
        return _strip_the(" ".join(text[s:t].split()))
    for m in ms:
        if m.kind in {"nominal", "span"}:
            s, t = _trim(text, m.start, m.end)
            if m.head >= 0:
                # "Sources familiar with the talks" says more than "Sources", within reason
                head = doc[m.head]
                lo, hi = head.left_edge, head.right_edge
                if hi.i - lo.i < 6 and lo.idx >= m.start:
                    s, t = _trim(text, m.start, hi.idx + len(hi))
            return " ".join(text[s:t].split())
    for m in ms:
        if m.kind == "other":
            base = " ".join(text[m.start:m.end].split())
            return f"{base.lower()} {m.noun}" if m.noun else base
    return text[ms[0].start:ms[0].end]


def _source_type(e: Entity) -> str:
    if e.anonymous and not e.has_name:
        return "anonymous"
    if e.stype:
        return e.stype
    return "unknown"


def resolve_sources(doc: Doc, attributions: list[Attribution],
                    matches: list[PostMatch] | None = None) -> list[Source]:
    """Sources for ``attributions`` (whose ``source_id`` this sets), in order of first mention.

    ``matches``: the embedded posts (default: those the social-post component found on ``doc``),
    whose signature lines make no mentions except the author's name.
    """
    if matches is None:
        matches = doc.user_data.get(MATCHES_KEY) or []
    text = doc_text(doc)
    skip = [pm.signature for pm in matches]
    extra = [span_mention(doc, pm.author.start, pm.author.end, person_hint=True, text=text)
             for pm in matches if pm.author is not None and pm.has_text]
    chains = resolve(doc, skip=skip, extra=extra, text=text)
    att_mentions: dict[int, list[Span]] = {}   # mention index -> source spans of attributions there
    att_entity: list[tuple[Attribution, int]] = []
    for att in attributions:
        src = att.source
        if src is None:
            att.source_id = None
            continue
        start, end = _antecedent(doc, src.start, src.end)
        mi = _mention_for(doc, chains, start, end)
        if mi is None:
            mi = chains.add_span(start, end, seg=0)
        att_mentions.setdefault(mi, []).append(src)
        att_entity.append((att, chains.mentions[mi].entity))
    moved = _first_person_to_speaker(att_entity, text)
    speaking = {eid for _, eid in att_entity}
    moved_spans = {sp for spans in moved.values() for sp in spans}
    built: list[tuple[int, int, Source]] = []
    for eid in speaking:
        e = chains.entities[eid]
        spans: list[Span] = []
        spans.extend(moved.get(eid, []))
        for mi in e.mentions:
            if mi in att_mentions:
                spans.extend(s for s in att_mentions[mi] if s not in moved_spans)
            else:
                m = chains.mentions[mi]
                s, t = _trim(text, m.start, m.end)
                if t > s:
                    spans.append(Span.of(text, s, t))
        spans = _dedupe(spans)
        typ = _source_type(e)
        affiliation = e.affiliation or _possessor_affiliation(chains, e)
        description = None
        if typ == "anonymous":
            first = next((chains.mentions[i] for i in e.mentions if chains.mentions[i].anonymous), None)
            if first is not None and first.kind == "other":
                description = _name(doc, text, chains, e)
            else:
                description = _describe(doc, text, first) if first else None
        built.append((spans[0].start if spans else 0, eid, Source(
            id="", name=_name(doc, text, chains, e), type=typ, affiliation=affiliation, role=e.role,
            mentions=spans, description=description)))
    built.sort(key=lambda x: (x[0], x[1]))
    ids: dict[int, str] = {}
    sources = []
    for k, (_, eid, src) in enumerate(built, 1):
        src.id = ids[eid] = f"s{k}"
        sources.append(src)
    for att, eid in att_entity:
        att.source_id = ids[eid]
    return sources


FIRST_PERSON = {"i", "me", "my"}


def _first_person_to_speaker(att_entity: list[tuple[Attribution, int]], text: str) -> dict[int, list[Span]]:
    """"I" as a source inside a quotation or post is whoever is quoted there.

    Re-points such attributions at the innermost enclosing attribution's speaker
    (in place in ``att_entity``); returns the spans moved, by new entity.
    """
    moved: dict[int, list[Span]] = {}
    firsts = [k for k, (a, _) in enumerate(att_entity) if a.source.text.lower() in FIRST_PERSON]
    if not firsts:
        return moved
    outers = [(a, eid) for a, eid in att_entity if a.source.text.lower() not in FIRST_PERSON]
    for k in firsts:
        att, _ = att_entity[k]
        src = att.source
        best = None
        for outer, eid in outers:
            c = outer.content
            if c.start <= src.start and src.end <= c.end and (best is None or c.end - c.start < best[0]):
                best = (c.end - c.start, eid)
        if best is not None:
            att_entity[k] = (att, best[1])
            moved.setdefault(best[1], []).append(src)
    return moved


def _possessor_affiliation(chains: Chains, e: Entity) -> str | None:
    """"Zelensky's office" is on the side its possessor turns out to be on."""
    for mi in e.mentions:
        p = chains.mentions[mi].possessor
        if p >= 0:
            pe = chains.entities[chains.mentions[p].entity]
            if pe is not e and pe.affiliation:
                return pe.affiliation
    return None


def _dedupe(spans: list[Span]) -> list[Span]:
    """Sorted, without duplicates or spans nested in another mention."""
    spans = sorted(set(spans), key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    for s in spans:
        if out and out[-1].start <= s.start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


class SourceResolver(Component):
    def __call__(self, doc: Doc) -> Doc:
        attributions = get_list(doc, "cl_attributions")
        matches = doc.user_data.get(MATCHES_KEY)
        if matches is None and doc._.cl_social_posts is None:
            matches = find_post_matches(doc_text(doc))   # the social-post component did not run
        attributions = merge_social_attributions(doc, attributions, matches or [])
        doc._.cl_sources = resolve_sources(doc, attributions, matches or [])
        doc._.cl_attributions = attributions
        return doc
