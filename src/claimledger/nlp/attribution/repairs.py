"""Content repairs for a cue that sits inside its content, learnt on PolNeAR train.

PolNeAR annotates "This campaign, he says, is different" and "which she has said was a mistake"
as one content around the cue (scored as its outer range).  The tagger mostly tags only the part
after the cue.  The parse says when the cue interrupts a clause:

* ``parataxis``: the cue verb is a parenthetical on the content's main verb, so the content
  starts where that verb's clause starts;
* ``relative``: the cue verb is a relative clause whose complement holds the relative pronoun
  ("which she said was ..."), so the content starts at the pronoun.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.nlp.attribution.decode import Draft

ENABLED: dict[str, bool] = {"parataxis": True, "relative": True}
_REL = {"which", "that", "who", "what", "whom"}


def _cue_verb(doc: Doc, draft: Draft) -> Token | None:
    span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
    return verbs[-1] if verbs else None


def _starts_at(draft: Draft, start: int, doc: Doc) -> None:
    s0 = draft.source[0] if draft.source else draft.cue[0]
    if start >= min(s0, draft.cue[0]) or "\n" in doc.text[start:draft.cue[0]]:
        return
    end = max(e for _, e in draft.contents)
    draft.contents = [(start, end)]


def repair(doc: Doc, draft: Draft) -> Draft:
    if draft.origin != "model" or not draft.contents:
        return draft
    if min(s for s, _ in draft.contents) < draft.cue[1]:
        return draft  # the content already reaches before the cue
    verb = _cue_verb(doc, draft)
    if verb is None:
        return draft
    if ENABLED["parataxis"] and verb.dep_ == "parataxis" and verb.head.i > verb.i:
        head = verb.head
        if head.idx >= draft.cue[1] and head.left_edge.i < verb.i:
            _starts_at(draft, head.left_edge.idx, doc)
    elif ENABLED["relative"] and verb.dep_ == "relcl":
        for comp in verb.children:
            if comp.dep_ in {"ccomp", "xcomp"} and comp.i > verb.i:
                first = comp.left_edge
                if first.i < verb.i and first.lower_ in _REL:
                    _starts_at(draft, first.idx, doc)
    return draft
