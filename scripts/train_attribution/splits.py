"""Train the split chooser (src/claimledger/models/attribution_splits.json).

A cue the decoder gives a content on each side can read them as one interrupted quotation, keep
one side, or make two attributions (``nlp/attribution/splits.py``).  The examples come from
PolNeAR train read by the two half taggers (each article tagged by the tagger that did not see
it, as for the content-boundary model and the arbiter): every such cue in the decoded output
is one example, and three logistic heads learn whether the outer range, the left piece and the
right piece (trimmed) are gold contents of this cue (``--any-cue``: of any cue).  Before the final fit each half of train is decided by
heads fitted on the other half; the gold contents the chooser's readings hold there, against
the hand rule's, are the honest estimate printed.  ``--scraped`` fits on train as scraped text
prints it (no commas, apostrophes or line breaks): the chooser for text without commas
(``attribution_splits_stripped.json``).

Usage:
  python scripts/train_attribution/splits.py --taggers half0/model-last half1/model-last \
      [--cache-train train_docs.pkl] [--cache-tags train_jk.tags] \
      [--scraped] [--out src/claimledger/models/attribution_splits.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arbiter import fit  # noqa: E402
from boundaries import cached_jackknife_tags, cross_halves, half_tagger_parser, load_train  # noqa: E402

from claimledger.eval.attribution import cued_contents, trim  # noqa: E402
from claimledger.nlp.attribution import decode as decoding  # noqa: E402
from claimledger.nlp.attribution.hearers import drop_hearers  # noqa: E402
from claimledger.nlp.attribution.splits import HEADS, PIECES, SplitChooser, split_features  # noqa: E402

Example = tuple[int, list[str], dict[str, int], str]


def _rule_reading(text: str, left, cue, right) -> str:
    """What the hand rule decides (``decode`` without a chooser)."""
    if decoding._split_quote(text, left[1], cue[0], cue[1], right[0]):
        return "join"
    return "left" if decoding._gap_cost(text, left[1], cue[0]) < decoding._gap_cost(text, cue[1], right[0]) else "right"


class _Recorder:
    """Stands in for the chooser on one article: notes each cue's example, answers as the hand rule."""

    def __init__(self, index: int, cued: dict, out: list[Example], any_cue: bool = False):
        self.index, self.cued, self.out, self.any_cue = index, cued, out, any_cue

    def _gold(self, text: str, span, cue) -> int:
        """1 if ``span`` (trimmed) is a gold content reported by this cue (by any, with any_cue)."""
        cues = self.cued.get(trim(text, *span))
        if cues is None:
            return 0
        c = trim(text, *cue)
        return int(self.any_cue or any(s < c[1] and c[0] < e for s, e in cues))

    def __call__(self, doc, text: str, left, cue, right) -> str:
        rule = _rule_reading(text, left, cue, right)
        spans = {"outer": (left[0], right[1]), "left": left, "right": right}
        labels = {h: self._gold(text, span, cue) for h, span in spans.items()}
        self.out.append((self.index, split_features(doc, text, left, cue, right), labels, rule))
        return rule


def examples(golds, docs, tags, any_cue: bool = False) -> list[Example]:
    """(article index, features, {head: 1 if its content is a gold content of this cue}, the hand
    rule's reading).  A content right but reported by another cue counts as wrong: taking it
    would give the reader the wrong speaker."""
    out: list[Example] = []
    for i, (gold, doc, tagged) in enumerate(zip(golds, docs, tags, strict=True)):
        decoding.decode(doc, drop_hearers(doc, tagged), _Recorder(i, cued_contents(gold), out, any_cue))
    return out


def right_contents(labels: dict[str, int], reading: str) -> int:
    return sum(labels[h] for h in PIECES[reading])


def fit_heads(exs: list[Example], l2: float) -> dict[str, dict[str, float]]:
    return {h: fit([(i, f, lab[h]) for i, f, lab, _ in exs], l2) for h in HEADS}


def main(argv=None) -> int:
    ap = half_tagger_parser(__doc__, l2=3e-3, choices=True)
    ap.add_argument("--scraped", action="store_true",
                    help="fit on train as scraped text prints it (the chooser for text without commas)")
    args = ap.parse_args(argv)
    nlp, golds, docs = load_train(args.polnear, args.cache_train, scrape=args.scraped)
    tags = cached_jackknife_tags(nlp, docs, args.taggers, args.cache_tags)
    exs = examples(golds, docs, tags, any_cue=args.any_cue)
    print(f"{len(exs)} cues with a content on each side")

    rule = chooser = 0
    for k, fit_on, held in cross_halves(exs):
        heads = fit_heads(fit_on, args.l2)
        if args.halves:
            Path(f"{args.halves}{k}.json").write_text(json.dumps({"heads": heads}))
        model = SplitChooser(heads)
        for _, feats, labels, by_rule in held:
            chooser += right_contents(labels, model.reading(feats))
            rule += right_contents(labels, by_rule)
    print(f"cross-fitted on train halves: gold contents kept {chooser} (hand rule {rule})")

    if args.out:
        heads = fit_heads(exs, args.l2)
        doc = ("PolNeAR train" + (" as scraped text prints it" if args.scraped else "")
               + " read by half taggers: per head (outer range, left piece, right piece) "
               "the log-odds weights that its content is gold for this cue; made by scripts/train_attribution/splits.py")
        Path(args.out).write_text(json.dumps({"_doc": doc, "heads": heads}, indent=0, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
