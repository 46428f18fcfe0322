"""How sure the text is of a claim: certain, probable, possible, unverified, disputed or negated.

Three kinds of evidence, all vocabulary in ``data/hedges.json``:

* hedge phrases anywhere in the claim, or in the source and cue that frame it
  ("reportedly", "could not be verified", "is believed to", "according to
  unverified reports");
* the attribution: its stance (deny, belief, question, ...) and its cue verb
  ("suspect" is weaker than "believe", "claim" keeps a distance);
* the grammar of the claim's main predicates: a modal ("may have been
  killed") or a negation ("has not confirmed", "no casualties were reported").

When several apply, the strongest in ``order`` wins.  :func:`link_disputes`
then looks across claims: a denial or a "could not be verified" aimed at
another source's claim marks that claim disputed or unverified and records
who disputes it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

import regex
from spacy.tokens import Doc, Token

from claimledger.records import Attribution, Claim, Source, Span


@dataclass(frozen=True)
class Hedge:
    start: int
    end: int
    certainty: str


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    raw = json.loads(resources.files("claimledger").joinpath("data/hedges.json").read_text("utf-8"))
    alternation = []
    # "{be}" in a pattern is the data's copula with an optional adverb ("are still believed
    # to", "have been widely reported to"), written once instead of in every passive hedge
    macros = raw.get("macros", {})
    for certainty, patterns in raw["patterns"].items():
        for i, pat in enumerate(patterns):
            for name, value in macros.items():
                pat = pat.replace("{" + name + "}", value)
            alternation.append((f"{certainty}_{i}", pat))
    # longest alternatives first, so 'could not be verified' beats 'could'
    alternation.sort(key=lambda kv: -len(kv[1]))
    # the ``regex`` engine runs this 70-way alternation three times as fast as ``re`` (same
    # matches on PolNeAR dev); it is a dependency of dateparser anyway
    raw["_regex"] = regex.compile(
        r"\b(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in alternation) + r")\b", regex.I)
    raw["_not_negation"] = re.compile(r"\b(?:" + "|".join(map(re.escape, raw["not_negation"])) + r")\b", re.I)
    raw["_rank"] = {c: i for i, c in enumerate(raw["order"])}
    return raw


def find_hedges(text: str) -> list[Hedge]:
    """Every hedge phrase in ``text`` (one regex pass; matches do not overlap)."""
    lx = lexicon()
    out = []
    for m in lx["_regex"].finditer(text):
        name = m.lastgroup or ""
        out.append(Hedge(m.start(), m.end(), name.rsplit("_", 1)[0]))
    return out


def _masks(text: str, hedges: list[Hedge]) -> list[tuple[int, int]]:
    spans = [(h.start, h.end) for h in hedges]
    spans += [m.span() for m in lexicon()["_not_negation"].finditer(text)]
    return spans


def _masked(tok: Token, masks: list[tuple[int, int]]) -> bool:
    return any(s <= tok.idx < e for s, e in masks)


def predicates(doc: Doc, start: int, end: int) -> list[Token]:
    """The main predicates of a character range: tokens whose head lies outside it, and their verb conjuncts."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    roots = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
    out = []
    for r in roots:
        if r.pos_ in {"PUNCT", "SPACE"}:
            continue
        fronted = [c for c in r.children if c.dep_ == "ccomp" and c.i < r.i and c.i >= span.start]
        if fronted and r.i > fronted[0].right_edge.i:
            r = fronted[0]  # "X was not carried out by Y, the ministry said": judge X, not "said"
        out.append(r)
        out.extend(c for c in r.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and c.i < span.end)
    return out


def _negated(doc: Doc, preds: list[Token], masks) -> bool:
    negators = set(lexicon()["negators"])
    verbal = [p for p in preds if p.pos_ in {"VERB", "AUX", "ADJ"}] or preds
    if not verbal:
        return False
    for p in verbal:
        neg = any(c.dep_ == "neg" and not _masked(c, masks) for c in p.children)
        if not neg and p.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}:
            # a nominal claim, e.g. the subject of "No casualties were reported", is negated by
            # its own determiner or is a negator itself ("nothing", "none")
            neg = not _masked(p, masks) and (p.lower_ in negators or any(
                d.dep_ == "det" and d.lower_ == "no" and not _masked(d, masks) for d in p.children))
        if not neg:
            for c in p.children:
                if c.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"}:
                    if c.lower_ in negators and not _masked(c, masks):
                        neg = True
                    elif any(d.dep_ == "det" and d.lower_ == "no" and not _masked(d, masks) for d in c.children):
                        neg = True
        if not neg:
            return False  # one positive predicate is enough for the claim to assert something
    return True


def _modal(preds: list[Token], masks) -> str | None:
    modals = lexicon()["modals"]
    for p in preds:
        for c in p.children:
            if c.tag_ == "MD" and c.lower_ in modals and not _masked(c, masks):
                return modals[c.lower_]
    return None


def assess(doc: Doc, start: int, end: int, hedges: list[Hedge], attribution: Attribution | None = None,
           quiet: list[tuple[int, int]] = ()) -> tuple[str, list[Span]]:
    """Certainty of the claim at ``[start, end)`` and the hedge spans that support it.

    ``quiet`` are character ranges whose words are not negations or modals (quantity
    spans: the "no" of "no fewer than 300").
    """
    lx = lexicon()
    from claimledger.nlp.extensions import doc_text

    text = doc_text(doc)
    frames = [(start, end)]
    if attribution is not None:
        # the frame runs from the source through the cue to the content: "according to unverified
        # estimates", "is said to", "Unconfirmed reports suggest"
        parts = [s for s in (attribution.source, attribution.cue, attribution.content) if s is not None]
        frames.append((min(s.start for s in parts), max(s.end for s in parts)))
    found = [h for h in hedges if any(s <= h.start and h.end <= e for s, e in frames)]
    votes = [h.certainty for h in found]
    spans = [Span.of(text, h.start, h.end) for h in found]
    if attribution is not None:
        cue_lemma = _cue_lemma(doc, attribution)
        votes.append(lx["cues"].get(cue_lemma) or lx["stance"].get(attribution.stance, "certain"))
        cue = _cue_token(doc, attribution)
        if cue is not None and any(c.dep_ == "neg" for c in cue.children):
            # "Kyiv has not confirmed the figures" leaves them unverified; "did not say that" negates
            votes.append("unverified" if cue_lemma in {"confirm", "verify", "corroborate"} else "negated")
    in_claim = [h for h in hedges if start <= h.start and h.end <= end]
    masks = [(h.start, h.end) for h in in_claim] + list(quiet)
    masks += [(start + a, start + b) for a, b in _masks(text[start:end], [])]
    preds = predicates(doc, start, end)
    modal = _modal(preds, masks)
    if modal:
        votes.append(modal)
    if _negated(doc, preds, masks):
        votes.append("negated")
    rank = lx["_rank"]
    best = min(votes, key=lambda c: rank[c]) if votes else "certain"
    return best, spans


def _cue_token(doc: Doc, att: Attribution) -> Token | None:
    if att.cue is None:
        return None
    span = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    for t in span:
        if t.pos_ in {"VERB", "NOUN", "AUX"}:
            return t
    return span[0]


def _cue_lemma(doc: Doc, att: Attribution) -> str | None:
    tok = _cue_token(doc, att)
    return tok.lemma_.lower() if tok is not None else None


# --------------------------------------------------------------------------- disputes across claims

def _overlap_words(a: str, b: str) -> float:
    stop = {"the", "a", "an", "of", "to", "in", "on", "and", "had", "has", "have", "that", "its", "their", "was",
            "were", "is", "are", "been", "be", "by", "for", "with", "at", "it", "they", "he", "she"}
    wa = {w for w in re.findall(r"[a-z0-9']+", a.lower()) if w not in stop}
    wb = {w for w in re.findall(r"[a-z0-9']+", b.lower()) if w not in stop}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _reference(doc: Doc, claim: Claim) -> tuple[str, str | None, str | None] | None:
    """If the claim is about another claim ('the information', 'Zelenskyy's offer'): (noun, kind, owner)."""
    refs = lexicon()["reference_nouns"]
    span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        if t.lower_ in refs and t.pos_ in {"NOUN", "PRON", "DET"} and t.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "ROOT", "attr"}:
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            return t.lower_, refs[t.lower_], owner.text if owner is not None else None
    return None


def _sentence_reference(doc: Doc, claim: Claim) -> tuple[str | None, str | None]:
    """A possessed reference noun elsewhere in the claim's sentence ('declined to comment on X's offer')."""
    refs = lexicon()["reference_nouns"]
    sent = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if sent is None:
        return None, None
    from claimledger.nlp.claims import sentence_bounds

    i = sent[0].i
    a, b = next(((a, b) for a, b in sentence_bounds(doc) if a <= i < b), (sent.start, sent.end))
    for t in doc[a:b]:
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        if owner is not None and t.lower_ in refs:
            return refs[t.lower_], owner.text
        if owner is not None and t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ == "compound" and c.lower_ in refs:
                    return refs[c.lower_], owner.text
    return None, None


def link_disputes(doc: Doc, claims: list[Claim], attributions: list[Attribution], sources: list[Source]) -> None:
    """Mark claims that another claim denies or calls unverified, and record who does (``disputed_by``)."""
    lx = lexicon()
    by_id = {a.id: a for a in attributions}
    source_names = {s.id: s.name.lower() for s in sources}
    deny_verbs = set(lx["deny_verbs"])
    rank = lx["_rank"]

    def speaker(c: Claim) -> str | None:
        att = by_id.get(c.attribution_id) if c.attribution_id else None
        if att is None:
            return None
        if att.source_id and att.source_id in source_names:
            return source_names[att.source_id]
        return att.source.text.lower() if att.source is not None else None

    def mark(target: Claim, by: Claim, certainty: str) -> None:
        if by.id not in target.disputed_by:
            target.disputed_by.append(by.id)
        if rank[certainty] < rank[target.certainty]:
            target.certainty = certainty

    # a claim nested in a denial ("the military disputed that the governor had said X") is disputed
    for c in claims:
        for outer_id in c.source_chain[:-1]:
            outer = by_id.get(outer_id)
            if outer is None or not (outer.stance in {"deny", "question"}
                                     or (_cue_lemma(doc, outer) or "") in deny_verbs):
                continue
            holder = next((o for o in claims if o.attribution_id == outer_id and o is not c
                           and o.span.start <= c.span.start and c.span.end <= o.span.end), None)
            if holder is not None:
                mark(c, holder, "disputed")
    for d in claims:
        att = by_id.get(d.attribution_id) if d.attribution_id else None
        denies = att is not None and (att.stance in {"deny", "question"}
                                      or (_cue_lemma(doc, att) or "") in deny_verbs)
        unverifies = any(h.text and re.search(r"verif|confirm|corroborat", h.text, re.I) for h in d.hedges) \
            and d.certainty == "unverified"
        writer_denial = _writer_denial(doc, d)
        if writer_denial and att is not None:
            # "Russia claimed X, a statement Ukraine denied": the denial sits inside the claim it denies
            d.certainty = "disputed" if rank["disputed"] < rank[d.certainty] else d.certainty
            continue
        if not (denies or unverifies or writer_denial):
            continue
        effect = "disputed" if denies or writer_denial else "unverified"
        me = speaker(d)
        ref = _reference(doc, d)
        earlier = [c for c in claims if c.span.end <= d.span.start and c is not d
                   and not (c.span.start <= d.span.start and d.span.end <= c.span.end)]
        if ref is None and not writer_denial:
            # a denied proposition: find the same proposition asserted by someone else
            others = [c for c in claims if c is not d and speaker(c) != me and c.attribution_id != d.attribution_id
                      and not _nested(c, d) and _overlap_words(c.span.text, d.span.text) >= 0.6]
            for t in others:
                mark(t, d, effect)
            continue
        kind, owner = (ref[1], ref[2]) if ref else (None, None)
        if owner is None:
            skind, owner = _sentence_reference(doc, d)
            kind = kind or skind
        candidates = [c for c in earlier if speaker(c) != me or me is None]
        if d.attribution_id:
            candidates = [c for c in candidates if c.attribution_id != d.attribution_id]
        if owner:
            owned = [c for c in candidates if speaker(c) and owner.lower().rstrip("'s’") in speaker(c)]
            candidates = owned or candidates
        if kind == "figure":
            candidates = [c for c in candidates if c.quantity_ids] or candidates
        elif kind in {"propose", "deny"}:
            candidates = [c for c in candidates if by_id.get(c.attribution_id or "") is not None
                          and by_id[c.attribution_id].stance == kind] or candidates
        if candidates:
            mark(candidates[-1], d, effect)


def _nested(a: Claim, b: Claim) -> bool:
    return (a.span.start <= b.span.start and b.span.end <= a.span.end) or \
        (b.span.start <= a.span.start and a.span.end <= b.span.end)


def _writer_denial(doc: Doc, claim: Claim) -> bool:
    """'..., a statement Ukraine denied': a deny verb in the writer's voice whose object refers to a claim."""
    strong = set(lexicon()["writer_deny_verbs"])
    refs = lexicon()["reference_nouns"]
    span = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if span is None:
        return False
    for t in span:
        if t.lemma_.lower() in strong and t.pos_ == "VERB":
            if t.dep_ == "relcl" and t.head.lower_ in refs:
                return True
            if any(c.dep_ == "dobj" and c.lower_ in refs for c in t.children):
                return True
        # the parser often misreads "a figure Kyiv disputes"; read the surface too: a reference
        # noun, a short subject, a finite deny verb
        if t.lower_ in refs and t.pos_ == "NOUN":
            for k in range(t.i + 1, min(t.i + 5, span.end)):
                w = doc[k]
                low = w.lower_
                finite = not low.endswith("ing") and (low in strong or low.rstrip("sd") in strong
                                                      or low[:-1] in strong or low[:-2] in strong)
                if finite and k > t.i + 1:
                    return True
                if w.pos_ not in {"PROPN", "PRON", "DET", "AUX"} and low not in {"that", "which"} \
                        and not (w.pos_ in {"NOUN", "ADJ"} and w.text[:1].isupper()):
                    break
    return False
