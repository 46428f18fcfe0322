"""``claimledger eval claims``: score quantities, certainty and dates against claimledger's own gold.

Gold (JSONL, one record per text; default: the packaged ``eval/gold/claims_gold.jsonl``)::

    {"id": "s01", "text": "...", "published": "2025-03-14" | null, "expect_published": "2025-01-12",
     "quantities": [{"span": "At least 58", "nth": 0, "value": 58, "low": 58, "high": null,
                     "approximate": true, "unit": null, "counts": "killed", "subject": "people"}],
     "certainty": [{"anchor": "58 people were killed", "certainty": "certain"}],
     "dates": [{"span": "on Tuesday", "value": "2025-03-11", "precision": "day"}]}

Matching: a predicted quantity matches the gold quantity whose span it overlaps most; a
certainty anchor is judged by the smallest predicted claim that contains it; a date by the
predicted date span that overlaps it.  For each quantity field, precision is over all
predicted quantities (an unmatched prediction is wrong on every field) and recall over all
gold quantities; for counts and subject only non-null values count, so leaving them empty
costs recall, not precision.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

CERTAINTIES = ("certain", "probable", "possible", "unverified", "disputed", "negated")
FIELDS = ("value", "bounds", "approximate", "unit", "counts", "subject", "subject_head")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, default=None,
                        help="gold JSONL (default: the packaged eval/gold/claims_gold.jsonl)")
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def load_gold(path: Path | None) -> list[dict]:
    if path is None:
        text = resources.files("claimledger").joinpath("eval/gold/claims_gold.jsonl").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _locate(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"gold span {needle!r} not in text")
    return start, start + len(needle)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _norm(s: str | None) -> str | None:
    if s is None:
        return None
    words = s.lower().replace("’", "'").split()
    while words and words[0] in {"the", "a", "an", "its", "their", "his", "her", "our", "more"}:
        words = words[1:]
    return " ".join(words) or None


def _head(s: str | None) -> str | None:
    n = _norm(s)
    if n is None:
        return None
    w = n.split()[-1] if " of " not in n else n.split(" of ")[0].split()[-1]
    return w[:-1] if w.endswith("s") else w


def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _field_ok(field: str, p: dict, g: dict) -> bool:
    if field == "value":
        return _num_eq(p["value"], g["value"])
    if field == "bounds":
        return _num_eq(p.get("low"), g["low"]) and _num_eq(p.get("high"), g["high"])
    if field == "approximate":
        return bool(p["approximate"]) == bool(g["approximate"])
    if field == "unit":
        return p.get("unit") == g["unit"]
    if field == "counts":
        return p.get("counts") == g["counts"]
    if field == "subject":
        return _norm(p.get("subject")) == _norm(g["subject"])
    if field == "subject_head":
        return _head(p.get("subject")) == _head(g["subject"])
    raise KeyError(field)


class Scores:
    """Counters for one run over the gold, and the precision/recall they give."""

    def __init__(self) -> None:
        self.q_pred = self.q_gold = self.q_match = 0
        self.f_tp: Counter = Counter()
        self.f_pred: Counter = Counter()
        self.f_gold: Counter = Counter()
        self.c_pairs: list[tuple[str, str | None]] = []
        self.d_pred = self.d_gold = self.d_match = self.d_correct = 0
        self.published: list[tuple[str | None, str | None]] = []
        self.errors: list[str] = []

    # ---- quantities
    def add_quantities(self, rid: str, text: str, pred: list[dict], gold: list[dict]) -> None:
        self.q_pred += len(pred)
        self.q_gold += len(gold)
        used: set[int] = set()
        for f in FIELDS:
            nullable = f in {"counts", "subject", "subject_head", "unit"}
            self.f_pred[f] += sum(1 for p in pred if not nullable or p.get(f.split("_")[0]) is not None)
            self.f_gold[f] += sum(1 for g in gold if not nullable or g[f.split("_")[0]] is not None)
        for g in gold:
            gspan = _locate(text, g["span"], g.get("nth", 0))
            best, best_ov = None, 0
            for k, p in enumerate(pred):
                ov = _overlap(gspan, (p["span"]["start"], p["span"]["end"]))
                if k not in used and ov > best_ov:
                    best, best_ov = k, ov
            if best is None:
                self.errors.append(f"{rid}: missed quantity {g['span']!r}")
                continue
            used.add(best)
            self.q_match += 1
            p = pred[best]
            for f in FIELDS:
                nullable = f in {"counts", "subject", "subject_head", "unit"}
                if nullable and g[f.split("_")[0]] is None:
                    if p.get(f.split("_")[0]) is not None and f != "subject_head":
                        self.errors.append(f"{rid}: {g['span']!r} {f}: got {p.get(f)!r}, want None")
                    continue
                if _field_ok(f, p, g):
                    self.f_tp[f] += 1
                elif f != "subject_head":
                    key = "low/high" if f == "bounds" else f
                    got = (p.get("low"), p.get("high")) if f == "bounds" else p.get(f)
                    want = (g["low"], g["high"]) if f == "bounds" else g[f]
                    self.errors.append(f"{rid}: {g['span']!r} {key}: got {got!r}, want {want!r}")
        for k, p in enumerate(pred):
            if k not in used:
                self.errors.append(f"{rid}: spurious quantity {p['span']['text']!r} ({p['value']})")

    # ---- certainty
    def add_certainty(self, rid: str, text: str, claims: list[dict], gold: list[dict],
                      attributions: list[dict] = ()) -> None:
        frames = {}
        for att in attributions:
            parts = [s for s in (att.get("source"), att.get("cue"), att.get("content")) if s]
            frames[att["id"]] = (min(s["start"] for s in parts), max(s["end"] for s in parts))
        for g in gold:
            a = _locate(text, g["anchor"])
            inside = [c for c in claims if c["span"]["start"] <= a[0] and a[1] <= c["span"]["end"]]
            if not inside:
                # the anchor lies in an attribution's frame ("Washington announced ..."): judge the
                # claim that frame introduces
                inside = [c for c in claims if c["attribution_id"] in frames
                          and _overlap(a, frames[c["attribution_id"]]) > 0
                          and _overlap(a, (c["span"]["start"], c["span"]["end"])) < a[1] - a[0]]
                inside.sort(key=lambda c: -_overlap(a, (c["span"]["start"], c["span"]["end"])))
                inside = inside[:1]
            if not inside:  # fall back to the claim overlapping the anchor most
                inside = [c for c in claims if _overlap(a, (c["span"]["start"], c["span"]["end"])) > 0]
                inside.sort(key=lambda c: -_overlap(a, (c["span"]["start"], c["span"]["end"])))
                inside = inside[:1]
            else:
                inside.sort(key=lambda c: c["span"]["end"] - c["span"]["start"])
            got = inside[0]["certainty"] if inside else None
            self.c_pairs.append((g["certainty"], got))
            if got != g["certainty"]:
                self.errors.append(f"{rid}: certainty of {g['anchor']!r}: got {got}, want {g['certainty']}")

    # ---- dates
    def add_dates(self, rid: str, text: str, pred: list[dict], gold: list[dict]) -> None:
        self.d_pred += len(pred)
        self.d_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            gspan = _locate(text, g["span"])
            hit = next((k for k, p in enumerate(pred) if k not in used
                        and _overlap(gspan, (p["span"]["start"], p["span"]["end"])) > 0), None)
            if hit is None:
                self.errors.append(f"{rid}: missed date {g['span']!r}")
                continue
            used.add(hit)
            self.d_match += 1
            p = pred[hit]
            if p["value"] == g["value"] and p["precision"] == g["precision"]:
                self.d_correct += 1
            else:
                self.errors.append(f"{rid}: date {g['span']!r}: got {p['value']}/{p['precision']}, "
                                   f"want {g['value']}/{g['precision']}")
        for k, p in enumerate(pred):
            if k not in used:
                self.errors.append(f"{rid}: spurious date {p['span']['text']!r} -> {p['value']}")

    # ---- report
    def summary(self) -> dict:
        def pr(tp, np_, ng):
            p = tp / np_ if np_ else 0.0
            r = tp / ng if ng else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
                    "predicted": np_, "gold": ng}

        out = {"quantities": {"detection": pr(self.q_match, self.q_pred, self.q_gold)}}
        for f in FIELDS:
            out["quantities"][f] = pr(self.f_tp[f], self.f_pred[f], self.f_gold[f])
        cert = {}
        n = len(self.c_pairs)
        correct = sum(1 for g, p in self.c_pairs if g == p)
        cert["accuracy"] = round(correct / n, 3) if n else 0.0
        cert["anchors"] = n
        for label in CERTAINTIES:
            tp = sum(1 for g, p in self.c_pairs if g == p == label)
            cert[label] = pr(tp, sum(1 for _, p in self.c_pairs if p == label),
                             sum(1 for g, _ in self.c_pairs if g == label))
        out["certainty"] = cert
        out["dates"] = {"detection": pr(self.d_match, self.d_pred, self.d_gold),
                        "resolved": pr(self.d_correct, self.d_pred, self.d_gold)}
        if self.published:
            out["published_from_text"] = {"correct": sum(1 for g, p in self.published if g == p),
                                          "total": len(self.published)}
        return out


def score(gold: list[dict], model: str | None = None) -> Scores:
    """Run the pipeline over every gold record and count agreements."""
    from claimledger.nlp.dates import resolved_dates
    from claimledger.nlp.pipeline import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL)
    scores = Scores()
    for rec in gold:
        doc = nlp.make_doc(rec["text"])
        doc._.cl_published = rec.get("published")
        doc = nlp(doc)
        quantities = [_plain(q) for q in (doc._.cl_quantities or [])]
        claims = [_plain(c) for c in (doc._.cl_claims or [])]
        dates = [d.to_dict() for d in resolved_dates(doc)]
        scores.add_quantities(rec["id"], rec["text"], quantities, rec.get("quantities", []))
        attributions = [_plain(a) for a in (doc._.cl_attributions or [])]
        scores.add_certainty(rec["id"], rec["text"], claims, rec.get("certainty", []), attributions)
        scores.add_dates(rec["id"], rec["text"], dates, rec.get("dates", []))
        if rec.get("expect_published"):
            scores.published.append((rec["expect_published"], doc._.cl_published))
            if doc._.cl_published != rec["expect_published"]:
                scores.errors.append(f"{rec['id']}: published from text: got {doc._.cl_published}, "
                                     f"want {rec['expect_published']}")
    return scores


def _plain(obj) -> dict:
    from dataclasses import asdict

    return asdict(obj)


def _print_table(s: dict, out=sys.stdout) -> None:
    q = s["quantities"]
    print("quantities             precision  recall     f1   (tp/pred/gold)", file=out)
    for name, row in q.items():
        print(f"  {name:20} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f}   "
              f"({row['tp']}/{row['predicted']}/{row['gold']})", file=out)
    c = s["certainty"]
    print(f"certainty              accuracy {c['accuracy']:.3f} over {c['anchors']} anchors", file=out)
    for label in CERTAINTIES:
        row = c[label]
        print(f"  {label:20} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f}   "
              f"({row['tp']}/{row['predicted']}/{row['gold']})", file=out)
    d = s["dates"]
    print("dates", file=out)
    for name, row in d.items():
        print(f"  {name:20} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f}   "
              f"({row['tp']}/{row['predicted']}/{row['gold']})", file=out)
    if "published_from_text" in s:
        p = s["published_from_text"]
        print(f"published date found in text: {p['correct']}/{p['total']}", file=out)


def run(args: argparse.Namespace) -> int:
    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as err:
        print(f"claimledger eval claims: cannot read gold: {err}", file=sys.stderr)
        return 2
    scores = score(gold, getattr(args, "model", None))
    summary = scores.summary()
    if getattr(args, "json", False):
        print(json.dumps(summary, indent=2))
    else:
        print(f"gold: {args.gold or 'packaged claims_gold.jsonl'} ({len(gold)} records)")
        _print_table(summary)
    if getattr(args, "errors", False):
        for e in scores.errors:
            print("  " + e)
    return 0
