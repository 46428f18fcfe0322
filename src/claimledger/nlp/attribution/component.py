"""The attribution component: the trained tagger as backbone, dependency rules around it.

1. The tagger (``tagger.py``) labels SOURCE / CUE / CONTENT spans over the whole document.
2. Cue-first decoding (``decode.py``) groups them into attributions; where a cue has a content
   on each side, a small learnt chooser (``splits.py``) decides whether they are one quotation.
3. The rules (``rules.py``) add attributions the model missed (constructions it rarely saw:
   "declined to comment", "expressed a preference to", non-human sources) and veto model
   cues that are not attributive in context ("attributed to" a cause, "a video showing").
   Where a rule and the model read the same cue with different contents, a small learnt
   arbiter (``arbiter.py``) decides which content to keep.
4. Kind, stance and nesting (parent_id) are assigned to the merged set.

Attributions already on the doc (embedded social posts) are kept, and the new ones are not
allowed to duplicate them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.nlp.attribution.arbiter import load_arbiter
from claimledger.nlp.attribution.boundaries import (
    ACCURATE_EDGE_TRUST,
    BoundaryModel,
    load_boundaries,
    sentence_bounds,
)
from claimledger.nlp.attribution.classify import kind_of, stance_of
from claimledger.nlp.attribution.decode import Draft, decode
from claimledger.nlp.attribution.ends import drop_dangling, drop_scene
from claimledger.nlp.attribution.filters import cue_key, unreliable
from claimledger.nlp.attribution.hearers import drop_hearers
from claimledger.nlp.attribution.lexicon import nested_only
from claimledger.nlp.attribution.repairs import quote_overrun, repair
from claimledger.nlp.attribution.reread import READING_KEY, reread_contents
from claimledger.nlp.attribution.resumed import join_resumed_quotes
from claimledger.nlp.attribution.rules import (
    complete,
    complete_source,
    extract_drafts,
    is_non_attributive,
    punctuation_stripped,
)
from claimledger.nlp.attribution.splits import load_split_chooser
from claimledger.nlp.attribution.tagger import load_tagger
from claimledger.nlp.attribution.transcripts import turn_stance, turns, yield_to_turns
from claimledger.nlp.base import Component
from claimledger.nlp.extensions import doc_text, get_list
from claimledger.records import Attribution, Span
from claimledger.records.core import trim_offsets

_TRIM = " \t\n\r\u00a0,.;:!?\"'“”‘’()[]{}—–-…*"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    return trim_offsets(text, start, end, _TRIM)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


_OPEN = "\"“‘«"


def paragraph_guard(text: str, cue_start: int, start: int, end: int) -> tuple[int, int]:
    """A content crosses a paragraph break only as a quotation that reopens there (news style
    opens every paragraph of a long quote with a quote mark).  So a stray, unmatched quote mark
    cannot make one attribution swallow the rest of an article: the content is cut at the first
    break that does not reopen a quote, keeping the side next to the cue."""
    if "\n" not in text[start:end]:
        return start, end
    paras: list[tuple[int, int]] = []
    pos = start
    for i in range(start, end):
        if text[i] == "\n":
            if i > pos:
                paras.append((pos, i))
            pos = i + 1
    if pos < end:
        paras.append((pos, end))
    paras = [(a, b) for a, b in paras if text[a:b].strip()]
    if len(paras) <= 1:
        return (paras[0] if paras else (start, end))

    def reopens(p: tuple[int, int]) -> bool:
        return text[p[0]:p[1]].lstrip()[:1] in _OPEN

    if cue_start <= start:  # content after the cue: grow forwards
        keep = [paras[0]]
        for p in paras[1:]:
            if not reopens(p):
                break
            keep.append(p)
    else:  # content before the cue: grow backwards
        keep = [paras[-1]]
        for p in reversed(paras[:-1]):
            if not reopens(keep[0]):
                break
            keep.insert(0, p)
    return keep[0][0], keep[-1][1]


def _drop_lone_mental_states(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Rule drafts on weak cues ("think", "want") survive only nested in another content."""
    weak = nested_only()
    keep = []
    for d in drafts:
        if d.origin == "rules":
            span = doc.char_span(d.cue[0], d.cue[1], alignment_mode="expand")
            lemma = span.root.lemma_.lower() if span is not None else ""
            if lemma in weak and not any(
                o is not d and o.content is not None and o.content[0] <= d.cue[0] and d.cue[1] <= o.content[1]
                for o in drafts
            ):
                continue
        keep.append(d)
    return keep


KEEP_IN_PARAGRAPH = True


def _content_across_break(text: str, draft: Draft) -> bool:
    """A rule draft whose content lies wholly in a later paragraph than its cue: the parse joined
    two paragraphs ("... what does he think of you?”" and the next paragraph's first clause).
    A cue that announces what follows with a colon ("Dr. Ward stated:") may do so."""
    content = draft.content
    if draft.origin != "rules" or content is None or content[0] < draft.cue[1]:
        return False
    gap = text[draft.cue[1]:content[0]]
    return "\n" in gap and not gap.rstrip().endswith(":")


def _participle(doc: Doc, cue: tuple[int, int]) -> bool:
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].tag_ == "VBG"


def _unshare_pieces(text: str, drafts: list[Draft]) -> list[Draft]:
    """A joined quotation gives up a piece that is another cue's whole content.

    "“A,” X wrote. “B,” he added": the decoder may join "A" and "B" under "wrote" (the split
    chooser's "join") while "added" takes "B" from the parse; B is then reported twice.  The
    piece goes to the cue right beside it (on PolNeAR train read by the half taggers: +9 exact
    contents; dev +1)."""
    for d in drafts:
        if len(d.contents) < 2:
            continue
        lo, hi = d.content
        taken = {_trim(text, *o.content) for o in drafts
                 if o is not d and o.content is not None and o.cue != d.cue
                 and not (lo <= o.cue[0] and o.cue[1] <= hi)}
        keep = [c for c in d.contents if _trim(text, *c) not in taken]
        if keep and len(keep) < len(d.contents):
            d.contents = keep
    return drafts


def _clip_sources(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """A source does not run into a second cue that reports for it: "said Omar Haddad head of
    the council adding that 15 were critical" (scraped text without the comma) gave
    "said" the whole run as source.  It ends before a reporting participle ("adding") or a cue
    that shares the same span as source.  (A source that merely holds some other cue, "an
    official who declined to be named", stays whole.)"""
    text = doc_text(doc)
    for d in drafts:
        if d.source is None:
            continue
        s, e = d.source
        cut = min((o.cue[0] for o in drafts if o is not d and s < o.cue[0] < e
                   and (o.source == (s, e) or _participle(doc, o.cue))), default=None)
        if cut is not None:
            s2, e2 = _trim(text, s, cut)
            for o in drafts:
                if o.source == (s, e):
                    o.source = (s2, e2) if e2 > s2 else None
    return drafts


EXTEND = True


def merge(model: list[Draft], rules: list[Draft],
          prefer: Callable[[Draft, Draft], bool] | None = None) -> list[Draft]:
    """Model drafts first; a rule draft joins only where it does not collide with them.
    Where both read the same cue with different contents, ``prefer(model, rule)`` (the
    arbiter) may hand the model draft the rule's content."""
    out = list(model)
    for r in rules:
        clash = False
        for m in model:
            if _overlaps(r.cue, m.cue):
                # a longer rule cue inside the same clause is the fuller reading: "declined" +
                # "to comment on X" becomes "declined to comment" + "X"; "expressed" + "a
                # preference to stay" becomes "expressed a preference" + "to stay"
                rc = r.content
                longer = (r.cue[0] <= m.cue[0] and m.cue[1] < r.cue[1] and rc is not None
                          and m.content is not None and m.content[0] <= rc[0] and rc[1] <= m.content[1] + 1
                          and r.source is not None)
                # a model cue that swallowed its content: "expressed a preference to stay ..."
                swallowed = (rc is not None and m.cue[0] <= r.cue[0] and r.cue[1] <= m.cue[1]
                             and m.cue[0] <= rc[0] and rc[1] <= m.cue[1])
                if longer or swallowed:
                    m.cue, m.contents, m.source = r.cue, list(r.contents), m.source or r.source
                # the model stopped its content short of the clause the parse gives ("proposed
                # returning X to Y, in exchange for Z"): extend it when nothing else was tagged there
                elif (EXTEND and rc is not None and m.content is not None and len(m.contents) == 1
                      and rc[0] == m.content[0] and rc[1] > m.content[1]
                      and not any(o is not m and _overlaps((m.content[1], rc[1]), oc)
                                  for o in model for oc in (o.cue, o.source, o.content))):
                    m.contents = [(m.content[0], rc[1])]
                elif prefer is not None and rc is not None and m.content is not None and prefer(m, r):
                    m.contents = list(r.contents)
                # the model found this cue: lend it what it missed
                if m.source is None and r.source is not None and not _overlaps(r.source, m.content):
                    m.source = r.source
                if not m.contents and r.contents:
                    m.contents = list(r.contents)
                    # a tagged source that ran on into the content the parse gives is cut back
                    # to the rule's ("According to X, the move reeks of ..." tagged as one source)
                    if r.source is not None and any(_overlaps(m.source, c) for c in m.contents):
                        m.source = r.source
                clash = True
                break
            if _overlaps(r.cue, m.source) or (_overlaps(r.cue, m.content) and not r.nested_ok):
                clash = True
                break
        if not clash:
            out.append(r)
    return out


#: a switch for measuring the content-end clean-ups (experiments turn it off)
CLEAN_ENDS = True


def clean_ends(doc: Doc, text: str, cue: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """A content's last step: no bare conjunction at its end, no scene of the telling
    (``ends.py``).  The arbiter's trainer judges contents through it too."""
    if CLEAN_ENDS:
        start, end = drop_dangling(text, start, end)
        end = drop_scene(doc, text, cue, start, end)
    return start, end


def build(doc: Doc, drafts: list[Draft], taken: list[Attribution],
          boundaries: BoundaryModel | None = None) -> list[Attribution]:
    text = doc_text(doc)
    sents = sentence_bounds(doc) if boundaries is not None else None
    result: list[Attribution] = []
    for d in drafts:
        content = d.content
        if content is None:
            continue
        cs, ce = _trim(text, *paragraph_guard(text, d.cue[0], *content))
        if ce <= cs:
            continue
        if any(_overlaps((cs, ce), (a.content.start, a.content.end)) and a.origin == "social" for a in taken):
            continue
        cue = _trim(text, *d.cue)
        if cue[1] <= cue[0]:  # a headline's colon: keep the mark itself as the cue
            cue = d.cue
        # a transcript turn's content is its paragraph: nothing to re-choose
        if boundaries is not None and len(d.contents) == 1 and d.origin != "transcript":
            ns, ne = boundaries.refine(doc, cue, cs, ce, text, sents)
            # a wider content must not swallow another attribution's cue (it would nest it)
            if not any(ns <= o.cue[0] and o.cue[1] <= ne and not (cs <= o.cue[0] and o.cue[1] <= ce)
                       for o in drafts if o is not d):
                cs, ce = ns, ne
        cs, ce = clean_ends(doc, text, cue, cs, ce)
        src = _trim(text, *d.source) if d.source else None
        frags = []
        if len(d.contents) > 1:
            # pieces inside the final range, the last one cut where the content now ends
            frags = [Span.of(text, *_trim(text, s, min(e, ce))) for s, e in d.contents
                     if cs <= s and s < ce and _trim(text, s, min(e, ce))[1] > s]
        cue_text = text[cue[0]:cue[1]]
        result.append(Attribution(
            id="",
            content=Span.of(text, cs, ce),
            source=Span.of(text, *src) if src and src[1] > src[0] else None,
            cue=Span.of(text, *cue),
            kind="direct" if d.origin == "transcript" else kind_of(text, cue_text, cs, ce),
            stance=turn_stance(text, ce) if d.origin == "transcript" else stance_of(doc, cue, (cs, ce)),
            fragments=frags,
            origin=d.origin,
        ))
    return result


def number(atts: list[Attribution]) -> list[Attribution]:
    """Ids a1, a2, ... in text order; parent_id = the innermost content holding one's cue."""
    atts.sort(key=lambda a: (a.cue.start if a.cue else a.content.start, a.content.start))
    old_ids = {id(a): a.id for a in atts}
    for i, a in enumerate(atts, 1):
        a.id = f"a{i}"
    remap = {old_ids[id(a)]: a.id for a in atts if old_ids[id(a)]}
    for a in atts:
        if a.parent_id and a.parent_id in remap:
            a.parent_id = remap[a.parent_id]
            continue
        anchor = a.cue or a.content
        best = None
        for b in atts:
            if b is a or b.content is None:
                continue
            # a content in pieces holds only what is inside a piece, not the attribution between
            pieces = b.fragments or [b.content]
            if any(p.start <= anchor.start and anchor.end <= p.end for p in pieces):
                if best is None or (b.content.end - b.content.start) < (best.content.end - best.content.start):
                    best = b
        a.parent_id = best.id if best is not None else None
    return atts


class AttributionExtractor(Component):
    def __init__(self, nlp: Language, name: str, *, use_model: bool = True, model_path: str | None = None,
                 accurate: bool = False):
        super().__init__(nlp, name)
        self.use_model = use_model
        self.model_path = model_path
        #: tag with the fine-tuned MiniLM (accurate.py, optional torch extra) fused with the spaCy tagger
        self.accurate = accurate
        #: rules on top of the model (switch off to measure the model alone)
        self.use_rules = True
        #: drop cues whose kind was rarely right on PolNeAR train (switch off to re-measure them)
        self.use_filter = True
        #: re-choose content edges with the learned boundary model (switch off to train it)
        self.use_boundaries = True
        #: let the learned arbiter pick the rule's content over the model's (switch off to train it)
        self.use_arbiter = True
        #: let the learned split chooser read a cue with contents on both sides (off: the hand rule)
        self.use_splits = True
        #: accurate mode: let the content head reread each content from the MiniLM's vectors
        self.use_reread = True
        #: accurate mode: add attributions for confident MiniLM cues that decoding left out
        self.use_recover = True
        #: (tagger, whether it may read this pipeline's doc.tensor), checked once per tagger
        self._shares: tuple | None = None

    @property
    def tagger(self):
        if self.use_model and self.accurate:
            from claimledger.nlp.attribution.fusion import load_fused_tagger

            return load_fused_tagger(self.model_path)
        return load_tagger(self.model_path) if self.use_model else None

    def _finish(self, doc: Doc, tagged) -> Doc:
        doc._.cl_tagged = list(tagged)
        existing = list(get_list(doc, "cl_attributions"))
        chooser = (load_split_chooser(stripped=punctuation_stripped(doc))
                   if self.use_rules and self.use_splits else None)
        model = decode(doc, drop_hearers(doc, tagged) if self.use_rules else tagged,
                       chooser.choose if chooser is not None else None) if tagged else []
        if self.use_rules:
            model = [complete(doc, d) if not d.contents else d for d in model]
            spoken = turns(doc)
            model = spoken + yield_to_turns(model, spoken)
        # the arbiter learnt where the spaCy tagger errs; the fused accurate-mode tags err less
        # and elsewhere (with it, accurate mode lost 7 exact contents on PolNeAR dev)
        arbiter = load_arbiter() if self.use_rules and self.use_arbiter and not self.accurate else None
        prefer = None if arbiter is None else functools.partial(arbiter.prefers_rule, doc)
        drafts = merge(model, extract_drafts(doc) if self.use_rules else [], prefer)
        drafts = [d for d in drafts if not is_non_attributive(doc, d)]
        if self.use_rules:
            drafts = [quote_overrun(doc, repair(doc, complete_source(doc, d))) for d in drafts]
        drafts = _drop_lone_mental_states(doc, _clip_sources(doc, drafts))
        if self.use_rules:
            text = doc_text(doc)
            if KEEP_IN_PARAGRAPH:
                drafts = [d for d in drafts if not _content_across_break(text, d)]
            drafts = _unshare_pieces(text, join_resumed_quotes(text, drafts))
        if self.use_filter:
            bad = unreliable()
            drafts = [d for d in drafts if cue_key(doc, d.origin, *d.cue) not in bad]
        boundaries = None
        if self.use_boundaries and punctuation_stripped(doc):
            # text without commas has its own models; the trust bonus was chosen for the clean one
            boundaries = load_boundaries(stripped=True)
        elif self.use_boundaries:
            boundaries = load_boundaries(trust=ACCURATE_EDGE_TRUST if self.accurate else 0.0)
        built = build(doc, drafts, existing, boundaries)
        reading = doc.user_data.pop(READING_KEY, None)  # left by accurate mode's fused tagger
        if reading is not None and self.use_rules and (self.use_reread or self.use_recover):
            # only accurate mode leaves a reading, and it has checked the torch extra
            from claimledger.nlp.attribution.content_head import load_content_head
            from claimledger.nlp.attribution.recover import recover_drafts

            head = load_content_head()
            if head is not None and self.use_reread:
                built = reread_contents(doc, built, reading, head)
            if head is not None and self.use_recover:
                built += build(doc, recover_drafts(doc, existing + built, reading, head), existing + built)
        doc._.cl_attributions = number(existing + built)
        return doc

    def _tag(self, tagger, docs: list[Doc]) -> list:
        if tagger is None:
            return [[] for _ in docs]
        if hasattr(tagger, "shares_tensor_with"):  # the spaCy tagger, alone or fused (accurate mode)
            if self._shares is None or self._shares[0] is not tagger:
                self._shares = (tagger, tagger.shares_tensor_with(self.nlp))
            return tagger.tag_many(docs, share_tensor=self._shares[1])
        return tagger.tag_many(docs)

    def __call__(self, doc: Doc) -> Doc:
        return self._finish(doc, self._tag(self.tagger, [doc])[0])

    def pipe(self, docs, batch_size: int = 32):
        tagger = self.tagger
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._flush(tagger, batch)
                batch = []
        if batch:
            yield from self._flush(tagger, batch)

    def _flush(self, tagger, batch):
        tags = self._tag(tagger, batch)
        for doc, tagged in zip(batch, tags, strict=True):
            yield self._finish(doc, tagged)
