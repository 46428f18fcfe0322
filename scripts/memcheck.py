#!/usr/bin/env python
"""Does ``claimledger analyze`` memory stay flat as the input grows?  (Too slow for CI: run by hand.)

For each size (MB) it builds a synthetic JSONL corpus with ``scripts/make_corpus.py`` (with a
share of made-up names, so the vocabulary keeps growing as real news does), runs

    claimledger analyze big.jsonl --format jsonl -o out.jsonl

in a child process, samples its RSS, how much of the input it has read and how many results
it has written, and takes its peak RSS from the kernel (``wait4``).  The check passes when the
largest input's peak RSS is within 10% of the smallest's and under 1.5 GB.

    python scripts/memcheck.py                    # 2 MB vs 20 MB (about 30-60 min at 2-4k words/s)
    python scripts/memcheck.py --sizes 10 100     # the full check: hours on one core
    python scripts/memcheck.py --sizes 1 5 --no-zone   # the same without spaCy memory zones

Writes ``bench-out/memcheck.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
LIMIT_MB = 1500
TOLERANCE = 0.10


def build_corpus(path: Path, mb: float, novel: float) -> dict:
    """Write the corpus unless an identical one is already there; returns its size figures."""
    from make_corpus import generate

    meta_path = path.with_suffix(".meta.json")
    want = {"mb": mb, "novel": novel, "seed": 7}
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if {k: meta.get(k) for k in want} == want:
            return meta
    docs = words = 0
    with path.open("w", encoding="utf-8") as fh:
        for doc in generate(seed=7, max_bytes=int(mb * 1_000_000), novel=novel):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            docs += 1
            words += len(doc["text"].split())
    meta = {**want, "docs": docs, "words": words, "bytes": path.stat().st_size}
    meta_path.write_text(json.dumps(meta))
    return meta


def _input_position(proc, path: str) -> int | None:
    """How far the child has read into its input file (Linux: psutil reports the offset)."""
    try:
        for f in proc.open_files():
            if f.path == path:
                return getattr(f, "position", None)
    except Exception:
        return None
    return None


def measure(corpus: Path, out: Path, *, zone: bool, interval: float = 1.0) -> dict:
    """Run one analyze and watch it."""
    import psutil

    env = {**os.environ, "CLAIMLEDGER_MEMORY_ZONE": "1" if zone else "0"}
    cmd = [sys.executable, "-m", "claimledger.cli.main", "analyze", str(corpus), "--format", "jsonl",
           "-o", str(out)]
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)
    reader.start()
    ps = psutil.Process(child.pid)
    samples = []
    first_output = None
    size = corpus.stat().st_size
    while True:
        try:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            break
        t = time.perf_counter() - start
        try:
            rss = ps.memory_info().rss / 2**20
        except psutil.Error:
            rss = None
        written = out.stat().st_size if out.exists() else 0
        if written and first_output is None:
            first_output = t
        pos = _input_position(ps, str(corpus.resolve()))
        samples.append({"t": round(t, 1), "rss_mb": round(rss, 1) if rss else None,
                        "input_read": round(pos / size, 4) if pos is not None else None,
                        "output_bytes": written})
        time.sleep(interval)
    elapsed = time.perf_counter() - start
    reader.join(timeout=5)
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    # thin the samples to about 60 for the report
    step = max(1, len(samples) // 60)
    return {"exit": child.returncode, "seconds": round(elapsed, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "max_sampled_rss_mb": max((s["rss_mb"] or 0) for s in samples) if samples else None,
            "first_output_s": first_output, "results_written": lines, "stderr_tail": errors[-3:],
            "samples": samples[::step]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="peak RSS of claimledger analyze for a small and a large JSONL")
    ap.add_argument("--sizes", type=float, nargs="+", default=[2, 20], help="corpus sizes in MB (default 2 20)")
    ap.add_argument("--novel", type=float, default=0.1, help="share of sentences with made-up names")
    ap.add_argument("--no-zone", action="store_true", help="run with CLAIMLEDGER_MEMORY_ZONE=0")
    ap.add_argument("--workdir", default=str(ROOT / "bench-out" / "memcheck"))
    ap.add_argument("--out", default=str(ROOT / "bench-out" / "memcheck.json"))
    args = ap.parse_args(argv)

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for mb in sorted(args.sizes):
        corpus = work / f"corpus-{mb:g}mb.jsonl"
        meta = build_corpus(corpus, mb, args.novel)
        print(f"{mb:g} MB: {meta['docs']:,} documents, {meta['words']:,} words ... ", end="", file=sys.stderr,
              flush=True)
        res = measure(corpus, work / f"out-{mb:g}mb.jsonl", zone=not args.no_zone)
        res.update(size_mb=mb, docs=meta["docs"], words=meta["words"],
                   words_per_s=round(meta["words"] / res["seconds"]))
        print(f"peak RSS {res['peak_rss_mb']:,.0f} MB, {res['seconds']:,.0f} s, first result after "
              f"{res['first_output_s'] or 0:.0f} s", file=sys.stderr, flush=True)
        runs.append(res)
        (work / f"out-{mb:g}mb.jsonl").unlink(missing_ok=True)

    small, large = runs[0], runs[-1]
    growth = large["peak_rss_mb"] / small["peak_rss_mb"] - 1
    ok = growth <= TOLERANCE and large["peak_rss_mb"] < LIMIT_MB and all(r["exit"] == 0 for r in runs)
    report = {"memory_zone": not args.no_zone, "novel": args.novel, "runs": runs, "growth": round(growth, 4),
              "tolerance": TOLERANCE, "limit_mb": LIMIT_MB, "pass": ok}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(f"\n{'size MB':>8} {'docs':>8} {'words':>11} {'seconds':>8} {'words/s':>8} {'peak RSS MB':>12} "
          f"{'1st result s':>12}")
    for r in runs:
        print(f"{r['size_mb']:>8g} {r['docs']:>8,} {r['words']:>11,} {r['seconds']:>8,.0f} {r['words_per_s']:>8,} "
              f"{r['peak_rss_mb']:>12,.0f} {r['first_output_s'] or 0:>12.1f}")
    print(f"\npeak RSS growth {small['size_mb']:g} -> {large['size_mb']:g} MB: {growth:+.1%} "
          f"(limit +{TOLERANCE:.0%}, and < {LIMIT_MB} MB): {'PASS' if ok else 'FAIL'}; wrote {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
