#!/usr/bin/env python
"""How ``claimledger batch`` scales from 1 to N local workers on the same corpus.

Each run starts its own LocalCluster (processes, one thread each) and redoes every partition
(``force``).  Two figures per run: the wall time of the whole command, and the processing
time after every worker has loaded the pipeline (``startup_seconds`` excluded), which is
what a long job sees.  The speedup is computed on the latter.  On a machine shared with
other work, the numbers only mean something when the cores are otherwise idle: the script
prints the load average before and after.

    python scripts/bench_batch.py                    # 1 vs 2 workers, 30,000 words
    python scripts/bench_batch.py --workers 1 2 4 --max-words 100000

Also called by ``scripts/bench.py`` (``make bench``) unless ``--no-scaling``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def measure_scaling(docs: list[dict], workers: list[int], partition_size: int = 2) -> dict:
    """Run the batch once per worker count; returns per-run figures and the speedups."""
    from claimledger.batch import run_batch

    words = sum(len(d["text"].split()) for d in docs)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d["id"], "text": d["text"], "published": d.get("published")}) + "\n")
        for n in workers:
            load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
            t0 = time.perf_counter()
            summary = run_batch([str(src)], Path(tmp) / f"out-{n}", workers=n, partition_size=partition_size,
                                force=True, progress=False)
            wall = time.perf_counter() - t0
            compute = summary.seconds - summary.startup_seconds
            runs.append({"workers": n, "wall_s": round(wall, 2), "startup_s": round(summary.startup_seconds, 2),
                         "compute_s": round(compute, 2), "words_per_s": round(words / compute),
                         "worker_cpu_s": round(summary.worker_cpu_seconds, 2),
                         "words_per_worker_cpu_s": round(words / summary.worker_cpu_seconds),
                         "documents": summary.documents, "failures": summary.failures,
                         "partitions": summary.partitions, "loadavg_before": load_before,
                         "loadavg_after": os.getloadavg()[0] if hasattr(os, "getloadavg") else None})
            print(f"  {n} worker(s): {compute:.1f} s processing (+{summary.startup_seconds:.1f} s start-up), "
                  f"{words / compute:,.0f} words/s", file=sys.stderr, flush=True)
    base = runs[0]["compute_s"]
    base_cpu = runs[0]["words_per_worker_cpu_s"]
    for r in runs:
        r["speedup"] = round(base / r["compute_s"], 2) if r["compute_s"] else None
        # what N workers would give on otherwise idle cores if the only losses were those that show in
        # CPU time (contention for memory bandwidth and cache, serialisation); ignores tail imbalance
        r["cpu_normalised_speedup"] = round(r["workers"] * r["words_per_worker_cpu_s"] / base_cpu, 2)
    return {"words": words, "documents": len(docs), "partition_size": partition_size,
            "cpu_count": os.cpu_count(), "runs": runs}


def format_scaling(res: dict) -> str:
    lines = [f"batch scaling ({res['documents']} docs, {res['words']:,} words, partitions of "
             f"{res['partition_size']}, {res['cpu_count']} CPUs):",
             f"  {'workers':>7} {'processing s':>12} {'start-up s':>10} {'words/s':>8} {'speedup':>7} "
             f"{'words/worker-cpu-s':>18} {'cpu-normalised':>14} {'load 1m':>7}"]
    for r in res["runs"]:
        load = f"{r['loadavg_before']:.1f}" if r["loadavg_before"] is not None else "-"
        lines.append(f"  {r['workers']:>7} {r['compute_s']:>12.1f} {r['startup_s']:>10.1f} {r['words_per_s']:>8,} "
                     f"{r['speedup']:>6.2f}x {r['words_per_worker_cpu_s']:>18,} {r['cpu_normalised_speedup']:>13.2f}x "
                     f"{load:>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from bench import load_corpus

    ap = argparse.ArgumentParser(description="claimledger batch: 1 vs N workers")
    ap.add_argument("--corpus", help="a .jsonl file, a directory of .txt files, or 'example'")
    ap.add_argument("--max-words", type=int, default=30_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partition-size", type=int, default=2,
                    help="small partitions keep both workers busy to the end on a small corpus (default 2)")
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "batch_scaling.json"))
    args = ap.parse_args(argv)
    label, docs = load_corpus(args.corpus, args.max_words)
    print(f"corpus: {label}", file=sys.stderr)
    res = measure_scaling(docs, args.workers, args.partition_size)
    res["corpus"] = label
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2))
    print(format_scaling(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
