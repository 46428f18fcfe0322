"""Ledger throughput and query latency on synthetic, hand-built analyses (no NLP: the store alone).

    .venv/bin/python scripts/bench_ledger.py --docs 5000

Every tenth document is a syndicated copy (other headline, boilerplate added);
each document states one casualty figure from one of a pool of sources.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger.store import ingest_analysis, ingest_many, open_ledger  # noqa: E402
from claimledger.store import queries as Q  # noqa: E402
from claimledger.store.sample import Statement, build_analysis  # noqa: E402

SOURCES = [(f"Source {i}", random.Random(i).choice(["military", "government", "intelligence", "person"]))
           for i in range(60)]
SUBJECTS = ["North Korean soldiers", "civilians", "Russian soldiers", "Ukrainian soldiers", "people", "children"]
COUNTS = ["killed", "injured", "captured", "displaced"]


def _words(rng: random.Random, n: int, vocab: list[str]) -> str:
    return " ".join(rng.choice(vocab) for _ in range(n))


def corpus(n: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    made = []
    for i in range(n):
        if made and i % 10 == 9:
            base = rng.choice(made)
            a = build_analysis(f"copy-{i}", base["statements"], title=f"Copy {i}", published=base["published"],
                               lead="(Wire)", tail="Copyright the wire. All rights reserved.")
            yield a
            continue
        name, kind = rng.choice(SOURCES)
        value = rng.randint(1, 400)
        subject, counts = rng.choice(SUBJECTS), rng.choice(COUNTS)
        statements = [_words(rng, 40, vocab),
                      Statement(f"{value} {subject} were {counts} near the front", number=str(value), value=value,
                                counts=counts, subject=subject, source=name, source_type=kind),
                      _words(rng, 60, vocab), _words(rng, 50, vocab)]
        published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        made.append({"statements": statements, "published": published})
        yield build_analysis(f"doc-{i}", statements, title=f"Report {i}", published=published)


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000)
    args = ap.parse_args()
    analyses = list(corpus(args.docs))
    with tempfile.TemporaryDirectory() as tmp, open_ledger(Path(tmp) / "bench.db") as ledger:
        t = time.perf_counter()
        copies = sum(r.duplicate_of is not None for r in ingest_many(ledger, analyses))
        secs = time.perf_counter() - t
        t = time.perf_counter()
        for a in analyses[:300]:
            ingest_analysis(ledger, a)       # one transaction each, all no-ops
        again = time.perf_counter() - t
        print(f"ingest_many: {len(analyses)} docs in {secs:.1f} s = {len(analyses) / secs:.0f} docs/s; "
              f"{copies} copies found (expected {len(analyses) // 10}); "
              f"re-ingest one by one (no-op) {300 / again:.0f} docs/s")
        conn = ledger.reader()
        for label, fn in [
            ("counts", lambda: Q.counts(conn)),
            ("articles page", lambda: Q.articles(conn, limit=25)),
            ("sources page", lambda: Q.sources(conn, limit=50)),
            ("claims ?source=", lambda: Q.claims(conn, source="source 7", limit=50)),
            ("claims ?counts=killed", lambda: Q.claims(conn, counts="killed", limit=50)),
            ("conflicts (all)", lambda: Q.conflicts(conn)),
            ("timeline counts=killed subject=civilians", lambda: Q.timeline(conn, counts="killed", subject="civilians")),
            ("article", lambda: Q.article(conn, "doc-42")),
        ]:
            print(f"{label:45s} {timed(fn):8.1f} ms")
        print(f"conflicts found: {len(Q.conflicts(conn))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
