"""Rule-based coreference for the people and bodies a news story quotes.

One left-to-right pass over the tokens.  Every noun-phrase head, pronoun and
"the other" becomes a :class:`Mention`; each mention joins an :class:`Entity`
at once, so later mentions only look back through hash indexes (names,
surnames, head lemmas, roles, types) or a window of the last few sentences
(pronouns).  Cost is linear in the document.

Rules, in order:

* appositions join their head ("Dmitry Peskov, the Kremlin spokesman");
* names join an earlier name with the same full form, surname or content
  words ("Volodymyr Zelenskyy" ... "Zelenskyy"; "Russia's Defence Ministry"
  ... "the Defence Ministry"), acronyms join the name they abbreviate;
* pronouns join the best compatible (number, gender, animacy) mention of the
  last three sentences, scored by recency, subjecthood, being the subject
  of a clause that governs the pronoun, and salience; binding keeps "him"
  off its own clause's subject and sends "himself" to it;
* definite nominals ("the ministry", "the president", "the agency") join
  the latest entity with the same head, role or a compatible type;
* "the other"/"another" opens a new entity of the same kind as the latest
  "one X" ("One soldier ... The other").
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from spacy.attrs import IDX, POS, SENT_START
from spacy.symbols import ADJ, DET, NOUN, NUM, PRON, PROPN, SPACE
from spacy.tokens import Doc, Token

from claimledger.nlp.extensions import doc_text
from claimledger.nlp.source_types import (
    ROLE_BODIES,
    canonical_role,
    known_body,
    lexicon,
    place_code,
    places,
    type_of_words,
)

PRONOUNS: dict[str, tuple[str | None, str | None, str]] = {
    # word: (number, gender, animacy) ; animacy "person", "nonperson" or "any"
    "he": ("sg", "m", "person"), "him": ("sg", "m", "person"), "his": ("sg", "m", "person"),
    "himself": ("sg", "m", "person"),
    "she": ("sg", "f", "person"), "her": ("sg", "f", "person"), "hers": ("sg", "f", "person"),
    "herself": ("sg", "f", "person"),
    "it": ("sg", None, "nonperson"), "its": ("sg", None, "nonperson"), "itself": ("sg", None, "nonperson"),
    "they": ("pl", None, "any"), "them": ("pl", None, "any"), "their": ("pl", None, "any"),
    "theirs": ("pl", None, "any"), "themselves": ("pl", None, "any"),
}
REFLEXIVE = {"himself", "herself", "itself", "themselves"}
SUBJ = {"nsubj", "nsubjpass"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
PLACE_ENTS = {"GPE", "LOC"}
#: entity labels under which a town-like word is not a town ("Brent Bozell", "Preston Inc.")
NOT_PLACE_ENTS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
NON_MENTION_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet"}
DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "one", "some", "another", "several", "any", "many", "two", "three", "other"}
EXPLETIVE_HEADS = {"be", "seem", "appear", "happen", "take", "matter", "remain", "rain", "make"}
AFFILIATION_PREPS = {"of", "from", "in", "for", "at", "with", "within", "inside"}
ORG_TYPES = {"government", "military", "intelligence", "organization", "media", "social_media"}
#: a generic head and the entity types it can refer back to ("the agency" -> the intelligence service)
GENERIC_HEADS: dict[str, tuple[str, ...]] = {
    "agency": ("intelligence", "organization", "government", "media"),
    "service": ("intelligence", "organization", "government"),
    "ministry": ("government",), "department": ("government",), "office": ("government",),
    "government": ("government",), "administration": ("government",), "authorities": ("government",),
    "army": ("military",), "military": ("military",), "forces": ("military",), "force": ("military",),
    "command": ("military",), "unit": ("military",), "troops": ("military",),
    "newspaper": ("media",), "paper": ("media",), "outlet": ("media",), "broadcaster": ("media",),
    "publication": ("media",), "network": ("media",),
    "group": ("organization", "military"), "organization": ("organization",),
    "organisation": ("organization",), "company": ("organization",), "firm": ("organization",),
    "documents": ("document",), "document": ("document",), "papers": ("document",), "files": ("document",),
    "report": ("document",), "records": ("document",),
    "channel": ("social_media",), "account": ("social_media",), "tank": ("organization",),
}
_CANDIDATE_POS = frozenset({int(NOUN), int(PROPN), int(PRON), int(DET), int(NUM), int(ADJ)})
_SPACE = int(SPACE)
PRONOUN_WINDOW = 3   # sentences a pronoun looks back
GENERIC_WINDOW = 8   # sentences a generic definite nominal looks back


def _looks_like_person_name(words: list[str]) -> bool:
    """Two or three capitalised words, none all-caps or a known institution word ("Eva Longoria")."""
    if not 2 <= len(words) <= 3:
        return False
    lex = lexicon()
    return all(w[:1].isupper() and w[1:].replace("’", "").replace("'", "").replace("-", "").isalpha()
               and not w.isupper() and w.lower() not in lex.word_type for w in words)


def _placey(t: Token) -> bool:
    """May this token be part of a town's name? (NER often tags towns NORP or nothing.)"""
    return t.ent_type_ in PLACE_ENTS or (t.pos_ == "PROPN" and t.ent_type_ not in NOT_PLACE_ENTS)


def _cls(stype: str | None) -> str:
    if stype == "person":
        return "person"
    if stype in ORG_TYPES:
        return "org"
    if stype == "document":
        return "document"
    return "thing"


@dataclass
class Mention:
    start: int
    end: int
    head: int                      # token index of the head (-1 for mentions made from character spans)
    kind: str                      # name, nominal, pronoun, other ("the other"), span
    seg: int                       # sentence (or line) number
    subject: bool = False
    number: str | None = None      # sg, pl or None (either)
    gender: str | None = None      # m, f or None
    cls: str = "thing"             # person, org, place, document, thing, any
    stype: str | None = None       # source type if known
    affiliation: str | None = None
    role: str | None = None
    name: str | None = None        # the proper name without titles
    lemma: str = ""
    noun: str | None = None        # for "the other": the noun it stands for ("soldier")
    definite: bool = False         # "the ministry": may refer back by head, role or type
    possessed: bool = False        # "Russia's ministry": may refer back by head only
    anonymous: bool = False
    explicit_affiliation: bool = False
    possessor: int = -1            # mention index of a possessive modifier ("Zelensky's office")
    weak: bool = False             # type guessed without lexical evidence
    dep: str = ""                  # dependency label of the head
    main_subject: bool = False     # subject of its sentence's main verb
    entity: int = -1


@dataclass
class Entity:
    id: int
    mentions: list[int] = field(default_factory=list)
    cls: str = "thing"
    stype: str | None = None
    stype_rank: int = -1
    number: str | None = None
    gender: str | None = None
    affiliation: str | None = None
    aff_rank: int = -1
    role: str | None = None
    first_name: str | None = None
    anonymous: bool = False
    has_name: bool = False
    last_seg: int = 0


@dataclass
class Chains:
    """The result: mentions in text order, entities, and a head-token index."""

    mentions: list[Mention]
    entities: list[Entity]
    by_head: dict[int, int]
    by_start: dict[int, int]
    resolver: _Resolver | None = None

    def add_span(self, start: int, end: int, seg: int) -> int:
        """Add a mention for a source span the pass did not make a mention of; returns its index."""
        assert self.resolver is not None
        m = span_mention(self.resolver.doc, start, end, seg=seg, text=self.resolver.text)
        return self.resolver.add(m, None)


_RANK = {"name": 3, "span": 2, "nominal": 2, "other": 1, "pronoun": 0}


class _Resolver:
    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.text = doc_text(doc) if text is None else text   # Doc.text rebuilds the string on each access
        self.lex = lexicon()
        self.places = places()
        self.mentions: list[Mention] = []
        self.entities: list[Entity] = []
        self.by_head: dict[int, int] = {}
        self.by_start: dict[int, int] = {}
        self.person_full: dict[str, int] = {}
        self.person_last: dict[str, int] = {}
        self.person_first: dict[str, int] = {}   # first word of multi-word names (family-name-first names)
        self.covered_until = -1                  # end of a name already read past its head
        self.org_keys: dict[object, int] = {}
        self.acronyms: dict[str, int] = {}
        self.lemma_idx: dict[tuple[str, str | None], int] = {}
        self.role_idx: dict[str, int] = {}
        self.type_idx: dict[str, int] = {}
        self.aff_by_lemma: dict[str, str] = {}
        self.last_one: int | None = None        # latest "one X"/"a X" person or body mention
        self.last_set: int | None = None        # latest plural person or body mention ("two officials")
        self.last_person_name: int | None = None
        self.recent: deque[int] = deque()
        self.seg_start = 0

    # ------------------------------------------------------------------ features
    def _np_left(self, tok: Token) -> int:
        left = tok.i
        for c in tok.lefts:
            if c.dep_ in LEFT_DEPS:
                left = min(left, c.left_edge.i)
        return left

    def _affiliation(self, tok: Token, left: int, skip: tuple[int, int] = (-1, -1),
                     provenance: bool = False) -> tuple[str | None, bool]:
        """Country named in the phrase (demonym, country, capital, metonym) or its of/from/in/for modifiers.

        ``provenance``: the phrase names a document, whose side is where it came from; the parser
        often reads "Documents recovered from X revealed ..." as a clause, so "from X" is also
        looked for on the verb the document is subject of.
        """
        toks = [t for t in self.doc[left:tok.i + 1] if not (skip[0] <= t.i < skip[1])]
        code = place_code([t.text for t in toks], [_placey(t) for t in toks])[0]
        if code:
            return code, True
        frontier = [tok]
        if provenance and tok.dep_ in SUBJ:
            frontier.append(tok.head)
        for _ in range(2):
            nxt = []
            for t in frontier:
                for c in t.rights:
                    if t is not tok and t is tok.head and c.lower_ != "from":
                        continue
                    if c.dep_ == "prep" and c.lower_ in AFFILIATION_PREPS:
                        for p in c.children:
                            if p.dep_ == "pobj":
                                pl = self._np_left(p)
                                np_toks = self.doc[pl:p.i + 1]
                                # the object of "of/in/from" is where a town name is most likely,
                                # even when NER calls it an organisation ("the mayor of Odesa")
                                code = place_code([x.text for x in np_toks],
                                                  [_placey(x) or x.ent_type_ == "ORG" for x in np_toks])[0]
                                if code:
                                    return code, True
                                nxt.append(p)
                    elif c.dep_ in {"acl", "relcl"}:
                        nxt.append(c)
            frontier = nxt
        return None, False

    # ------------------------------------------------------------------ mentions
    def _pronoun(self, tok: Token, seg: int) -> Mention | None:
        low = tok.lower_
        if low == "it" and tok.dep_ in SUBJ and (tok.head.lemma_ in EXPLETIVE_HEADS or tok.head.lower_ in {"'s", "’s"}):
            return None
        number, gender, anim = PRONOUNS[low]
        return Mention(tok.idx, tok.idx + len(tok), tok.i, "pronoun", seg, subject=tok.dep_ in SUBJ,
                       number=number, gender=gender, cls=anim, lemma=low)

    def _person_alias(self, words: list[str]) -> bool:
        """A one-word name that is the surname (or, for "Wang Yi", the family name) of a known person."""
        if len(words) != 1:
            return words[-1].lower() in self.person_last
        low = words[0].lower()
        return low in self.person_last or low in self.person_first

    def _is_title(self, t: Token) -> bool:
        """Title-like words that end a name going leftwards ("President", "Mr.", "Actress")."""
        low = t.lower_
        return (low in self.lex.titles or low in self.lex.honorifics or low in self.lex.portfolios
                or low in self.lex.person_nouns)

    def _name_mention(self, tok: Token, left: int, seg: int) -> Mention:
        doc = self.doc
        ent = tok.ent_type_
        # the proper name: head plus the capitalised compounds before it, stopping at titles/demonyms
        ns = tok.i
        j = tok.i - 1
        body_name = ent in {"ORG", "FAC"}
        while j >= left:
            t = doc[j]
            same = t.ent_type_ == ent and doc[j + 1].ent_iob_ == "I"
            inside = body_name and same
            if t.dep_ not in {"compound", "flat", "amod"} or not t.text[:1].isupper():
                break
            if not inside and (t.dep_ == "amod" or self._is_title(t)
                               or (t.text in self.places.names and not (ent == "PERSON" and same))):
                break   # "Ukrainian President ..." stops the name; "America Ferrera" does not
            if ent == "PERSON" and t.ent_type_ not in {"PERSON", ""}:
                break
            ns = j
            j -= 1
        end = tok.idx + len(tok)
        if ent in {"ORG", "FAC", "GPE", "LOC"} and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I":
            # "The Institute for the Study of War": the name runs on to the entity's end
            k = tok.i + 1
            while k < len(doc) and doc[k].ent_iob_ == "I" and k - tok.i < 8 and k <= tok.right_edge.i:
                k += 1   # over the head's own dependents only ("Defense Lloyd Austin" is not one name)
            if k > tok.i + 1:
                end = doc[k - 1].idx + len(doc[k - 1])
                self.covered_until = end
        name = self.text[doc[ns].idx:end]
        words = name.split()
        m = Mention(doc[left].idx, end, tok.i, "name", seg, subject=tok.dep_ in SUBJ, name=name,
                    lemma=tok.lower_)
        known = known_body(name) or known_body(tok.text)
        # title words before the name become the role
        before = [t for t in doc[left:ns] if t.dep_ not in {"det", "punct", "case"}]
        title_words, body = [], None
        for t in before:
            if t.text in self.places.metonyms:
                body = "the " + t.text
            elif t.text not in self.places.names and not (t.dep_ == "poss"):
                title_words.append(t.lower_)
        for t in before:
            g = self.lex.honorifics.get(t.lower_)
            if g:
                m.gender = g
        # a title before the name ("Chancellor Olaf Scholz") makes it a person whatever NER says
        titled = bool(title_words) and (title_words[-1] in self.lex.honorifics
                                        or title_words[-1] in self.lex.person_nouns
                                        or canonical_role(title_words) is not None)
        if ent == "PERSON" and not titled and name in self.places.names:
            ent = "GPE"   # NER reads "Helsinki said" as a person
        personal = ent == "PERSON" or self._person_alias(words) or titled
        aff, explicit = self._affiliation(tok, left, skip=(ns, tok.i + 1) if personal else (-1, -1))
        if known is not None and not (self._person_alias(words) and known[0] == "organization"):
            m.stype, m.affiliation = known[0], known[1] or aff
            m.explicit_affiliation = True
        elif personal or (m.gender and ent != "ORG"):
            m.stype = "person"
        elif ent in {"GPE", "LOC"} or (ent == "" and tok.text in self.places.names):
            key = name.removeprefix("the ").removeprefix("The ")
            code = self.places.names.get(key) or (self.places.cities.get(key) if ent in PLACE_ENTS else None)
            if code and tok.text not in self.places.demonyms:
                m.stype, m.cls = "government", "place"
                m.affiliation, m.explicit_affiliation = code, True
            else:
                m.cls = "place"
        elif ent == "NORP":
            # "Ukrainians", "the Kentucky Republican" are people; a bare "Latin" is not
            plural = tok.tag_ in {"NNPS", "NNS"} or tok.text.endswith("s")
            if plural or any(c.dep_ == "det" for c in tok.lefts):
                m.stype, m.number = "person", "pl" if plural else "sg"
            m.affiliation = self.places.names.get(tok.text)
            m.explicit_affiliation = m.affiliation is not None
        else:
            typ = type_of_words([w.lower() for w in words], proper=True)
            if typ is None and tok.text == "X":
                typ = "social_media"
            if typ is None and title_words:
                typ = type_of_words(title_words, proper=False)   # "state news agency IRNA"
            m.stype = typ or ("organization" if ent in {"ORG", "FAC"} else None)
            if typ is None and not ent and _looks_like_person_name(words):
                # NER often calls a person's name an ORG or nothing at all: guess person, weakly
                m.stype, m.weak = "person", True
            elif typ is None:
                m.weak = True
            if m.stype is None:
                m.cls = "any"
        if m.affiliation is None and aff:
            m.affiliation, m.explicit_affiliation = aff, explicit
        if m.cls not in {"place", "any"}:
            m.cls = _cls(m.stype)
        if m.stype == "person":
            m.number = "sg"
            m.role = canonical_role(title_words, m.affiliation, body) if title_words else None
        return m

    def _nominal(self, tok: Token, left: int, seg: int) -> Mention:
        doc = self.doc
        lemma = tok.lemma_.lower()
        low = tok.lower_
        m = Mention(doc[left].idx, tok.idx + len(tok), tok.i, "nominal", seg, subject=tok.dep_ in SUBJ,
                    lemma=lemma, number="pl" if tok.tag_ in {"NNS", "NNPS"} else "sg")
        dets = [c.lower_ for c in tok.lefts if c.dep_ in {"det", "poss", "nummod", "predet"}]
        # "the ministry", "Russia's ministry" refer back; "our troops", "its spokesman" are relational
        m.definite = any(d in DEFINITE for d in dets)
        m.possessed = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.lefts)
        # the head and its noun compounds type the phrase ("spy agency"); adjectives do not
        # ("military assistance" is no military body)
        words = [t.lower_ for t in doc[left:tok.i + 1] if t.i == tok.i or (t.dep_ == "compound" and t.head.i == tok.i)]
        if lemma in self.lex.person_nouns or low in self.lex.person_nouns or low.endswith(("spokesman", "woman")):
            m.stype = "person"
            if lemma in self.lex.female_nouns or low in self.lex.female_nouns:
                m.gender = "f"
            elif lemma in self.lex.male_nouns or low in self.lex.male_nouns:
                m.gender = "m"
        elif lemma in self.lex.post_words or low in self.lex.post_words:
            platform = any(w in self.lex.platforms for w in words) or any(
                c.dep_ == "prep" and any(p.lower_ in self.lex.platforms for p in c.children) for c in tok.rights)
            m.stype = "social_media" if platform or lemma in {"tweet", "post"} else type_of_words([lemma], proper=False)
        else:
            m.stype = type_of_words(words, proper=False)
        m.cls = _cls(m.stype)
        aff, explicit = self._affiliation(tok, left, provenance=m.stype == "document")
        m.affiliation, m.explicit_affiliation = aff, explicit
        if aff is None and m.stype is not None:
            m.affiliation = self.aff_by_lemma.get(lemma)
        elif aff is not None and m.stype is not None:
            self.aff_by_lemma[lemma] = aff
        if m.stype == "person":
            title_words, body = [], None
            for t in doc[left:tok.i + 1]:
                if t.text in self.places.metonyms:
                    body = "the " + t.text
                elif t.dep_ not in {"det", "poss", "case", "punct", "nummod"} and t.text not in self.places.names \
                        and (t.lower_ in self.lex.titles or t.lower_ in self.lex.portfolios or t.i == tok.i
                             or t.lower_ in ROLE_BODIES):
                    title_words.append(t.lower_)
            if lemma in self.lex.titles or low in self.lex.titles:
                if body is None:
                    # "the governor of Kharkiv region", "a spokesman for the Kremlin"
                    for c in tok.rights:
                        if c.dep_ == "prep" and c.lower_ in {"of", "for"}:
                            p = next((x for x in c.children if x.dep_ == "pobj"), None)
                            lo = self._np_left(p) if p is not None else 0
                            if p is not None and p.text not in self.places.countries and any(
                                    x.pos_ == "PROPN" for x in doc[lo:p.i + 1]):
                                body = " ".join(self.text[doc[lo].idx:p.idx + len(p)].split())
                m.role = canonical_role(title_words, m.affiliation if explicit else None, body)
            if lemma in self.lex.anonymous_nouns or low in self.lex.anonymous_nouns:
                m.anonymous = not m.definite
            if not m.anonymous and m.stype == "person" and self._anonymity_cue(tok):
                m.anonymous = True
        return m

    def _anonymity_cue(self, tok: Token) -> bool:
        """"who spoke on condition of anonymity", "familiar with", "speaking anonymously" near the mention."""
        doc = self.doc
        lo, hi = tok.left_edge.i, tok.right_edge.i + 1
        if hi - lo > 40:
            hi = lo + 40
        text = self.text[doc[lo].idx:doc[hi - 1].idx + len(doc[hi - 1])].lower()
        if any(c in text for c in self.lex.anonymity_cues):
            return True
        verb = tok.head
        if tok.dep_ in SUBJ:
            for c in verb.children:
                if c.dep_ in {"advcl", "prep", "npadvmod", "parataxis"} and c.i != tok.i:
                    span = doc[c.left_edge.i:min(c.right_edge.i + 1, c.left_edge.i + 30)]
                    if any(x in span.text.lower() for x in ("anonymity", "anonymously")):
                        return True
        return False

    # ------------------------------------------------------------------ entities
    def _new_entity(self, mi: int) -> int:
        e = Entity(id=len(self.entities))
        self.entities.append(e)
        self._join(mi, e.id)
        return e.id

    def _join(self, mi: int, eid: int) -> None:
        m = self.mentions[mi]
        e = self.entities[eid]
        m.entity = eid
        e.mentions.append(mi)
        e.last_seg = m.seg
        rank = _RANK[m.kind] - (2 if m.weak else 0)
        if m.stype is not None and rank > e.stype_rank:
            e.stype, e.stype_rank = m.stype, rank
            e.cls = m.cls if m.cls != "any" else e.cls
        elif e.cls == "thing" and m.cls not in {"thing", "any"}:
            e.cls = m.cls
        if e.cls == "thing" and m.cls == "any":
            e.cls = "any"
        if m.affiliation and (rank > e.aff_rank or e.affiliation is None):
            if m.explicit_affiliation or e.affiliation is None:
                e.affiliation, e.aff_rank = m.affiliation, rank
        if m.role and not e.role:
            e.role = m.role
        if m.gender and not e.gender:
            e.gender = m.gender
        if m.kind != "pronoun":
            if e.number is None or m.kind == "name":
                e.number = m.number
        if m.kind == "name":
            e.has_name = True
            e.anonymous = False
        elif m.anonymous and not e.has_name and len(e.mentions) == 1:
            e.anonymous = True
        self._index(mi, eid)

    def _index(self, mi: int, eid: int) -> None:
        m = self.mentions[mi]
        e = self.entities[eid]
        if m.kind in {"name", "nominal", "other", "span"} and m.lemma:
            self.lemma_idx[(m.lemma, m.number if e.cls == "person" else None)] = eid
        if m.kind == "name" and m.name:
            if m.stype == "person":
                words = m.name.split()
                self.person_full[m.name.lower()] = eid
                self.person_last[words[-1].lower()] = eid
                if len(words) > 1:
                    self.person_first.setdefault(words[0].lower(), eid)
                    if not e.first_name:
                        e.first_name = words[0].lower()
                self.last_person_name = mi
            else:
                self.org_keys[self._org_key(m)] = eid
                caps = [w for w in m.name.split() if w[:1].isupper() and w.lower() not in {"the", "of", "and"}]
                if len(caps) >= 2:
                    self.acronyms["".join(w[0] for w in caps)] = eid
        if e.role:
            for w in e.role.lower().split(" of ")[0].split():
                self.role_idx[w] = eid
        if (e.stype in ORG_TYPES or e.stype == "document") and e.cls != "place" and (
                m.kind == "name" or m.number != "pl" or e.stype == "document"):
            self.type_idx[e.stype] = eid   # "the military" is the army, not "its troops"

    def _org_key(self, m: Mention) -> object:
        words = []
        for w in m.name.replace("’s", "").replace("'s", "").split():
            if w in self.places.names:
                continue
            low = w.lower().replace("defense", "defence")
            if low in {"the", "of", "and", "for"}:
                continue
            words.append(low)
        return frozenset(words) or m.name.lower()

    def _compatible_aff(self, m: Mention, e: Entity) -> bool:
        return not (m.explicit_affiliation and e.affiliation and m.affiliation != e.affiliation)

    def _match_name(self, m: Mention) -> int | None:
        words = m.name.split()
        if m.stype == "person":
            eid = self.person_full.get(m.name.lower())
            if eid is None:
                eid = self.person_last.get(words[-1].lower())
                if eid is not None and len(words) > 1:
                    first = self.entities[eid].first_name
                    if first and first != words[0].lower():
                        eid = None
            if eid is None and len(words) == 1:
                eid = self.person_first.get(words[0].lower())
            return eid
        eid = self.org_keys.get(self._org_key(m))
        if eid is None and m.weak and (m.name.lower() in self.person_full or words[-1].lower() in self.person_last):
            eid = self.person_full.get(m.name.lower(), self.person_last.get(words[-1].lower()))
        if eid is None and m.name.isupper() and len(m.name) >= 2:
            eid = self.acronyms.get(m.name.replace(".", ""))
        if eid is not None and not self._compatible_aff(m, self.entities[eid]):
            return None
        return eid

    def _usable(self, m: Mention, eid: int | None) -> bool:
        """Not an entity named inside the phrase itself ("Ukraine's agency" is not Ukraine)."""
        if eid is None:
            return False
        e = self.entities[eid]
        last = self.mentions[e.mentions[-1]]
        return last.start < m.start and self._compatible_aff(m, e)

    def _match_definite(self, m: Mention) -> int | None:
        e_cls = m.cls
        lemma_eid = self.lemma_idx.get((m.lemma, m.number if e_cls == "person" else None))
        if not (self._usable(m, lemma_eid) and self.entities[lemma_eid].cls in {e_cls, "any"}):
            lemma_eid = None
        if m.possessed or not m.definite:
            return lemma_eid
        if m.stype == "person" and m.lemma in self.lex.titles and lemma_eid is None:
            eid = self.role_idx.get(m.lemma)
            if self._usable(m, eid):
                return eid
            if self.last_person_name is not None and m.number == "sg":
                pm = self.mentions[self.last_person_name]
                pe = self.entities[pm.entity]
                if m.seg - pm.seg <= PRONOUN_WINDOW and pe.role is None and self._usable(m, pm.entity):
                    return pm.entity
        types = GENERIC_HEADS.get(m.lemma) or GENERIC_HEADS.get(self.doc[m.head].lower_)
        if not types:
            return lemma_eid
        # a generic head ("the agency") goes to the latest entity of a fitting type or head
        best = lemma_eid
        for t in types:
            eid = self.type_idx.get(t)
            if eid is None or not self._usable(m, eid):
                continue
            e = self.entities[eid]
            if m.seg - e.last_seg > GENERIC_WINDOW:
                continue
            if best is None or e.last_seg > self.entities[best].last_seg:
                best = eid
        return best

    def _governing_subjects(self, tok: Token) -> tuple[dict[int, int], set[int]]:
        """(subjects of clauses above the pronoun -> how many levels up, subjects of its own clause)."""
        above: dict[int, int] = {}
        own: set[int] = set()
        a = tok
        for depth in range(5):
            if a.head is a:
                break
            a = a.head
            for c in a.children:
                if c.dep_ in SUBJ and c.i < tok.i:
                    if depth == 0:
                        own.add(c.i)
                    else:
                        above.setdefault(c.i, depth)
        return above, own

    def _resolve_pronoun(self, m: Mention, tok: Token) -> int | None:
        above, own = self._governing_subjects(tok)
        reflexive = tok.lower_ in REFLEXIVE
        poss_or_subj = tok.dep_ in SUBJ or tok.dep_ == "poss"
        best, best_score = None, float("-inf")
        for ci in self.recent:
            c = self.mentions[ci]
            if c.end > m.start or c.entity < 0:
                continue
            e = self.entities[c.entity]
            if not self._pron_compatible(m, e):
                continue
            if c.head in own and not reflexive and not poss_or_subj:
                continue   # binding: "he told him" - him is not he
            score = -2.0 * (m.seg - c.seg) + (1.0 if m.seg == c.seg else 0.0)
            if m.cls == "any":
                score += 1.5 if e.number == "pl" else -3.0
            if c.subject:
                score += 2
                if c.main_subject:
                    score += 0.5   # subject of the sentence's main verb
            if c.head in above and (m.cls != "any" or e.number == "pl"):
                # "One soldier told interrogators that he ...": the nearest governing clause counts most
                score += 4.5 - 1.0 * above[c.head]
            if reflexive and c.head in own:
                score += 10
            if c.kind == "name":
                score += 0.5
            if c.kind == "pronoun":
                score += 0.25
            if c.dep in {"pobj", "poss", "appos"}:
                score -= 0.5
            score += 0.3 * min(len(e.mentions), 5)
            if score >= best_score:
                best, best_score = c.entity, score
        return best

    def _pron_compatible(self, m: Mention, e: Entity) -> bool:
        if m.cls == "person":
            return e.cls in {"person", "any"} and e.number != "pl" and (
                e.gender is None or m.gender is None or e.gender == m.gender)
        if m.cls == "nonperson":
            return e.cls in {"org", "place", "document", "thing", "any"} and e.number != "pl" and e.stype != "person"
        # they/them/their: plural things and people, or bodies
        return e.number == "pl" or e.cls == "org"

    # ------------------------------------------------------------------ driver
    def add(self, m: Mention, tok: Token | None) -> int:
        mi = len(self.mentions)
        if tok is not None:
            m.dep = tok.dep_
            m.main_subject = m.subject and tok.head.dep_ == "ROOT"
        if tok is not None and m.kind in {"name", "nominal"}:
            for c in tok.lefts:
                if c.dep_ == "poss" and c.i in self.by_head:
                    m.possessor = self.by_head[c.i]
        self.mentions.append(m)
        if m.head >= 0:
            self.by_head[m.head] = mi
        self.by_start[m.start] = mi
        eid: int | None = None
        if tok is not None and tok.dep_ == "appos" and tok.head.i in self.by_head:
            hm = self.mentions[self.by_head[tok.head.i]]
            he = self.entities[hm.entity]
            if m.kind != "pronoun" and (he.cls == m.cls or "any" in {he.cls, m.cls} or "thing" in {he.cls, m.cls}):
                eid = hm.entity
        if eid is None:
            if m.kind in {"name", "span"} and m.name:
                eid = self._match_name(m)
            elif m.kind == "pronoun":
                eid = self._resolve_pronoun(m, tok)
                if eid is not None:
                    e = self.entities[eid]
                    if e.cls == "any" and m.cls in {"person", "nonperson"}:
                        e.cls = "person" if m.cls == "person" else "org"
                    if m.cls == "person" and m.gender and not e.gender:
                        e.gender = m.gender
            elif m.kind == "other":
                # "One ... the other": a member of the latest set ("two officials") or the
                # counterpart of the latest "one X"
                if m.lemma in {"other", "another"}:
                    pick = self.last_one if self.last_one is not None else self.last_set
                else:
                    pick = self.last_set
                src = self.mentions[pick] if pick is not None else None
                if src is not None and m.seg - src.seg <= PRONOUN_WINDOW:
                    se = self.entities[src.entity]
                    m.stype, m.cls, m.gender = src.stype, src.cls, (src.gender if src.number == "sg" else None)
                    m.affiliation, m.number = se.affiliation, "sg"
                    m.anonymous = se.anonymous or src.anonymous
                    m.noun = src.noun or src.lemma
                    m.explicit_affiliation = False
            elif m.kind == "nominal" and (m.definite or m.possessed):
                eid = self._match_definite(m)
        if eid is None:
            if m.kind == "pronoun":
                m.cls = {"nonperson": "org", "any": "any"}.get(m.cls, m.cls)
                m.stype = "person" if m.cls == "person" else None
            eid = self._new_entity(mi)
        else:
            self._join(mi, eid)
        if tok is not None and m.cls in {"person", "org"}:
            if m.kind == "other" or (m.kind == "nominal" and m.number == "sg" and any(
                    c.lower_ in {"one", "a", "an"} for c in tok.lefts)):
                self.last_one = mi
            elif m.kind == "nominal" and m.number == "pl" and (
                    m.subject or self.last_set is None or not self.mentions[self.last_set].subject
                    or m.seg - self.mentions[self.last_set].seg > 1):
                self.last_set = mi   # subjects win over later objects ("Two officials met reporters. One ...")
        self.recent.append(mi)
        return mi

    def run(self, skip: list[tuple[int, int]], extra: list[Mention]) -> Chains:
        doc = self.doc
        skip = sorted(skip)
        extra = sorted(extra, key=lambda x: x.start)
        si = xi = 0
        seg = 0
        newline = False
        # Token objects are costly to create: scan plain arrays and build a Token only for candidates
        cols = doc.to_array([POS, SENT_START, IDX]).astype("int64").tolist() if len(doc) else []
        cand = _CANDIDATE_POS
        space = _SPACE
        for i, (pos, sent_start, idx) in enumerate(cols):
            if (sent_start == 1 and i > 0) or newline:
                seg += 1
                self.seg_start = i
            newline = False
            if pos == space:
                newline = "\n" in doc[i].text
                continue
            while xi < len(extra) and extra[xi].start <= idx:
                extra[xi].seg = seg
                self.add(extra[xi], None)
                xi += 1
            if pos not in cand:
                continue
            while si < len(skip) and skip[si][1] <= idx:
                si += 1
            if si < len(skip) and skip[si][0] <= idx < skip[si][1]:
                continue
            while self.recent and self.mentions[self.recent[0]].seg < seg - PRONOUN_WINDOW:
                self.recent.popleft()
            tok = doc[i]
            m = self._mention(tok, seg)
            if m is not None:
                self.add(m, tok)
        while xi < len(extra):
            extra[xi].seg = seg
            self.add(extra[xi], None)
            xi += 1
        return Chains(self.mentions, self.entities, self.by_head, self.by_start, self)

    @staticmethod
    def _known_name(tok: Token) -> bool:
        """A known body or public figure, even where the tagger read a common noun; at a
        sentence start only a person's distinctive surname counts ("Times have changed")."""
        known = known_body(tok.text)
        return known is not None and (tok.i > tok.sent.start or known[0] == "person")

    def _mention(self, tok: Token, seg: int) -> Mention | None:
        low = tok.lower_
        pos = tok.pos_
        if low in PRONOUNS and pos in {"PRON", "DET"}:
            return self._pronoun(tok, seg)
        if pos in {"NOUN", "PROPN"}:
            if tok.dep_ in {"compound", "flat"} or tok.ent_type_ in NON_MENTION_ENTS:
                return None
            left = max(self._np_left(tok), self.seg_start)
            if tok.idx < self.covered_until:
                return None   # inside a name already read ("the Study of War")
            # a capitalised word the tagger read as a common noun is still a name when it is a
            # known one ("Zelenskyy wrote" is tagged NN by the small model)
            if tok.text[:1].isupper() and (pos == "PROPN" or tok.ent_type_ in NAME_ENTS
                                           or low in self.person_last or low in self.person_first
                                           or self._known_name(tok)):
                return self._name_mention(tok, left, seg)
            return self._nominal(tok, left, seg)
        if (low in {"other", "another"} or (low == "one" and pos in {"NUM", "PRON"})) and not any(
                c.pos_ in {"NOUN", "PROPN"} for c in tok.children) and tok.dep_ in SUBJ | {"dobj", "pobj", "appos", "conj"}:
            return Mention(self.doc[max(self._np_left(tok), self.seg_start)].idx, tok.idx + len(tok), tok.i, "other", seg,
                           subject=tok.dep_ in SUBJ, number="sg", lemma=low)
        return None


def span_mention(doc: Doc, start: int, end: int, *, seg: int = 0, person_hint: bool = False,
                 text: str | None = None) -> Mention:
    """A mention made from a bare character span (a post author, a source the parse did not give a head)."""
    text = (doc_text(doc) if text is None else text)[start:end]
    words = text.split()
    known = known_body(text)
    m = Mention(start, end, -1, "name", seg, name=text, lemma=words[-1].lower() if words else "")
    if known:
        m.stype, m.affiliation = known
    else:
        typ = type_of_words([w.lower() for w in words], proper=True)
        m.stype = typ or ("person" if person_hint else None)
        code = place_code(words)[0]
        m.affiliation = code
    m.explicit_affiliation = m.affiliation is not None
    m.cls = _cls(m.stype) if m.stype else "any"
    if m.stype == "person":
        m.number = "sg"
    return m


def resolve(doc: Doc, *, skip: list[tuple[int, int]] | None = None, extra: list[Mention] | None = None,
            text: str | None = None) -> Chains:
    """Coreference chains over ``doc``.

    ``skip``: character ranges whose tokens make no mentions (post signatures);
    ``extra``: mentions to insert at their position (post authors), matched by name.
    """
    return _Resolver(doc, text).run(skip or [], extra or [])
