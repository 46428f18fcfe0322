"""What kind of event a sentence reports: trigger words, their syntax, and a small model.

Three layers, each doing what it is good at:

1. **Triggers** (:data:`TRIGGERS`): lemmas that name an act (``shell``, ``abduct``,
   ``deploy``, ``propose``) give a *family*.  The dependency parse filters out what did
   not happen: acts that are only planned, ordered, avoided, attempted by others,
   negated, or used as adjectives ("the wounded prisoners").
2. **Families** carry the PLOVER type and mode (ASSAULT/aerial, MOBILIZE/troops,
   AGREE, ...) and the ACLED sub-event types they may have; families that ACLED does
   not code (deployments, proposals, aid, threats, statements) get ``event_type`` None.
3. **The model** (:mod:`.model`, softmax regression trained on ACLED notes) chooses
   among the allowed ACLED sub-types, nudged by cue words ACLED's codebook defines
   the sub-types by (tear gas -> protest with intervention, stones -> violent
   demonstration).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimledger.nlp.events import model as sub_model

#: ACLED sub-event type -> event type, spelled as in ACLED's categories file
ACLED_TYPES = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
}

VIOLENT = ("Armed clash", "Attack", "Shelling/artillery/missile attack", "Air/drone strike",
           "Remote explosive/landmine/IED", "Grenade", "Suicide bomb", "Mob violence",
           "Abduction/forced disappearance", "Looting/property destruction", "Violent demonstration",
           "Government regains territory", "Non-state actor overtakes territory")


@dataclass(frozen=True)
class Family:
    name: str
    plover: str
    mode: str | None
    subtypes: tuple[str, ...]     # ACLED sub-types it may take; () = ACLED does not code it
    default: str | None = None    # sub-type when the model has no opinion
    rank: int = 5                 # lower wins when one sentence has several ACLED families


FAMILIES = {f.name: f for f in (
    Family("airstrike", "ASSAULT", "aerial", ("Air/drone strike",), "Air/drone strike", 1),
    Family("drone", "ASSAULT", "drone", ("Air/drone strike", "Shelling/artillery/missile attack"), "Air/drone strike", 1),
    Family("shelling", "ASSAULT", "heavy-weapons", ("Shelling/artillery/missile attack", "Air/drone strike", "Armed clash"),
           "Shelling/artillery/missile attack", 2),
    Family("explosive", "ASSAULT", "explosives", ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                                                  "Disrupted weapons use"), "Remote explosive/landmine/IED", 1),
    Family("grenade", "ASSAULT", "explosives", ("Grenade",), "Grenade", 0),
    Family("suicide_bomb", "ASSAULT", "suicide-attack", ("Suicide bomb",), "Suicide bomb", 0),
    Family("chemical", "ASSAULT", "unconventional", ("Chemical weapon",), "Chemical weapon", 0),
    Family("clash", "ASSAULT", "firearms", ("Armed clash", "Attack", "Shelling/artillery/missile attack",
                                           "Mob violence", "Violent demonstration", "Government regains territory",
                                           "Non-state actor overtakes territory"), "Armed clash", 3),
    Family("kill", "ASSAULT", "firearms", VIOLENT, "Attack", 4),
    # "attacked", "opened fire": whether a clash or an attack depends on whom (see component._role_boosts)
    Family("attack", "ASSAULT", "firearms", ("Armed clash", "Attack", "Mob violence", "Violent demonstration",
                                             "Looting/property destruction", "Abduction/forced disappearance"), None, 3),
    Family("sexual", "ASSAULT", "sexual", ("Sexual violence",), "Sexual violence", 1),
    Family("abduct", "ASSAULT", "abduct", ("Abduction/forced disappearance", "Attack", "Arrests"),
           "Abduction/forced disappearance", 2),
    Family("capture", "COERCE", "arrest", ("Armed clash", "Arrests", "Abduction/forced disappearance"), "Armed clash", 3),
    Family("arrest", "COERCE", "arrest", ("Arrests", "Abduction/forced disappearance"), "Arrests", 4),
    Family("territory", "ASSAULT", "heavy-weapons", ("Government regains territory", "Non-state actor overtakes territory",
                                                     "Non-violent transfer of territory", "Armed clash"),
           "Non-state actor overtakes territory", 2),
    Family("loot", "COERCE", "seize", ("Looting/property destruction", "Violent demonstration", "Mob violence", "Attack"),
           "Looting/property destruction", 4),
    Family("destroy", "ASSAULT", "destroy", ("Looting/property destruction", "Violent demonstration", "Mob violence",
                                             "Attack", "Armed clash"), "Looting/property destruction", 4),
    Family("riot", "PROTEST", "riot", ("Violent demonstration", "Mob violence", "Protest with intervention"),
           "Violent demonstration", 3),
    Family("mob", "ASSAULT", "beat", ("Mob violence", "Attack", "Violent demonstration"), "Mob violence", 3),
    Family("protest", "PROTEST", "demo", ("Peaceful protest", "Protest with intervention", "Violent demonstration",
                                          "Excessive force against protesters", "Mob violence"), "Peaceful protest", 5),
    Family("strike", "PROTEST", "strike", ("Peaceful protest", "Protest with intervention"), "Peaceful protest", 6),
    Family("hunger", "PROTEST", "hunger", ("Peaceful protest",), "Peaceful protest", 6),
    Family("agreement", "AGREE", None, ("Agreement",), "Agreement", 7),
    Family("base", "MOBILIZE", "troops", ("Headquarters or base established",), "Headquarters or base established", 7),
    # air defence bringing down missiles or drones: ACLED codes the attack it prevented as disrupted
    # weapons use; a hit reported beside it is its own, higher-ranked event
    Family("intercept", "COERCE", None, ("Disrupted weapons use",), "Disrupted weapons use", 3),
    Family("seize_goods", "COERCE", "seize", ("Disrupted weapons use", "Other", "Looting/property destruction"),
           "Disrupted weapons use", 7),
    Family("change", "COERCE", "restrict", ("Change to group/activity", "Other"), "Change to group/activity", 8),
    Family("surrender", "RETREAT", "disarm", ("Agreement", "Change to group/activity", "Other"), "Agreement", 7),
    Family("curfew", "COERCE", "curfew", ("Change to group/activity", "Other"), "Change to group/activity", 8),
    Family("displace", "COERCE", "deport", ("Other", "Change to group/activity"), "Other", 9),
    # what ACLED does not code
    Family("deploy", "MOBILIZE", "troops", ()),
    Family("propose", "AGREE", None, ()),
    Family("request", "REQUEST", None, ()),
    Family("aid", "AID", None, ()),
    Family("threaten", "THREATEN", "violence", ()),
    Family("accuse", "ACCUSE", "allege", ()),
    Family("release", "RETREAT", "release", ()),
    Family("withdraw", "RETREAT", "withdraw", ()),
    Family("ceasefire", "RETREAT", "ceasefire", ()),
    Family("consult", "CONSULT", None, ()),
    Family("sanction", "SANCTION", None, ()),
    Family("reject", "REJECT", None, ()),
)}

#: lemma (lower case) -> family; multiword triggers are matched on the text
TRIGGERS = {
    "airstrike": "airstrike", "air-strike": "airstrike", "warplane": "airstrike", "bombing": "airstrike",
    "jet": "airstrike", "aircraft": "airstrike", "helicopter": "airstrike", "airstrikes": "airstrike",
    "drone": "drone", "uav": "drone",
    "shell": "shelling", "shelling": "shelling", "artillery": "shelling", "mortar": "shelling", "rocket": "shelling",
    "missile": "shelling", "bombard": "shelling", "bombardment": "shelling", "howitzer": "shelling",
    "projectile": "shelling", "mlrs": "shelling", "grad": "shelling", "tank": "shelling",
    "ied": "explosive", "landmine": "explosive", "explosive": "explosive", "mine": "explosive",
    "explosion": "explosive", "explode": "explosive", "blast": "explosive", "bomb": "explosive",
    "detonate": "explosive", "uxo": "explosive",
    "grenade": "grenade",
    "clash": "clash", "battle": "clash", "fight": "clash", "fighting": "clash", "firefight": "clash",
    "ambush": "clash", "offensive": "clash", "skirmish": "clash", "engage": "clash", "attack": "attack",
    "assault": "attack", "raid": "attack", "gunfight": "clash", "combat": "clash", "counteroffensive": "clash",
    "kill": "kill", "shoot": "kill", "murder": "kill", "stab": "kill", "behead": "kill", "execute": "kill",
    "massacre": "kill", "injure": "kill", "wound": "kill", "gun": "kill", "die": "kill", "killing": "kill",
    "assassinate": "kill", "lynch": "mob", "beat": "mob", "torture": "kill", "hack": "kill", "body": "kill",
    "casualty": "kill", "fatality": "kill", "dead": "kill",
    "rape": "sexual", "molest": "sexual",
    "abduct": "abduct", "kidnap": "abduct", "abduction": "abduct", "kidnapping": "abduct", "hostage": "abduct",
    "hijack": "abduct",
    "capture": "capture", "captive": "capture", "pow": "capture",
    "arrest": "arrest", "detain": "arrest", "apprehend": "arrest", "detention": "arrest", "custody": "arrest",
    "recapture": "territory", "retake": "territory", "regain": "territory", "liberate": "territory",
    "overrun": "territory",
    "loot": "loot", "plunder": "loot", "ransack": "loot", "looting": "loot",
    "torch": "destroy", "arson": "destroy", "burn": "destroy", "vandalize": "destroy", "vandalise": "destroy",
    "demolish": "destroy", "raze": "destroy", "destroy": "destroy", "damage": "destroy",
    "riot": "riot", "rioter": "riot", "stone-pelting": "riot",
    "mob": "mob",
    "protest": "protest", "demonstrate": "protest", "demonstration": "protest", "rally": "protest",
    "march": "protest", "picket": "protest", "sit-in": "protest", "protester": "protest", "demonstrator": "protest",
    "blockade": "protest", "gather": "protest", "boycott": "protest", "vigil": "protest",
    "strike": "strike",
    "agreement": "agreement", "accord": "agreement", "truce": "ceasefire", "ceasefire": "ceasefire",
    "cease-fire": "ceasefire",
    "deploy": "deploy", "deployment": "deploy", "mobilize": "deploy", "mobilise": "deploy", "reinforcement": "deploy",
    "reinforce": "deploy", "dispatch": "deploy", "station": "deploy", "amass": "deploy", "send": "deploy",
    "propose": "propose", "proposal": "propose", "offer": "propose", "suggest": "propose", "swap": "propose",
    "exchange": "propose",
    "demand": "request", "urge": "request", "appeal": "request",
    "aid": "aid", "assistance": "aid", "support": "aid", "supply": "aid", "ammunition": "aid", "donate": "aid",
    "threaten": "threaten", "threat": "threaten", "warn": "threaten", "ultimatum": "threaten",
    "accuse": "accuse", "condemn": "accuse", "blame": "accuse", "denounce": "accuse",
    "release": "release", "free": "release",
    "withdraw": "withdraw", "retreat": "withdraw", "withdrawal": "withdraw",
    "meet": "consult", "talk": "consult", "visit": "consult",
    "sanction": "sanction", "expel": "sanction",
    "reject": "reject", "refuse": "reject",
    "surrender": "surrender", "defect": "surrender",
    "lockdown": "curfew", "curfew": "curfew",
    "displace": "displace", "flee": "displace", "displacement": "displace", "evacuate": "displace",
    "fire": "attack", "shot": "attack", "gunfire": "attack", "shootout": "clash",
    "intercept": "abduct", "defuse": "seize_goods", "dismantle": "seize_goods", "confiscate": "seize_goods",
    "parade": "change", "closure": "change", "ban": "change", "patrol": "deploy", "convoy": "deploy",
    "deliver": "aid", "checkpoint": "base", "stone": "riot", "mosaic": "protest", "chain": "protest",
    "block": "protest", "occupy": "protest", "honk": "protest", "chant": "protest", "banner": "protest",
    "placard": "protest",
}

#: lemmas that are triggers only when the word is a noun (or only a verb)
NOUN_ONLY = {"support", "ammunition", "exchange", "swap", "body", "gun", "station", "tank", "jet", "aircraft",
             "helicopter", "mine", "explosive", "talk", "threat", "rocket", "missile", "artillery", "mortar",
             "drone", "grenade", "offer", "agreement", "assistance", "aid", "casualty", "fatality",
             "dead", "hostage", "protester", "demonstrator", "rioter", "mob", "march", "rally", "strike",
             "release", "blockade", "banner", "placard", "lockdown", "curfew", "shot", "gunfire", "shootout",
             "parade", "closure", "patrol", "convoy", "checkpoint", "stone", "mosaic", "chain"}
VERB_ONLY = {"send", "free", "meet", "visit", "gather", "beat", "hack", "engage", "fight", "shell", "station",
             "burn", "die", "damage", "destroy", "supply", "reinforce", "march", "rally", "strike", "stab",
             "release", "warn", "kill", "shoot", "wound", "injure", "detonate", "explode", "block", "demand", "urge",
             "appeal", "occupy", "fire", "intercept", "defuse", "dismantle", "deliver", "honk", "chant", "flee", "displace", "evacuate", "defect", "surrender"}
# words both ways: nouns and verbs listed in both sets are accepted as either
_BOTH = NOUN_ONLY & VERB_ONLY

#: governors that mean the act did not (yet) happen
IRREALIS = {"avoid", "evade", "escape", "prevent", "plan", "intend", "order", "instruct", "threaten", "want",
            "hope", "seek", "manage", "aim", "prepare", "vow", "pledge", "refuse", "fail", "deny", "fear", "risk",
            "directive", "warn", "urge", "ask", "call", "demand", "prohibit", "ban", "resist", "until",
            "try"}
MODALS = {"will", "would", "could", "should", "may", "might", "must", "shall", "can", "'ll"}

#: what air defences bring down (a plane or a helicopter shot down is not an interception)
_PROJECTILES = r"(?:(?:cruise |ballistic )?missiles?|drones?|rockets?|UAVs?|projectiles?|Shaheds?)\b"

_MULTI = [
    (re.compile(r"\bgrenade launchers?\b", re.I), "shelling"),
    (re.compile(r"\bair[ -]?strikes?\b|\bair raids?\b|\bbombing raids?\b", re.I), "airstrike"),
    (re.compile(r"\bdrone (?:strike|attack)s?\b|\bkamikaze drones?\b", re.I), "drone"),
    (re.compile(r"\bsuicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?|vest)\b", re.I), "suicide_bomb"),
    (re.compile(r"\bchemical (?:weapon|attack|agent)s?\b|\bchlorine gas\b|\bsarin\b", re.I), "chemical"),
    (re.compile(r"\b(?:roadside|car|truck|motorcycle) bombs?\b|\bexplosive devices?\b", re.I), "explosive"),
    (re.compile(r"\bhunger strikes?\b", re.I), "hunger"),
    (re.compile(r"\bset (?:\w+ ){0,6}on fire\b|\bset (?:\w+ ){0,3}fire\b|\bset fire\b", re.I), "destroy"),
    (re.compile(r"\bmolotov(?: cocktails?)?\b|\bpetrol bombs?\b|\bfire ?bombs?\b", re.I), "destroy"),
    (re.compile(r"\btook to the streets?\b|\btake to the streets?\b|\bsit-ins?\b", re.I), "protest"),
    (re.compile(r"\bprisoner (?:swap|exchange)s?\b", re.I), "propose"),
    (re.compile(r"\b(?:shot|shoots?|shooting) down (?:\w+ ){0,4}" + _PROJECTILES + r"|\b(?:intercept(?:ed|s|ing)?|downed) "
                r"(?:\w+ ){0,4}" + _PROJECTILES + r"|" + _PROJECTILES + r" (?:\w+ ){0,2}(?:was|were|had been|have been) "
                r"(?:\w+ )?(?:shot down|intercepted|downed)\b", re.I), "intercept"),
    (re.compile(r"\btook control\b|\btake control\b|\bseized control\b|\bcaptured the (?:town|village|city)\b", re.I),
     "territory"),
    (re.compile(r"\bcall(?:ed|s|ing)? (?:for|on)\b", re.I), "request"),
    (re.compile(r"\bopen(?:ed|s|ing)? fire\b", re.I), "attack"),
    (re.compile(r"\bexchange(?:d)? (?:of )?fire\b", re.I), "clash"),
    (re.compile(r"\btear ?gas\b|\bwater cannons?\b|\brubber bullets?\b", re.I), "protest"),
    (re.compile(r"\bstate of emergency\b|\bmartial law\b", re.I), "curfew"),
    (re.compile(r"\blaid down (?:their|his) (?:weapons|arms)\b", re.I), "surrender"),
    (re.compile(r"\bestablish(?:ed)? (?:a )?(?:new )?(?:military )?(?:base|headquarters|checkpoint|camp)s?\b", re.I),
     "base"),
    (re.compile(r"\bseiz(?:ed|e|ure of) (?:\w+ ){0,3}(?:weapons?|arms|ammunition|explosives|drugs)\b", re.I),
     "seize_goods"),
]

_ANY_MULTI = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _MULTI), re.I)

#: boosts of the armed-victim, violent-demonstration and intervention cues below
ARMED_VICTIM = 1.5
#: a protest with a violent cue is seldom peaceful: of the 32 ACLED dev protest and riot notes where it
#: matches, 1 is a peaceful protest (15 violent demonstrations, 15 mob violence); 3.0 rather than 2.0
#: outweighs the sub-type model's prior for peaceful protests (event type over four 5-fold splits:
#: mean 90.7 -> 91.05%)
VIOLENT_CUE = 3.0
INTERVENTION_CUE = 2.0

#: cue words that tell ACLED sub-types apart once the family is known: (pattern, sub-type, boost)
_CUES = [
    (re.compile(r"tear ?gas|water cannon|rubber bullet|dispers|arrest|detain|baton|charg(?:ed|ing) (?:at|the)|"
                r"prevent(?:ed)? (?:them|the protest)|stopped by (?:the )?police", re.I), "Protest with intervention", INTERVENTION_CUE),
    (re.compile(r"\bstones?\b|\brocks?\b|molotov|vandali[sz]|torch|\bset(?:ting)? (?:\w+ ){0,3}(?:on )?fire|"
                r"\bburn(?:ed|t|ing)? (?:\w+ ){0,2}(?:tyres|tires|cars|vehicles|debris|obstacles|barricades|objects)|"
                r"clash(?:ed)? with (?:the |\w+ )?(?:riot )?police|smash|petrol bomb|pelt|\briot(?:s|ers|ing)?\b|"
                r"blunt objects", re.I), "Violent demonstration", VIOLENT_CUE),
    (re.compile(r"\bprotesters? (?:were|was) (?:killed|shot)|fired (?:live )?(?:ammunition|bullets) (?:at|on) (?:the )?protest",
                re.I), "Excessive force against protesters", 2.5),
    (re.compile(r"\bmob\b|lynch|villagers (?:beat|attacked|killed)|residents (?:beat|attacked|killed)|vigilante", re.I),
     "Mob violence", 2.0),
    (re.compile(r"\babduct|\bkidnap|\bhostage|forcibly disappear", re.I), "Abduction/forced disappearance", 3.0),
    (re.compile(r"\bIEDs?\b|landmine|\bmines?\b exploded|explosive device|roadside bomb|car bomb|remote(?:ly)? detonat",
                re.I), "Remote explosive/landmine/IED", 3.0),
    (re.compile(r"airstrike|air strike|air raid|warplane|\bdrones?\b|helicopter|fighter jet|air force|bombing (?:raid|run)s?|"
                r"coalition (?:air ?)?(?:strikes?|raids?)", re.I),
     "Air/drone strike", 2.5),
    (re.compile(r"shell(?:ed|ing|s)?\b|artillery|mortar|rocket|missile|MLRS|howitzer|\bGrad\b|projectile", re.I),
     "Shelling/artillery/missile attack", 2.0),
    # a grenade launcher fires from afar: ACLED codes it with shelling (4 of the 6 such notes in ACLED dev)
    (re.compile(r"grenade(?! launcher)", re.I), "Grenade", 2.0),
    (re.compile(r"grenade launcher", re.I), "Shelling/artillery/missile attack", 2.0),
    # fire returned makes it two-sided: a clash, whatever the weapons (all 4 such notes in ACLED dev)
    (re.compile(r"\b(?:fired|fire|shot|shelled|shell) back\b|\breturned (?:the )?fire\b|\bretaliated with fire\b",
                re.I), "Armed clash", 2.0),
    # ACLED codes a suicide bombing as such whoever it kills
    (re.compile(r"\bsuicide (?:bomb(?:er|ing)?s?|attack(?:er)?s?|vest|car)\b|blew (?:himself|herself|themselves) up",
                re.I), "Suicide bomb", 3.0),
    (re.compile(r"\bloot|ransack|plunder|\barson|torched|burn(?:ed|t) (?:down )?(?:\w+ ){0,2}(?:houses|homes|shops|vehicles|property)|"
                r"property destruction|destroyed (?:\w+ ){0,2}(?:houses|homes|property|shops)", re.I),
     "Looting/property destruction", 2.0),
    (re.compile(r"\barrest(?:ed|s)?\b|\bdetain(?:ed)?\b|apprehend", re.I), "Arrests", 1.0),
    (re.compile(r"\bclash(?:ed|es)?\b|exchange of fire|gunfight|firefight|\bfought\b|\bbattle", re.I), "Armed clash", 1.5),
    (re.compile(r"\b(?:fired|fire|shot|shelled|shell) back\b|returned fire|exchanged fire|machine guns?|small arms|"
                r"in both directions|exchanges? of (?:fire|shelling|artillery)",
                re.I), "Armed clash", 1.5),
    (re.compile(r"\bset (?:\w+ )?ablaze|\bthrew\b|\bthrowing\b|\bhurl|clashes broke out|clashed with|"
                r"\battacked\b|barricad|scuffle|injur(?:ed|ing) (?:\w+ ){0,2}police", re.I), "Violent demonstration", 1.5),
    # ACLED: violence against an armed or organised side (soldiers, police, gang members) is a clash,
    # even when only one side fired; against the unarmed it is an attack
    (re.compile(r"(?:killed|shot|attacked|ambushed|injured|wounded|fired (?:at|on)|targeted|stabbed) (?:\w+ ){0,3}"
                r"(?:soldiers?|troops|servicem[ae]n|police(?:m[ae]n)?|(?:police )?officers?|personnel|militiam[ae]n|"
                r"militants?|fighters?|rebels?|gang members?|(?:drug )?traffickers?|gunmen|commanders?|guards?|"
                r"security (?:men|forces))\b|"
                r"\b(?:soldiers?|servicem[ae]n|police(?:m[ae]n)?|(?:police )?officers?|militiam[ae]n|militants?|fighters?|"
                r"gang members?|(?:drug )?traffickers?|commanders?|guards?) (?:\w+ ){0,2}(?:was|were) (?:\w+ )?"
                r"(?:killed|shot|ambushed|injured|wounded|attacked)|shoot-?out|armed confrontation|gun ?battle|"
                r"operations? against", re.I), "Armed clash", ARMED_VICTIM),
    # ACLED counts off-duty soldiers and police among civilians: violence against them is an attack
    (re.compile(r"\boff[- ]duty\b", re.I), "Attack", 3.0),
    (re.compile(r"\bcivilians?\b|\bresidents?\b|\bvillagers?\b|\bwom[ae]n\b|\bchild(?:ren)?\b|\bfarmers?\b|\bman\b|"
                r"\bboy\b|\bgirl\b|\bjournalists?\b|\bshepherd|\bdriver", re.I), "Attack", 0.7),
    (re.compile(r"\brap(?:e|ed|ing)\b|sexual(?:ly)? (?:assault|abuse|violence)", re.I), "Sexual violence", 3.0),
    (re.compile(r"took control|seized control|captured the (?:town|village|city)|overran", re.I),
     "Non-state actor overtakes territory", 1.5),
    (re.compile(r"recaptured|regained control|retook|liberated", re.I), "Government regains territory", 2.0),
    # "march" in lower case only (or "Marched", "Marches", "Marching"): the month is no protest
    (re.compile(r"\bprotest|\bdemonstrat|\brally|(?-i:\bmarch(?:ed|es|ing)?\b)|\bMarch(?:ed|es|ing)\b|sit-in|picket|"
                r"gathered", re.I), "Peaceful protest", 1.0),
]


@dataclass
class Trigger:
    family: Family
    token: Token | None
    start: int
    end: int
    negated: bool = False
    irrealis: bool = False


def _governors(tok: Token, depth: int = 4):
    cur = tok
    for _ in range(depth):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


_PASS_UP = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "advcl", "dobj", "nmod", "attr", "oprd"}


def _is_irrealis(tok: Token) -> bool:
    """Planned, ordered, avoided, hypothetical or future: not an event that took place.

    Walks up through complements only ("ordered troops *to avoid* capture"); relative
    clauses, subjects and coordinated verbs are facts of their own and stop the walk.
    """
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
        return True
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in _PASS_UP:
            return False
        if head.lemma_.lower() in IRREALIS:
            return True
        if cur.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
            return True
        cur = head
    return False


def _is_negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in ("pcomp", "pobj") and head.lower_ == "without"


def _pos_ok(tok: Token, lemma: str) -> bool:
    pos = tok.pos_
    if tok.dep_ == "amod" and pos in ("VERB", "ADJ") and tok.tag_ == "VBN":
        return False   # "missing and murdered Indigenous people": a description, not a report
    if lemma in _BOTH:
        return pos in ("NOUN", "VERB")
    if lemma in NOUN_ONLY:
        return pos in ("NOUN", "PROPN") or (lemma in ("dead",) and pos == "ADJ" and tok.dep_ != "amod")
    if lemma in VERB_ONLY:
        return pos == "VERB"
    # adjectival participles ("the wounded prisoners", "captured soldiers") describe, not report
    if tok.dep_ == "amod":
        return False
    return pos in ("NOUN", "VERB", "PROPN")


#: what a crowd does to a road or a building when it protests ("citizens cut the road traffic")
_CROWD_ACTS = {"cut", "close", "surround", "shut", "barricade"}
#: who protests by such acts; officials, police and "members" (of a party, of parliament) do not
_CROWD = {"resident", "citizen", "neighbor", "neighbour", "villager", "student", "worker", "farmer", "driver",
          "graduate", "people", "activist", "trader", "vendor", "teacher", "employee", "inhabitant", "protester",
          "demonstrator", "parent", "youth", "trucker", "miner", "nurse", "doctor", "local", "relative", "family",
          "fisherman", "fishermen", "motorist", "retiree", "pensioner", "unionist", "taxi", "transporter", "community"}
_BLOCKED = {"road", "street", "highway", "traffic", "building", "access", "entrance", "office", "bridge", "route",
            "gate", "border", "crossing", "junction", "intersection", "avenue", "square", "port", "railway", "track",
            "headquarters", "school", "hall", "motorway", "roundabout", "market", "mine", "station"}
#: the purpose that makes such an act a protest, said in its sentence or the next
_PURPOSE = re.compile(r"\bdemand|\bdenounc|\bin protest\b|\bto protest\b|\bprotest(?:ing|ed)? against\b|\bcondemn",
                      re.I)


def next_sentence_text(span: Span) -> str:
    """The text of the sentence after ``span`` ("" at the end of the doc)."""
    doc = span.doc
    if span.end >= len(doc):
        return ""
    return next(iter(doc[span.end:].sents)).text


def _crowd_act(tok: Token, lemma: str, text: str, sent: Span) -> bool:
    """A crowd blocking, closing or surrounding a road or a building for a stated demand:
    a protest, though no word says so ("citizens cut the road traffic, demanding ...")."""
    if lemma not in _CROWD_ACTS or tok.pos_ != "VERB":
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None:
        return False
    if not any(t.lemma_.lower() in _CROWD or t.lower_ in _CROWD for t in subj.subtree):
        return False
    if not any(t.lemma_.lower() in _BLOCKED for t in obj.subtree):
        return False
    return bool(_PURPOSE.search(text) or _PURPOSE.search(next_sentence_text(sent)))


def find_triggers(sent: Span) -> list[Trigger]:
    """Triggers in one sentence, in order; irrealis and negated ones are marked, not dropped."""
    out: list[Trigger] = []
    taken: set[int] = set()
    text, base = sent.text, sent.start_char
    multi = _MULTI if _ANY_MULTI.search(text) else ()
    for pattern, fam in multi:
        for m in pattern.finditer(text):
            s, e = base + m.start(), base + m.end()
            span = sent.doc.char_span(s, e, alignment_mode="expand")
            toks = list(span) if span is not None else []
            head = toks[0] if toks else None
            if head is not None:
                head = min(toks, key=lambda t: (t.dep_ not in ("ROOT",), abs(t.head.i - t.i) == 0, t.i))
            trig = Trigger(FAMILIES[fam], head, s, e)
            if head is not None:
                trig.irrealis, trig.negated = _is_irrealis(head), _is_negated(head)
            out.append(trig)
            taken.update(t.i for t in toks)
    for tok in sent:
        if tok.i in taken or not tok.is_alpha:
            continue
        lemma = tok.lemma_.lower()
        if lemma not in TRIGGERS and tok.lower_ not in TRIGGERS and tok.pos_ in ("NOUN", "PROPN"):
            # the small model tags some verbs as nouns and keeps the inflection ("members protested")
            bare = re.sub(r"(?:ed|d)$", "", tok.lower_) if tok.lower_.endswith("ed") else lemma
            if bare in TRIGGERS and TRIGGERS[bare] == "protest":
                lemma = bare
        fam = TRIGGERS.get(lemma) or TRIGGERS.get(tok.lower_)
        if fam is None and _crowd_act(tok, lemma, text, sent):
            out.append(Trigger(FAMILIES["protest"], tok, tok.idx, tok.idx + len(tok.text), _is_negated(tok),
                               _is_irrealis(tok)))
            continue
        if fam is None or not _pos_ok(tok, lemma if lemma in TRIGGERS else tok.lower_):
            continue
        if fam == "deploy" and lemma == "send" and not _has_force_object(tok):
            continue
        if fam == "strike" and tok.pos_ == "VERB" and _strikes_something(tok):
            fam = "attack"   # "the raids struck positions", "a school was struck": a hit, not a walkout
        elif fam == "strike" and tok.pos_ in ("NOUN", "PROPN") and _military_strike(tok):
            # "the dead in the strikes on the village", "coalition strikes": a hit from the air
            # when the sentence speaks of aircraft or a coalition, else an attack
            fam = "airstrike" if _AERIAL.search(text) else "attack"
        if (lemma in WEAPON_NOUNS or tok.lower_ in WEAPON_NOUNS) and not _weapon_in_use(tok):
            continue
        if fam == "protest" and lemma in ("gather", "chain", "mosaic", "block", "occupy") and not re.search(
                r"protest|demand|denounce|against|rally|call(?:ed)? (?:for|on)|support|solidarity|oppose|request|"
                r"in defen[cs]e of|commemorat|condemn|demonstrat|express|urg|claim|honk|chant|banner|placard|traffic|road|"
                r"highway|awareness|honou?r|in memory|vigil|tribute|mourn", text, re.I) and not (
                lemma in ("block", "occupy") and _PURPOSE.search(next_sentence_text(sent))):
            continue
        if fam == "aid" and lemma == "support" and not re.search(r"militar|weapon|ammunition|troop|arms|financial|aid",
                                                                 text, re.I):
            continue
        out.append(Trigger(FAMILIES[fam], tok, tok.idx, tok.idx + len(tok.text), _is_negated(tok), _is_irrealis(tok)))
    out.sort(key=lambda t: t.start)
    return out


_STRIKERS = {"coalition", "air", "aerial", "missile", "drone", "rocket", "artillery", "retaliatory", "precision",
             "military", "government", "regime", "russian", "israeli", "american", "us", "u.s.", "saudi", "turkish",
             "syrian", "ukrainian", "us-led", "nato", "allied", "deadly", "fatal"}
_AERIAL = re.compile(r"coalition|\bjets?\b|\bplanes?\b|aircraft|\bair\b|aerial|warplane|raids?\b|bombing", re.I)


def _military_strike(tok: Token) -> bool:
    """The noun "strike" as a hit, not a walkout: a strike on or against a place or target
    ("strikes on the village", not "a strike on Monday"), or one made by a force or weapon
    ("coalition strikes", "Russian strikes", "deadly strikes")."""
    if any(c.lower_ in _STRIKERS for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss")):
        return True
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                return True
    return False


def _strikes_something(tok: Token) -> bool:
    """The verb "strike" with an object, or in the passive, hits something; a labour strike
    has neither ("workers struck for a week")."""
    return any(c.dep_ in ("dobj", "nsubjpass", "agent", "auxpass") for c in tok.children)


#: weapons are triggers only when used: fired, launched, hitting, "with artillery", "missile strike"
WEAPON_NOUNS = {"missile", "rocket", "artillery", "mortar", "drone", "uav", "tank", "jet", "aircraft", "helicopter",
                "warplane", "howitzer", "projectile", "mlrs", "grad", "grenade", "mine", "explosive", "bomb",
                "ammunition", "landmine", "ied"}
ATTACK_VERBS = {"fire", "launch", "strike", "hit", "target", "attack", "shell", "bomb", "conduct", "carry", "use",
                "kill", "destroy", "damage", "injure", "wound", "land", "explode", "drop", "throw", "hurl",
                "detonate", "plant", "lob", "pound", "bombard", "shoot", "down", "intercept", "blow", "trigger",
                "step", "go", "struck", "crash", "detonat", "set", "leave", "claim", "cause", "raid"}
ATTACK_NOUNS = {"strike", "attack", "barrage", "fire", "shelling", "explosion", "blast", "raid", "salvo", "shell"}


def _weapon_in_use(tok: Token) -> bool:
    if any(c.lemma_.lower() in ATTACK_NOUNS for c in (tok.head,) if tok.dep_ == "compound"):
        return True
    if any(c.dep_ == "compound" and False for c in tok.children):
        return True
    cur = tok
    for _ in range(3):
        head = cur.head
        if head.i == cur.i:
            return False
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") or lemma in ATTACK_VERBS:
            return lemma in ATTACK_VERBS
        if lemma in ATTACK_NOUNS and cur.dep_ in ("pobj", "compound", "nmod"):
            return True
        if head.pos_ == "ADP" and head.lower_ in ("with", "by", "using") :
            cur = head
            continue
        if lemma in ATTACK_NOUNS:
            return True
        cur = head
    return False


def _has_force_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in FORCE_NOUNS for c in tok.children)


FORCE_NOUNS = {"troop", "soldier", "force", "unit", "reinforcement", "fighter", "army", "police", "officer",
               "personnel", "brigade", "battalion", "tank", "warship", "jet", "militia", "mercenary"}


def acled_subtype(text: str, family: Family, others: tuple[Family, ...] = (),
                  boosts: dict[str, float] | None = None, extra: list[str] | tuple = ()) -> tuple[str | None, float]:
    """The ACLED sub-type (and its probability) for ``text`` given the trigger families found in it."""
    allowed = set(family.subtypes)
    for f in others:
        allowed |= set(f.subtypes)
    if not allowed:
        return None, 0.0
    model = current_model()
    scores = dict.fromkeys(allowed, 0.0)
    if model is not None:
        for label, z in model.scores(text, extra).items():
            if label in scores:
                scores[label] = MODEL_WEIGHT * z
    for pattern, label, boost in _CUES:
        if label in scores and pattern.search(text):
            scores[label] += boost
    for label, boost in (boosts or {}).items():
        if label in scores:
            scores[label] += boost
    for label in family.subtypes:
        scores[label] += MAIN_BONUS
    if family.default in scores:
        scores[family.default] += 1.0
    best = max(scores, key=lambda k: (scores[k], k == family.default))
    import math
    top = max(scores.values())
    total = sum(math.exp(v - top) for v in scores.values())
    return best, 1.0 / total


_override: list = []

#: how much the model's log-odds count against the cue words and the trigger's own type
MODEL_WEIGHT = 0.7
#: what the main trigger's own sub-types gain (a protest sentence that mentions a killing stays a protest)
MAIN_BONUS = 0.5


def current_model():
    """The sub-type model in use: the shipped one, unless :func:`use_model` set another (evaluation folds)."""
    return _override[-1] if _override else sub_model.shipped()


class use_model:
    """Context manager: classify with ``model`` (e.g. one trained without the fold being scored)."""

    def __init__(self, model):
        self.model = model

    def __enter__(self):
        _override.append(self.model)
        return self.model

    def __exit__(self, *exc):
        _override.pop()
        return False


def acled_type(subtype: str | None) -> str | None:
    return ACLED_TYPES.get(subtype) if subtype else None
