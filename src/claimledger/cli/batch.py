"""``claimledger batch``: bulk analysis on Dask into Parquet, resumable, failures kept apart."""

from __future__ import annotations

import argparse
import sys

from claimledger.nlp.pipeline import DEFAULT_MODEL


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def register(sub) -> None:
    p = sub.add_parser(
        "batch", help="analyse many documents on Dask into Parquet files",
        description="Analyse documents on a Dask cluster (a local one by default). Writes DIR/part-NNNNN.parquet, "
                    "one row per document (document_id, counts, analysis_json), and DIR/_failures.jsonl (where, reason). "
                    "Re-running skips partitions already finished for the same input.")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .jsonl, a directory, or - for stdin")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N",
                       help="local worker processes (default: number of CPUs)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--partition-size", type=_positive, default=None, metavar="N",
                   help="records per partition: the unit of work, output file and resumption (default: 100, or "
                        "fewer so that each worker gets about 4 partitions of a small input)")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline; must be installed on every worker")
    p.add_argument("--force", action="store_true", help="redo partitions even if they are finished")
    p.add_argument("--no-progress", action="store_true", help="no progress display on stderr")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from claimledger.batch.runner import main_summary, run_batch

    summary = run_batch(args.paths, args.out, workers=args.workers, scheduler=args.scheduler,
                        partition_size=args.partition_size, model=args.model, force=args.force,
                        progress=not args.no_progress)
    print(main_summary(summary), file=sys.stderr)
    if summary.documents == 0:
        print(f"claimledger: nothing could be analysed ({summary.failures} input(s) failed)", file=sys.stderr)
        return 1
    return 0
