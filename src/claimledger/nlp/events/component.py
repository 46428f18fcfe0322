"""Events: what each claim reports, coded for ACLED and PLOVER, placed and dated.

One sentence may report one ACLED event (every ACLED-coded trigger in it describes the
same incident: "clashed ..., killing two") and any number of acts ACLED does not code
(a deployment and the aid it augments are two PLOVER events).  Sentences with no
trigger that follow an event ("2 fatalities.", "Casualties unknown.") continue it.
The main event, the first ACLED-coded one, comes first; the rest follow in text order.

Coding choices where ACLED's codebook leaves room (what an ACLED coder would do):

* soldiers *captured* in combat: ACLED "Battles / Armed clash" (the capture is an outcome
  of fighting between two state forces), PLOVER COERCE/arrest; anyone else taken is
  "Strategic developments / Arrests".
* a toll reported on its own ("300 soldiers killed") is a battle event of its own claim,
  with the other side borrowed from the document's other battles.
* a soldier detonating his own grenade: "Explosions/Remote violence / Grenade", one fatality.
* deployments (MOBILIZE/troops), proposals and offers (AGREE), requests, aid, threats,
  accusations and releases are PLOVER events with ``event_type`` None: ACLED does not
  code them as events.
* fatalities: ACLED's convention of 0 when a violent event's toll is unknown, and 0 for
  protests about a killing; None for events ACLED does not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from claimledger.nlp.base import Component
from claimledger.nlp.events import actors as actor_names
from claimledger.nlp.events.classify import (
    FAMILIES,
    Family,
    Trigger,
    acled_subtype,
    acled_type,
    find_triggers,
    next_sentence_text,
)
from claimledger.nlp.events.geocode import GeoContext, choose_location, resolve
from claimledger.nlp.extensions import doc_text, get_list
from claimledger.records import Event, Location
from claimledger.records import Span as RSpan

_MILITARY = re.compile(r"\b(?:soldiers?|troops?|servicem[ae]n|forces|army|militar\w*|marines?|fighters?|militants?|"
                       r"rebels?|insurgents?|police(?:m[ae]n)?|officers?)\b", re.I)
_NO_CASUALTIES = re.compile(r"\bno (?:casualties|fatalities|deaths|injuries)\b|\bcasualties (?:are |were )?unknown\b|"
                            r"\bwithout (?:any )?casualties\b", re.I)
_ONE_VICTIM = re.compile(r"\b(?:killed|shot dead|murdered|stabbed to death|beheaded|lynched|executed) "
                         r"(?:a|an|one|the|his|her)\b|\bkilling (?:himself|herself|a|an|one)\b|"
                         r"\b(?:a|an|one) (?:[\w-]+ ){0,4}(?:was|has been|had been)\b[^.;]{0,100}?\b(?:killed|shot dead|"
                         r"murdered|found dead|died)\b|"
                         r"\bbody of (?:a|an)\b", re.I)
_CODED = re.compile(r"\bfatalities (?:were |was )?coded as (\d+)", re.I)
_BODIES = re.compile(r"\bbodies of (\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I)
_WORDNUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12}


@dataclass
class Draft:
    sent: Span
    triggers: list[Trigger]
    acled: bool
    extra: list[Span] = field(default_factory=list)   # continuation sentences

    @property
    def start(self) -> int:
        return self.triggers[0].start

    @property
    def main(self) -> Trigger:
        """The trigger that names the event: a weapon if one is used, else the one nearest the
        sentence's root ("protesting a killing": the protest; "shot ... during a clash": the shooting)."""
        # "held a protest after a man was killed": a killing level with a protest is what the protest is about
        protest = any(t.family.plover == "PROTEST" for t in self.triggers)
        return min(self.triggers, key=lambda t: (min(t.family.rank, 3), _depth(t), protest and t.family.name == "kill",
                                                 t.family.rank, t.start))


def _depth(t: Trigger) -> int:
    tok, n = t.token, 0
    while tok is not None and tok.head.i != tok.i and n < 20:
        tok, n = tok.head, n + 1
    return n if t.token is not None else 20


def _drafts(doc: Doc) -> list[Draft]:
    drafts: list[Draft] = []
    last_acled: Draft | None = None
    for sent in doc.sents:
        trigs = [t for t in find_triggers(sent) if not t.negated and not t.irrealis]
        coded = [t for t in trigs if t.family.subtypes]
        other = [t for t in trigs if not t.family.subtypes]
        follows = last_acled is not None and drafts and drafts[-1] is last_acled
        if coded and follows and all(t.family.name == "kill" for t in coded) and not other:
            last_acled.extra.append(sent)   # "Seven servicemen were killed." tells the toll of the event before
        elif coded:
            last_acled = Draft(sent, coded, True)
            drafts.append(last_acled)
        elif last_acled is not None and not other:
            last_acled.extra.append(sent)
        seen: dict[str, Draft] = {}
        for t in other:
            if t.family.name in seen:
                seen[t.family.name].triggers.append(t)
                continue
            seen[t.family.name] = Draft(sent, [t], False)
            drafts.append(seen[t.family.name])
    return drafts


def _counts(doc: Doc, draft: Draft, quantities) -> dict[str, int | None]:
    """killed / injured / captured for a draft, from the quantities inside its sentences."""
    spans = [(draft.sent.start_char, draft.sent.end_char)] + [(s.start_char, s.end_char) for s in draft.extra]
    out: dict[str, int | None] = {"killed": None, "injured": None, "captured": None}
    for q in quantities:
        counts = getattr(q, "counts", None)
        value = getattr(q, "value", None)
        span = getattr(q, "span", None)
        if counts not in out or value is None or span is None:
            continue
        if not any(s <= span.start < e for s, e in spans):
            continue
        if _in_parens(doc_text(doc), span.start, spans):
            continue
        out[counts] = max(out[counts] or 0, int(round(value)))
    full = doc_text(doc)
    text = " ".join(full[s:e] for s, e in spans)
    coded = _CODED.search(text)
    if coded:
        out["killed"] = int(coded.group(1))
    if out["killed"] is None:
        m = _BODIES.search(text)
        if m:
            out["killed"] = int(m.group(1)) if m.group(1).isdigit() else _WORDNUM[m.group(1).lower()]
        elif _ONE_VICTIM.search(text):
            out["killed"] = 1
    return out


def _in_parens(text: str, pos: int, spans) -> bool:
    start = next((s for s, e in spans if s <= pos < e), 0)
    before = text[start:pos]
    return before.count("(") > before.count(")")


def _claim_for(claims, start: int, sent: Span | None = None):
    """The narrowest claim holding the trigger; else the first claim told in the same sentence."""
    best = _containing(claims, start)
    if best is None and sent is not None:
        inside = [c for c in claims if getattr(c, "span", None) is not None
                  and sent.start_char <= c.span.start < sent.end_char]
        best = min(inside, key=lambda c: c.span.start) if inside else None
    return best


def _containing(claims, start: int):
    best = None
    for c in claims:
        span = getattr(c, "span", None)
        if span is None or not (span.start <= start < span.end):
            continue
        if best is None or (span.end - span.start) < (best.span.end - best.span.start):
            best = c
    return best


def _date(claim, sent: Span, claims, published: str | None) -> str | None:
    """The claim's own date, else a date stated in the sentence, else the publication date."""
    for c in [claim] + [c for c in claims if c is not claim]:
        if c is None:
            continue
        span = getattr(c, "span", None)
        if c is not claim and (span is None or not (sent.start_char <= span.start < sent.end_char)):
            continue
        for d in getattr(c, "dates", None) or []:
            value = d.get("value") if isinstance(d, dict) else None
            if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                return value
    return published if published and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published) else None


def _subtype(draft: Draft, text: str) -> str | None:
    main = draft.main
    others = tuple({t.family.name: t.family for t in draft.triggers if t.family is not main.family}.values())
    if main.family.name == "capture" and not others:
        # soldiers taken in combat belong to the battle; anyone else taken is an arrest
        return "Armed clash" if _MILITARY.search(text) else "Arrests"
    best, _ = acled_subtype(text, main.family, others, _role_boosts(draft))
    return best


_ARMED = {"military", "police", "armed", "government"}
_CROWD = {"civilians", "protesters", "rioters"}
_VIOLENT_FAMILIES = {"kill", "clash", "attack", "mob", "destroy", "loot", "abduct", "riot"}


def _role_boosts(draft: Draft) -> dict[str, float]:
    """Who did it to whom separates ACLED's violent types: armed on civilians is an attack,
    armed on armed a clash, a crowd on anyone mob violence."""
    boosts: dict[str, float] = {}
    if draft.main.family.name not in _VIOLENT_FAMILIES:
        return boosts  # a weapon decides the type (an airstrike on civilians is still an airstrike)
    for t in draft.triggers:
        if t.family.name not in _VIOLENT_FAMILIES or t.token is None:
            continue
        doer, target = actor_names.roles(t.token)
        k1, k2 = actor_names.kind_of(doer), actor_names.kind_of(target)
        if t.token.dep_ in ("nsubjpass",) or any(c.dep_ == "auxpass" for c in t.token.children):
            k1, k2 = (k1 if doer is not None and doer.dep_ == "agent" else None), k2 or actor_names.kind_of(
                next((c for c in t.token.children if c.dep_ == "nsubjpass"), None))
        if k1 in _CROWD and k1 != "protesters" and k2 is not None:
            boosts["Mob violence"] = boosts.get("Mob violence", 0) + 1.5
        elif k2 == "civilians" and k1 in _ARMED | {None}:
            boosts["Attack"] = boosts.get("Attack", 0) + 1.5
        elif k2 in _ARMED and (k1 in _ARMED or k1 is None):
            boosts["Armed clash"] = boosts.get("Armed clash", 0) + 1.5
        break
    return boosts


def _mode(family: Family, subtype: str | None) -> str | None:
    if family.plover != "ASSAULT":
        return family.mode
    return {"Air/drone strike": "aerial", "Shelling/artillery/missile attack": "heavy-weapons",
            "Remote explosive/landmine/IED": "explosives", "Grenade": "explosives", "Suicide bomb": "suicide-attack",
            "Abduction/forced disappearance": "abduct", "Sexual violence": "sexual", "Mob violence": "beat",
            "Chemical weapon": "unconventional", "Looting/property destruction": "destroy"}.get(subtype or "", family.mode)


def _speaker_states(sources) -> dict[int, str]:
    """Character offset of each mention of a source that speaks for a state -> its country."""
    out: dict[int, str] = {}
    for src in sources:
        cc = getattr(src, "affiliation", None)
        if not cc or getattr(src, "type", None) not in ("person", "government", "military"):
            continue
        for m in getattr(src, "mentions", None) or []:
            out[m.start] = cc
    return out


def _actors(draft: Draft, subtype: str | None, loc: Location | None, sources=()) -> tuple[str | None, str | None]:
    cc = loc.country if loc else None
    a1 = a2 = None
    states = _speaker_states(sources)
    for t in sorted(draft.triggers, key=lambda t: (t.token is None, t.family.rank)):
        x1, x2 = actor_names.participants(t.token, cc, states)
        a1 = a1 or x1
        a2 = a2 or x2
    etype = acled_type(subtype)
    if etype == "Protests":
        a1 = a1 if a1 and a1.startswith("Protesters") else actor_names.group_actor("protesters", cc)
    elif etype == "Riots" and subtype == "Violent demonstration":
        a1 = a1 if a1 and a1.startswith("Rioters") else actor_names.group_actor("rioters", cc)
    elif etype == "Violence against civilians":
        if a2 is None or not a2.startswith("Civilians"):
            a2 = actor_names.group_actor("civilians", cc) if a2 is None else a2
        a1 = a1 or actor_names.group_actor("armed", cc)
    elif subtype == "Suicide bomb":
        a1 = a1 or actor_names.group_actor("armed", cc)   # a bomber nobody claimed
    if a1 == a2:
        a2 = None
    return a1, a2


def extract_events(doc: Doc, geo: GeoContext | None = None) -> list[Event]:
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    claims = get_list(doc, "cl_claims")
    quantities = get_list(doc, "cl_quantities")
    sources = get_list(doc, "cl_sources")
    published = getattr(doc._, "cl_published", None)
    drafts = _drafts(doc)
    if not drafts:
        return []
    geo = geo or resolve(doc_text(doc), doc.ents)
    events: list[tuple[Draft, Event]] = []
    last_loc: Location | None = None
    for n, draft in enumerate(drafts, 1):
        main = draft.main
        text = " ".join([draft.sent.text] + [s.text for s in draft.extra])
        subtype = _subtype(draft, text + _after_protest(draft)) if draft.acled else None
        loc = _place(geo, draft, last_loc)
        if loc is not None and draft.acled:
            last_loc = loc
        counts = _counts(doc, draft, quantities) if draft.acled else dict.fromkeys(("killed", "injured", "captured"))
        claim = _claim_for(claims, main.start, draft.sent)
        a1, a2 = _actors(draft, subtype, loc, sources)
        killed = counts["killed"]
        if subtype in ("Peaceful protest", "Protest with intervention"):
            killed = 0      # a protest about a killing has no fatalities of its own
        if draft.acled and killed is None:
            killed = 0
        plover, mode = main.family.plover, _mode(main.family, subtype)
        events.append((draft, Event(
            id=f"e{n}", event_type=acled_type(subtype), sub_event_type=subtype, plover_type=plover,
            plover_mode=mode, actor1=a1, actor2=a2, date=_date(claim, draft.sent, claims, published),
            location=loc, fatalities=killed, injured=counts["injured"], captured=counts["captured"],
            claim_id=getattr(claim, "id", None), trigger=RSpan.of(doc_text(doc), main.start, main.end))))
    ordered = _order(_merge(events))
    _counterparts(ordered)
    for i, ev in enumerate(ordered, 1):
        ev.id = f"e{i}"
    _link_claims(claims, ordered)
    return ordered


def _after_protest(draft: Draft) -> str:
    """What follows a protest tells its kind: "Police intervened, detaining 3" makes it a protest
    with intervention, "Some threw stones" a violent one; ACLED codes the gathering once."""
    if draft.main.family.name != "protest":
        return ""
    nxt = next_sentence_text(draft.extra[-1] if draft.extra else draft.sent)
    return " " + nxt if nxt else ""


def _place(geo: GeoContext, draft: Draft, last: Location | None) -> Location | None:
    """The sentence's own place; else the previous event's (a story goes on where it was); else the document's."""
    here = geo.in_range(draft.sent.start_char, draft.sent.end_char)
    if not draft.acled:
        # statements, deployments, aid: their own place if said as one, else where the story is
        return choose_location(geo, here, said_as_place=True) or last or geo.document_location()
    if not here and last is None:
        for extra in draft.extra:
            here = geo.in_range(extra.start_char, extra.end_char)
            if here:
                break
    loc = choose_location(geo, here)
    if loc is not None and (loc.geo_precision != 3 or last is None or loc.country != last.country
                            or any(m.kind == "admin1" for m in here)):
        return loc if loc.admin1 is not None or last is not None else _narrow(geo, loc)
    if last is not None:
        return Location(name=last.name, admin1=last.admin1, country=last.country, latitude=last.latitude,
                        longitude=last.longitude, geo_precision=max(2, last.geo_precision or 2))
    loc = loc or geo.document_location()
    return _narrow(geo, loc) if loc is not None and loc.admin1 is None else loc


def _narrow(geo: GeoContext, loc: Location) -> Location:
    """A first event placed only in a country ("strikes in northern Syria") is coded, as ACLED
    does, at the most specific place of that country the article names ("... near Tabqa"), with
    geo_precision 2 at best: the article does not say the event happened exactly there."""
    finer = [m for m in geo.mentions if m.kind in ("town", "admin1") and m.country == loc.country]
    pick = choose_location(geo, finer, said_as_place=True) if finer else None
    if pick is None or pick.country != loc.country or pick.admin1 is None:
        return loc
    return Location(name=pick.name, admin1=pick.admin1, country=pick.country, latitude=pick.latitude,
                    longitude=pick.longitude, geo_precision=max(2, pick.geo_precision or 2))


def _merge(events: list[tuple[Draft, Event]]) -> list[Event]:
    """Re-mentions of one act ("the capture", "his capture"; "the prisoner swap offer") fold into one.

    The first telling stands for the act, unless only a later one names who acted.
    """
    out: list[Event] = []
    seen: dict[str, int] = {}
    for draft, ev in events:
        fam = draft.main.family.name
        if draft.acled and fam != "capture":
            out.append(ev)
            continue
        key = f"{fam}|{ev.sub_event_type or ''}"
        if key not in seen:
            seen[key] = len(out)
            out.append(ev)
            continue
        first = out[seen[key]]
        if first.actor1 and ev.actor1 and first.actor1 != ev.actor1:
            seen[key] = len(out)
            out.append(ev)
            continue
        # the first telling stands, unless only a later one says who acted
        keep, other = (ev, first) if (ev.actor1 and not first.actor1) else (first, ev)
        for name in ("actor1", "actor2", "captured", "injured", "claim_id"):
            if getattr(keep, name) is None:
                setattr(keep, name, getattr(other, name))
        out[seen[key]] = keep
    return out


def _counterparts(events: list[Event]) -> None:
    """A battle told from one side ("300 North Korean soldiers killed") borrows the other side from the
    document's other battles with that side."""
    pairs = [(e.actor1, e.actor2) for e in events if e.event_type == "Battles" and e.actor1 and e.actor2]
    for e in events:
        if e.event_type != "Battles" or (e.actor1 and e.actor2):
            continue
        known = e.actor1 or e.actor2
        for a, b in pairs:
            if known in (a, b):
                other = b if known == a else a
                e.actor1, e.actor2 = (known, other) if e.actor1 else (other, known)
                break


def _order(events: list[Event]) -> list[Event]:
    coded = [e for e in events if e.event_type]
    if not coded:
        return events
    main = coded[0]
    return [main] + [e for e in events if e is not main]


def _link_claims(claims, events: list[Event]) -> None:
    by_id = {getattr(c, "id", None): c for c in claims}
    for ev in events:
        c = by_id.get(ev.claim_id)
        if c is not None and hasattr(c, "event_ids") and ev.id not in c.event_ids:
            c.event_ids.append(ev.id)


class EventExtractor(Component):
    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_events = extract_events(doc)
        return doc


__all__ = ["EventExtractor", "extract_events", "FAMILIES"]
