"""Rule-based attribution over the dependency parse.

``extract_attributions(doc)`` is a pure function: Doc in, records out.  It looks
for reporting verbs with a subject (the source) and a clausal or nominal
complement (the content), for "according to X", and for quotations.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.nlp.attribution.lexicon import cue_stances
from claimledger.records import Attribution, Span

SUBJ = {"nsubj", "nsubjpass"}
COMPLEMENT = {"ccomp", "xcomp", "dobj", "advcl", "parataxis"}
_TRIM = " \t\n\r,.;:\"'“”‘’()[]—–-"


def _span(doc: Doc, start: int, end: int) -> Span:
    """Character span trimmed of surrounding whitespace and punctuation."""
    text = doc.text
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span.of(text, start, end)


def _subtree_chars(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJ:
            return child
    # participle clauses ("..., stating that ...") borrow the subject of the verb they hang on
    if verb.dep_ in {"advcl", "conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)
    return None


def _source_span(doc: Doc, subj: Token) -> Span:
    start, end = _subtree_chars(subj)
    return _span(doc, start, end)


def _verb_attributions(doc: Doc) -> Iterator[Attribution]:
    stances = cue_stances()
    for tok in doc:
        if tok.pos_ not in {"VERB", "AUX"} or tok.lemma_.lower() not in stances:
            continue
        stance = stances[tok.lemma_.lower()]
        comps = [c for c in tok.children if c.dep_ in COMPLEMENT]
        if not comps:
            continue
        comp = comps[0]
        if stance == "no_comment":
            if comp.dep_ != "xcomp":
                continue
            cue_end = comp.idx + len(comp)
            start, end = _subtree_chars(comp)
            content = _span(doc, cue_end, end) if end > cue_end else _span(doc, start, end)
        else:
            start, end = _subtree_chars(comp)
            content = _span(doc, start, end)
            cue_end = tok.idx + len(tok)
        if content.end <= content.start:
            continue
        subj = _subject(tok)
        yield Attribution(
            id="",
            content=content,
            source=_source_span(doc, subj) if subj is not None else None,
            cue=_span(doc, tok.idx, cue_end),
            kind="indirect",
            stance=stance,
        )


def _according_to(doc: Doc) -> Iterator[Attribution]:
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if not objs:
                continue
            src = _source_span(doc, objs[0])
            sent: SpacySpan = tok.sent
            if src.end < sent.end_char - 1 and sent.start_char >= tok.idx - 1:
                content = _span(doc, src.end, sent.end_char)
            else:
                content = _span(doc, sent.start_char, tok.idx)
            if content.end <= content.start:
                continue
            yield Attribution(
                id="", content=content, source=src, cue=_span(doc, tok.idx, to.idx + len(to)),
                kind="according_to", stance="assert",
            )


def extract_attributions(doc: Doc) -> list[Attribution]:
    """All attributions found by rules, in text order, with ids a1, a2, ..."""
    found = sorted([*_verb_attributions(doc), *_according_to(doc)], key=lambda a: a.content.start)
    for i, att in enumerate(found, 1):
        att.id = f"a{i}"
    return found
