"""``claimledger eval sources --gold FILE.jsonl``: score source resolution on hand-annotated texts.

Gold format, one JSON object a line::

    {"id": "g01", "text": "...", "speakers": [
        {"type": "person", "affiliation": "PL", "role": "Prime Minister of Poland",
         "mentions": [["Polish Prime Minister Donald Tusk", 0], ["Tusk", 1], ["He", 0]],
         "at": [0, 1]}]}

A mention is ``[text, n]``: the n-th whole-word occurrence of ``text``.
``mentions`` lists every mention of the speaker; ``at`` the indices of those
that are sources of an attribution.  The scorer gives the resolver those
attributions itself (so it measures source resolution alone, whatever the
attribution extractor finds) and reports:

* type / affiliation / role accuracy per gold speaker (role only where gold
  gives one); affiliation precision and recall over non-null values;
* pairwise clustering P/R/F1 over the attribution mentions (same speaker or not);
* mention P/R/F1: the predicted source's mention spans against all gold mentions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from claimledger.records import Attribution, Span


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, help="JSONL gold file (see module docstring)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list each disagreement")


def _find(text: str, sub: str, n: int) -> Span:
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(sub) + r"(?!\w)", text)]
    if n >= len(hits):
        raise ValueError(f"gold mention {sub!r} #{n} not in text")
    return Span.of(text, hits[n], hits[n] + len(sub))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


def score(nlp, items: list[dict], errors: list[str] | None = None) -> dict:
    from claimledger.nlp.sources import resolve_sources

    c: Counter = Counter()
    for item in items:
        text = item["text"]
        doc = nlp(text)
        atts: list[Attribution] = []
        owner: list[int] = []           # gold speaker index of each attribution
        gold_spans: list[set[tuple[int, int]]] = []
        for k, sp in enumerate(item["speakers"]):
            spans = [_find(text, sub, n) for sub, n in sp["mentions"]]
            gold_spans.append({(s.start, s.end) for s in spans})
            for i in sp.get("at", range(len(spans))):
                atts.append(Attribution(id=f"a{len(atts) + 1}", content=Span.of(text, 0, 0), source=spans[i]))
                owner.append(k)
        sources = {s.id: s for s in resolve_sources(doc, atts)}
        # clustering, pairwise over attribution mentions
        for i in range(len(atts)):
            for j in range(i + 1, len(atts)):
                same_gold = owner[i] == owner[j]
                same_pred = atts[i].source_id == atts[j].source_id
                c["pair_tp"] += same_gold and same_pred
                c["pair_fp"] += same_pred and not same_gold
                c["pair_fn"] += same_gold and not same_pred
        for k, sp in enumerate(item["speakers"]):
            ids = Counter(a.source_id for a, o in zip(atts, owner, strict=True) if o == k)
            pred = sources.get(ids.most_common(1)[0][0]) if ids else None
            c["speakers"] += 1
            ptype = pred.type if pred else None
            paff = pred.affiliation if pred else None
            c["type_ok"] += ptype == sp["type"]
            c["aff_ok"] += paff == sp["affiliation"]
            c["aff_pred"] += paff is not None
            c["aff_gold"] += sp["affiliation"] is not None
            c["aff_tp"] += paff is not None and paff == sp["affiliation"]
            if "role" in sp:
                c["roles"] += 1
                c["role_ok"] += bool(pred) and pred.role == sp["role"]
            pred_spans = {(m.start, m.end) for m in pred.mentions} if pred else set()
            c["m_tp"] += len(pred_spans & gold_spans[k])
            c["m_fp"] += len(pred_spans - gold_spans[k])
            c["m_fn"] += len(gold_spans[k] - pred_spans)
            if errors is not None:
                name = pred.name if pred else None
                for what, got, want in (("type", ptype, sp["type"]), ("affiliation", paff, sp["affiliation"]),
                                        ("role", pred.role if pred else None, sp.get("role", "-"))):
                    if want != "-" and got != want:
                        errors.append(f"{item['id']} {name!r}: {what} {got!r}, gold {want!r}")
                for s, e in sorted(pred_spans - gold_spans[k]):
                    errors.append(f"{item['id']} {name!r}: extra mention {text[s:e]!r}@{s}")
                for s, e in sorted(gold_spans[k] - pred_spans):
                    errors.append(f"{item['id']} {name!r}: missed mention {text[s:e]!r}@{s}")
    n = c["speakers"] or 1
    return {
        "documents": len(items), "speakers": c["speakers"],
        "type_accuracy": round(100 * c["type_ok"] / n, 1),
        "affiliation_accuracy": round(100 * c["aff_ok"] / n, 1),
        "affiliation": _prf(c["aff_tp"], c["aff_pred"] - c["aff_tp"], c["aff_gold"] - c["aff_tp"]),
        "role_accuracy": round(100 * c["role_ok"] / (c["roles"] or 1), 1), "roles": c["roles"],
        "clustering_pairwise": _prf(c["pair_tp"], c["pair_fp"], c["pair_fn"]),
        "mentions": _prf(c["m_tp"], c["m_fp"], c["m_fn"]),
    }


def run(args: argparse.Namespace) -> int:
    from claimledger.nlp.pipeline import load_pipeline

    path = Path(args.gold)
    try:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as err:
        print(f"claimledger: cannot read gold file {path}: {err}", file=sys.stderr)
        return 2
    errors: list[str] | None = [] if args.errors else None
    figures = score(load_pipeline(args.model), items, errors)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{figures['documents']} documents, {figures['speakers']} speakers")
        print(f"type accuracy          {figures['type_accuracy']:5.1f}")
        a = figures["affiliation"]
        print(f"affiliation accuracy   {figures['affiliation_accuracy']:5.1f}   (non-null P {a['p']} R {a['r']} F1 {a['f1']})")
        print(f"role accuracy          {figures['role_accuracy']:5.1f}   ({figures['roles']} roles)")
        for key in ("clustering_pairwise", "mentions"):
            f = figures[key]
            print(f"{key:<22} P {f['p']:5.1f}  R {f['r']:5.1f}  F1 {f['f1']:5.1f}")
    for line in errors or []:
        print(line)
    return 0


if __name__ == "__main__":  # python -m claimledger.eval.sources --gold FILE
    from claimledger.nlp.pipeline import DEFAULT_MODEL

    ap = argparse.ArgumentParser(prog="python -m claimledger.eval.sources")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    add_arguments(ap)
    sys.exit(run(ap.parse_args()))
