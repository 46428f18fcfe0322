"""Cross-fitted accurate-mode tags of PolNeAR train, for the learnt layers' trainers.

The split chooser, the content-boundary model and the arbiter learn where a tagger errs from
train articles that tagger never saw.  For accurate mode that tagger is the fused one (the spaCy
tagger's moves plus the MiniLM's log-probabilities, ``nlp/attribution/fusion.py``), so each
article i is tagged by the spaCy half tagger and the MiniLM trained on the other half (half
``1 - i % 2``; ``train.sh`` and ``accurate.py --half K`` make them).  The output is
a tag cache in the format ``boundaries.py``, ``splits.py`` and ``arbiter.py`` read with
``--cache-tags``.  Needs the torch extra.

Usage:
  python scripts/train_attribution/fused_halves.py --taggers half0/model-last half1/model-last \
      --minilm minilm_half0 minilm_half1 [--cache-train train_docs.pkl] --out train_fused.tags
"""

from __future__ import annotations

import argparse
import functools
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from boundaries import jackknife_tags, load_train  # noqa: E402

from claimledger.nlp.attribution.accurate import AccurateTagger  # noqa: E402
from claimledger.nlp.attribution.fusion import FusedTagger  # noqa: E402
from claimledger.nlp.attribution.tagger import AttributionTagger  # noqa: E402


def load_fused(paths: tuple[str, str], threads: int) -> FusedTagger:
    """Accurate mode's fused tagger from one half's (spaCy tagger, MiniLM) directories."""
    spacy_path, minilm_path = paths
    return FusedTagger(AttributionTagger(spacy_path), AccurateTagger(minilm_path, threads=threads), keep_reading=False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", default="/work/shared/data/polnear")
    ap.add_argument("--taggers", nargs=2, required=True, help="spaCy taggers trained on train halves 0 and 1")
    ap.add_argument("--minilm", nargs=2, required=True, help="MiniLMs trained on train halves 0 and 1")
    ap.add_argument("--cache-train", help="the parsed train articles, reused when present")
    ap.add_argument("--limit", type=int, help="first N train articles only (a quick check)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    nlp, _, docs = load_train(args.polnear, args.cache_train, args.limit)
    tags = jackknife_tags(nlp, docs, list(zip(args.taggers, args.minilm, strict=True)),
                          load=functools.partial(load_fused, threads=args.threads))
    Path(args.out).write_bytes(pickle.dumps(tags))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
