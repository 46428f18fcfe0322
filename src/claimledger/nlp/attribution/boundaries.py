"""Content boundaries: re-choose where a content starts and ends among plausible token edges.

The tagger finds most contents but often with the wrong edges: it stops a quotation one
sentence short, leaves out the "that"-clause's subject, or runs on into the next clause.
Every such near miss counts as wrong in an exact-span score, and a reader following the
offsets sees a clipped claim.  This module takes the decoded content and lets a small
log-linear model pick its start among candidate token starts (the tagger's own edge, tokens
nearby, sentence and quotation starts, the start of the cue verb's complement) and, separately,
its end among candidate token ends.  The model scores each candidate from features of the
tokens around it; its weights are plain JSON (``models/content_boundaries.json``), learned
on PolNeAR train from the predictions of taggers that had not seen those articles
(``scripts/train_attribution/boundaries.py``), so it learns to correct the errors the
tagger makes on new text rather than the ones it makes on its own training data.
"""

from __future__ import annotations

import bisect
import functools
import json
import operator
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from claimledger.nlp.extensions import doc_text
from claimledger.records.core import trim_offsets

#: tokens either side of the tagger's edge that are candidates
WINDOW = 10
#: sentences before (for a start) or after (for an end) whose edges are candidates
SENTENCES = 3
_OPEN_QUOTES = {'"', "“", "‘", "«", "``", "'"}
_CLOSE_QUOTES = {'"', "”", "’", "»", "''", "'"}


def _first_token(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return doc[span.start] if span is not None and len(span) else None


def _last_token(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(max(char - 1, 0), char, alignment_mode="expand")
    return doc[span.end - 1] if span is not None and len(span) else None


def _word_start(text: str, doc: Doc, i: int) -> int | None:
    """Trimmed start of a candidate beginning at token ``i`` (None if only punctuation follows
    up to the end of the doc).  ``text`` is ``doc.text``, which spaCy rebuilds on every access."""
    s, e = trim_offsets(text, doc[i].idx, len(text))
    return s if e > s else None


def _word_end(text: str, doc: Doc, i: int) -> int | None:
    s, e = trim_offsets(text, 0, doc[i].idx + len(doc[i]))
    return e if e > s else None


@functools.cache
def _bin(n: int) -> str:
    if -3 <= n <= 3:
        return str(n)
    sign = "-" if n < 0 else "+"
    n = abs(n)
    return sign + ("4-6" if n <= 6 else "7-10" if n <= 10 else "11-20" if n <= 20 else "21+")


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(doc))]


def _sentence_of(sents: list[tuple[int, int]], i: int) -> int:
    """Index of the sentence holding token ``i``."""
    return max(bisect.bisect_right(sents, i, key=operator.itemgetter(0)) - 1, 0)


def _sentences_between(sents: list[tuple[int, int]], i: int, j: int) -> int:
    """How many sentences start in ``(min(i, j), max(i, j)]``."""
    lo, hi = min(i, j), max(i, j)
    first = operator.itemgetter(0)
    return bisect.bisect_right(sents, hi, key=first) - bisect.bisect_right(sents, lo, key=first)


class _Cue:
    """What the parse says about a cue: its verb's lemma and where each of the verb's
    dependents begins and ends (PolNeAR's edges often follow them: "called [him a genius]",
    "accused [Holt of being ...]", "said [that ...]")."""

    def __init__(self, doc: Doc, cue: tuple[int, int]):
        span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
        self.lemma = "-"
        self.left: dict[int, str] = {}
        self.right: dict[int, str] = {}
        self.comp_first = self.comp_last = None
        if span is None or not len(span):
            return
        verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
        head = verbs[-1] if verbs else span.root
        self.lemma = head.lemma_.lower() if verbs else "N:" + head.lemma_.lower()
        for child in head.children:
            if span.start <= child.i < span.end or child.dep_ in {"punct", "aux", "neg", "auxpass"}:
                continue
            self.left.setdefault(child.left_edge.i, child.dep_)
            self.right.setdefault(child.right_edge.i, child.dep_)
            if child.dep_ in {"ccomp", "xcomp", "dobj"} and self.comp_first is None:
                self.comp_first, self.comp_last = child.left_edge.i, child.right_edge.i


def start_candidates(doc: Doc, cue: tuple[int, int], start: int, end: int, text: str | None = None,
                     sents: list[tuple[int, int]] | None = None, info: _Cue | None = None) -> dict[int, list[str]]:
    """Candidate content starts (character offsets) with their features.  ``text`` and ``sents``
    may be passed in when known: spaCy rebuilds ``doc.text`` on every access."""
    first = _first_token(doc, start)
    if first is None:
        return {}
    after_cue = start >= cue[1]
    side = "R" if after_cue else "L"
    sents = sents if sents is not None else sentence_bounds(doc)
    info = info if info is not None else _Cue(doc, cue)
    comp_first = info.comp_first if after_cue else None
    cue_tok = _first_token(doc, cue[0])
    cue_end_tok = _last_token(doc, cue[1])
    lo = first.i - WINDOW
    hi = first.i + WINDOW
    idx = set(range(max(lo, 0), min(hi, len(doc) - 1) + 1))
    sid = _sentence_of(sents, first.i)
    for k in range(max(sid - SENTENCES, 0), sid + 1):
        idx.add(sents[k][0])
    if comp_first is not None:
        idx.add(comp_first)
    idx.update(info.left)
    if cue_end_tok is not None and cue_end_tok.i + 1 < len(doc):
        idx.add(cue_end_tok.i + 1)
    text = text if text is not None else doc_text(doc)
    out: dict[int, list[str]] = {}
    for i in sorted(idx):
        if after_cue and cue_end_tok is not None and i <= cue_end_tok.i:
            continue
        if not after_cue and cue_tok is not None and i >= cue_tok.i:
            continue
        s = _word_start(text, doc, i)
        if s is None or s >= end or s in out:
            continue
        tok = _first_token(doc, s)
        if tok is None:
            continue
        out[s] = _start_features(doc, tok, first, side, sents, comp_first, cue_end_tok)
        _cue_features(out[s], info, tok, info.left, tok.i == first.i)
        _quote_features(out[s], text, s, end)
    return out


def _edge_features(tok: Token, nb: Token | None, nb_tag: str, pad: str, d: int, n_sent: int, side: str,
                   boundary: str) -> list[str]:
    """What both edges share: distance from the tagger's edge, the token, its neighbour outside
    the span (``nb_tag`` "p" before a start, "n" after an end) and the sentence boundary."""
    return [
        "bias", "d=" + _bin(d), side + "d=" + _bin(d), "ns=" + str(min(n_sent, 3)),
        "w=" + tok.lower_, "pos=" + tok.pos_, "dep=" + tok.dep_, "tag=" + tok.tag_,
        nb_tag + "w=" + (nb.lower_ if nb is not None else pad),
        nb_tag + "pos=" + (nb.pos_ if nb is not None else pad),
        nb_tag + "dep=" + (nb.dep_ if nb is not None else pad),
        boundary, side + boundary,
    ]


def _start_features(doc: Doc, tok: Token, first: Token, side: str, sents, comp_first, cue_end_tok) -> list[str]:
    prev = doc[tok.i - 1] if tok.i > 0 else None
    d = tok.i - first.i
    n_sent = _sentences_between(sents, tok.i, first.i)
    f = _edge_features(tok, prev, "p", "<s>", d, n_sent, side, "ss" if tok.is_sent_start else "nss")
    if prev is not None:
        if prev.text in _OPEN_QUOTES or "\n" in prev.whitespace_ or "\n" in prev.text:
            f.append("pq" if prev.text in _OPEN_QUOTES else "para")
        f.append("pw+pos=" + prev.lower_ + "|" + tok.pos_)
    if comp_first is not None and tok.i == comp_first:
        f.append("comp")
    if comp_first is not None and prev is not None and prev.i == comp_first:
        f.append("comp+1")
    if cue_end_tok is not None and side == "R":
        f.append("fromcue=" + _bin(tok.i - cue_end_tok.i - 1))
    if d == 0:
        f += ["tagger", "tagger|pw=" + (prev.lower_ if prev is not None else "<s>"), "tagger|pos=" + tok.pos_]
    return f


def end_candidates(doc: Doc, cue: tuple[int, int], start: int, end: int, text: str | None = None,
                   sents: list[tuple[int, int]] | None = None, info: _Cue | None = None) -> dict[int, list[str]]:
    """Candidate content ends (character offsets) with their features."""
    last = _last_token(doc, end)
    if last is None:
        return {}
    before_cue = end <= cue[0]
    side = "L" if before_cue else "R"
    sents = sents if sents is not None else sentence_bounds(doc)
    info = info if info is not None else _Cue(doc, cue)
    comp_last = info.comp_last if not before_cue else None
    cue_tok = _first_token(doc, cue[0])
    idx = set(range(max(last.i - WINDOW, 0), min(last.i + WINDOW, len(doc) - 1) + 1))
    sid = _sentence_of(sents, last.i)
    for k in range(sid, min(sid + SENTENCES, len(sents) - 1) + 1):
        idx.add(sents[k][1] - 1)
    if comp_last is not None:
        idx.add(comp_last)
    idx.update(info.right)
    if cue_tok is not None and cue_tok.i > 0:
        idx.add(cue_tok.i - 1)
    text = text if text is not None else doc_text(doc)
    out: dict[int, list[str]] = {}
    for i in sorted(idx):
        if before_cue and cue_tok is not None and i >= cue_tok.i:
            continue
        e = _word_end(text, doc, i)
        if e is None or e <= start or e in out:
            continue
        if not before_cue and e <= cue[1]:
            continue
        tok = _last_token(doc, e)
        if tok is None:
            continue
        out[e] = _end_features(doc, tok, last, side, sents, comp_last, cue_tok)
        _cue_features(out[e], info, tok, info.right, tok.i == last.i)
        _quote_features(out[e], text, start, e)
    return out


def _end_features(doc: Doc, tok: Token, last: Token, side: str, sents, comp_last, cue_tok) -> list[str]:
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    d = tok.i - last.i
    n_sent = _sentences_between(sents, tok.i, last.i)
    sent_end = nxt is None or nxt.is_sent_start or (nxt.is_punct and (tok.i + 2 >= len(doc) or doc[tok.i + 2].is_sent_start))
    f = _edge_features(tok, nxt, "n", "</s>", d, n_sent, side, "se" if sent_end else "nse")
    if nxt is not None:
        if nxt.text in _CLOSE_QUOTES:
            f.append("nq")
        if "\n" in tok.whitespace_:
            f.append("para")
        f.append("pos+nw=" + tok.pos_ + "|" + nxt.lower_)
        nn = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if nn is not None:
            f.append("nw2=" + nxt.lower_ + "|" + nn.lower_)
    if comp_last is not None and tok.i == comp_last:
        f.append("comp")
    if cue_tok is not None and side == "L":
        f.append("tocue=" + _bin(cue_tok.i - tok.i - 1))
    if d == 0:
        f += ["tagger", "tagger|nw=" + (nxt.lower_ if nxt is not None else "</s>"), "tagger|pos=" + tok.pos_]
    return f


_QUOTE = re.compile(r"“|”|\"|''|``|«|»")


@functools.lru_cache(maxsize=8)
def _quotes(text: str) -> tuple[list[int], list[int]]:
    """Offsets of opening and closing double quotation marks.  A straight or doubled mark
    opens after a space, a line break, a bracket or a dash, and closes anywhere else."""
    opens: list[int] = []
    closes: list[int] = []
    for m in _QUOTE.finditer(text):
        q, i = m.group(), m.start()
        if q in {"“", "``", "«"} or (q in {'"', "''"} and (i == 0 or text[i - 1] in " \n\t([{—–-")):
            opens.append(i)
        else:
            closes.append(i)
    return opens, closes


def _count(marks: list[int], a: int, b: int) -> int:
    return bisect.bisect_left(marks, b) - bisect.bisect_left(marks, a)


def _quote_features(f: list[str], text: str, a: int, b: int) -> None:
    """Whether ``[a, b)`` holds as many closing as opening quotation marks, and whether ``a``
    and ``b`` fall inside a quotation: a content seldom leaves a quotation half open."""
    opens, closes = _quotes(text)
    bal = _count(opens, a, b) - _count(closes, a, b)
    f.append("qb=" + str(max(-1, min(1, bal))))
    f.append("qin=" + str(min(1, max(0, _count(opens, 0, a) - _count(closes, 0, a))))
             + str(min(1, max(0, _count(opens, 0, b) - _count(closes, 0, b)))))
    f.append(f[1] + "|" + f[-2])


def _cue_features(f: list[str], info: _Cue, tok: Token, edges: dict[int, str], tagger: bool) -> None:
    """Features that depend on the cue word: conventions differ by verb."""
    cl = "cl=" + info.lemma
    dep = edges.get(tok.i)
    f += [cl + "|" + f[1], cl + "|pos=" + tok.pos_]
    if dep is not None:
        f += ["edge=" + dep, cl + "|edge=" + dep]
    if tagger:
        f.append(cl + "|tagger")


def _score(weights: dict[str, float], feats: Iterable[str]) -> float:
    # unknown features give None and are skipped; the sum runs in C (refine scores ~20k
    # candidates per 20k words)
    return sum(filter(None, map(weights.get, feats)))


class BoundaryModel:
    """Two weight tables (start, end) over the candidate features above."""

    def __init__(self, start: dict[str, float], end: dict[str, float]):
        self.start = start
        self.end = end

    @classmethod
    def from_disk(cls, path: str | Path) -> BoundaryModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["start"], data["end"])

    def trusting(self, bonus: float) -> BoundaryModel:
        """A copy that gives the tagger's own edge ``bonus`` more log-odds.  The weights learnt
        how far to trust taggers trained on half of train; accurate mode's fused tags find
        better edges than those, so it overrules them less (``ACCURATE_EDGE_TRUST``)."""
        start, end = dict(self.start), dict(self.end)
        start["tagger"] = start.get("tagger", 0.0) + bonus
        end["tagger"] = end.get("tagger", 0.0) + bonus
        return BoundaryModel(start, end)

    def refine(self, doc: Doc, cue: tuple[int, int], start: int, end: int, text: str | None = None,
               sents: list[tuple[int, int]] | None = None) -> tuple[int, int]:
        """The best-scoring (start, end) for a content decoded as ``[start, end)``; the input
        itself whenever the candidates cannot form a valid span on the same side of the cue."""
        text = text if text is not None else doc_text(doc)
        sents = sents if sents is not None else sentence_bounds(doc)
        info = _Cue(doc, cue)   # one parse look-up for both edges
        starts = start_candidates(doc, cue, start, end, text, sents, info)
        ends = end_candidates(doc, cue, start, end, text, sents, info)
        if not starts or not ends:
            return start, end
        # ties keep the tagger's own edge
        s = max(starts, key=lambda c: (_score(self.start, starts[c]), c == start))
        e = max(ends, key=lambda c: (_score(self.end, ends[c]), c == end))
        if e <= s or ((s < cue[1] and cue[0] < e) != (start < cue[1] and cue[0] < end)):
            return start, end
        return s, e


def default_path(stripped: bool = False) -> Path:
    """The packaged model; ``stripped``: the one fitted on text without commas (see
    ``rules.punctuation_stripped``), where a content ends at no comma."""
    name = "content_boundaries_stripped.json" if stripped else "content_boundaries.json"
    return Path(str(resources.files("claimledger").joinpath("models/" + name)))


#: accurate mode's extra trust in its own content edges (log-odds added to the "tagger" feature
#: of both edges).  Chosen on PolNeAR dev: 0, 0.3, 0.6, 1.0, 1.5 and 2.0 gave 1,431, 1,436,
#: 1,437, 1,439, 1,435 and 1,434 exact contents; on the same articles scraped (``eval
#: attribution --scraped``), still read by this model, 0 to 1.5 gave 1,097, 1,103, 1,104, 1,106
#: and 1,102.  The default mode's own tagger gains nothing from it (1,310 at 0 and at 1.0).  The
#: model of text without commas takes no bonus (1,178 exact contents there without, 1,171 with).
ACCURATE_EDGE_TRUST = 1.0


@functools.lru_cache(maxsize=4)
def load_boundaries(path: str | None = None, trust: float = 0.0, stripped: bool = False) -> BoundaryModel | None:
    """The packaged boundary model (or the one at ``path``), its own edges trusted ``trust``
    more (see :meth:`BoundaryModel.trusting`); cached.  ``stripped`` asks for the model of text
    without commas, and falls back to the usual one where that is not installed."""
    p = Path(path) if path else default_path(stripped)
    if path is None and stripped and not p.exists():
        p = default_path()
    if not p.exists():
        return None
    model = BoundaryModel.from_disk(p)
    return model.trusting(trust) if trust else model
