"""Content repairs for a cue that sits inside its content, learnt on PolNeAR train.

PolNeAR annotates "This campaign, he says, is different" and "which she has said was a mistake"
as one content around the cue (scored as its outer range).  The tagger mostly tags only the part
after the cue.  The parse says when the cue interrupts a clause:

* ``parataxis``: the cue verb is a parenthetical on the content's main verb, so the content
  starts where that verb's clause starts;
* ``raising``: "Rubio is expected to win", "coal use appears to have declined": no source, the
  subject opens the content;
* ``relative``: the cue verb is a relative clause whose complement holds the relative pronoun
  ("which she said was ..."), so the content starts at the pronoun;
* ``passive``: a passive cue with no agent ("Mr. X was accused of using ...", "He has been
  criticized for ...") reports a clause about its subject, and PolNeAR's content starts there
  (PolNeAR train: 28 more exact contents from the held-out taggers, dev 7);
* ``aside``: whatever the parse says, an attribution set off by commas in mid-sentence ("The
  difference now, he told me on Friday, is that ...") reports the words before it as well.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimledger.nlp.attribution.decode import Draft
from claimledger.nlp.extensions import doc_text

ENABLED: dict[str, bool] = {"parataxis": True, "relative": True, "raising": True, "passive": True,
                            "aside": True}
#: (lemma, subject relation) whose subject belongs to the content when a to-infinitive follows:
#: on PolNeAR train the subject starts a gold content more than 65% of the time it is either a
#: content start or a source (and at least 10 times): "is expected to" 62:2, "appears to"
#: 59:7, "seems to" 48:22
RAISING = {("expect", "nsubjpass"), ("appear", "nsubj"), ("seem", "nsubj"), ("look", "nsubj"),
           ("sound", "nsubj")}
_REL = {"which", "that", "who", "what", "whom"}
#: what follows a raising verb: an infinitive, or (session 10) an adjective or noun ("seems
#: fragile", "looks like a trap"); with "look" and "sound" added, +7 exact contents on PolNeAR
#: train from the held-out half taggers, none on dev
RAISED = {"xcomp", "acomp", "attr", "oprd"}


def _cue_verb(doc: Doc, draft: Draft) -> Token | None:
    span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"}]
    return verbs[-1] if verbs else None


def _starts_at(draft: Draft, start: int, doc: Doc) -> None:
    s0 = draft.source[0] if draft.source else draft.cue[0]
    if start >= min(s0, draft.cue[0]) or "\n" in doc_text(doc)[start:draft.cue[0]]:
        return
    # the piece before the source joins the tagged pieces: the outer range is the content,
    # the pieces its fragments
    draft.contents = [(start, min(s0, draft.cue[0])), *draft.contents]


#: after the cue: its own adjuncts ("me on Friday"), then the comma that closes the aside
_ASIDE_TAIL = re.compile(r"[^.;:!?\n\"“”,]{0,60},\s*")
#: where the sentence holding the aside starts: after a sentence end, a line break or a quotation mark
_SENTENCE_OPEN = re.compile(r"(?:[.!?][\"”’)]?\s+|\n|[\"“”])")


def _aside_start(text: str, draft: Draft) -> int | None:
    """Start of the words before an attribution set off by commas, if the draft is one."""
    start = draft.contents[0][0]
    left = min(draft.source[0], draft.cue[0]) if draft.source else draft.cue[0]
    if not text[:left].rstrip(" ").endswith(",") or not _ASIDE_TAIL.fullmatch(text, draft.cue[1], start):
        return None
    comma = text.rindex(",", 0, left)
    opens = [m.end() for m in _SENTENCE_OPEN.finditer(text, max(0, comma - 300), comma)]
    if not opens:
        return None
    first = opens[-1]
    words = text[first:comma].split()
    if not words or len(words) > 40 or not text[first:first + 1].isupper():
        return None
    return first


def repair(doc: Doc, draft: Draft) -> Draft:
    if draft.origin != "model" or not draft.contents:
        return draft
    if min(s for s, _ in draft.contents) < draft.cue[1]:
        return draft  # the content already reaches before the cue
    verb = _cue_verb(doc, draft)
    if verb is None:
        return draft
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.idx < draft.cue[0]]
    if (ENABLED["passive"] and subj and subj[0].dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in verb.children)
            and (draft.source is None or subj[0].left_edge.idx <= draft.source[0] < draft.cue[0])):
        start = subj[0].left_edge.idx
        if "\n" not in doc_text(doc)[start:draft.cue[0]]:
            draft.source = None
            draft.contents = [(start, draft.cue[0]), *draft.contents]
        return draft
    if (ENABLED["raising"] and subj and (verb.lemma_.lower(), subj[0].dep_) in RAISING
            and any(c.dep_ in RAISED and c.idx >= draft.cue[1] for c in verb.children)):
        start = subj[0].left_edge.idx
        if draft.source is None or start <= draft.source[0] < draft.cue[0]:
            if "\n" not in doc_text(doc)[start:draft.cue[0]]:
                draft.source = None
                draft.contents = [(start, draft.cue[0]), *draft.contents]
        return draft
    if ENABLED["aside"] and len(draft.contents) == 1:
        first = _aside_start(doc_text(doc), draft)
        if first is not None:
            _starts_at(draft, first, doc)
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


_OPEN = "\"\u201c"
_CLOSE = {"\"": "\"", "\u201c": "\u201d"}


def quote_overrun(doc: Doc, draft: Draft) -> Draft:
    """A quotation whose content runs on past its closing mark into the speaker's name.

    Scraped war reports often drop the comma: ``"It is heavy" Omar Haddad of the Idlib based
    committee told reporters`` was tagged as content up to "Idlib" and source "based committee".
    When a content opens with a quotation mark, closes it, and goes on with words before a cue
    that follows it, the quotation is the content and the words after it open the source.
    """
    if len(draft.contents) != 1:
        return draft
    text = doc_text(doc)
    start, end = draft.contents[0]
    if draft.cue[0] < end:
        return draft
    opening = start if start < len(text) and text[start] in _OPEN else start - 1
    while opening >= 0 and text[opening] == " ":
        opening -= 1
    if opening < 0 or text[opening] not in _OPEN:
        return draft
    close = text.find(_CLOSE[text[opening]], opening + 1, end)
    if close < 0 or "\n" in text[close:end]:
        return draft
    rest = text[close + 1:end]
    first = close + 1 + (len(rest) - len(rest.lstrip(" ,")))
    if not any(ch.isalpha() for ch in rest) or not text[first:first + 1].isupper():
        return draft   # only a name opens the source: not "... heavy" and added that ...
    if len(rest.split()) > 12 or any(ch in rest for ch in "\"\u201c\u201d.!?"):
        return draft   # a quotation that goes on, or more than a speaker's name and title
    draft.contents = [(start, close + 1)]
    if draft.source is None or end <= draft.source[0] < draft.cue[0]:
        stop = draft.source[1] if draft.source is not None else end
        draft.source = (first, stop)
    return draft
