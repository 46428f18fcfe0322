"""Actors named as ACLED names them: "Military Forces of Russia (2000-)", "Civilians (Ukraine)".

ACLED names a state's forces after the country and the start year of the government
in power ("(2000-)" for Russia under Putin, "(2019-)" for Ukraine under Zelenskyy).
Those years, ACLED's spelling of country names and ACLED regions are conventions, not
facts a text states, so they come from ``data/acled_countries.json``, read off ACLED's
own rows (:func:`build_country_table`); a country not in it gets no years.

Who did what is read from the parse: the subject (or the "by ..." agent) of the
trigger is the actor, its object the target; a demonym ("North Korean soldiers"), a
possessive ("Ukraine's forces") or a country subject ("Ukraine has detained") gives the
country, and the event's place stands in for civilians and protesters.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from importlib import resources

from spacy.tokens import Token

from claimledger.nlp.events.gazetteer import fold, load

#: head noun (lemma) -> ACLED actor class
SECTORS = {
    **dict.fromkeys("soldier troop force army military marine paratrooper serviceman servicemen commando unit "
                    "brigade battalion regiment artillery navy airforce jet warplane aircraft helicopter drone "
                    "sniper tank infantry".split(), "military"),
    **dict.fromkeys("police policeman policemen officer cop gendarme gendarmerie patrol".split(), "police"),
    **dict.fromkeys("government president minister ministry authority administration kremlin leader official "
                    "regime cabinet".split(), "government"),
    **dict.fromkeys("civilian resident villager man woman men women child children boy girl people family "
                    "farmer shepherd student teacher journalist worker driver trader pedestrian passenger "
                    "refugee migrant doctor nurse person individual cowherd youth citizen".split(), "civilians"),
    **dict.fromkeys("protester demonstrator activist marcher picketer".split(), "protesters"),
    **dict.fromkeys("rioter mob".split(), "rioters"),
    **dict.fromkeys("gunman militant insurgent rebel fighter attacker assailant bandit militia militiaman "
                    "terrorist jihadist gang perpetrator raider".split(), "armed"),
}

_SUBJ = ("nsubj", "agent", "nsubjpass")


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    try:
        return json.loads(resources.files("claimledger.data").joinpath("acled_countries.json").read_text("utf-8"))
    except (FileNotFoundError, OSError):
        return {}


def country_name(cc: str | None) -> str | None:
    """ACLED's spelling of a country (ISO alpha-2 in), else GeoNames' name."""
    if not cc:
        return None
    rec = _countries().get(cc)
    if rec:
        return rec["name"]
    c = load().countries.get(cc)
    return c.name if c else cc


def region(cc: str | None) -> str | None:
    rec = _countries().get(cc or "")
    return rec.get("region") if rec else None


def iso_numeric(cc: str | None) -> int | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc) if cc else None
    return int(c.numeric) if c else None


def state_actor(cc: str | None, kind: str = "military") -> str | None:
    name = country_name(cc)
    if not name:
        return None
    years = (_countries().get(cc or "") or {}).get("regime")
    the = "the " if name in ("United States", "United Kingdom", "Netherlands", "Philippines",
                             "Democratic Republic of Congo", "Republic of Congo", "Central African Republic") else ""
    head = {"military": "Military Forces of", "police": "Police Forces of", "government": "Government of"}[kind]
    return f"{head} {the}{name}" + (f" {years}" if years else "")


def group_actor(kind: str, cc: str | None) -> str | None:
    name = country_name(cc)
    label = {"civilians": "Civilians", "protesters": "Protesters", "rioters": "Rioters",
             "armed": "Unidentified Armed Group"}[kind]
    return f"{label} ({name})" if name else label


# --------------------------------------------------------------------------- from the parse

def _country_of(tok: Token) -> str | None:
    """The country a noun phrase belongs to: demonym, possessive, compound or "of/from X"."""
    gaz = load()
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            span = _phrase(child)
            key = fold(span)
            cc = gaz.demonym(key) or gaz.country(key)
            if cc:
                return cc
            key = fold(child.text)
            cc = gaz.demonym(key) or gaz.country(key)
            if cc:
                return cc
        if child.dep_ == "prep" and child.lower_ in ("of", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    key = fold(_phrase(obj))
                    cc = gaz.country(key) or gaz.demonym(key)
                    if cc:
                        return cc
    return None


def _phrase(tok: Token) -> str:
    """A modifier with its own compounds: "North Korean", "South Korea's"."""
    left = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
    start = min([tok.i] + [c.i for c in left])
    doc = tok.doc
    return doc[start:tok.i + 1].text


def describe(tok: Token | None, place_cc: str | None, states: dict[int, str] | None = None) -> str | None:
    """The ACLED actor for a noun (or a country name used as an actor, or a person speaking for a state)."""
    if tok is None:
        return None
    gaz = load()
    if states and (tok.pos_ == "PROPN" or tok.ent_type_):
        first = _ent_start(tok)
        cc = states.get(first.idx) or states.get(tok.idx)
        if cc:
            return state_actor(cc, "government")
    lemma = tok.lemma_.lower()
    if tok.dep_ == "agent":
        tok = next((c for c in tok.children if c.dep_ == "pobj"), tok)
        lemma = tok.lemma_.lower()
    whole = fold(_phrase(tok))
    cc_name = gaz.country(whole) or gaz.country(fold(tok.text))
    if cc_name and tok.pos_ == "PROPN":
        return state_actor(cc_name, "military")
    seat = gaz.demonym(whole) if tok.pos_ == "PROPN" else None
    if seat:  # "Pyongyang", "the Kremlin": a capital standing for its government
        return state_actor(seat, "government")
    kind = SECTORS.get(lemma)
    if kind is None and tok.ent_type_ in ("ORG", "NORP") and tok.pos_ == "PROPN":
        return _org_name(tok)
    if kind is None:
        return None
    cc = _country_of(tok)
    if kind in ("military", "police", "government"):
        return state_actor(cc or place_cc, kind)
    if kind == "armed":
        named = next((c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in ("ORG", "NORP")), None)
        if named is not None:
            return _org_name(named)
        return group_actor("armed", cc or place_cc)
    return group_actor(kind, place_cc or cc)


def _ent_start(tok: Token) -> Token:
    """The first token of the entity ``tok`` is in (IOB tags: no scan over ``doc.ents``)."""
    doc, i = tok.doc, tok.i
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return doc[i]


def _org_name(tok: Token) -> str:
    if not tok.ent_type_:
        return tok.text
    doc, start = tok.doc, _ent_start(tok).i
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def kind_of(tok: Token | None) -> str | None:
    """The ACLED actor class of a participant noun: military, police, civilians, armed, protesters, ..."""
    if tok is None:
        return None
    if tok.dep_ == "agent":
        tok = next((c for c in tok.children if c.dep_ == "pobj"), tok)
    kind = SECTORS.get(tok.lemma_.lower())
    if kind is None and tok.pos_ == "PROPN" and load().country(fold(tok.text)):
        return "military"
    if kind is None and tok.ent_type_ in ("ORG", "NORP") and tok.pos_ == "PROPN":
        return "armed"
    return kind


def roles(trigger: Token | None) -> tuple[Token | None, Token | None]:
    """(doer, target) tokens of a trigger, read as :func:`participants` reads them."""
    return _roles(trigger) if trigger is not None else (None, None)


def participants(trigger: Token | None, place_cc: str | None,
                 states: dict[int, str] | None = None) -> tuple[str | None, str | None]:
    if trigger is None:
        return None, None
    subj, obj = _roles(trigger)
    return _describe_pair(subj, obj, place_cc, states)


def _roles(trigger: Token) -> tuple[Token | None, Token | None]:
    """(actor1, actor2) for a trigger token.

    Verbs: subject or "by" agent first, object second.  Nouns ("the capture of two
    soldiers", "assistance from North Korea", "Russia's offensive"): possessor or "from/by"
    first, "of/to/against" second.
    """
    subj = obj = None
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and _country_of_word(child)):
                subj = subj or child
            elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
                subj = subj or next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ == "prep" and child.lower_ in ("of", "to", "against", "on", "for"):
                obj = obj or next((c for c in child.children if c.dep_ == "pobj"), None)
        if subj is None and trigger.dep_ in ("dobj", "nsubjpass"):
            subj = next((c for c in trigger.head.children if c.dep_ in ("nsubj", "agent")), None)
        return subj, obj
    for child in trigger.children:
        if child.dep_ in ("nsubj", "agent") and subj is None:
            subj = child
        elif child.dep_ in ("dobj", "nsubjpass") and obj is None:
            obj = child
        elif child.dep_ == "prep" and child.lower_ in ("against", "on", "with", "between") and obj is None:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
    if subj is None and trigger.dep_ in ("xcomp", "advcl", "conj", "acl", "relcl", "ccomp"):
        head = trigger.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is None and trigger.dep_ in ("relcl", "acl"):
            subj = head
    if obj is not None and obj.pos_ == "PRON" and obj.lower_ in ("himself", "herself", "themselves", "itself"):
        obj = None
    return subj, obj


def _country_of_word(tok: Token) -> str | None:
    gaz = load()
    key = fold(_phrase(tok))
    return gaz.demonym(key) or gaz.country(key)


def _describe_pair(subj, obj, place_cc, states):
    if subj is not None and subj.pos_ in ("ADJ",):
        cc = _country_of_word(subj)
        a1 = state_actor(cc, "military") if cc else None
    else:
        a1 = describe(subj, place_cc, states)
    return a1, describe(obj, place_cc, states)


# --------------------------------------------------------------------------- building the table

def build_country_table(acled_jsonl: str, out: str) -> int:
    """ACLED's country spellings, regions and current-government years, read off ACLED rows."""
    import pycountry

    names: dict[str, Counter] = defaultdict(Counter)
    regions: dict[str, Counter] = defaultdict(Counter)
    regimes: dict[str, Counter] = defaultdict(Counter)
    with open(acled_jsonl, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    by_name: dict[str, str] = {}
    for r in rows:
        c = pycountry.countries.get(numeric=f"{int(r['iso']):03d}") if r.get("iso") is not None else None
        if c is None:
            continue
        cc = c.alpha_2
        names[cc][r["country"]] += 1
        regions[cc][r["region"]] += 1
        by_name[r["country"]] = cc
    for r in rows:
        for field in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            for actor in (r.get(field) or "").split("; "):
                m = re.match(r"(?:Military|Police) Forces of (?:the )?(.+?) (\(\d{4}-\))", actor)
                if m and m.group(1) in by_name:
                    regimes[by_name[m.group(1)]][m.group(2)] += 1
    table = {cc: {"name": n.most_common(1)[0][0], "region": regions[cc].most_common(1)[0][0],
                  "regime": regimes[cc].most_common(1)[0][0] if regimes.get(cc) else None}
             for cc, n in names.items()}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(table, fh, indent=0, sort_keys=True)
        fh.write("\n")
    return len(table)


if __name__ == "__main__":  # pragma: no cover - developer tool
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(description="build data/acled_countries.json from ACLED rows (JSONL)")
    ap.add_argument("acled_jsonl")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "data" / "acled_countries.json"))
    a = ap.parse_args()
    print(build_country_table(a.acled_jsonl, a.out), "countries")
