"""``claimledger eval attribution --gold DIR``: score attribution spans against brat gold.

The gold layout is PolNeAR's: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``.
Where an article has several annotators, the first annotation file in sorted order is the gold.
Spans are compared per role (source, cue, content) after trimming surrounding whitespace and
punctuation on both sides; a discontinuous brat span counts as its outer range, because the
contract's content span is one range (fragments are extra detail).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.records.core import trim_offsets

ROLES = ("source", "cue", "content")
_BRAT_ROLE = {"Source": "source", "Cue": "cue", "Content": "content"}
_T_LINE = re.compile(r"^T\d+\t(\S+) ([\d ;]+)\t", re.M)
_T_ID_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.M)
_E_LINE = re.compile(r"^E\d+\t(.+)$", re.M)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and punctuation on both sides (scored spans)."""
    return trim_offsets(text, start, end)


@dataclass
class GoldDoc:
    name: str
    text: str
    #: role -> list of fragment lists [(start, end), ...] as annotated (untrimmed)
    spans: dict[str, list[list[tuple[int, int]]]] = field(default_factory=dict)
    #: one dict per annotated attribution: role -> its fragment list (roles it has)
    links: list[dict[str, list[tuple[int, int]]]] = field(default_factory=list)


def _frags(offsets: str) -> list[tuple[int, int]]:
    return sorted((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))


def read_ann(ann: str) -> dict[str, list[list[tuple[int, int]]]]:
    """Source/Cue/Content text-bound annotations of one brat file, as fragment lists."""
    out: dict[str, list[list[tuple[int, int]]]] = {r: [] for r in ROLES}
    for m in _T_LINE.finditer(ann):
        role = _BRAT_ROLE.get(m.group(1))
        if role is None:
            continue
        out[role].append(_frags(m.group(2)))
    return out


def read_links(ann: str) -> list[dict[str, list[tuple[int, int]]]]:
    """The attributions of one brat file (its events): role -> fragment list, per attribution."""
    spans = {m.group(1): (_BRAT_ROLE.get(m.group(2)), _frags(m.group(3))) for m in _T_ID_LINE.finditer(ann)}
    out = []
    for m in _E_LINE.finditer(ann):
        link = {}
        for arg in m.group(1).split():
            tid = arg.partition(":")[2]
            role, frags = spans.get(tid, (None, []))
            if role is not None:
                link[role] = frags
        if link:
            out.append(link)
    return out


def cued_contents(doc: GoldDoc) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Each gold content (outer range, trimmed) -> the trimmed outer ranges of its cues."""
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for link in doc.links:
        if "content" not in link or "cue" not in link:
            continue
        content, cue = outer(doc.text, link["content"]), outer(doc.text, link["cue"])
        if content is not None and cue is not None:
            out.setdefault(content, []).append(cue)
    return out


def iter_gold(root: Path, limit: int | None = None, every_annotator: bool = False) -> Iterable[GoldDoc]:
    """Each text with its first annotation file (sorted by name); with ``every_annotator``, once
    per annotation file (training data: a second annotator's reading is more supervision)."""
    anns: dict[str, list[Path]] = {}
    for p in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], []).append(p)
    n = 0
    for txt in sorted((root / "text").glob("*.txt")):
        files = anns.get(txt.stem)
        if not files:
            continue
        text = txt.read_text(encoding="utf-8")
        for ann in files if every_annotator else files[:1]:
            raw = ann.read_text(encoding="utf-8")
            yield GoldDoc(txt.stem, text, read_ann(raw), read_links(raw))
        n += 1
        if limit is not None and n >= limit:
            return


def outer(text: str, frags: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Trimmed outer range of a (possibly discontinuous) span; None if only punctuation."""
    s, e = trim(text, min(a for a, _ in frags), max(b for _, b in frags))
    return (s, e) if e > s else None


@dataclass
class Score:
    tp: float = 0.0
    n_pred: float = 0.0
    n_gold: float = 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def exact_score(pred: set[tuple[int, int]], gold: set[tuple[int, int]]) -> Score:
    return Score(len(pred & gold), len(pred), len(gold))


def linked_score(attributions: Iterable[dict], doc: GoldDoc) -> Score:
    """Who said what: a gold content counts as found only when a predicted attribution has it
    exactly (trimmed outer range) with a cue overlapping the gold cue.  The per-role scores
    cannot see a right content handed to the wrong speaker; this one can."""
    pred: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for att in attributions:
        content, cue = att.get("content"), att.get("cue")
        if content and cue:
            c, k = trim(doc.text, content["start"], content["end"]), trim(doc.text, cue["start"], cue["end"])
            if c[1] > c[0] and k[1] > k[0]:
                pred.add((c, k))
    gold = {(content, cue) for content, cues in cued_contents(doc).items() for cue in cues}
    tp = sum(1 for content, cue in gold
             if any(pc == content and pk[0] < cue[1] and cue[0] < pk[1] for pc, pk in pred))
    return Score(tp, len(pred), len(gold))


def overlap_score(pred: set[tuple[int, int]], gold: set[tuple[int, int]]) -> Score:
    """Character overlap: precision over predicted characters, recall over gold characters."""
    pc: set[int] = set()
    for s, e in pred:
        pc.update(range(s, e))
    gc: set[int] = set()
    for s, e in gold:
        gc.update(range(s, e))
    return Score(len(pc & gc), len(pc), len(gc))


def spans_of(text: str, items: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    out = set()
    for s, e in items:
        t = trim(text, s, e)
        if t[1] > t[0]:
            out.add(t)
    return out


def predicted_spans(attributions: Iterable[dict], text: str,
                    fragments: bool = False) -> dict[str, set[tuple[int, int]]]:
    """role -> trimmed spans, from contract attribution dicts (or records turned to dicts).
    With ``fragments``, a content made of pieces counts as its pieces."""
    out: dict[str, set[tuple[int, int]]] = {r: set() for r in ROLES}
    for att in attributions:
        for role in ROLES:
            sp = att.get(role)
            if not sp:
                continue
            pieces = sp.get("fragments") if fragments and role == "content" else None
            if pieces:
                out[role] |= spans_of(text, [(f["start"], f["end"]) for f in pieces])
            else:
                out[role] |= spans_of(text, [(sp["start"], sp["end"])])
    return out


def join_fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trimmed fragments of a discontinuous span, joined where only punctuation separates them."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        s, e = trim(text, s, e)
        if e <= s:
            continue
        if out and not any(ch.isalnum() for ch in text[out[-1][1]:s]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def gold_spans(doc: GoldDoc, fragments: bool = False) -> dict[str, set[tuple[int, int]]]:
    """role -> trimmed gold spans: outer ranges, or (``fragments``) the pieces of contents."""
    out: dict[str, set[tuple[int, int]]] = {}
    for role in ROLES:
        if fragments and role == "content":
            out[role] = {p for f in doc.spans.get(role, []) for p in join_fragments(doc.text, f)}
        else:
            out[role] = {o for o in (outer(doc.text, f) for f in doc.spans.get(role, [])) if o}
    return out


def agreement(root: Path, fragments: bool = False,
              limit: int | None = None) -> tuple[int, dict[str, Score], dict[str, Score]]:
    """Exact and overlap scores of every pair of annotators of the same article, under the
    scorer that rates the pipeline: the human ceiling to read the pipeline's figures against.
    The pair is scored in one direction only; summed over pairs, F1 does not depend on it.
    Returns the number of pairs, then the exact and overlap scores per role."""
    exact = {r: Score() for r in ROLES}
    over = {r: Score() for r in ROLES}
    pairs = 0
    versions: dict[str, list[GoldDoc]] = {}
    for doc in iter_gold(root, limit, every_annotator=True):
        versions.setdefault(doc.name, []).append(doc)
    for docs in versions.values():
        for i, first in enumerate(docs):
            for other in docs[i + 1:]:
                pairs += 1
                ref, pred = gold_spans(first, fragments), gold_spans(other, fragments)
                for role in ROLES:
                    exact[role].add(exact_score(pred[role], ref[role]))
                    over[role].add(overlap_score(pred[role], ref[role]))
    return pairs, exact, over


def _attribution_dicts(doc, nested: bool = False) -> list[dict]:
    """The doc's attributions as span dicts; nested ones (with a parent) only if ``nested``,
    because PolNeAR is univocal: a token inside one attribution is never part of another."""
    from claimledger.nlp.extensions import get_list

    out = []
    for att in get_list(doc, "cl_attributions"):
        if att.parent_id is not None and not nested:
            continue
        d = {}
        for role in ROLES:
            sp = getattr(att, role)
            d[role] = None if sp is None else {"start": sp.start, "end": sp.end}
        if att.fragments:
            d["content"]["fragments"] = [{"start": f.start, "end": f.end} for f in att.fragments]
        out.append(d)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, type=Path, help="directory with text/ and attributions/")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--nested", action="store_true",
                        help="also score nested attributions (PolNeAR annotates none)")
    parser.add_argument("--fragments", action="store_true",
                        help="score a discontinuous content by its pieces instead of its outer range")
    parser.add_argument("--speed", action="store_true", help="also time the bare spaCy model on the same texts")
    parser.add_argument("--agreement", action="store_true",
                        help="score the annotators against each other instead (articles annotated more than once)")
    parser.add_argument("--accurate", action="store_true",
                        help="score accurate mode (the MiniLM tagger fused with the spaCy one; needs the accurate extra)")
    parser.add_argument("--scraped", action="store_true",
                        help="score the articles as scraped datasets print them: no commas, apostrophes or line breaks")
    parser.add_argument("--no-boundaries", action="store_true",
                        help="keep the content edges decoding gives (skip the learned boundary refinement)")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="ROUNDS",
                        help="also print a 95%% interval for each exact F1, resampling the articles ROUNDS "
                             "times (1000 is plenty)")


def _report(title: str, scores: dict[str, Score]) -> None:
    print(f"{title:<8} {'P':>6} {'R':>6} {'F1':>6}   {'pred':>6} {'gold':>6}")
    for role in ROLES:
        s = scores[role]
        print(f"{role:<8} {100 * s.p:6.1f} {100 * s.r:6.1f} {100 * s.f:6.1f}   {s.n_pred:6.0f} {s.n_gold:6.0f}")


def _report_interval(per_doc: dict[str, list[Score]], rounds: int) -> None:
    from claimledger.eval.bootstrap import f1_interval

    parts = []
    for role in ROLES:
        low, high = f1_interval(per_doc[role], rounds)
        parts.append(f"{role} {100 * low:.1f}-{100 * high:.1f}")
    print(f"exact F1, 95% interval over {rounds} resamplings of the {len(per_doc[ROLES[0]])} articles: "
          + ", ".join(parts))


def _timed(fn, texts: list[str]) -> tuple[list, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(texts)
    return out, time.perf_counter() - t0, time.process_time() - c0


def _report_agreement(args: argparse.Namespace) -> int:
    pairs, exact, over = agreement(args.gold, args.fragments, args.limit)
    if not pairs:
        print(f"no article under {args.gold} has more than one annotation file")
        return 1
    print(f"{pairs} pairs of annotators of the same article, the second scored against the first")
    _report("exact", exact)
    _report("overlap", over)
    return 0


def run(args: argparse.Namespace) -> int:
    from claimledger.nlp.pipeline import load_pipeline

    if args.agreement:
        return _report_agreement(args)
    docs = list(iter_gold(args.gold, args.limit))
    if args.scraped:
        from claimledger.eval.scraped import scraped

        docs = [scraped(d) for d in docs]
    if not docs:
        print(f"no gold articles under {args.gold}")
        return 1
    nlp = load_pipeline(args.model, args.accurate)
    if args.no_boundaries:
        nlp.get_pipe("claimledger_attribution").use_boundaries = False
    bare = None
    if args.speed:
        import spacy

        bare = spacy.load(args.model)
    exact = {r: Score() for r in ROLES}
    over = {r: Score() for r in ROLES}
    linked = Score()
    per_doc: dict[str, list[Score]] = {r: [] for r in ROLES}
    n_words = sum(len(d.text.split()) for d in docs)
    # warm up on real text so lazy loads (tagger, gazetteers) stay out of the timing; then time
    # the full and the bare pipeline in alternating chunks, by CPU time as well as wall time:
    # on a shared machine the neighbours' load drifts, and alternating cancels the drift
    texts = [d.text for d in docs]
    list(nlp.pipe(texts[:2]))
    if bare is not None:
        list(bare.pipe(texts[:2]))
    predicted: list[list[dict]] = []
    wall = cpu = bare_wall = bare_cpu = 0.0
    for i in range(0, len(texts), 8):
        chunk = texts[i:i + 8]
        out, w, c = _timed(lambda t: [_attribution_dicts(d, args.nested) for d in nlp.pipe(t)], chunk)
        predicted += out
        wall, cpu = wall + w, cpu + c
        if bare is not None:
            _, w, c = _timed(lambda t: list(bare.pipe(t)), chunk)
            bare_wall, bare_cpu = bare_wall + w, bare_cpu + c
    for gold, atts in zip(docs, predicted, strict=True):
        pred = predicted_spans(atts, gold.text, args.fragments)
        ref = gold_spans(gold, args.fragments)
        for role in ROLES:
            per_doc[role].append(exact_score(pred[role], ref[role]))
            exact[role].add(per_doc[role][-1])
            over[role].add(overlap_score(pred[role], ref[role]))
        linked.add(linked_score(atts, gold))
    print(f"{len(docs)} articles, {n_words} words, full pipeline {n_words / wall:.0f} words/s "
          f"({n_words / cpu:.0f} words per CPU second)")
    _report("exact", exact)
    if args.bootstrap > 0:
        _report_interval(per_doc, args.bootstrap)
    _report("overlap", over)
    print(f"content with its cue (exact content, overlapping cue): P {100 * linked.p:.1f} "
          f"R {100 * linked.r:.1f} F1 {100 * linked.f:.1f}   ({linked.n_pred:.0f} pred, {linked.n_gold:.0f} gold)")
    if bare is not None:
        print(f"bare {args.model}: {n_words / bare_wall:.0f} words/s ({n_words / bare_cpu:.0f} words per CPU "
              f"second); full/bare = {bare_cpu / cpu:.2f} by CPU time, {bare_wall / wall:.2f} by wall time")
    return 0
