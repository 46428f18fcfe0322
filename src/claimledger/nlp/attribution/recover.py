"""Accurate mode's recovery of cues that decoding left out.

The fused decoding weighs the spaCy tagger as much as the MiniLM, and the rules' filters drop
cues whose words were unreliable on train, so some cues the MiniLM reads with confidence end up
in no attribution (on PolNeAR dev, most gold contents accurate mode misses entirely have no cue
found at all).  For each such cue, the content head is asked where its content lies, with
nothing proposed.  A new attribution is made only when both models are sure: the MiniLM's cue
probability reaches ``min_cue`` on some word of the run, and the head's best span has a
log-probability of at least ``min_score``.  The new content may not touch any word another
attribution already uses, so recovery never nests or overlaps attributions.

The thresholds live in the head's ``content_head.json`` under ``recover``; without that key
nothing is recovered.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

from claimledger.nlp.attribution.accurate import TAGS
from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.attribution.rules import complete_source, is_non_attributive
from claimledger.records import Attribution

_CUE = [TAGS.index("B-CUE"), TAGS.index("I-CUE")]
_SOURCE = [TAGS.index("B-SOURCE"), TAGS.index("I-SOURCE")]
#: a word the MiniLM reads as source at least this probably may name a recovered cue's source
SOURCE_PROB = 0.5
#: where the parse names no source, take the MiniLM's nearest one
SOURCE_FROM_MODEL = True


def role_prob(reading, cols: list[int]) -> np.ndarray:
    """(words,) the MiniLM's probability that each word is in a span of one role."""
    return np.exp(np.asarray(reading.logp, dtype=np.float64)[:, cols]).sum(axis=1)


def nearest_source(doc: Doc, reading, used: np.ndarray, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The run of free words the MiniLM reads as source that lies nearest the cue within the
    cue's sentence, as characters (None if there is none)."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return None
    lo, hi = (span.sent.start_char, span.sent.end_char) if doc.has_annotation("SENT_START") else (0, len(doc.text))
    inside = (reading.start >= lo) & (reading.end <= hi)
    runs = confident_runs(role_prob(reading, _SOURCE), used | ~inside, SOURCE_PROB, SOURCE_PROB)
    if not runs:
        return None
    first = np.searchsorted(reading.start, cue[0])

    def distance(run: tuple[int, int]) -> int:
        return first - run[1] if run[1] < first else run[0] - first

    i, j = min(runs, key=distance)
    return int(reading.start[i]), int(reading.end[j])


def used_words(reading, atts: list[Attribution]) -> np.ndarray:
    """(words,) True where a word overlaps any attribution's cue, content or source."""
    used = np.zeros(len(reading.start), dtype=bool)
    for a in atts:
        for sp in (a.cue, a.content, a.source):
            if sp is not None:
                used |= (reading.start < sp.end) & (reading.end > sp.start)
    return used


def confident_runs(prob: np.ndarray, used: np.ndarray, run: float, peak: float) -> list[tuple[int, int]]:
    """Maximal runs of free words whose probability (of a cue, of a source) is >= ``run`` and
    reaches ``peak`` somewhere, as (first, last) word."""
    out = []
    on = (prob >= run) & ~used
    i, n = 0, len(on)
    while i < n:
        if not on[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and on[j + 1]:
            j += 1
        if prob[i:j + 1].max() >= peak:
            out.append((i, j))
        i = j + 1
    return out


def recover_drafts(doc: Doc, atts: list[Attribution], reading, head) -> list[Draft]:
    """Drafts for confident cues no attribution holds, their contents from the head; the source
    comes from the parse as for any model cue without one (``rules.complete_source``).  What the
    rules call non-attributive ("a video showing ...") is left out, as from every other draft."""
    settings = getattr(head, "recover", None)
    if not settings or reading.states is None or not len(reading.start):
        return []
    cue_prob = role_prob(reading, _CUE)
    used = used_words(reading, atts)
    runs = confident_runs(cue_prob, used, settings["cue_run"], settings["min_cue"])
    answers = head.find(reading, runs)
    drafts = []
    # most confident first, so two runs never share a content
    for (cs, ce), (i, j, score) in sorted(zip(runs, answers, strict=True), key=lambda x: -x[1][2]):
        if score < settings["min_score"] or used[i:j + 1].any() or used[cs:ce + 1].any():
            continue
        cue = (int(reading.start[cs]), int(reading.end[ce]))
        draft = Draft(cue=cue, contents=[(int(reading.start[i]), int(reading.end[j]))])
        if is_non_attributive(doc, draft):  # the rules' filter, as for every other draft
            continue
        # the cue, its content and what lies between are this attribution's now
        used[min(cs, i):max(ce, j) + 1] = True
        draft = complete_source(doc, draft)
        if draft.source is None and SOURCE_FROM_MODEL:
            draft.source = nearest_source(doc, reading, used, cue)
            if draft.source is not None:  # a tagged source, completed as the model's are
                draft = complete_source(doc, draft)
        if draft.source is not None:
            used |= (reading.start < draft.source[1]) & (reading.end > draft.source[0])
        drafts.append(draft)
    return drafts
