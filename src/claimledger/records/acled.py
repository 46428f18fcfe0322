"""ACLED rows from an analysis: one row per ACLED-coded event, ACLED's column names.

A pure function of the contract dictionary (``analysis.schema.json``), so the ledger's
``export --format acled`` and anyone holding analysis JSON get the same rows.  What the
text cannot tell (admin2/admin3, ACLED's event ids and upload timestamps, associated
actors) is left empty rather than guessed; ``event_id_cnty`` is built from the country
and the document and event ids so it is stable across exports.
"""

from __future__ import annotations

import re
from typing import Any

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

#: ACLED event type -> disorder type (ACLED's categories: demonstrations, political violence, or neither)
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


def _inter(actor: str | None, event_cc: str | None) -> int:
    """ACLED's actor class code: 1 state forces ... 7 civilians, 8 foreign/other; 0 for no actor."""
    if not actor:
        return 0
    if actor.startswith("Protesters"):
        return 6
    if actor.startswith("Rioters"):
        return 5
    if actor.startswith("Civilians"):
        return 7
    if actor.startswith(("Unidentified Armed Group", "Unidentified Gang")):
        return 3
    m = re.match(r"(?:Military Forces|Police Forces|Government) of (?:the )?(.+)$", actor)
    if m:
        name = re.sub(r" \(\d{4}-\d{0,4}\).*$", "", m.group(1))
        return 8 if event_cc and _cc_of(name) not in (None, event_cc) else 1
    if re.search(r"\bMilitia\b", actor):
        return 4 if re.search(r"Ethnic|Communal|Clan|Tribal", actor) else 3
    return 2


def _cc_of(country_name: str) -> str | None:
    from claimledger.nlp.events.gazetteer import fold, load

    return load().country(fold(country_name))


def _time_precision(date: str | None) -> int:
    if not date:
        return 3
    return {10: 1, 7: 3, 4: 3}.get(len(date), 3)


def _sources(analysis: dict, claim: dict | None) -> str | None:
    """Who the claim rests on (the attribution's source), then the publication."""
    names: list[str] = []
    if claim is not None and claim.get("attribution_id"):
        atts = {a["id"]: a for a in analysis.get("attributions", [])}
        srcs = {s["id"]: s for s in analysis.get("sources", [])}
        att = atts.get(claim["attribution_id"])
        if att and att.get("source_id") in srcs:
            names.append(srcs[att["source_id"]]["name"])
    doc = analysis.get("document", {})
    site = doc.get("site") or doc.get("title") or doc.get("url")
    if site:
        names.append(site)
    return "; ".join(dict.fromkeys(names)) or None


def acled_rows(analysis: dict[str, Any], include_uncoded: bool = False) -> list[dict[str, Any]]:
    """One ACLED row per event with an ACLED ``event_type`` (all events with ``include_uncoded``)."""
    from claimledger.nlp.events import actors

    doc = analysis.get("document", {})
    claims = {c["id"]: c for c in analysis.get("claims", [])}
    rows = []
    for ev in analysis.get("events", []):
        if not ev.get("event_type") and not include_uncoded:
            continue
        loc = ev.get("location") or {}
        cc = loc.get("country")
        date = ev.get("date") or doc.get("published")
        inter1 = _inter(ev.get("actor1"), cc)
        inter2 = _inter(ev.get("actor2"), cc)
        pair = sorted(x for x in (inter1, inter2) if x)
        interaction = (pair[0] * 10 + pair[1]) if len(pair) == 2 else (pair[0] * 10 if pair else None)
        claim = claims.get(ev.get("claim_id"))
        iso3 = _iso3(cc)
        rows.append({
            "event_id_cnty": f"{iso3 or 'XXX'}-{doc.get('id', 'doc')}-{ev['id']}",
            "event_date": date,
            "year": int(date[:4]) if date else None,
            "time_precision": _time_precision(date),
            "disorder_type": _disorder(ev.get("event_type"), ev.get("sub_event_type")),
            "event_type": ev.get("event_type"),
            "sub_event_type": ev.get("sub_event_type"),
            "actor1": ev.get("actor1"), "assoc_actor_1": None, "inter1": inter1,
            "actor2": ev.get("actor2"), "assoc_actor_2": None, "inter2": inter2,
            "interaction": interaction,
            "civilian_targeting": "Civilian targeting" if (ev.get("actor2") or "").startswith("Civilians") else "",
            "iso": actors.iso_numeric(cc), "region": actors.region(cc), "country": actors.country_name(cc),
            "admin1": loc.get("admin1"), "admin2": None, "admin3": None, "location": loc.get("name"),
            "latitude": loc.get("latitude"), "longitude": loc.get("longitude"),
            "geo_precision": loc.get("geo_precision"),
            "source": _sources(analysis, claim), "source_scale": None,
            "notes": (claim or {}).get("span", {}).get("text") or (ev.get("trigger") or {}).get("text"),
            "fatalities": int(ev.get("fatalities") or 0),
            "tags": _tags(ev), "timestamp": None,
        })
    return rows


def _disorder(event_type: str | None, sub: str | None) -> str | None:
    if sub == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub == "Mob violence":
        return "Political violence"
    return _DISORDER.get(event_type or "")


def _tags(ev: dict) -> str:
    parts = []
    if ev.get("plover_type"):
        parts.append(f"plover={ev['plover_type']}" + (f"/{ev['plover_mode']}" if ev.get("plover_mode") else ""))
    for key in ("injured", "captured"):
        if ev.get(key):
            parts.append(f"{key}={ev[key]}")
    return "; ".join(parts)


def _iso3(cc: str | None) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=cc) if cc else None
    return c.alpha_3 if c else None
