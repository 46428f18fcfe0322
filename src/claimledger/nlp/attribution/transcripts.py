"""Turns of a transcript: "PENCE: Well, look, ...".

Interviews, debates and press conferences are often printed as turns, each paragraph opened by
the speaker's name in capitals and a colon.  Each turn is an attribution: the label is the
source, the colon the cue, the rest of the paragraph the content (as PolNeAR annotates them).
No reporting verb is involved, so neither the tagger nor the dependency rules see them, and the
tagger tends to run the previous content on into the next turn.

A label counts as a speaker, not as a kicker ("UPDATE:", "EXCLUSIVE:", "VIDEO:"), when the
document has at least two turns of that label, or three turns in all, or the label's last word
is a person the document names elsewhere.  On PolNeAR the contents of such named turns match
the gold in 10 of 12 (train) and 9 of 10 (dev).  "Q:" and "A:" are left alone: the annotators
marked only 15 of the 56 such turns in train, too few to pay for the wrong ones.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.attribution.lexicon import is_kicker
from claimledger.nlp.extensions import doc_text

_WORD = r"[A-Z][A-Z'’.\-]*"
_TURN = re.compile(
    rf"^[ \t]*[\"“]?(?P<source>{_WORD}(?:[ \t]{_WORD}){{0,3}})(?P<cue>:)[ \t]+(?P<content>\S[^\n]*)$",
    re.M)


def _label(source: str) -> str:
    return re.sub(r"\s+", " ", source).strip(" .")


def turns(doc: Doc) -> list[Draft]:
    """One draft per speaker turn of a transcript in the document."""
    text = doc_text(doc)
    found = [m for m in _TURN.finditer(text)
             if not is_kicker(_label(m.group("source"))) and len(_label(m.group("source"))) > 1]
    if not found:
        return []
    counts = Counter(_label(m.group("source")) for m in found)
    people = {t.text.lower() for t in doc if t.ent_type_ == "PERSON"}
    drafts = []
    for m in found:
        label = _label(m.group("source"))
        if counts[label] >= 2 or len(found) >= 3 or label.split()[-1].lower() in people:
            drafts.append(Draft(cue=m.span("cue"), source=m.span("source"), contents=[m.span("content")],
                                origin="transcript"))
    return drafts


def yield_to_turns(drafts: list[Draft], turn_drafts: list[Draft]) -> list[Draft]:
    """Other drafts give way to the turns: a content running into a turn stops before its label,
    and a draft whose cue or source lies in a label is dropped (the turn speaks there)."""
    if not turn_drafts:
        return drafts
    labels = [(t.source[0], t.cue[1]) for t in turn_drafts if t.source is not None]
    out = []
    for d in drafts:
        if any(a <= d.cue[0] < b for a, b in labels):
            continue
        if d.source is not None and any(a < d.source[1] and d.source[0] < b for a, b in labels):
            d.source = None
        contents = []
        for s, e in d.contents:
            cut = min((a for a, _ in labels if s <= a < e), default=None)
            if cut is not None:
                e = cut
            if e > s:
                contents.append((s, e))
        d.contents = contents
        out.append(d)
    return out


def turn_stance(text: str, content_end: int) -> str:
    """A turn asks when it ends in a question mark; otherwise it asserts."""
    return "question" if text[content_end:content_end + 2].lstrip("\"”’ ")[:1] == "?" else "assert"
