"""Find place names in a document and resolve them offline, using the document as context.

Mentions come from spaCy's GPE/LOC/FAC entities and from capitalised word runs that the
gazetteer knows (the small English model misses most village names).  Namesakes are
resolved the way CLIFF-CLAVIN does it: a candidate gains from being in the document's
*focus country* (countries named, demonyms, places already resolved), from its admin1
unit being named nearby ("Makariv, Kyiv oblast", "(Mansehra, KPK)"), and from its
population.  Words around a mention tell its kind: "Kursk region" is the province,
"Kursk city" the town.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from claimledger.nlp.events.gazetteer import Admin1, Gazetteer, fold, haversine_km, load
from claimledger.records import Location

#: words after a name that make it a first-level unit
ADMIN_SUFFIX = {"region", "province", "oblast", "governorate", "state", "prefecture", "county",
                "department", "voivodeship", "krai", "kray", "republic", "division", "territory"}
#: words after a name that say it is a town (precision 1) or a part of one
TOWN_SUFFIX = {"city", "town", "village", "municipality", "township", "commune", "settlement"}
#: words after a name that make it an area near a place (precision 2)
AREA_SUFFIX = {"district", "area", "countryside", "outskirts", "vicinity", "suburbs", "border",
               "axis", "direction", "front", "sub-county", "subcounty", "tehsil", "raion", "rayon",
               "locality", "neighbourhood", "neighborhood", "camp", "valley", "mountains", "forest"}
NEAR_WORDS = {"near", "outside", "around", "towards", "toward", "between", "outskirts", "vicinity",
              "direction", "nearby", "close"}
LOC_PREPS = {"in", "at", "near", "outside", "around", "from", "to", "into", "towards", "toward", "across",
             "of", "between", "through", "on", "inside", "within"}

#: prepositions that make the next name a place (not "of", "to", "on": "members of Alliance", "Return to Earth")
STRONG_PREPS = {"in", "at", "near", "outside", "around", "into", "towards", "toward", "across", "between",
                "inside", "within", "from", "outskirts", "vicinity", "downtown"}

#: lower-case words that may sit in a parenthesised list of places ("(Ouo and Comoe, near the border)")
_LIST_WORDS = {"and", "the", "near", "in", "of", "on", "at", "between", "outside", "around"}

#: nouns after which "on X" names the place attacked ("the assault on Aleppo", "strikes on Gaza")
ASSAULT_NOUNS = {"attack", "attacks", "assault", "assaults", "strike", "strikes", "airstrike", "airstrikes",
                 "raid", "raids", "offensive", "onslaught", "bombardment", "shelling", "siege", "advance",
                 "push", "offensives", "bombing", "bombings"}
COMPASS_WORDS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                 "northeastern", "northwestern", "southeastern", "southwestern", "central", "north-eastern",
                 "north-western", "south-eastern", "south-western", "far", "war-torn", "neighbouring",
                 "neighboring"}

#: capitalised words that are never places on their own here
STOP = {
    "on", "in", "at", "the", "a", "an", "and", "or", "of", "for", "to", "by", "with", "from", "as", "after",
    "before", "during", "around", "about", "this", "that", "there", "they", "he", "she", "it", "we", "his",
    "her", "their", "its", "our", "president", "minister", "police", "army", "forces", "military", "government",
    "party", "union", "court", "council", "ministry", "office", "people", "members", "group", "national",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "casualties", "fatalities", "size", "no", "report", "unknown", "property", "destruction", "coded",
    "separately", "according", "reported", "several", "some", "many", "dozens", "hundreds", "thousands",
    "north", "south", "east", "west", "central", "new", "st", "san", "santa", "day", "street", "road",
    "square", "university", "hospital", "school", "city", "town", "village", "district", "province",
    "region", "state", "capital", "republic", "kingdom", "islamic", "democratic", "federal", "federation",
    "covid", "coronavirus", "un", "eu", "nato", "us", "red", "cross", "general", "governor",
    "mayor", "prime", "chief", "leader", "ukrainian", "russian", "special", "operations", "intelligence",
    "video", "world", "war", "documents", "kremlin", "pic", "twitter", "com", "i", "you", "one", "two",
    "hall", "park", "church", "mosque", "market", "station", "bridge", "house", "center", "centre", "building",
    "prison", "airport", "port", "highway", "avenue", "earth", "alliance", "liberty", "justice", "freedom",
    "independence", "victory", "peace", "unity", "hope", "centro", "grand", "van", "young",
}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    key: str
    before: str = ""       # the word before, lower case
    after: str = ""        # the word after, lower case
    in_parens: int = -1    # position inside a "( ..., ... )" list, -1 outside
    label: str = ""        # spaCy entity label, if any
    container: bool = False  # "Makariv, Kyiv": the name after a place and a comma is the larger unit
    kind: str | None = None          # resolved: "town", "admin1", "country"
    town: int | None = None
    admin1: Admin1 | None = None
    country: str | None = None
    score: float = 0.0
    candidates: list = field(default_factory=list)

    before2: str = ""      # the word before ``before`` ("village" in "the village of X")
    listed: bool = False   # "in Navestad, Norrkoping": after a place we do not know and a comma
    aside: bool = False    # inside a parenthetical remark ("Daesh (outlawed in Russia)"), not a place list

    @property
    def prep(self) -> str:
        """The preposition before the name, looking past one modifier ("in northern Syria")."""
        return self.before2 if self.before in MODIFIERS or self.before in COMPASS_WORDS else self.before

    @property
    def locative(self) -> bool:
        """Said as a place: after "in/near/at", "town of", inside "( ... )", before "city/region", or tagged GPE/LOC."""
        return (self.prep in STRONG_PREPS or self.in_parens >= 0 or self.listed
                or (self.before == "on" and self.before2 in ASSAULT_NOUNS)   # "the assault on Aleppo" or self.label in ("GPE", "LOC", "FAC")
                or self.before in TOWN_SUFFIX | AREA_SUFFIX | ADMIN_SUFFIX   # "Upper Shyookh village, Aleppo"
                or (self.before == "of" and self.before2 in TOWN_SUFFIX | ADMIN_SUFFIX | AREA_SUFFIX)
                or self.after in TOWN_SUFFIX or self.after in ADMIN_SUFFIX or self.after in AREA_SUFFIX)


@dataclass
class GeoContext:
    """Every place mention of a document, resolved, and its focus countries."""

    mentions: list[Mention]
    focus: list[str]   # country codes, strongest first
    gaz: Gazetteer

    def in_range(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and m.kind]

    def location_for(self, start: int, end: int) -> Location | None:
        """The place of an event told in ``text[start:end]``; falls back to the document's focus."""
        return choose_location(self, self.in_range(start, end)) or self.document_location()

    def document_location(self) -> Location | None:
        """The document's place; failing any, the focus country (even one known from demonyms only)."""
        return choose_location(self, self.mentions) or self.country_location(self.focus[0] if self.focus else None)

    def country_location(self, cc: str | None) -> Location | None:
        if not cc or cc not in self.gaz.countries:
            return None
        c = self.gaz.countries[cc]
        return Location(name=c.name, admin1=None, country=cc, latitude=c.latitude, longitude=c.longitude,
                        geo_precision=3)


_CAP_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’&-]*(?:(?:[ -](?:de|del|la|le|el|al|ez|as|ad|an|ash|es|da|do|dos|das|di|du|of|bin|ibn)"
    r"[ -]|-(?:am|im|on|sur|upon)-|[ -])[A-Z][\w'’-]*)*")


_LISTED = re.compile(r"\b(?:in|at|near|on)\s+(?:the\s+)?[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*,\s*$")


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z'-]+)\W*$", text[max(0, start - 30):start])
    return m.group(1).lower() if m else ""


def _word_after(text: str, end: int) -> str:
    m = re.match(r"[\s,]*([A-Za-z'-]+)", text[end:end + 30])
    return m.group(1).lower() if m else ""


def _paren_positions(text: str) -> list[tuple[int, int]]:
    return [(m.start() + 1, m.end() - 1) for m in re.finditer(r"\([^()]{1,160}\)", text)]


def find_mentions(text: str, ents=(), gaz: Gazetteer | None = None) -> list[Mention]:
    """Place-name candidates: capitalised word runs the gazetteer knows.

    spaCy's entities only label the runs: a run the tagger calls GPE/LOC as a whole is a
    place name, a run inside a multiword PERSON ("Volodymyr Zelenskyy") is not, and NORP
    is trusted for demonyms only (the small model calls "Kidal" and "Aleppo" NORP).
    """
    gaz = gaz or load()
    parens = _paren_positions(text)
    labels: list[tuple[int, int, str]] = []
    people: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            before = _word_before(text, ent.start_char)
            before2 = _word_before(text, max(0, text.rfind(before, 0, ent.start_char))) if before else ""
            placed = before in STRONG_PREPS or (before == "of" and before2 in TOWN_SUFFIX | AREA_SUFFIX | ADMIN_SUFFIX)
            if not placed and not any(ps <= ent.start_char < pe for ps, pe in parens):
                people.append((ent.start_char, ent.end_char))
                continue
        labels.append((ent.start_char, ent.end_char, ent.label_))
    spans: dict[tuple[int, int], str] = {}
    # entities do not overlap, so sorted by start their ends rise too: the only one that can
    # hold (or overlap) a run is the last that starts before it (a bisect, not a scan per run)
    people.sort()
    labels.sort()
    people_starts = [ps for ps, _ in people]
    label_starts = [es for es, _, _ in labels]
    for m in _CAP_RUN.finditer(text):
        k = bisect.bisect_left(people_starts, m.end()) - 1
        if k >= 0 and m.start() < people[k][1]:
            continue  # "Volodymyr Zelenskyy" is no town, whatever GeoNames' alternate names say
        label = ""
        k = bisect.bisect_right(label_starts, m.start()) - 1
        for es, ee, lab in labels[k:k + 1] if k >= 0 else ():
            if es <= m.start() and m.end() <= ee:
                exact = text[es:ee].lstrip("the ").strip() == m.group(0) or (es, ee) == (m.start(), m.end())
                if lab in ("GPE", "LOC") and exact:
                    label = lab
                elif lab == "NORP" and gaz.demonym(fold(m.group(0))):
                    label = "NORP"
                elif lab in ("ORG", "FAC", "PERSON") and not exact:
                    label = "ORG"
                break
        spans[(m.start(), m.end())] = label
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for (start, end), label in sorted(spans.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        subspans = list(_known_subspans(text, start, end, gaz, label))
        spelled = _unit_spelling(text, start, end, gaz, parens) if not subspans else None
        if spelled:
            subspans = [(start, end)]
        for s, e in subspans:
            if any(s < te and ts < e for ts, te in taken):
                continue
            tail = re.search(r"\s+([a-z][a-z-]+)$", text[s:e])
            if tail and tail.group(1) in TOWN_SUFFIX | ADMIN_SUFFIX | AREA_SUFFIX:
                e = s + tail.start()  # "Kochi city" -> "Kochi", said as a city
            surface = text[s:e]
            key = spelled or fold(surface)
            if surface.isupper() and len(surface) <= 5 and not gaz.country(key) and not (
                    pos_in_parens(parens, s, e) and gaz.admin1_units(key)):
                continue  # acronyms: unions, parties, armed groups (but "(Hangu, KPK)")
            if label == "NORP" and gaz.demonym(key) is None:
                continue
            pos = next((i for i, (ps, pe) in enumerate(parens) if ps <= s and e <= pe), None)
            idx = -1
            aside = False
            if pos is not None:
                ps, _ = parens[pos]
                idx = text[ps:s].count(",")
                # "(outlawed in Russia)", "(which borders Turkey)": a remark, not "(Town, Province)"
                words = re.findall(r"(?:^|(?<=\s))[a-z][a-z-]{2,}\b", text[ps:s])
                if "coded" not in words and any(w not in TOWN_SUFFIX | ADMIN_SUFFIX | AREA_SUFFIX | _LIST_WORDS
                                                for w in words):
                    idx, aside = -1, True
            before = _word_before(text, s)
            before2 = _word_before(text, max(0, text.rfind(before, 0, s))) if before else ""
            listed = bool(_LISTED.search(text[max(0, s - 60):s]))
            out.append(Mention(s, e, surface, key, before, _word_after(text, e), idx, label, before2=before2,
                               listed=listed, aside=aside))
            taken.append((s, e))
    out.sort(key=lambda m: m.start)
    return out


def _unit_spelling(text: str, start: int, end: int, gaz: Gazetteer, parens) -> str | None:
    """An unknown name where notes put a province ("Thi Qar province", "district of Ninewa", "(Dhuusamarreeb,
    Galgaduud)") read as the unit it sounds like: the key of that unit's spelling, or None."""
    surface = text[start:end].rstrip(".")
    if re.search(r"(?:\band|&)\s*$", text[max(0, start - 5):start]):
        return None   # "Sistan and Baluchestan": part of a longer name
    last_in_parens = any(ps <= start and re.fullmatch(r"[.\s]*", text[end:pe]) for ps, pe in parens)
    if _word_after(text, end) not in ADMIN_SUFFIX and not last_in_parens and not (
            re.search(r"\bof\s*$", text[max(0, start - 6):start])
            and re.match(r"\s*(?:$|[.;:)\]])", text[start + len(surface):])):
        return None
    key = fold(surface)
    return None if key in STOP or len(key) < 5 else gaz.admin1_spelling(key)


def pos_in_parens(parens: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(ps <= s and e <= pe for ps, pe in parens)


def _known(key: str, gaz: Gazetteer) -> bool:
    if not key or key in STOP:
        return False
    return bool(gaz.country(key) or gaz.admin1_units(key) or gaz.towns(key) or gaz.demonym(key)
                or _directional_admin(key, gaz))


#: words before a place name that do not change the place ("Greater Kyiv", "Upper Shyookh", "Downtown Aleppo")
MODIFIERS = {"greater", "upper", "lower", "old", "downtown", "eastern", "western", "northern", "southern", "inner",
             "outer", "rural", "urban", "metropolitan", "metro", "little", "big"}


def _known_subspans(text: str, start: int, end: int, gaz: Gazetteer, label: str):
    """Longest known word windows inside ``text[start:end]``, left to right."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"[\w'’.-]+", text[start:end])]
    while words and words[-1][0] < end and text[words[-1][0]:words[-1][1]].endswith("."):
        s, e = words[-1]
        words[-1] = (s, e - 1)
        break
    run_is_place = label in ("GPE", "LOC", "FAC") or _word_before(text, start) in LOC_PREPS
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            s, e = words[i][0], words[j - 1][1]
            key = fold(text[s:e])
            suffixed = j < len(words) and fold(text[words[j][0]:words[j][1]]) in ADMIN_SUFFIX | TOWN_SUFFIX | AREA_SUFFIX
            # a common word is a place only when a unit word follows and it names such a unit ("Unity state")
            nxt = fold(text[words[j][0]:words[j][1]]) if j < len(words) else _word_after(text, e)
            stop_unit = key in STOP and nxt in ADMIN_SUFFIX and bool(gaz.admin1_units(key))
            short = len(key) < 3 and not (text[s:e].isupper() and gaz.admin1_units(key))   # "(Suti, WB)"
            if (j - i == 1 and ((key in STOP and not stop_unit) or short)) or not (stop_unit or _known(key, gaz)):
                continue
            partial = len(words) > 1 and (i > 0 or j < len(words))
            if partial and not gaz.demonym(key) and not gaz.country(key) and not suffixed and (
                    not run_is_place or (i == 0 and j < len(words))):
                continue  # "Volodymyr Zelenskyy", "Abu Saiba", "Burnt Store Isles": part of a longer name is no town
            # (a possessive ends the name before it: "Russia's Kursk region")
            head = [fold(text[a:b]) for a, b in words[:i] if not re.search(r"['’]s$", text[a:b])]
            if partial and i > 0 and not gaz.country(key) and not all(w in STOP or w in MODIFIERS for w in head):
                continue  # "Abu Naama", "Tal Tamer", "Barku Lili": the tail of an unknown name is no town either
            yield s, e
            i = j - 1
            break
        i += 1


# --------------------------------------------------------------------------- resolution

def _country_evidence(mentions: list[Mention], gaz: Gazetteer) -> Counter:
    ev: Counter = Counter()
    for m in mentions:
        cc = gaz.country(m.key)
        if cc:
            ev[cc] += 2.0
            continue
        cc = gaz.demonym(m.key)
        if cc:
            ev[cc] += 0.7
            continue
        units = gaz.admin1_units(m.key)
        # (the last names of "(Jabal Habashy, Taizz)" are provinces, even where a town shares the name)
        if len({u.country for u in units}) == 1 and (m.after in ADMIN_SUFFIX or m.in_parens > 0 or not gaz.towns(m.key)):
            ev[units[0].country] += 1.0
    return ev


@functools.lru_cache(maxsize=1)
def _actor_cues() -> tuple[re.Pattern, dict[str, str]]:
    """Names that belong to one country (armed groups, parties, unions, units of local
    government such as Myanmar's townships): "Houthi" places a note in Yemen, "KCTU" in
    South Korea, though neither names a place."""
    from importlib import resources

    table = json.loads(resources.files("claimledger.data").joinpath("geo_actor_cues.json").read_text("utf-8"))
    owner = {name: cc for cc, names in table.items() if not cc.startswith("_") for name in names}
    alts = "|".join(re.escape(n) for n in sorted(owner, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"), owner


def _cue_evidence(text: str) -> Counter:
    pattern, owner = _actor_cues()
    found = {owner[m.group(0)] for m in pattern.finditer(text)}
    return Counter(dict.fromkeys(found, CUE_WEIGHT))


CUE_WEIGHT = 0.7
#: towns smaller than this are never read abroad, away from every country the text points to
HAMLET = 5000


def _is_admin_mention(m: Mention) -> bool:
    return m.after in ADMIN_SUFFIX or (m.after in {"district", "area"} and False)


#: weight of a town's fame (its number of alternate names): Bayeux, France (24 names) before
#: Bayeux, Brazil (1 name, five times the people)
FAME = 0.5
#: what a town gains when the text spells its main name, not one of its alternate names
PRIMARY_NAME = 1.0


def _town_score(gaz: Gazetteer, i: int, focus: Counter, admin_named: set[str], m: Mention, top: float) -> float:
    s = 0.3 * math.log10(gaz.pop[i] + 10) + FAME * math.log10(gaz.nalt[i] + 1)
    cc = gaz.cc[i]
    if focus.get(cc):
        s += 1.5 + 1.5 * focus[cc] / top
    if gaz.a1[i] in admin_named:
        s += 3.0
    if fold(gaz.names[i]) == m.key:
        s += PRIMARY_NAME
    return s


def resolve(text: str, ents=(), gaz: Gazetteer | None = None) -> GeoContext:
    gaz = gaz or load()
    mentions = find_mentions(text, ents, gaz)
    cues = _cue_evidence(text)
    ev = _country_evidence(mentions, gaz) + cues
    # admin1 units named in the text (counting only those consistent with named countries)
    admin_named: dict[str, set[int]] = defaultdict(set)   # unit -> the mentions that name it
    for n, m in enumerate(mentions):
        if gaz.country(m.key) or gaz.demonym(m.key):
            continue
        units = gaz.admin1_units(m.key) or _directional_admin(m.key, gaz)
        if not units:
            continue
        if len(units) > 1 and ev:
            units = [u for u in units if ev.get(u.country)] or units
        for u in units:
            admin_named[u.key].add(n)
    for prev, m in zip(mentions, mentions[1:], strict=False):
        if re.fullmatch(r",\s*", text[prev.end:m.start]) and prev.locative:
            m.container = True
    for m in mentions:
        if m.in_parens == 0 and re.search(r"[A-Z][\w'’.-]*\s*\(\s*$", text[max(0, m.start - 40):m.start]) and re.match(
                r"\s*\)", text[m.end:]):
            m.container = True   # "Roberta (Georgia)": the one name in brackets after a place is its province
    for _round in range(2):
        top = max(ev.values()) if ev else 1.0
        for n, m in enumerate(mentions):
            # a name is no evidence for itself: "Tripoli" the town is not confirmed by "Tripoli" the province
            named = {k for k, who in admin_named.items() if who - {n}}
            _resolve_one(m, gaz, ev, named, top)
        # resolved towns and provinces add to the focus for the second round
        ev2 = _country_evidence(mentions, gaz) + cues
        for m in mentions:
            if m.kind in ("town", "admin1") and m.country:
                ev2[m.country] += 0.5
        ev = ev2
    _containers_as_units(text, mentions, gaz)
    _countries_as_units(text, mentions, gaz, ev)
    _agree_in_groups(text, mentions, gaz, ev)
    _trust_containers(text, mentions, gaz)
    focus = [cc for cc, _ in ev.most_common()]
    return GeoContext(mentions, focus, gaz)


def _candidate_countries(m: Mention, gaz: Gazetteer, ev: Counter) -> set[str]:
    out = {gaz.cc[i] for i in gaz.towns(m.key)[:80] if gaz.pop[i] >= HAMLET or not ev or ev.get(gaz.cc[i])}
    out |= {u.country for u in gaz.admin1_units(m.key) or _directional_admin(m.key, gaz)}
    cc = gaz.country(m.key)
    if cc:
        out.add(cc)
    return out


def _agree_in_groups(text: str, mentions: list[Mention], gaz: Gazetteer, ev: Counter) -> bool:
    """"Ampang (Mangu, Plateau)", "Abu Hujar (Abu Hujar, Sennar)": the names of one parenthesis,
    with the place before it, lie in one country -- the country most of them can be in (CLAVIN's
    spatial minimality).  Each is then read as its namesake there.  True if any changed."""
    changed = False
    for ps, pe in _paren_positions(text):
        group = [m for m in mentions if ps <= m.start and m.end <= pe]
        before = [m for m in mentions if m.end <= ps and re.fullmatch(r"\s*\(?", text[m.end:ps])]
        group = before[-1:] + group
        if len(group) < 2:
            continue
        cands = [_candidate_countries(m, gaz, ev) for m in group]
        votes = Counter(c for cs in cands for c in cs)
        if not votes:
            continue
        best = max(votes, key=lambda c: (votes[c], ev.get(c, 0)))
        now = Counter(m.country for m in group if m.country)
        if votes[best] < 2 or (now and now.most_common(1)[0][0] == best) or votes[best] <= max(now.values(), default=0):
            continue
        units = [u for m in group for u in (gaz.admin1_units(m.key) or _directional_admin(m.key, gaz)) if u.country == best]
        for n, m in enumerate(group):
            if m.country == best or best not in cands[n]:
                continue
            changed = True
            last = n == len(group) - 1
            unit = next((u for u in (gaz.admin1_units(m.key) or _directional_admin(m.key, gaz)) if u.country == best), None)
            town = _town_in_admin(gaz, m.key, units) if units else None
            if town is None:
                town = next((i for i in gaz.towns(m.key)[:80] if gaz.cc[i] == best), None)
            if unit is not None and (last or town is None):
                m.kind, m.town, m.admin1, m.country = "admin1", None, unit, best
            elif town is not None:
                m.kind, m.town, m.admin1, m.country = "town", town, gaz.admin1.get(gaz.a1[town]), best
            elif gaz.country(m.key) == best:
                m.kind, m.town, m.admin1, m.country = "country", None, None, best
    return changed


def _containers_as_units(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """"Roberta (Georgia)", "Tripoli (Tripoli)": a container that names a country and also a
    province is the province when the place before it has a namesake inside that province."""
    for prev, m in zip(mentions, mentions[1:], strict=False):
        if m.kind not in ("country", "town", None) or not (m.container or re.fullmatch(r"\s*\(\s*", text[prev.end:m.start])):
            continue
        if m.kind == "town" and prev.kind == "town" and prev.country == m.country:
            continue
        units = [u for u in gaz.admin1_units(m.key) if u.country != (m.country if m.kind == "country" else None)]
        if not units:
            continue
        alt = _town_in_admin(gaz, prev.key, units)
        if alt is None:
            continue
        unit = gaz.admin1[gaz.a1[alt]]
        m.kind, m.town, m.admin1, m.country = "admin1", None, unit, unit.country
        prev.kind, prev.town, prev.admin1, prev.country = "town", alt, unit, unit.country


#: what joins a place to the larger unit it lies in: "X, Y", "X town in Y", "X village in the Y countryside of Z"
_UNIT_WORDS = (r"town|village|city|area|district|sub-?district|countryside|camp|neighbou?rhood|township|"
               r"municipality|locality|suburbs?|outskirts|region|province|governorate")
#: ("Barku Lili village in the Quamishli countryside of Hasakeh": unknown names may come between)
_INSIDE = re.compile(r"\s*(?:(?:" + _UNIT_WORDS + r")\s+)?(?:in|of)\s+(?:the\s+)?"
                     r"(?:[A-Z][\w'’-]*\s+(?:" + _UNIT_WORDS + r")\s+(?:in|of)\s+(?:the\s+)?)?")


def _chains(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of places each inside the next: "Komsomolets, Donetsk", "Sayda town in Dara countryside",
    "Kpala (Ouo, Comoe)".  The last of a run is its largest unit."""
    runs: list[list[Mention]] = []
    for prev, m in zip(mentions, mentions[1:], strict=False):
        gap = text[prev.end:m.start]
        joined = (m.container or re.fullmatch(r"(?:\s+[\d/.-]+|\s+(?:" + _UNIT_WORDS + r"))?,\s*", gap) is not None
                  # "Kpala (Ouo, Comoe)": the names of one parenthesis, and the place just before it
                  # ("Seoul City - Jung" is a city and its ward, no container)
                  or (m.in_parens >= 0 and re.fullmatch(r"\s*\(?[^()]*", gap) is not None
                      and (("," in gap and prev.in_parens >= 0) or "(" in gap))
                  or (prev.locative and _INSIDE.fullmatch(gap) is not None))
        if joined and runs and runs[-1][-1] is prev:
            runs[-1].append(m)
        elif joined:
            runs.append([prev, m])
    return runs


def _trust_containers(text: str, mentions: list[Mention], gaz: Gazetteer) -> None:
    """ACLED and the press name a village, then its district or province: the province is the safer
    name (villages have namesakes everywhere, GeoNames lacks most of them), so the places inside
    a province read as that province's namesakes, and a name with none there is dropped."""
    for run in _chains(text, mentions):
        outer = next((m for m in reversed(run) if m.kind in ("admin1", "town", "country") and m.country), None)
        if outer is None or (outer.kind == "admin1" and not gaz.admin1_units(outer.key)):
            continue  # "South Eastern": a directional guess is no safer than the town before it
        inner = [m for m in run[:run.index(outer)] if m.kind in ("town", "admin1") and m.country]
        if outer.kind == "town" and any(m.kind == "admin1" or (m.town is not None and gaz.pop[m.town] > gaz.pop[outer.town])
                                        for m in inner):
            continue  # a town read as the container must be larger than what it holds ("Al Arish (Sinai)")
        if inner and inner[0].country != outer.country and _reread_as_container_of(outer, inner[0], gaz):
            continue  # "San Salvador (San Salvador)": the province reading of the larger name holds the town
        cc = outer.country
        units = [outer.admin1] if outer.admin1 is not None else []
        for m in inner:
            if m.kind not in ("town", "admin1") or m.country == cc:
                continue
            town = _town_in_admin(gaz, m.key, units) if units else None
            if town is None:
                town = next((i for i in gaz.towns(m.key)[:80] if gaz.cc[i] == cc), None)
            unit = next((u for u in gaz.admin1_units(m.key) if u.country == cc), None)
            if town is not None:
                m.kind, m.town, m.admin1, m.country = "town", town, gaz.admin1.get(gaz.a1[town]), cc
            elif unit is not None:
                m.kind, m.town, m.admin1, m.country = "admin1", None, unit, cc
            else:
                m.kind, m.town, m.admin1, m.country = None, None, None, None


NEIGHBOUR_KM = 100.0


def _reread_as_container_of(outer: Mention, m: Mention, gaz: Gazetteer) -> bool:
    """Read ``outer`` as the unit (or a town of the unit) that holds ``m`` as resolved, if it has such a namesake."""
    a1 = m.admin1.key if m.admin1 is not None else (gaz.a1[m.town] if m.town is not None else None)
    if a1 is None:
        return False
    unit = next((u for u in gaz.admin1_units(outer.key) if u.key == a1), None)
    if unit is not None:
        outer.kind, outer.town, outer.admin1, outer.country = "admin1", None, unit, unit.country
        return True
    town = next((i for i in gaz.towns(outer.key)[:80] if gaz.a1[i] == a1), None)
    if town is None and m.town is not None:
        # "Quezaltepeque, San Salvador": a neighbouring town or district named after its main town
        town = next((i for i in gaz.towns(outer.key)[:80] if gaz.cc[i] == m.country and haversine_km(
            gaz.lat[i], gaz.lon[i], gaz.lat[m.town], gaz.lon[m.town]) <= NEIGHBOUR_KM), None)
    if town is not None:
        outer.kind, outer.town, outer.admin1, outer.country = "town", town, gaz.admin1.get(gaz.a1[town]), gaz.cc[town]
        return True
    return False


def _countries_as_units(text: str, mentions: list[Mention], gaz: Gazetteer, ev: Counter) -> None:
    """"Roberta (Georgia)", "Nasko (Magama, Niger)": notes put a province, never a country, in the brackets
    after a place, so a bracketed name that is a country and also a province elsewhere is the province --
    unless the place before it is a town of that country ("Kutaisi (Georgia)")."""
    for n, m in enumerate(mentions):
        if m.kind != "country" or not (m.container or m.in_parens > 0):
            continue
        units = [u for u in gaz.admin1_units(m.key) if u.country != m.country]
        if not units:
            continue
        prev = mentions[n - 1] if n else None
        if prev is not None and prev.end > m.start - 60 and prev.country == m.country:
            continue
        unit = max(units, key=lambda u: ev.get(u.country, 0))
        m.kind, m.town, m.admin1, m.country = "admin1", None, unit, unit.country


def _directional_admin(key: str, gaz: Gazetteer) -> list[Admin1]:
    """ACLED writes split provinces as "Shan-North", "Bago-West": fall back to the whole unit."""
    m = re.match(r"(.+) (north|south|east|west)$", key) or re.match(r"(north|south|east|west) (.+)$", key)
    if not m:
        return []
    base = m.group(1) if m.group(1) not in ("north", "south", "east", "west") else m.group(2)
    return gaz.admin1_units(base)


def _resolve_one(m: Mention, gaz: Gazetteer, ev: Counter, admin_named: set[str], top: float) -> None:
    cc = gaz.country(m.key)
    if cc and m.after not in ADMIN_SUFFIX:
        m.kind, m.country, m.score = "country", cc, 10.0
        return
    dem = gaz.demonym(m.key)
    if dem and not gaz.towns(m.key):
        m.kind, m.country = None, dem   # evidence only, never an event place
        return
    m.kind = m.town = m.admin1 = None
    units = gaz.admin1_units(m.key) or [u for u in _directional_admin(m.key, gaz) if ev.get(u.country)]
    best_unit, unit_score = None, -1.0
    for u in units:
        s = (2.0 + 1.5 * ev.get(u.country, 0) / top) if ev.get(u.country) else 0.5
        if u.key in admin_named:
            s += 0.5
        if s > unit_score:
            best_unit, unit_score = u, s
    best_town, town_score = None, -1.0
    for i in gaz.towns(m.key)[:80]:
        placed = m.locative or m.container
        if ev and not ev.get(gaz.cc[i]) and not placed:
            continue  # a word that is a town somewhere else, said in passing
        if ev and not ev.get(gaz.cc[i]) and gaz.pop[i] < HAMLET and gaz.a1[i] not in admin_named:
            continue  # a hamlet abroad: in a Korean story "Danyang" is the Korean county, not a Chinese village
        if not placed and m.label not in ("GPE", "LOC") and gaz.a1[i] not in admin_named and (
                gaz.pop[i] < 20000 or (ev and not ev.get(gaz.cc[i]) and gaz.pop[i] < 200000)):
            continue  # a capitalised word that is also a small town somewhere: not enough to call it a place
        s = _town_score(gaz, i, ev, admin_named, m, top)
        if s > town_score:
            best_town, town_score = i, s
    if best_unit is not None and not m.locative and m.label not in ("GPE", "LOC") and not ev.get(best_unit.country):
        best_unit = None
    prefer_unit = best_unit is not None and (
        m.after in ADMIN_SUFFIX or best_town is None
        or ((m.in_parens > 0 or m.container) and m.after not in TOWN_SUFFIX)
        or (unit_score > town_score + 1.0 and m.after not in TOWN_SUFFIX)
        or (gaz.a1[best_town] != best_unit.key and unit_score >= town_score))
    if prefer_unit and m.text.isupper() and ev and not ev.get(best_unit.country):
        return  # "(CGT, FO, SUD)": an acronym is a province only where the text already is
    if prefer_unit:
        m.kind, m.admin1, m.country, m.score = "admin1", best_unit, best_unit.country, unit_score
    elif best_town is not None:
        m.kind, m.town, m.country, m.score = "town", best_town, gaz.cc[best_town], town_score
        m.admin1 = gaz.admin1.get(gaz.a1[best_town])
    elif dem:
        m.country = dem


# --------------------------------------------------------------------------- choosing the event place

#: the unit word of a first-level division's own name (ISO 3166-2) and its English form
_ISO_UNIT_WORDS = (("oblast", "Oblast"), ("voblasc", "Oblast"), ("oblysy", "Oblast"), ("kray", "Krai"),
               ("krai", "Krai"))


@functools.lru_cache(maxsize=4096)
def unit_name(a1: Admin1) -> str:
    """A province as people write it: "Kursk Oblast", "Krasnodar Krai"; admin1 keeps ACLED's
    bare "Kursk".  The unit word comes from the division's ISO 3166-2 name, so only
    divisions that are oblasts or krais get one."""
    if not a1.iso:
        return a1.name
    import pycountry

    sub = pycountry.subdivisions.get(code=a1.iso)
    native = fold(sub.name) if sub is not None else ""
    for word, english in _ISO_UNIT_WORDS:
        if re.search(rf"\b{word}\b", native) and english.lower() not in a1.name.lower():
            return f"{a1.name} {english}"
    return a1.name


def _location(ctx: GeoContext, m: Mention, precision: int) -> Location:
    gaz = ctx.gaz
    if m.kind == "town" and m.town is not None:
        a1 = m.admin1
        return Location(name=gaz.names[m.town], admin1=a1.name if a1 else None, country=m.country,
                        latitude=gaz.lat[m.town], longitude=gaz.lon[m.town], geo_precision=precision)
    if m.kind == "admin1" and m.admin1 is not None:
        a1 = m.admin1
        return Location(name=unit_name(a1), admin1=a1.name, country=a1.country, latitude=a1.latitude,
                        longitude=a1.longitude, geo_precision=3)
    loc = ctx.country_location(m.country)
    return loc if loc is not None else Location(name=m.text, country=m.country, geo_precision=3)


def _precision(m: Mention) -> int:
    if m.before in NEAR_WORDS or m.after in AREA_SUFFIX:
        return 2
    return 1


def _consensus(mentions: list[Mention], focus: str | None) -> str | None:
    """The country the places of a passage agree on (provinces count double, the focus breaks ties)."""
    votes: Counter = Counter()
    first_town = True
    for m in mentions:
        if m.aside:
            continue
        if m.kind == "admin1":
            votes[m.country] += ADMIN_VOTE
        elif m.kind == "town":
            votes[m.country] += 1.0 + (1.0 if m.locative else 0.0) + (0.5 if first_town and m.locative else 0.0)
            first_town = first_town and not m.locative
        elif m.kind == "country":
            # "(Al Quds, West Bank)": a country named as the container outranks the towns
            votes[m.country] += 3.0 if m.in_parens > 0 else 0.4 if m.prep in STRONG_PREPS else 0.25
    if focus:
        votes[focus] += FOCUS_VOTE
    return votes.most_common(1)[0][0] if votes else None


ADMIN_VOTE = 3.0
FOCUS_VOTE = 1.0

_WHERE = {"in", "at", "near", "inside", "into", "to", "towards", "toward", "across", "within", "outside"}


def _where(m: Mention) -> bool:
    """Said as the place where something happens ("in X", "to X", "the town of X"), not as a party ("from X")."""
    return (m.prep in _WHERE or (m.before == "on" and m.before2 in ASSAULT_NOUNS)
            or m.after in TOWN_SUFFIX | ADMIN_SUFFIX or m.in_parens >= 0
            or (m.before == "of" and m.before2 in TOWN_SUFFIX | ADMIN_SUFFIX | AREA_SUFFIX))


def choose_location(ctx: GeoContext, mentions: list[Mention], said_as_place: bool = False) -> Location | None:
    """The most specific place among ``mentions``: the first town said as a place, else a province, else a country.

    Towns and provinces must agree with the country the passage's places point to, and
    a named province overrides a town of the same name in another province.
    """
    mentions = [m for m in mentions if m.kind and (not said_as_place or _where(m))]
    mentions = [m for m in mentions if not m.aside] or mentions
    if not mentions:
        return None
    cc = _consensus(mentions, ctx.focus[0] if ctx.focus else None)
    admins = [m for m in mentions if m.kind == "admin1" and m.country == cc]
    towns = [m for m in mentions if m.kind == "town" and m.country == cc]
    named_keys = {a.admin1.key for a in admins if a.admin1 is not None}
    if named_keys:
        # "Cross Creek Park in Fayetteville (North Carolina)": the town inside the named province
        inside = [t for t in towns if t.admin1 is not None and t.admin1.key in named_keys]
        towns = [t for t in inside if t.locative] or inside or [t for t in towns if t.locative]
    else:
        towns = [t for t in towns if t.locative] or towns
    if towns:
        pick = towns[0]
        unresolved_first = any(m.start < pick.start and m.kind is None and m.before in LOC_PREPS for m in mentions)
        prec = 2 if unresolved_first else _precision(pick)
        loc = _location(ctx, pick, prec)
        named = [a.admin1 for a in admins if a.admin1 is not None]
        if named and pick.admin1 is not None and pick.admin1.key not in {a.key for a in named}:
            # the text names another province for it: a namesake, or an area we do not know
            alt = _town_in_admin(ctx.gaz, pick.key, named)
            if alt is not None:
                return _location(ctx, _as_town(pick, alt, ctx.gaz), prec)
            if haversine_km(loc.latitude, loc.longitude, named[0].latitude, named[0].longitude) > 250:
                return _location(ctx, admins[0], 3)
        return loc
    if admins:
        return _location(ctx, admins[0], 3)
    countries = [m for m in mentions if m.kind == "country"]
    countries = ([m for m in countries if m.before in LOC_PREPS and m.before != "of"]
                 or [m for m in countries if m.country == cc] or countries)
    if countries:
        return ctx.country_location(countries[0].country)
    return None


def _town_in_admin(gaz: Gazetteer, key: str, units: list[Admin1]) -> int | None:
    keys = {u.key for u in units}
    for i in gaz.towns(key):
        if gaz.a1[i] in keys:
            return i
    return None


def _as_town(m: Mention, i: int, gaz: Gazetteer) -> Mention:
    return Mention(m.start, m.end, m.text, m.key, before=m.before, after=m.after, in_parens=m.in_parens,
                   label=m.label, kind="town", town=i, admin1=gaz.admin1.get(gaz.a1[i]), country=gaz.cc[i],
                   score=m.score)


def geocode_text(text: str, ents=()) -> Location | None:
    """Convenience: the main place of a short text (an ACLED note, a headline)."""
    ctx = resolve(text, ents)
    return ctx.document_location()
