"""Quantities: numbers, what they count and what happened to the counted things.

A fact-checker needs more than "300": that it is *approximately* 300, that it
counts *North Korean soldiers*, and that they were *killed*.  The extractor
works in three passes over the parsed Doc:

1. find number expressions (digits, words, ranges, vague amounts such as
   "dozens") with their bound or approximation words and units;
2. drop the numbers that are not amounts: years, dates, ages, times of day,
   identifiers ("Resolution 2231", "Flight 752"), street numbers, durations,
   calibres and hyphenated compounds ("a five-storey building");
3. read the subject (the counted noun phrase) and the counts (what happened)
   off the dependency parse, borrowing both from a neighbour when the text
   leaves them out ("300 soldiers were killed and 2,700 injured").

All vocabulary lives in ``data/counts_lexicon.json``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.nlp.base import Component
from claimledger.nlp.extensions import doc_text
from claimledger.nlp.numbers import atom_value, combine, lexicon, range_value, scales
from claimledger.records import Quantity, Span

_TIME_OF_DAY = re.compile(r"^\d{1,2}[:.]\d{2}(?:[ap]\.?m\.?)?$|^0\d{3}$|^\d{1,2}[ap]\.?m\.?$", re.I)
_NOUNS = {"NOUN", "PROPN"}
_HYPHENS = {"-", "–", "—"}
_NP_DEPS = {"compound", "amod", "nmod", "punct"}


@dataclass
class _Found:
    """A number expression before interpretation; token indices are [start, end)."""

    start: int            # first token of the number itself
    end: int
    mod_start: int        # first token including bound words and currency symbols
    span_end: int         # last token (exclusive) including unit and trailing bound words
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    unit: str | None = None
    kind: str = "number"  # number, range, vague
    has_modifier: bool = False


@functools.lru_cache(maxsize=1)
def _vocab() -> dict:
    """Lexicon lookups turned into sets and tuples once."""
    lx = lexicon()
    prefix = {tuple(k.split()): v for k, v in lx["prefix_modifiers"].items() if not k.startswith("_")}
    suffix = {tuple(k.split()): v for k, v in lx["suffix_modifiers"].items()}
    vague = {tuple(k.split()): tuple(v) for k, v in lx["vague"].items() if not k.startswith("_")}
    mult = {tuple(k.split()): tuple(v) for k, v in lx["vague_multipliers"].items() if not k.startswith("_")}
    units = {tuple(k.split()): v for k, v in lx["units"].items() if not k.startswith("_")}
    return {
        "prefix": prefix, "prefix_max": max(len(k) for k in prefix),
        "suffix": suffix,
        "vague": vague, "vague_first": {k[0] for k in vague} | {k[0] for k in mult},
        "vague_needs_of": {tuple(k.split()) for k in lx["vague_needs_of"]},
        "mult": mult,
        "units": units, "unit_max": max(len(k) for k in units),
        "currency": lx["currency_symbols"],
        "pounds_currency": set(lx["currency_pounds_before"]),
        "calibre": set(lx["calibre_units"]),
        "scale_suffixes": lx["scale_suffixes"],
        "labels": set(lx["label_nouns"]["words"]),
        "streets": set(lx["street_words"]),
        "time_units": set(lx["time_units"]),
        "months": set(lx["months"]),
        "ages": set(lx["age_words"]),
        "one_not": set(lx["one_not_count"]["words"]),
        "verbs": {k: v for k, v in lx["verbs"].items() if not k.startswith("_")},
        "intransitive": {k: v for k, v in lx["intransitive"].items() if not k.startswith("_")},
        "adjectives": {k: v for k, v in lx["adjectives"].items() if not k.startswith("_")},
        "event_nouns": {k: v for k, v in lx["event_nouns"].items() if not k.startswith("_")},
        "self_nouns": {k: v for k, v in lx["self_counting_nouns"].items() if not k.startswith("_")},
        "toll_verbs": set(lx["toll_verbs"]),
        "containers": set(lx["container_nouns"]),
        "measures": set(lx["measure_nouns"]),
    }


# --------------------------------------------------------------------------- pass 1: find numbers

def _is_scale(tok: Token) -> bool:
    return tok.lower_ in scales()


def _atom_at(doc: Doc, i: int) -> tuple[float, int, bool] | None:
    """A number starting at token i: (value, end, has_scale).  Joins words and scales:
    'twelve thousand', '1.5 million', 'two hundred and fifty', 'twenty-five', 'a dozen', '$5m'."""
    n = len(doc)
    tok = doc[i]
    low = tok.lower_
    parts: list[float | str] = []
    if low in {"a", "an"}:
        if i + 1 < n and _is_scale(doc[i + 1]):
            parts.append(1.0)
            j = i + 1
        else:
            return None
    else:
        v = atom_value(tok.text)
        if v is None:
            return None
        parts.append(v)
        j = i + 1
        # "twenty-five" split by the tokenizer
        if (low in {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
                and j + 1 < n and doc[j].text == "-" and not tok.whitespace_ and not doc[j].whitespace_):
            w = atom_value(doc[j + 1].text)
            if w is not None and 0 < w < 10:
                parts[-1] = v + w
                j += 2
    has_scale = False
    sfx = _vocab()["scale_suffixes"]
    while j < n:
        t = doc[j]
        prev = doc[j - 1]
        if _is_scale(t):
            parts.append(t.lower_)
            has_scale = True
            j += 1
        elif t.lower_ in sfx and not prev.whitespace_ and isinstance(parts[-1], float):
            parts.append(float(sfx[t.lower_]))  # "$5m": a scale glued to the digits
            parts[-2:] = [parts[-2] * parts[-1]]
            has_scale = True
            j += 1
        elif (t.lower_ == "and" and j + 1 < n and parts and isinstance(parts[-1], str)
              and parts[-1] in {"hundred", "thousand"} and doc[j + 1].lower_ in _word_numbers()):
            j += 1  # "two hundred and fifty"
        elif (parts and isinstance(parts[-1], str) and t.lower_ in _word_numbers()
              and atom_value(t.text) is not None):
            parts.append(atom_value(t.text))
            j += 1
        else:
            break
    value = combine(parts)
    if value is None:
        return None
    if atom_value(tok.text) is not None and tok.text[-1:].isalpha() and tok.text[0].isdigit():
        has_scale = True  # "1.2bn"
    return value, j, has_scale


@functools.lru_cache(maxsize=1)
def _word_numbers() -> frozenset[str]:
    from claimledger.nlp.numbers import ONES, TENS

    return frozenset(ONES) | frozenset(TENS)


def _match_phrase(doc: Doc, i: int, table: dict, max_len: int) -> tuple[tuple, int] | None:
    """Longest key of ``table`` (tuples of lower-case words) starting at token i."""
    n = len(doc)
    for size in range(min(max_len, n - i), 0, -1):
        key = tuple(doc[k].lower_ for k in range(i, i + size))
        if key in table:
            return key, i + size
    return None


def _vague_at(doc: Doc, i: int) -> _Found | None:
    """'dozens', 'tens of thousands', 'several hundred', 'a handful': value None, a low and a high."""
    v = _vocab()
    n = len(doc)
    hit = _match_phrase(doc, i, v["mult"], 3)
    if hit:
        key, j = hit
        if j < n and _is_scale(doc[j]) and doc[j].lower_ != "dozen" or (j < n and doc[j].lower_ == "dozen"):
            scale = scales()[doc[j].lower_]
            lo, hi = v["mult"][key]
            return _Found(i, j + 1, i, j + 1, None, lo * scale, hi * scale, True, kind="vague")
    hit = _match_phrase(doc, i, v["vague"], 3)
    if not hit:
        return None
    key, j = hit
    if key in v["vague_needs_of"] and not (key[-1] == "of" or (j < n and doc[j].lower_ == "of")):
        return None
    lo, hi = v["vague"][key]
    if key[-1] == "of":
        j -= 1  # leave "of" to the subject reader
    # "hundreds of millions": a vague plural multiplying a plural scale
    if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in {"thousands", "millions", "billions"}:
        scale = scales()[doc[j + 1].lower_[:-1]]
        lo, hi, j = lo * scale, hi * scale, j + 2
    return _Found(i, j, i, j, None, lo, hi, True, kind="vague")


def _number_at(doc: Doc, i: int) -> _Found | None:
    """A number, or a range of two, starting at token i."""
    n = len(doc)
    tok = doc[i]
    rng = range_value(tok.text)
    if rng:
        lo, hi = rng
        return _Found(i, i + 1, i, i + 1, (lo + hi) / 2, lo, hi, True, kind="range")
    atom = _atom_at(doc, i)
    if atom is None:
        return None
    value, j, scaled = atom
    prev = doc[i - 1].lower_ if i > 0 else ""
    prev2 = doc[i - 2].lower_ if i > 1 else ""
    # ranges: "20-30", "20 to 30", "between 20 and 30", "two or three"
    if j + 1 < n:
        link = doc[j]
        joined = link.text in _HYPHENS and (
            not doc[j - 1].whitespace_ and not link.whitespace_
            or doc[j - 1].text[:1].isdigit() and doc[j + 1].text[:1].isdigit())
        ok = (joined or link.lower_ in {"to", "or"} and prev != "from"
              or link.lower_ == "and" and (prev == "between" or prev2 == "between"))
        if ok:
            second = _atom_at(doc, j + 1)
            if second is not None:
                hv, k, hscaled = second
                lo = value
                if hscaled and not scaled and lo < hv:
                    # "between 1 and 1.5 million", "5-10 million": the scale belongs to both
                    for t in doc[j + 1:k]:
                        if _is_scale(t):
                            lo *= scales()[t.lower_]
                    if lo > hv:
                        lo = value
                if lo < hv and (link.lower_ != "or" or k >= n or doc[k].pos_ in _NOUNS | {"ADJ"}):
                    return _Found(i, k, i, k, (lo + hv) / 2, lo, hv, True, kind="range")
    return _Found(i, j, i, j, value)


def _attach_modifiers(doc: Doc, f: _Found) -> None:
    """Bound and approximation words, currency symbols before; units and 'or more' after."""
    v = _vocab()
    n = len(doc)
    # currency symbol right before the number ("$5 million", "US$5")
    if f.mod_start > 0 and doc[f.mod_start - 1].lower_ in v["currency"]:
        f.unit = v["currency"][doc[f.mod_start - 1].lower_]
        f.mod_start -= 1
    # bound words before, longest first ("more than", "at least", "an estimated")
    start = f.mod_start
    if start > 0 and doc[start - 1].lower_ == "between" and f.kind == "range":
        f.mod_start = start - 1
    else:
        for size in range(min(v["prefix_max"], start), 0, -1):
            key = tuple(doc[k].lower_ for k in range(start - size, start))
            kind = v["prefix"].get(key)
            if kind and kind != "none":
                f.mod_start = start - size
                _apply_bound(f, kind)
                break
    # unit after the number
    end = f.end
    if f.unit is None and end < n:
        hit = _match_phrase(doc, end, v["units"], v["unit_max"])
        if hit:
            key, j = hit
            unit = v["units"][key]
            if unit == "lb" and doc[end - 1].lower_ in v["pounds_currency"] and (j >= n or doc[j].lower_ != "of"):
                unit = "GBP"
            if unit == "KRW" and not (end > 0 and _is_scale(doc[end - 1])):
                unit = None  # "won" is far more often the verb
            if unit:
                f.unit, end = unit, j
        elif doc[end].lower_ == "m" and doc[end - 1].whitespace_:
            f.unit, end = "m", end + 1
        elif (doc[end].text in _HYPHENS and end + 1 < n and not doc[end - 1].whitespace_
              and not doc[end].whitespace_ and (doc[end + 1].lower_,) in v["units"]):
            f.unit, end = v["units"][(doc[end + 1].lower_,)], end + 2  # "a 500-metre stretch"
    # bound words after ("300 or more", "300-plus", "300+")
    if end < n:
        probe = end + 1 if doc[end].text in _HYPHENS and end + 1 < n and doc[end + 1].lower_ == "plus" else end
        hit = _match_phrase(doc, probe, v["suffix"], 2)
        if hit:
            key, j = hit
            _apply_bound(f, v["suffix"][key])
            end = j
    f.span_end = end


def _apply_bound(f: _Found, kind: str) -> None:
    f.approximate = True
    f.has_modifier = True
    if f.kind != "number" or f.value is None:
        return
    if kind == "low":
        f.low = f.value
    elif kind == "high":
        f.high = f.value


# --------------------------------------------------------------------------- pass 2: not amounts

def _next_noun_plural(doc: Doc, j: int) -> bool:
    """Is the token after the number a plural noun ('2000 troops')?"""
    return j < len(doc) and doc[j].tag_ in {"NNS", "NNPS"} and doc[j].lower_ not in _vocab()["time_units"]


def _is_month(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.lower_ in _vocab()["months"]


def _not_an_amount(doc: Doc, f: _Found) -> bool:
    """Years, dates, ages, times, identifiers, street numbers, durations, calibres, compounds."""
    v = _vocab()
    n = len(doc)
    first, last = doc[f.start], doc[f.end - 1]
    after = doc[f.span_end] if f.span_end < n else None
    before = doc[f.mod_start - 1] if f.mod_start > 0 else None
    if f.mod_start > 0 and doc[f.mod_start - 1].text.endswith("=") or (
            f.mod_start > 1 and doc[f.mod_start - 1].text == "=" and doc[f.mod_start - 2].is_alpha):
        return True  # markup such as "[size=dozens]" repeats an amount already given
    if f.kind == "vague":
        return after is not None and after.lower_ in v["time_units"]  # "several days", "a few hours"
    # times of day, TIME entities
    if any(_TIME_OF_DAY.match(t.text) for t in doc[f.start:f.end]) or first.ent_type_ == "TIME":
        return True
    if after is not None and after.lower_ in v["time_units"]:
        return True  # durations, "3 p.m.", "0600 GMT", "45 years old"
    if after is not None and after.lower_ == "local" and f.span_end + 1 < n and doc[f.span_end + 1].lower_ == "time":
        return True
    # hyphenated compounds: "45-year-old", "five-storey", "1,000-strong", "12-day"
    if (after is not None and after.text in _HYPHENS and not last.whitespace_ and f.span_end + 1 < n
            and doc[f.span_end + 1].is_alpha and doc[f.span_end + 1].lower_ != "plus"):
        return True
    if f.unit in v["calibre"] or (after is not None and after.lower_ in v["calibre"]):
        return True
    integral = f.value is not None and float(f.value).is_integer()
    if f.kind == "range":  # "between 21 and 26 of September"
        integral = float(f.low).is_integer() and float(f.high).is_integer()
        f_value = f.high
    else:
        f_value = f.value
    # dates: next to a month name ("January 12", "12 January 2025", "May 2024")
    if integral and f_value <= 31 or _year_like(first):
        for k in (f.start - 1, f.start - 2, f.end, f.end + 1):
            if 0 <= k < n and _is_month(doc[k]) and abs(k - f.start) <= 2:
                between = doc[min(k, f.start) + 1:max(k, f.start)]
                if all(t.lower_ in {",", "the", "of"} for t in between):
                    return True
    # years: four digits, 1800-2100, unless they count something plural ("some 2000 troops")
    if _year_like(first) and not f.has_modifier and f.unit is None:
        if f.kind == "range" or not _next_noun_plural(doc, f.end):
            return True
    # ages: "aged 45", "the commander, 52, was killed", "(45)"
    if before is not None and before.lower_ in v["ages"]:
        return True
    if (integral and f_value < 120 and before is not None and before.text in {",", "("} and f.mod_start > 1
            and doc[f.mod_start - 2].pos_ in _NOUNS and (after is None or after.text in {",", ")", "."})):
        return True
    # identifiers: "Resolution 2231", "page 14", "No. 10", "Flight 752"
    if before is not None and f.unit is None and not f.has_modifier:
        if before.lower_ in v["labels"] or before.lower_ == "." and f.mod_start > 1 and doc[f.mod_start - 2].lower_ == "no":
            return True
        if (before.tag_ in {"NNP", "NNPS"} and not before.is_sent_start and not _is_month(before)
                and not _next_noun_plural(doc, f.end) and before.ent_type_ not in {"DATE", "NORP"}):
            return True
    # street numbers: "12 Khreshchatyk Street"
    k = f.end
    while k < n and k < f.end + 4 and doc[k].text[:1].isupper():
        if doc[k].lower_ in v["streets"]:
            return True
        k += 1
    # numbered list items at the start of a line: "1. ..."
    if (after is not None and after.text in {".", ")"} and f.start == f.mod_start
            and (f.start == 0 or "\n" in doc[f.start - 1].whitespace_ or doc[f.start - 1].text.strip() == "")):
        return True
    # "one": a count only before a noun ("one soldier"), never in "one of", "no one", "one day"
    if first.lower_ == "one" and f.end - f.start == 1:
        if after is not None and after.lower_ in v["one_not"]:
            return True
        if before is not None and before.lower_ == "no":
            return True  # "no one"
        if (before is not None and before.lower_ in {"the", "this", "that", "any", "every", "each", "which"}
                and first.dep_ != "nummod"):
            return True  # "the one who", "this one"
    return False


def _year_like(tok: Token) -> bool:
    t = tok.text
    return len(t) == 4 and t.isdigit() and 1800 <= int(t) <= 2100


# --------------------------------------------------------------------------- pass 3: subject, counts

def _np_text(doc: Doc, head: Token, floor: int) -> str | None:
    """The counted noun phrase: head noun with its compound/adjective modifiers, no determiners."""
    if head.pos_ == "PRON" or head.lower_ in {"which", "whom", "who", "them", "those"}:
        return None
    start = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in _NP_DEPS or child.i < floor:
            break
        if child.dep_ == "punct" and child.text not in _HYPHENS:
            break
        start = max(child.left_edge.i, floor)
    while start < head.i and (doc[start].pos_ in {"DET", "PUNCT", "NUM"} or doc[start].lower_ in {"more", "other"}):
        start += 1
    # fixed post-modifiers that belong to the name: "prisoners of war"
    end = head.i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "war" and head.lemma_ == "prisoner":
        end += 2
    return doc[start:end].text


def _verb_label(verb: Token, passive: bool) -> str | None:
    v = _vocab()
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    if prt and f"{lemma} {prt}" in v["verbs"]:
        return v["verbs"][f"{lemma} {prt}"]
    for c in verb.children:  # "shot dead", "taken prisoner"
        if c.dep_ in {"oprd", "xcomp", "acomp", "dobj"} and f"{lemma} {c.lower_}" in v["verbs"]:
            return v["verbs"][f"{lemma} {c.lower_}"]
    if lemma in v["verbs"] and (passive or lemma not in v["intransitive"] or lemma in {"flee"}):
        return v["verbs"][lemma]
    if verb.lower_ in v["adjectives"] and verb.tag_ == "VBN":
        return v["adjectives"][verb.lower_]
    # "were reported killed", "were found dead", "remain missing", "went missing"
    for c in verb.children:
        if c.dep_ in {"xcomp", "oprd", "acomp", "attr", "ccomp"} and c.i > verb.i:
            if c.lower_ in v["adjectives"]:
                return v["adjectives"][c.lower_]
            if c.tag_ == "VBN" and c.lemma_.lower() in v["verbs"]:
                return v["verbs"][c.lemma_.lower()]
    return None


def _role_label(role: Token, depth: int = 0) -> str | None:
    """What happened to the thing ``role`` names, read from the words that govern it."""
    v = _vocab()
    if depth > 4:
        return None
    dep, head = role.dep_, role.head
    if dep == "conj" and head.pos_ in _NOUNS | {"NUM", "PRON"}:
        return _role_label(head, depth + 1)  # "40 missiles and 120 drones"
    if dep == "appos" and head.i != role.i:
        return _role_label(head, depth + 1)
    if dep == "pobj":
        prep = head
        if prep.lower_ in {"including", "among", "like"} and prep.head.pos_ in _NOUNS | {"NUM"}:
            return _role_label(prep.head, depth + 1)  # "17 people, including four children"
        if prep.lower_ == "of":
            gov = prep.head
            label = v["event_nouns"].get(gov.lemma_.lower()) or v["self_nouns"].get(gov.lemma_.lower())
            if label:
                return label  # "the capture of two soldiers", "a death toll of 37"
            if gov.lemma_.lower() in v["containers"]:
                return _role_label(gov, depth + 1)  # "a total of 1,018 prisoners were freed"
        if prep.lower_ in {"to", "at"} and prep.head.lemma_.lower() in v["toll_verbs"]:
            subj = next((c for c in prep.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                return _self_label(subj)  # "the death toll rose to 37"
        return None
    if dep == "nsubjpass":
        return _verb_label(head, passive=True)
    if dep == "nsubj":
        if head.tag_ == "VBN" and not any(c.dep_ in {"aux", "auxpass"} for c in head.children):
            return _verb_label(head, passive=True)  # elliptical passive: "... and 2,700 injured"
        lemma = head.lemma_.lower()
        if lemma in v["intransitive"]:
            return v["intransitive"][lemma]
        if head.lower_ in v["adjectives"] and head.pos_ in {"ADJ", "VERB"}:
            return v["adjectives"][head.lower_]  # "are missing", "12 dead"
        if lemma in {"be", "remain", "go", "lie", "stay", "become"}:
            for c in head.children:
                if c.dep_ in {"acomp", "attr", "xcomp"} and c.lower_ in v["adjectives"]:
                    return v["adjectives"][c.lower_]
                if c.dep_ == "prep" and c.lower_ == "among":  # "among the dead were 20 children"
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None and pobj.lower_ in v["adjectives"]:
                        return v["adjectives"][pobj.lower_]
        return None
    if dep == "attr" and head.lemma_ == "be":
        return _role_label(next((c for c in head.children if c.dep_ == "nsubj"), role), depth + 1) \
            if any(c.dep_ == "prep" and c.lower_ == "among" for c in head.children) else None
    if dep in {"dobj", "obj"}:
        label = _verb_label(head, passive=True)
        if label is None:  # "forced 10,000 people to flee"
            for c in head.children:
                if c.dep_ == "xcomp" and c.lemma_.lower() in v["intransitive"]:
                    return v["intransitive"][c.lemma_.lower()]
        return label
    if dep in {"npadvmod", "nummod", "amod"} and head.lower_ in v["adjectives"]:
        return v["adjectives"][head.lower_]  # "12 dead"
    return None


def _self_label(noun: Token) -> str | None:
    """Nouns that carry their own counts: 'deaths', 'the death toll', '80 wounded soldiers'."""
    v = _vocab()
    label = v["self_nouns"].get(noun.lemma_.lower()) or v["self_nouns"].get(noun.lower_)
    if label:
        if noun.lemma_.lower() == "toll":
            comp = [c.lemma_.lower() for c in noun.children if c.dep_ in {"compound", "amod"}]
            return "injured" if "injury" in comp else "killed"
        return label
    for c in noun.children:
        if c.dep_ in {"amod", "compound"} and c.i < noun.i and c.lower_ in v["adjectives"]:
            return v["adjectives"][c.lower_]
        if c.dep_ in {"acl", "relcl"} and c.i > noun.i:
            if c.tag_ == "VBN" and c.dep_ == "acl":
                label = _verb_label(c, passive=True)
            else:
                label = None
                rel_subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
                if rel_subj is not None and rel_subj.lower_ in {"who", "which", "that"}:
                    label = _role_label(rel_subj)
            if label:
                return label
        if c.dep_ == "amod" and c.i == noun.i + 1 and c.lower_ in v["adjectives"]:
            return v["adjectives"][c.lower_]  # "people missing"
    return None


def _root(doc: Doc, f: _Found) -> Token:
    """The token of the expression whose head lies outside it."""
    for t in doc[f.start:f.span_end]:
        if not (f.mod_start <= t.head.i < f.span_end) or t.head.i == t.i:
            return t
    return doc[f.end - 1]


def _interpret(doc: Doc, f: _Found) -> tuple[str | None, str | None, bool]:
    """(subject, counts, nominal): nominal means the number stands for its noun ('2,700 injured')."""
    n = len(doc)
    root = _root(doc, f)
    after = doc[f.span_end] if f.span_end < n else None
    noun = None
    if root.dep_ in {"nummod", "quantmod", "compound", "nmod", "amod", "npadvmod", "det"} and root.head.pos_ in _NOUNS:
        if root.head.i >= f.span_end or root.head.i < f.mod_start:
            noun = root.head
    subject, counts = None, None
    partitive = after is not None and (after.lower_ == "of" or (after.lower_ == "in" and f.unit and f.unit.isupper()))
    if noun is None and partitive:
        pobj = next((c for c in after.children if c.dep_ == "pobj"), None)
        if pobj is None and f.span_end + 1 < n:
            pobj = _first_noun(doc, f.span_end + 1)
        counts = _role_label(root)
        if pobj is not None and pobj.pos_ == "PRON":
            return None, counts, True  # "two of them": the noun is further back
        if pobj is not None:
            subject = _np_text(doc, pobj, f.span_end + 1)
            if counts is None and f.unit is None:
                counts = _self_label(pobj)
        return subject, counts, False
    while noun is not None and noun.dep_ == "compound" and noun.head.pos_ in _NOUNS and noun.head.i > noun.i:
        noun = noun.head  # "3 aid workers": the number hangs on "aid"
    if noun is not None:
        subject = _np_text(doc, noun, f.span_end)
        counts = _role_label(noun) or _self_label(noun)
        if noun.lower_ in _vocab()["adjectives"] and noun.pos_ == "ADJ":
            subject = None
        return subject, counts, False
    # the number stands alone: "2,700 injured", "killing 5", "one was killed", "a population of 4,000"
    counts = _role_label(root)
    if counts is None and after is not None:
        nxt = after if after.lower_ not in {"more", "others", "other"} or f.span_end + 1 >= n else doc[f.span_end + 1]
        v = _vocab()
        if nxt.lower_ in v["adjectives"] and nxt.pos_ in {"ADJ", "VERB", "NOUN"}:
            counts = v["adjectives"][nxt.lower_]
    if root.dep_ == "pobj" and root.head.lower_ in {"at", "to"}:
        # "put the number of displaced people at 2.3 million", "the toll rose to 37"
        verb = root.head.head
        for m in verb.children:
            if m.dep_ in {"dobj", "nsubj", "nsubjpass"} and m.lemma_.lower() in _vocab()["measures"]:
                of = next((c for c in m.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if inner is not None:
                    return _np_text(doc, inner, 0), counts or _self_label(inner), False
                return None, counts or _self_label(m), False
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in _NOUNS:
        gov = root.head.head
        if gov.lemma_.lower() in _vocab()["measures"]:
            return None, counts or _self_label(gov), True  # "the figure of 400 dead"
        if gov.lemma_.lower() not in _vocab()["event_nouns"]:
            subject = _np_text(doc, gov, 0)
            counts = counts or _self_label(gov)
            return subject, counts, False
    return None, counts, f.unit is None


def _first_noun(doc: Doc, i: int) -> Token | None:
    for t in doc[i:i + 6]:
        if t.pos_ in _NOUNS:
            while t.head.pos_ in _NOUNS and t.dep_ == "compound" and t.head.i > t.i:
                t = t.head
            return t
    return None


# --------------------------------------------------------------------------- the extractor

def _candidates(doc: Doc) -> list[_Found]:
    v = _vocab()
    found: list[_Found] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        f = None
        if low in v["vague_first"]:
            f = _vague_at(doc, i)
        if f is None and (tok.like_num or low in {"a", "an"} or tok.text[:1].isdigit()):
            f = _number_at(doc, i)
        if f is None:
            i += 1
            continue
        _attach_modifiers(doc, f)
        found.append(f)
        i = max(f.span_end, f.end, i + 1)
    return found


def extract_quantities(doc: Doc) -> list[Quantity]:
    """All amounts in the document, in text order, ids q1, q2, ..."""
    text = doc_text(doc)
    out: list[Quantity] = []
    last_by_sent: dict[int, Quantity] = {}
    sents = None
    last_end = 0
    for f in _candidates(doc):
        if f.mod_start < last_end:
            f.mod_start = min(last_end, f.start)  # the previous amount already owns those words
        if sents is None:
            from claimledger.nlp.claims import sentence_bounds

            sents = sentence_bounds(doc)
        if _not_an_amount(doc, f):
            continue
        subject, counts, nominal = _interpret(doc, f)
        if doc[f.start].lower_ == "one" and f.end - f.start == 1 and f.kind == "number":
            root = _root(doc, f)
            if root.dep_ not in {"nummod"} and counts is None:
                continue  # "one" as a pronoun counts only when something happened to it
        sent_start = next((a for a, b in sents if a <= f.start < b), 0)
        prev = last_by_sent.get(sent_start)
        if nominal and subject is None and prev is not None and prev.unit is None:
            subject = prev.subject  # "300 soldiers were killed and 2,700 injured"
            if counts is None and _root(doc, f).dep_ == "conj":
                counts = prev.counts  # "killed four people in X and another four in Y"
        start_tok, end_tok = doc[f.mod_start], doc[f.span_end - 1]
        q = Quantity(
            id=f"q{len(out) + 1}",
            span=Span.of(text, start_tok.idx, end_tok.idx + len(end_tok)),
            value=f.value, approximate=f.approximate or f.kind != "number",
            low=f.low, high=f.high, unit=f.unit, counts=counts, subject=subject,
        )
        out.append(q)
        last_end = f.span_end
        if q.subject is not None and q.unit is None:
            last_by_sent[sent_start] = q
    return out


class QuantityExtractor(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_quantities = extract_quantities(doc)
        return doc
