"""Output formats for ``analyze``: json, jsonl, a terminal table and a standalone HTML page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any


def write_results(results: Iterable[dict[str, Any]], out: IO[str], fmt: str, *, color: bool = False) -> None:
    """Write analyses as they come (jsonl, table) or once all are known (json, html)."""
    if fmt == "jsonl":
        for r in results:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
            out.flush()
    elif fmt == "json":
        items = list(results)
        if not items:
            return
        if len(items) == 1:
            json.dump(items[0], out, ensure_ascii=False, indent=2)
        else:
            json.dump(items, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        from claimledger.render.table import print_ledger

        for r in results:
            print_ledger(r, out, color=color)
    elif fmt == "html":
        from claimledger.render.html import render_page

        out.write(render_page(list(results)))
    else:  # argparse prevents this
        raise ValueError(f"unknown format {fmt}")
