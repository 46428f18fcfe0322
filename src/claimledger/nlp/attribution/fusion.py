"""Accurate mode reads with two taggers at once: the MiniLM and the small spaCy tagger.

The two models err differently: the MiniLM knows more words and sees 256 wordpieces of
context, the spaCy tagger was trained on the sm tokens and its transition system never leaves
a span half open.  Accurate mode therefore decodes the spaCy tagger's greedy pass with each
move scored by both: the equal-weight sum of the two models' log-probabilities (a product of
experts).  On PolNeAR dev the fused reading beat the MiniLM's own Viterbi decoding on every
role (exact F1 81.1 / 75.7 / 66.2 against 80.8 / 74.2 / 64.7); weights 0.4 to 0.6 for the
spaCy tagger all gave cue 75.6-75.7, so the untuned 0.5 is kept.

The MiniLM gives BIO log-probabilities per word of its own pre-tokenizer; the spaCy tagger
moves over sm tokens with BILUO moves.  :func:`move_log_probs` maps one onto the other: a
token takes the log-probabilities of the MiniLM word it starts (inside a word, its B- mass
counts as I-), and whether a span goes on after the token (B-, I-) or stops there (L-, U-)
is read from the next token's I- probability.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
from spacy.tokens import Doc

from claimledger.nlp.attribution.accurate import TAGS, AccurateTagger, load_accurate_tagger
from claimledger.nlp.attribution.reread import READING_KEY
from claimledger.nlp.attribution.tagger import AttributionTagger, Tagged, load_tagger
from claimledger.nlp.extensions import doc_text

#: the spaCy tagger's share of each move's score (the MiniLM has the rest)
WEIGHT = 0.5
#: floor under a probability before its log is taken (a model's "never" stays finite)
_FLOOR = 1e-6
#: what a token no MiniLM word covers gets: almost surely outside any span
_UNCOVERED = np.array([0.97] + [0.005] * (len(TAGS) - 1))


def token_tag_probs(token_starts: np.ndarray, word_start: Sequence[int], word_end: Sequence[int],
                    word_logp: np.ndarray) -> np.ndarray:
    """(tokens, TAGS) BIO probabilities per spaCy token, from the MiniLM word holding its
    first character.  A token that starts inside a word continues whatever the word is in."""
    n = len(token_starts)
    out = np.tile(_UNCOVERED, (n, 1))
    if not len(word_start) or not n:
        return out
    ws = np.asarray(word_start)
    we = np.asarray(word_end)
    k = np.searchsorted(ws, token_starts, side="right") - 1
    covered = (k >= 0) & (k < len(word_logp))
    kk = np.clip(k, 0, max(len(word_logp) - 1, 0))
    covered &= token_starts < we[kk]
    probs = np.exp(np.asarray(word_logp, dtype=np.float64)[kk])
    inside = covered & (ws[kk] != token_starts)
    for role in ("SOURCE", "CUE", "CONTENT"):
        b, i = TAGS.index("B-" + role), TAGS.index("I-" + role)
        probs[inside, i] += probs[inside, b]
        probs[inside, b] = 0.0
    out[covered] = probs[covered]
    return out / out.sum(axis=1, keepdims=True)


def move_log_probs(tag_probs: np.ndarray, move_names: Sequence[str]) -> np.ndarray:
    """(tokens, moves) log-probabilities of each BILUO move from per-token BIO probabilities."""
    n = len(tag_probs)
    logp = np.log(np.maximum(tag_probs, _FLOOR))
    # per role: log P(the next token continues it) and log P(it stops here)
    tails = {}
    for role in ("SOURCE", "CUE", "CONTENT"):
        go_on = np.append(tag_probs[1:, TAGS.index("I-" + role)], 0.0)
        tails[role] = (np.log(np.maximum(go_on, _FLOOR)), np.log(np.maximum(1.0 - go_on, _FLOOR)))
    out = np.full((n, len(move_names)), np.log(_FLOOR), dtype=np.float32)
    for j, name in enumerate(move_names):
        if name == "O":
            out[:, j] = logp[:, 0]
            continue
        prefix, _, role = name.partition("-")
        if role not in tails:
            continue  # spaCy's label-less U- move: never taken
        head = logp[:, TAGS.index(("B-" if prefix in "BU" else "I-") + role)]
        out[:, j] = head + tails[role][0 if prefix in "BI" else 1]
    return out


class FusedTagger:
    """Drop-in for :class:`AttributionTagger` (``tag_many``, ``shares_tensor_with``) that
    decodes the spaCy tagger's moves with the MiniLM's log-probabilities added."""

    def __init__(self, spacy_tagger: AttributionTagger, minilm: AccurateTagger, weight: float = WEIGHT,
                 keep_reading: bool = True):
        self.spacy = spacy_tagger
        self.minilm = minilm
        self.weight = weight
        #: leave the MiniLM's reading (with its word vectors) on each Doc for the content head
        #: (``reread.py``); trainers that only want the tags turn it off to spare the memory
        self.keep_reading = keep_reading

    def shares_tensor_with(self, nlp) -> bool:
        return self.spacy.shares_tensor_with(nlp)

    def tag_many(self, docs: Iterable[Doc], share_tensor: bool = False) -> list[list[Tagged]]:
        docs = list(docs)
        moves = self.spacy.move_names
        extra = []
        readings = self.minilm.read([doc_text(d) for d in docs], states=self.keep_reading)
        for doc, reading in zip(docs, readings, strict=True):
            starts = np.array([t.idx for t in doc], dtype=np.int64)
            extra.append(move_log_probs(token_tag_probs(starts, reading.start, reading.end, reading.logp), moves))
            if self.keep_reading:  # the component pops it once it has decoded (reread.py)
                doc.user_data[READING_KEY] = reading
        return self.spacy.tag_many_with(docs, extra, self.weight, share_tensor=share_tensor)

    def __call__(self, doc: Doc) -> list[Tagged]:
        return self.tag_many([doc])[0]


@functools.lru_cache(maxsize=2)
def load_fused_tagger(model_path: str | None = None) -> FusedTagger | AccurateTagger:
    """Accurate mode's tagger: the packaged MiniLM fused with the spaCy tagger at ``model_path``
    (default: the packaged one), or the MiniLM alone if no spaCy tagger is installed there.
    Raises ``AccurateModeUnavailable`` without the extra."""
    minilm = load_accurate_tagger()
    spacy_tagger = load_tagger(model_path)
    return minilm if spacy_tagger is None else FusedTagger(spacy_tagger, minilm)
