"""``claimledger analyze``: documents to contract objects, as JSON, JSONL, a table or an HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimledger.errors import InputError
from claimledger.ingest import Failure, iter_inputs
from claimledger.ingest.readers import _normalise_date
from claimledger.nlp.pipeline import DEFAULT_MODEL


def register(sub) -> None:
    p = sub.add_parser("analyze", help="analyse documents and write contract objects")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .jsonl, a directory, or - for stdin")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--format", choices=["json", "jsonl", "table", "html"], default="json")
    p.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for relative dates")
    p.add_argument("--model", default=DEFAULT_MODEL, help="any installed spaCy pipeline")
    p.add_argument("--accurate", action="store_true",
                   help="tag attributions with the fine-tuned MiniLM as well (slower; pip install 'claimledger[accurate]')")
    p.set_defaults(func=run)


def _with_published(items, published: str | None):
    for item in items:
        if published and not isinstance(item, Failure) and not item.published:
            item.published, item.published_source = published, "input"
        yield item


def run(args: argparse.Namespace) -> int:
    from claimledger.analyze import analyze_records
    from claimledger.render import write_results

    published = None
    if args.published:
        published = _normalise_date(args.published)
        if published is None:
            raise InputError("--published", f"not a date: {args.published!r} (use YYYY-MM-DD)")
    items = _with_published(iter_inputs(args.paths), published)
    good = bad = 0

    def results():
        nonlocal good, bad
        for item in analyze_records(items, model=args.model, accurate=args.accurate):
            if isinstance(item, Failure):
                bad += 1
                print(f"claimledger: {item}", file=sys.stderr)
                continue
            good += 1
            yield item

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        write_results(results(), out, args.format, color=out.isatty())
    finally:
        if args.output:
            out.close()
    if good == 0:
        if args.output:
            Path(args.output).unlink(missing_ok=True)
        print(f"claimledger: nothing could be analysed ({bad} input(s) failed)", file=sys.stderr)
        return 1
    return 0
