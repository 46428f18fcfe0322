"""A faster matcher for spaCy's attribute ruler, with the same results.

The sm pipeline's attribute ruler maps tags to parts of speech and morphology with 179 token
patterns, nearly all of one token.  spaCy runs them through its general ``Matcher``, which tries
every pattern at every token (several with Python-level predicates) and then builds a ``Span``
per match: 0.86-0.91 s of CPU for 21,208 words of PolNeAR dev, about a tenth of the bare sm
pipeline's time in the same runs.  Here
each pattern is filed under the tag or word its first token requires, so a token is checked
only against the patterns that could match it; the matches are then applied in the ruler's own
order (by pattern number, later rules winning) with spaCy's own ``set_token_attrs``.

Only patterns this module understands are compiled (plain values, ``IN``, ``NOT_IN`` and
``REGEX`` on ``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE``; no operators).  A ruler with any other
pattern keeps spaCy's matcher.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: the token attributes patterns may test, read once per document with ``Doc.to_array``
#: (string attributes as their string-store hashes, IS_SPACE as 0 / 1)
ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _columns(doc: Doc) -> dict[str, list[int]]:
    return dict(zip(ATTRS, doc.to_array(list(ATTRS)).reshape(len(doc), len(ATTRS)).T.tolist(), strict=True))


def _value(attr: str, v) -> int:
    return int(v) if attr == "IS_SPACE" else get_string_id(v)


class Unsupported(ValueError):
    """A pattern the fast matcher does not compile."""


#: a compiled test: (attribute, kind, argument), kind one of "eq", "in", "not_in", "regex"
Test = tuple[str, str, object]


def _test(attr: str, value) -> Test:
    if attr not in ATTRS:
        raise Unsupported(attr)
    if isinstance(value, dict):
        if len(value) != 1:
            raise Unsupported(value)
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN"):
            return attr, op.lower(), frozenset(_value(attr, v) for v in arg)
        if op == "REGEX" and attr != "IS_SPACE":
            return attr, "regex", re.compile(arg)
        raise Unsupported(op)
    if isinstance(value, (str, bool)):
        return attr, "eq", _value(attr, value)
    raise Unsupported(value)


def _token_tests(spec: dict) -> tuple[Test, ...]:
    if not spec or "OP" in spec:
        raise Unsupported(spec)
    return tuple(_test(attr, value) for attr, value in spec.items())


def _passes(cols: dict[str, list], i: int, tests: tuple[Test, ...], strings: StringStore) -> bool:
    for attr, kind, arg in tests:
        v = cols[attr][i]
        if kind == "eq":
            if v != arg:
                return False
        elif kind == "in":
            if v not in arg:
                return False
        elif kind == "not_in":
            if v in arg:
                return False
        elif arg.search(strings[v]) is None:
            return False
    return True


#: attributes a pattern is filed under, most selective first
_KEY_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")


def _keys(spec: dict) -> list[tuple[str, int]] | None:
    """Values a token must have for this first-token spec to match, to file the pattern under
    (None: file it where every token looks)."""
    for attr in _KEY_ATTRS:
        value = spec.get(attr)
        if isinstance(value, (str, bool)):
            return [(attr, _value(attr, value))]
        if isinstance(value, dict) and list(value) == ["IN"]:
            return [(attr, _value(attr, v)) for v in value["IN"]]
    return None


class FastRules:
    """The compiled patterns of one attribute ruler."""

    def __init__(self, ruler: AttributeRuler):
        self.by_key: dict[tuple[str, int], list[tuple[int, tuple]]] = {}
        self.anywhere: list[tuple[int, tuple]] = []
        for i, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                entry = (i, tuple(_token_tests(spec) for spec in pattern))
                keys = _keys(pattern[0])
                if keys is None:
                    self.anywhere.append(entry)
                else:
                    for key in dict.fromkeys(keys):
                        self.by_key.setdefault(key, []).append(entry)
        self.key_attrs = [a for a in _KEY_ATTRS if any(k[0] == a for k in self.by_key)]
        self.attrs = ruler.attrs
        self.indices = ruler.indices

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(pattern number, start, end) of every match, in the order the ruler applies them."""
        n = len(doc)
        cols = _columns(doc)
        strings = doc.vocab.strings
        found: set[tuple[int, int, int]] = set()
        by_key, anywhere = self.by_key, self.anywhere
        keyed = [(attr, cols[attr]) for attr in self.key_attrs]
        for i in range(n):
            groups = [by_key.get((attr, col[i])) for attr, col in keyed]
            groups.append(anywhere)
            for entries in groups:
                if not entries:
                    continue
                for number, tests in entries:
                    end = i + len(tests)
                    if end <= n and all(_passes(cols, i + k, t, strings) for k, t in enumerate(tests)):
                        found.add((number, i, end))
        return sorted(found)

    def apply(self, doc: Doc) -> Doc:
        for number, start, end in self.matches(doc):
            index = self.indices[number]
            k = start + index if index >= 0 else end + index
            if not start <= k < end:
                raise ValueError(f"attribute rule {number}: index {index} outside a match of {end - start} tokens")
            set_token_attrs(doc[k], self.attrs[number])
        return doc


def _fast_call(self, doc: Doc) -> Doc:
    error_handler = self.get_error_handler()
    try:
        return self.fast_rules.apply(doc)
    except Exception as e:  # same contract as spaCy's own __call__
        return error_handler(self.name, self, [doc], e)


def speed_up_attribute_ruler(nlp: Language) -> bool:
    """Swap the fast matcher into ``nlp``'s attribute ruler when all its patterns compile.
    Returns whether it did."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    pipe = nlp.get_pipe("attribute_ruler")
    if not isinstance(pipe, AttributeRuler) or "fast_rules" in pipe.__dict__:
        return False
    try:
        rules = FastRules(pipe)
    except Unsupported:
        return False
    pipe.__class__ = type("Fast" + type(pipe).__name__, (type(pipe),), {"__call__": _fast_call})
    pipe.fast_rules = rules
    return True
