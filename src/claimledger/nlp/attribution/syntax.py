"""Parse features for the attribution tagger: what a word's place in the sentence says about it.

Why: the tagger's CNN sees a few words on each side of a token, but whether a token opens or
closes a content is decided further away: by the verb that governs its clause ("said" over a
complement), by whether it sits inside a quotation opened a sentence ago, by whether it is the
last word of that complement.  The sm pipeline has already parsed the text before the tagger
runs, so these facts cost only their lookup.  Each token gets ``N_FEATURES`` hashed ids, embedded
by the tagger (``architectures.py``); a Doc without a parse gets ids that say nothing about its
structure, so the tagger still runs, on its words and quotation marks.

The tagger reads a fresh Doc of the same words (``tagger.py``), not the parsed one: spaCy's entity
transitions refuse to cross a sentence start, and contents cross sentences.  So the features are
computed from the parsed Doc and handed over in the fresh Doc's ``user_data`` under :data:`KEY`.

All ids are uint64 and only need to be stable: they are hashed again by the embedding.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, ORTH, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.api import Model

#: dependency labels that open an embedded clause (a content is often one)
CLAUSAL = ("ccomp", "xcomp", "parataxis", "advcl", "acl", "relcl", "csubj", "pcomp")
#: where a Doc carries features computed from another (parsed) Doc of the same words
KEY = "claimledger_syntax"
#: the name of the layer that reads them (how a loaded tagger tells that it needs them)
LAYER_NAME = "claimledger_syntax_features"
#: features per token, in column order (see :func:`syntax_features`)
NAMES = ("dep", "tag", "head_lemma_dep", "head_dep_side", "quote", "clause_governor",
         "root_branch", "branch_edges", "clause_edges", "sentence_edges")
N_FEATURES = len(NAMES)
#: columns whose values include a lemma (many distinct values: more embedding rows)
LEXICAL = (2, 5, 6)

_ATTRS = [ORTH, TAG, DEP, HEAD, LEMMA, IS_SPACE, SENT_START]
_MIX = numpy.uint64(0x9E3779B97F4A7C15)
# string ids, computed without adding anything to a caller's vocab
_CLAUSAL_IDS = [get_string_id(d) for d in CLAUSAL]
_OPEN = {get_string_id(s) for s in ("“", "«", "``")}
_CLOSE = {get_string_id(s) for s in ("”", "»", "''")}
_TOGGLE = {get_string_id('"')}
_MARKS = list(_OPEN | _CLOSE | _TOGGLE)


def _combine(*cols: numpy.ndarray) -> numpy.ndarray:
    """One uint64 id per row from several uint64 columns (wrapping multiply-xor)."""
    out = numpy.zeros(len(cols[0]), dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        for k, col in enumerate(cols):
            out = (out * _MIX) ^ (col.astype(numpy.uint64) + numpy.uint64(k + 1))
    return out


def _side(rel: numpy.ndarray) -> numpy.ndarray:
    """Where the head lies: 0 self, 1/2/3 left near/mid/far, 4/5/6 right near/mid/far."""
    dist = numpy.abs(rel)
    bucket = numpy.where(dist <= 2, 1, numpy.where(dist <= 6, 2, 3))
    return numpy.where(rel == 0, 0, numpy.where(rel < 0, bucket, bucket + 3)).astype(numpy.uint64)


def _subtree_edges(head: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Leftmost and rightmost token index of each token's subtree (numpy, not Token.left_edge)."""
    n = len(head)
    left = numpy.arange(n)
    right = numpy.arange(n)
    nonroot = head != numpy.arange(n)
    for _ in range(n):
        new_left = left.copy()
        new_right = right.copy()
        numpy.minimum.at(new_left, head[nonroot], left[nonroot])
        numpy.maximum.at(new_right, head[nonroot], right[nonroot])
        if numpy.array_equal(new_left, left) and numpy.array_equal(new_right, right):
            break
        left, right = new_left, new_right
    return left, right


def _quote_state(doc: Doc, orth: numpy.ndarray, is_space: numpy.ndarray) -> numpy.ndarray:
    """0 outside quotation marks, 1 inside, 2 an opening mark, 3 a closing mark; a paragraph
    break closes any quotation (a quote running over paragraphs reopens each one)."""
    marks = numpy.isin(orth, _MARKS)
    breaks = is_space.astype(bool)
    state = numpy.zeros(len(orth), dtype=numpy.uint64)
    inside = False
    last = 0
    for i in numpy.flatnonzero(marks | breaks):
        if inside:
            state[last:i] = 1
        if breaks[i]:
            if "\n" in doc[i].text:
                inside = False
        else:
            o = int(orth[i])
            opening = o in _OPEN or (o in _TOGGLE and not inside)
            state[i] = 2 if opening else 3
            inside = opening
        last = i + 1
    if inside:
        state[last:] = 1
    return state


def syntax_features(doc: Doc) -> numpy.ndarray:
    """``(len(doc), N_FEATURES)`` uint64 ids, columns as in :data:`NAMES`."""
    n = len(doc)
    if n == 0:
        return numpy.zeros((0, N_FEATURES), dtype=numpy.uint64)
    arr = doc.to_array(_ATTRS)
    orth, tag, dep, rel, lemma, is_space, sent_start = (arr[:, k] for k in range(7))
    rel = rel.astype(numpy.int64)
    idx = numpy.arange(n)
    head = idx + rel if doc.has_annotation("DEP") else idx.copy()
    head_lemma = lemma[head]
    head_dep = dep[head]
    # the innermost clause holding each token, and the branch of the sentence root it is on
    clausal = numpy.isin(dep, _CLAUSAL_IDS)
    clause = numpy.full(n, -1)
    cur = idx.copy()
    branch = idx.copy()
    for _ in range(n):
        hit = (clause < 0) & clausal[cur]
        clause[hit] = cur[hit]
        up = head[cur]
        moving = up != cur
        if not moving.any():
            break
        branch = numpy.where(moving, cur, branch)
        cur = up
    root = cur
    left, right = _subtree_edges(head)
    found = clause >= 0
    c = numpy.where(found, clause, idx)  # a token in no embedded clause: its own subtree
    governor = numpy.where(found, lemma[head[c]], 0)
    clause_dep = numpy.where(found, dep[c], 0)
    u = numpy.uint64
    starts = sent_start == 1
    starts[0] = True
    ends = numpy.append(starts[1:], True)
    cols = [
        dep,
        tag,
        _combine(head_lemma, dep),
        _combine(head_dep, _side(rel)),
        _quote_state(doc, orth, is_space),
        _combine(governor, clause_dep, found.astype(u)),
        _combine(lemma[root], numpy.where(root == idx, 0, dep[branch]), (root == idx).astype(u)),
        _combine(dep[branch], (left[branch] == idx).astype(u), (right[branch] == idx).astype(u)),
        _combine(clause_dep, found.astype(u), (left[c] == idx).astype(u), (right[c] == idx).astype(u)),
        _combine(starts.astype(u), ends.astype(u)),
    ]
    return numpy.stack([col.astype(numpy.uint64) for col in cols], axis=1)


def SyntaxFeatures() -> Model:
    """A thinc layer: docs -> one ``(len(doc), N_FEATURES)`` uint64 array per doc (no weights,
    nothing to backpropagate)."""
    return Model(LAYER_NAME, _forward)


def _forward(model: Model, docs: list[Doc], is_train: bool):
    ops = model.ops
    feats = [ops.asarray2i(_features_of(doc), dtype="uint64") for doc in docs]
    return feats, lambda d_feats: []


def _features_of(doc: Doc) -> numpy.ndarray:
    feats = doc.user_data.get(KEY)
    return feats if feats is not None and len(feats) == len(doc) else syntax_features(doc)
