"""Accurate mode's second look at each content: where does *this* cue's content lie?

The taggers label words without knowing which cue a content belongs to, and the
content-boundary model re-chooses edges from hand-made features.  The content head reads the
MiniLM's last-layer word vectors around one cue, with the cue marked and the content the
pipeline proposes marked, and scores every word as that content's first word and as its last.
The best span it finds replaces the proposed content only when it is more probable by a margin
(``ContentHead.margin`` log-probability, from its ``content_head.json``): the head and the
pipeline are each right where the other errs, and the margin keeps the pipeline's reading
where the head is unsure.  Asked with nothing proposed (``ContentHead.find``), it also gives
the contents of cues that decoding left out (``recover.py``).

Network (about 0.7 M weights per head; the ``members`` of ``content_head.json``, whose
log-probabilities are averaged): per word, its vector, the cue's mean
vector, their product, an embedding of its signed distance from the cue, its seven tag
log-probabilities and four marks for the proposed content -> one GELU layer of 256 -> a
bidirectional LSTM of 2 x 128 -> a start score and an end score.  Trained by
``scripts/train_attribution/content_head.py``; figures in the MiniLM's model card.

Imports torch: import it only once accurate mode has checked its extra (``accurate.require``).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from claimledger.nlp.attribution.accurate import TAGS, WordReading, default_model_path
from claimledger.nlp.attribution.minilm import HIDDEN

#: signed-distance buckets (half before the cue, half after; the middle one is the cue itself)
BUCKETS = 40
#: marks for the proposed content: inside it, its first word, its last word, "a proposal exists"
MARKS = 4


def bucket(distance: int) -> int:
    """Bucket of a word's signed distance (in words) from the cue: exact up to 8, then log-spaced."""
    a = abs(distance)
    b = a if a <= 8 else min(8 + int(math.log2(a / 8) * 4), BUCKETS // 2 - 1)
    return BUCKETS // 2 + (b if distance > 0 else -b)


class ContentHeadNet(nn.Module):
    def __init__(self, hidden: int = 256):
        super().__init__()
        self.rel = nn.Embedding(BUCKETS, 32)
        self.inp = nn.Linear(HIDDEN * 3 + 32 + len(TAGS) + MARKS, hidden)
        self.drop = nn.Dropout(0.2)
        self.lstm = nn.LSTM(hidden, hidden // 2, batch_first=True, bidirectional=True)
        self.out = nn.Linear(hidden, 2)

    def forward(self, vecs, logp, rel, cue, marks, mask):
        """(batch, words) start and end scores; ``cue`` and ``mask`` are (batch, words) 0/1."""
        q = (vecs * cue[..., None]).sum(1) / cue.sum(1, keepdim=True).clamp(min=1)
        q = q[:, None].expand_as(vecs)
        x = torch.cat([vecs, q, vecs * q, self.rel(rel), logp, marks], -1)
        x = self.drop(nn.functional.gelu(self.inp(x)))
        x, _ = self.lstm(x)
        o = self.out(self.drop(x)).masked_fill(~mask[..., None], -1e4)
        return o[..., 0], o[..., 1]


#: one question to the head: the cue's first and last word, and the proposed content's first and
#: last word (None: where is this cue's content, with nothing proposed)
Query = tuple[int, int, tuple[int, int] | None]


def word_range(reading: WordReading, start: int, end: int) -> tuple[int, int] | None:
    """First and last word overlapping the characters [start, end)."""
    idx = np.nonzero((reading.start < end) & (reading.end > start))[0]
    return (int(idx[0]), int(idx[-1])) if len(idx) else None


def batch(readings: Sequence[WordReading], queries: Sequence[tuple[int, Query]], window: int):
    """Tensors for (document index, query) pairs: each query sees ``window`` words either side of
    its cue.  Returns the tensors and each query's first word."""
    spans = []
    for d, (cs, ce, _) in queries:
        n = len(readings[d].start)
        spans.append((max(0, cs - window), min(n, ce + 1 + window)))
    b, width = len(queries), max(hi - lo for lo, hi in spans)
    vecs = torch.zeros(b, width, HIDDEN)
    logp = torch.zeros(b, width, len(TAGS))
    rel = torch.full((b, width), BUCKETS // 2, dtype=torch.long)
    cue = torch.zeros(b, width)
    marks = torch.zeros(b, width, MARKS)
    mask = torch.zeros(b, width, dtype=torch.bool)
    for r, ((d, (cs, ce, prop)), (lo, hi)) in enumerate(zip(queries, spans, strict=True)):
        rd = readings[d]
        vecs[r, :hi - lo] = torch.from_numpy(np.asarray(rd.states[lo:hi], dtype=np.float32))
        logp[r, :hi - lo] = torch.from_numpy(np.asarray(rd.logp[lo:hi], dtype=np.float32))
        pos = np.arange(lo, hi)
        dist = np.where(pos < cs, pos - cs, np.where(pos > ce, pos - ce, 0))
        rel[r, :hi - lo] = torch.tensor([bucket(int(x)) for x in dist])
        cue[r, cs - lo:ce + 1 - lo] = 1
        mask[r, :hi - lo] = True
        if prop is not None:
            ps, pe = max(prop[0], lo) - lo, min(prop[1], hi - 1) - lo
            marks[r, :hi - lo, 3] = 1
            if ps <= pe:
                marks[r, ps:pe + 1, 0] = 1
                if prop[0] >= lo:
                    marks[r, ps, 1] = 1
                if prop[1] < hi:
                    marks[r, pe, 2] = 1
    return (vecs, logp, rel, cue, marks, mask), [lo for lo, _ in spans]


def member_file(k: int) -> str:
    """File of the k-th head of an ensemble (the first keeps the single head's name)."""
    return "content_head.safetensors" if k == 0 else f"content_head.{k}.safetensors"


def best_span(start: np.ndarray, end: np.ndarray) -> tuple[int, int, float]:
    """(i, j, log-probability) of the best span i <= j under independent start and end scores."""
    best_start = np.maximum.accumulate(start)
    # where the running maximum first rises to its value at j: the best start for an end at j
    rises = start > np.concatenate(([-np.inf], best_start[:-1]))
    arg = np.maximum.accumulate(np.where(rises, np.arange(len(start)), 0))
    total = best_start + end
    j = int(total.argmax())
    return int(arg[j]), j, float(total[j])


class ContentHead:
    """The trained head with its settings; ``reread`` answers queries for one document."""

    def __init__(self, path: str | Path | None = None):
        from safetensors.torch import load_file

        path = Path(path) if path else default_model_path()
        meta = json.loads((path / "content_head.json").read_text(encoding="utf-8"))
        self.window = int(meta["window"])
        self.margin = float(meta["margin"])
        #: when a cue the decoding left out is recovered (``recover.py``); absent: never
        self.recover: dict[str, float] | None = meta.get("recover")
        self.nets = []
        for name in meta.get("members", [member_file(0)]):
            net = ContentHeadNet(int(meta.get("hidden", 256)))
            net.load_state_dict({k: v.float() for k, v in load_file(str(path / name)).items()})
            self.nets.append(net.eval())

    def scores(self, tensors) -> tuple[np.ndarray, np.ndarray]:
        """(queries, words) start and end log-probabilities: the heads' mean, renormalised."""
        starts = ends = 0
        with torch.inference_mode():
            for net in self.nets:
                s, e = net(*tensors)
                starts = starts + torch.log_softmax(s, -1) / len(self.nets)
                ends = ends + torch.log_softmax(e, -1) / len(self.nets)
            return torch.log_softmax(starts, -1).numpy(), torch.log_softmax(ends, -1).numpy()

    def _answers(self, reading: WordReading, queries: list[tuple[int, Query]]
                 ) -> list[tuple[int, int, float, float]]:
        """Per query: the best span (first and last word), its log-probability, and the
        proposal's (-inf without one)."""
        tensors, firsts = batch([reading], queries, self.window)
        starts, ends = self.scores(tensors)
        out = []
        for (_, (_, _, pw)), lo, s, e in zip(queries, firsts, starts, ends, strict=True):
            i, j, score = best_span(s, e)
            proposed = -math.inf
            if pw is not None and 0 <= pw[0] - lo <= pw[1] - lo < len(s):
                proposed = float(s[pw[0] - lo] + e[pw[1] - lo])
            out.append((lo + i, lo + j, score, proposed))
        return out

    def reread(self, reading: WordReading, pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]]
               ) -> list[tuple[int, int, float] | None]:
        """For each (cue, proposed content) character range: the head's best content as characters
        with how much more probable it is than the proposal (None where a range covers no word)."""
        queries, where = [], []
        for k, (cue, content) in enumerate(pairs):
            cw, pw = word_range(reading, *cue), word_range(reading, *content)
            if cw is not None and pw is not None:
                queries.append((0, (cw[0], cw[1], pw)))
                where.append(k)
        out: list[tuple[int, int, float] | None] = [None] * len(pairs)
        if not queries or reading.states is None:
            return out
        for k, (i, j, score, proposed) in zip(where, self._answers(reading, queries), strict=True):
            out[k] = (int(reading.start[i]), int(reading.end[j]), score - proposed)
        return out

    def find(self, reading: WordReading, cues: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
        """For each cue given as its first and last word, with no content proposed: the head's
        best content as (first word, last word, log-probability)."""
        if not cues or reading.states is None:
            return []
        return [(i, j, score) for i, j, score, _ in
                self._answers(reading, [(0, (cs, ce, None)) for cs, ce in cues])]


@functools.lru_cache(maxsize=2)
def load_content_head(path: str | None = None) -> ContentHead | None:
    """The packaged content head (None if the model directory has none)."""
    base = Path(path) if path else default_model_path()
    if not (base / "content_head.safetensors").exists():
        return None
    return ContentHead(base)
