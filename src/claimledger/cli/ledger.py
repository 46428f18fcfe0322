"""Ledger commands: ``ingest``, ``sources``, ``claims``, ``conflicts``, ``timeline``, ``export``, ``serve``.

A thin layer over :mod:`claimledger.store`: parse options, call the library,
print a table or JSON.  Errors are named (StoreError, InputError) and become
one line on stderr in :func:`claimledger.cli.main.main`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from claimledger.errors import InputError, StoreError

DEFAULT_DB = os.environ.get("CLAIMLEDGER_DB", "claimledger.db")


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help="ledger file (default %(default)s)")


def _query(sub, name: str, help_: str, func) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_)
    _db(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--with-copies", action="store_true", help="count syndicated copies as separate reports")
    p.set_defaults(func=func)
    return p


def _paged(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=50, help="rows per page (max 1000)")
    p.add_argument("--offset", type=int, default=0)


def register(sub) -> None:
    p = sub.add_parser("ingest", help="analyse documents and store them in the ledger")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .jsonl, a directory, or - for stdin")
    _db(p)
    p.add_argument("--analyses", action="store_true",
                   help="PATHs are JSONL of analyses (from `analyze --format jsonl`): store them, no NLP")
    p.add_argument("--model", default=None, help="any installed spaCy pipeline")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    p.set_defaults(func=run_ingest)

    p = _query(sub, "sources", "who speaks in the ledger, each source once", run_sources)
    p.add_argument("--name", help="part of the source's name")
    p.add_argument("--type", help="person, government, military, intelligence, media, ...")
    p.add_argument("--affiliation", metavar="CC", help="country the source speaks for (ISO alpha-2)")
    _paged(p)

    p = _query(sub, "claims", "claims with their source and quantities", run_claims)
    p.add_argument("--source", help="part of the source's name")
    p.add_argument("--counts", help="only claims stating such a figure: killed, injured, captured, ...")
    p.add_argument("--document", metavar="ID")
    p.add_argument("--certainty", choices=["certain", "probable", "possible", "unverified", "disputed", "negated"])
    p.add_argument("--search", metavar="TEXT", help="text the claim contains")
    _paged(p)

    for name, help_, func in (("conflicts", "the same figure given differently by different sources", run_conflicts),
                              ("timeline", "how each figure moved over time", run_timeline)):
        p = _query(sub, name, help_, func)
        p.add_argument("--counts", help="killed, injured, captured, deployed, ...")
        p.add_argument("--subject", help="what is counted, e.g. 'North Korean soldiers'")
        p.add_argument("--place", help="part of the place name")
        if name == "conflicts":
            p.add_argument("--window", type=int, default=3, metavar="DAYS",
                           help="reports this many days apart are compared (default %(default)s)")

    p = sub.add_parser("export", help="write the ledger as JSONL, CSV, Parquet or ACLED rows")
    _db(p)
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "parquet", "acled"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=run_export)

    p = sub.add_parser("serve", help="web UI and JSON API over the ledger")
    _db(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None,
                   help="bearer token that allows POST /api/articles (default: env CLAIMLEDGER_TOKEN; none: read-only)")
    p.set_defaults(func=run_serve)


# -- ingest ----------------------------------------------------------------------------------------------

def _analyses_from_jsonl(paths: list[str]) -> Iterator[dict[str, Any] | Any]:
    from claimledger.ingest import Failure

    for path in paths:
        try:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        except OSError as err:
            yield Failure(path, f"cannot read: {err.strerror or err}")
            continue
        with handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as err:
                    yield Failure(f"{path}:{n}", f"not valid JSON ({err.msg})")
                    continue
                if not isinstance(obj, dict) or "document" not in obj:
                    yield Failure(f"{path}:{n}", "not an analysis (no 'document')")
                    continue
                yield obj


def run_ingest(args: argparse.Namespace) -> int:
    from claimledger.ingest import Failure, iter_inputs
    from claimledger.store import ingest_many, open_ledger

    if args.analyses:
        items = _analyses_from_jsonl(args.paths)
    else:
        from claimledger.analyze import analyze_records

        kwargs = {"model": args.model} if args.model else {}
        items = analyze_records(iter_inputs(args.paths), **kwargs)
    tally = {"added": 0, "updated": 0, "unchanged": 0, "copies": 0, "failed": 0}

    def analyses():
        for item in items:
            if isinstance(item, Failure):
                tally["failed"] += 1
                print(f"claimledger: {item}", file=sys.stderr)
            else:
                yield item

    started = time.perf_counter()
    with open_ledger(args.db) as ledger:
        for res in ingest_many(ledger, analyses()):
            if isinstance(res, StoreError):
                tally["failed"] += 1
                print(f"claimledger: {res}", file=sys.stderr)
                continue
            tally[res.status] += 1
            tally["copies"] += res.duplicate_of is not None
    stored = tally["added"] + tally["updated"] + tally["unchanged"]
    if not args.quiet:
        secs = time.perf_counter() - started
        print(f"claimledger: {args.db}: {tally['added']} added, {tally['updated']} updated, "
              f"{tally['unchanged']} unchanged ({tally['copies']} syndicated copies), {tally['failed']} failed "
              f"in {secs:.1f} s", file=sys.stderr)
    if stored == 0:
        raise InputError(", ".join(args.paths), "nothing could be ingested")
    return 0


# -- queries ---------------------------------------------------------------------------------------------

def _open(args: argparse.Namespace):
    from claimledger.store import open_ledger

    return open_ledger(args.db, create=False)


def _console():
    from rich.console import Console

    color = sys.stdout.isatty()
    return Console(file=sys.stdout, force_terminal=color, no_color=not color, highlight=False,
                   width=None if color else 160)


def _short(text: Any, n: int = 70) -> str:
    if text is None or text == "":
        return "—"
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def _emit(args: argparse.Namespace, data: Any, columns: list[str], rows: list[list[Any]], title: str,
          footer: str | None = None) -> int:
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return 0
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[escape(_short(x, 90)) for x in r])
    console = _console()
    console.print(t)
    if footer:
        console.print(footer, markup=False)
    return 0


def _page_footer(page) -> str | None:
    d = page.to_dict()
    if d["next"] is None and d["offset"] == 0:
        return None
    shown = f"{d['offset'] + 1}–{d['offset'] + len(d['items'])}" if d["items"] else "none"
    more = f"; next: --offset {d['next']}" if d["next"] is not None else ""
    return f"rows {shown} of {d['total']}{more}"


def run_sources(args: argparse.Namespace) -> int:
    from claimledger.store import queries as Q

    with _open(args) as ledger:
        page = Q.sources(ledger.reader(), name=args.name, type=args.type, affiliation=args.affiliation,
                         with_copies=args.with_copies, limit=args.limit, offset=args.offset)
    rows = [[s["name"], ", ".join(s["types"]), ", ".join(s["affiliations"]), s["documents"], s["claims"],
             s["mentions"], s["first_seen"], s["last_seen"]] for s in page.items]
    return _emit(args, page.to_dict(), ["source", "type", "country", "documents", "claims", "mentions",
                                        "first seen", "last seen"], rows, f"Sources ({page.total})",
                 _page_footer(page))


def run_claims(args: argparse.Namespace) -> int:
    from claimledger.store import queries as Q

    with _open(args) as ledger:
        page = Q.claims(ledger.reader(), source=args.source, counts=args.counts, document=args.document,
                        certainty=args.certainty, q=args.search, with_copies=args.with_copies,
                        limit=args.limit, offset=args.offset)
    rows = [[c["published"], c["document_id"], c["claim_id"], c["source"] or "(writer)", c["text"], c["certainty"],
             "; ".join(f"{q['text']} [{q['counts'] or '?'}]" for q in c["quantities"])] for c in page.items]
    return _emit(args, page.to_dict(), ["published", "document", "claim", "source", "claim text", "certainty",
                                        "quantities"], rows, f"Claims ({page.total})", _page_footer(page))


def _who(r: dict[str, Any]) -> str:
    who = r.get("source") or "(writer)"
    return f"{who} [{r['source_affiliation']}]" if r.get("source_affiliation") else who


def run_conflicts(args: argparse.Namespace) -> int:
    from claimledger.store import queries as Q

    with _open(args) as ledger:
        found = Q.conflicts(ledger.reader(), counts=args.counts, subject=args.subject, place=args.place,
                            window_days=args.window, with_copies=args.with_copies)
    rows = []
    for i, c in enumerate(found, 1):
        figure = f"{c['counts']}: {c['subject']}" + (f" ({c['place']})" if c.get("place") else "")
        for r in c["reports"]:
            rows.append([i, figure, _num(r["value"]) + (" ~" if r["approximate"] else ""), _who(r), r["date"],
                         r["document_id"], r["claim_text"] or r["text"], "yes" if r["disputed"] else "no"])
    return _emit(args, found, ["#", "figure", "value", "source", "published", "document", "as written",
                               "disputed"], rows, f"Conflicting figures ({len(found)})")


def run_timeline(args: argparse.Namespace) -> int:
    from claimledger.store import queries as Q

    with _open(args) as ledger:
        groups = Q.timeline(ledger.reader(), counts=args.counts, subject=args.subject, place=args.place,
                            with_copies=args.with_copies)
    rows = []
    for g in groups:
        figure = f"{g['counts']}: {g['subject']}" + (f" ({g['place']})" if g.get("place") else "")
        for p in g["points"]:
            change = "—" if p["change"] is None else f"{p['change']:+g}"
            rows.append([figure, p["date"], _num(p["value"]) + (" ~" if p["approximate"] else ""), change,
                         _who(p), p["document_id"], p["claim_text"] or p["text"]])
    return _emit(args, groups, ["figure", "published", "value", "change", "source", "document", "as written"],
                 rows, f"Figures over time ({len(groups)})")


# -- export, serve ---------------------------------------------------------------------------------------

def run_export(args: argparse.Namespace) -> int:
    from claimledger.store.export import export

    with _open(args) as ledger:
        n = export(ledger.reader(), args.format, args.output)
    print(f"claimledger: wrote {n} {'documents' if args.format == 'jsonl' else 'rows'} to {args.output}",
          file=sys.stderr)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from claimledger.web import create_app

    token = args.token or os.environ.get("CLAIMLEDGER_TOKEN") or None
    app = create_app(args.db, token=token)
    where = f"http://{args.host}:{args.port}"
    print(f"claimledger: serving {args.db} on {where} (API docs {where}/docs; writes "
          f"{'need the bearer token' if token else 'disabled: no token'})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
