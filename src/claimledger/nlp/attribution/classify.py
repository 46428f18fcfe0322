"""Kind (direct / mixed / indirect / according_to) and stance of an attribution.

Kind comes from quotation marks around and inside the content; stance from the cue's lemmas
(``data/cues.json``) and a few multi-word patterns ("declined to comment", "asked whether").
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.nlp.attribution.lexicon import cue_stances
from claimledger.nlp.extensions import doc_text

OPEN_QUOTES = "\"“‘«"
CLOSE_QUOTES = "\"”’»"
QUOTES = set("\"“”«»")
_NO_COMMENT_OBJ = {"comment", "respond", "answer", "elaborate", "discuss", "confirm", "say", "speak", "reply"}
_QUESTION_WORDS = {"whether", "if", "why", "how", "what", "when", "where", "who", "which"}


def _skip_space_left(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def kind_of(text: str, cue_text: str | None, start: int, end: int) -> str:
    """direct: the content is a quotation; mixed: it contains one; else indirect."""
    if cue_text and cue_text.lower().startswith("according to"):
        return "according_to"
    if "''" in text or "``" in text:  # typewriter quotes (''...'', ``...''), same length
        text = text.replace("''", ' "').replace("``", ' "')
    body = text[start:end]
    before = text[_skip_space_left(text, start) - 1] if _skip_space_left(text, start) > 0 else ""
    after_i = end
    while after_i < len(text) and text[after_i] in " \t,.;:!?":
        after_i += 1
    after = text[after_i] if after_i < len(text) else ""
    starts_q = body[:1] in QUOTES or before in QUOTES
    ends_q = body[-1:] in QUOTES or after in QUOTES or text[end:end + 1] in QUOTES
    inner = sum(ch in QUOTES for ch in body.strip("\"“”«» "))
    if starts_q and ends_q and inner == 0:
        return "direct"
    if starts_q and ends_q:
        return "direct" if inner % 2 == 0 and inner <= 2 and len(body) > 0 else "mixed"
    if inner or starts_q or ends_q:
        return "mixed"
    return "indirect"


def stance_of(doc: Doc, cue: tuple[int, int], content: tuple[int, int] | None) -> str:
    """The stance the cue expresses towards its content."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return "assert"
    lemmas = [t.lemma_.lower() for t in span if not t.is_punct]
    words = [t.lower_ for t in span]
    stances = cue_stances()
    text_after = doc_text(doc)[cue[1]:cue[1] + 40].lower().split()
    # "declined to comment", "refused to answer", "no comment", "did not respond"
    if "comment" in words and ("no" in words or any(stances.get(lem) == "no_comment" for lem in lemmas)):
        return "no_comment"
    if any(stances.get(lem) == "no_comment" for lem in lemmas):
        if set(lemmas) & _NO_COMMENT_OBJ or (text_after[:2] and text_after[0] == "to"
                                               and text_after[1:2] and text_after[1] in _NO_COMMENT_OBJ):
            return "no_comment"
        return "deny"
    if ("not" in words or "n't" in words or "never" in words) and set(lemmas) & {"respond", "reply", "return"}:
        return "no_comment"
    first = text_after[0] if text_after else ""
    if set(lemmas) & {"ask", "wonder", "question", "inquire"}:
        nxt = doc_text(doc)[content[0]:content[0] + 12].lower().split()[:1] if content else []
        if first in _QUESTION_WORDS or (nxt and nxt[0] in _QUESTION_WORDS):
            return "question"
    if "not" in words or "n't" in words:
        if set(lemmas) & {"say", "confirm", "believe", "think"}:
            return "deny" if "confirm" not in lemmas else "other"
    nouns = {"denial": "deny", "proposal": "propose", "suggestion": "propose", "offer": "propose",
             "call": "propose", "demand": "propose", "belief": "belief", "view": "belief",
             "opinion": "belief", "question": "question", "preference": "belief", "hope": "belief",
             "fear": "belief", "plan": "belief", "intention": "belief", "refusal": "deny",
             "request": "propose", "appeal": "propose", "desire": "belief", "wish": "belief",
             "willingness": "belief", "concern": "belief", "confidence": "belief", "doubt": "belief",
             "readiness": "belief", "determination": "belief", "regret": "belief", "optimism": "belief"}
    for tok in span:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
            return nouns[tok.lemma_.lower()]
    for lem in reversed(lemmas):
        if lem in stances:
            return stances[lem]
    for lem in lemmas:
        if lem in nouns:
            return nouns[lem]
    return "assert"
