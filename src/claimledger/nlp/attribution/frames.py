"""Cue recall learnt from data: (lemma, part of speech, syntactic frame) -> attribution.

The tagger misses a long tail of cues (mental-state verbs, nouns such as "refusal" or
"statement", verbs with a prepositional content such as "called for").  On PolNeAR train every
verb and noun was keyed by its lemma and frame (what hangs on it: a clause, an object, a
preposition) and counted as gold cue or not (``scripts/train_attribution/frame_stats.py``).
Keys that are a cue in at least ``MIN_PRECISION`` of at least ``MIN_COUNT`` occurrences are
shipped in ``data/attribution_frames.json``; here every token whose key is listed becomes a
rule draft, with its content and source read off the parse.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from importlib import resources

from spacy.tokens import Doc, Token

from claimledger.nlp.attribution.decode import Draft

MIN_PRECISION = 0.5
MIN_COUNT = 4
_CLAUSE = {"ccomp", "xcomp"}
_NOUN_CLAUSE = {"ccomp", "acl", "relcl"}
_CONTENT_PREPS = {"about", "for", "on", "of", "to", "against", "that", "with", "over"}


def _span(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last)


def _subtree(tok: Token) -> tuple[int, int]:
    return _span(tok.left_edge, tok.right_edge)



def _prep_frame(after, prefix: str):
    """A content carried by a preposition after the cue ("warned of ...", "report on ...")."""
    for p in after:
        if p.dep_ == "prep" and p.lower_ in _CONTENT_PREPS:
            pobj = [c for c in p.children if c.dep_ in {"pobj", "pcomp"}]
            if pobj:
                return f"{prefix}_{p.lower_}", _subtree(pobj[0]), p
    return None

def frame_of(tok: Token) -> tuple[str, tuple[int, int] | None, Token] | None:
    """(frame name, content range, last cue token) for a verb or noun, or None if the token
    cannot head an attribution (nothing that could be its content hangs on it)."""
    if tok.pos_ in {"VERB", "AUX"}:
        after = [c for c in tok.children if c.i > tok.i]
        comps = [c for c in after if c.dep_ in _CLAUSE]
        if comps:
            return "clause", (_subtree(comps[0])[0], max(_subtree(c)[1] for c in comps)), tok
        before = [c for c in tok.children if c.dep_ in {"ccomp", "parataxis"} and c.i < tok.i]
        if before:
            return "pre", _subtree(before[-1]), tok
        objs = [c for c in after if c.dep_ == "dobj"]
        if objs:
            return "dobj", _subtree(objs[0]), tok
        return _prep_frame(after, "prep")
    if tok.pos_ == "NOUN":
        after = [c for c in tok.children if c.i > tok.i]
        comps = [c for c in after if c.dep_ in _NOUN_CLAUSE and c.pos_ in {"VERB", "AUX"}
                 and any(x.dep_ in {"aux", "mark"} and x.lower_ in {"to", "that"} for x in c.children)]
        if comps:
            return "nclause", _subtree(comps[0]), tok
        return _prep_frame(after, "nprep")
    return None


def _word_key(tok: Token) -> str:
    return f"{tok.pos_ if tok.pos_ != 'AUX' else 'VERB'}|{tok.lemma_.lower()}"


def key_of(tok: Token, frame: str) -> str:
    return f"{_word_key(tok)}|{frame}"


@functools.lru_cache(maxsize=1)
def _learned_words() -> frozenset[str]:
    """The "POS|lemma" part of the learned frame keys: most tokens of a document can be
    passed over without looking at their dependents."""
    return frozenset(k.rsplit("|", 1)[0] for k in learned_frames())


@functools.lru_cache(maxsize=1)
def learned_frames() -> frozenset[str]:
    path = resources.files("claimledger").joinpath("data/attribution_frames.json")
    if not path.is_file():
        return frozenset()
    raw = json.loads(path.read_text("utf-8"))
    return frozenset(k for k, (hit, n) in raw["frames"].items() if n >= MIN_COUNT and hit / n >= MIN_PRECISION)


def _noun_source(noun: Token) -> Token | None:
    """ "his refusal", "the campaign's statement", "X issued a warning" """
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    return None


_FRAME_POS = frozenset({"VERB", "AUX", "NOUN"})


def frame_drafts(doc: Doc) -> Iterator[Draft]:
    from claimledger.nlp.attribution.rules import mention, subject_of

    keys = learned_frames()
    if not keys:
        return
    words = _learned_words()
    for tok in doc:
        if tok.pos_ not in _FRAME_POS or _word_key(tok) not in words:
            continue
        got = frame_of(tok)
        if got is None:
            continue
        frame, content, last = got
        if key_of(tok, frame) not in keys or content is None:
            continue
        if tok.pos_ == "NOUN":
            src = _noun_source(tok)
            if src is None and tok.dep_ in {"dobj", "pobj"}:
                verb = tok.head if tok.dep_ == "dobj" else tok.head.head
                src = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else None
        else:
            src = subject_of(tok)
        yield Draft(cue=_span(tok, last), source=mention(src) if src is not None else None,
                    contents=[content], origin="rules", nested_ok=True)
