"""Screenshot of the web UI for the README: docs/screenshot.png.

Builds a throw-away ledger with the bundled example article ingested (the real
pipeline, nothing hand-made), serves it on a free local port and has headless
Chromium (Debian's ``chromium`` package) photograph one page.

    .venv/bin/python scripts/screenshot.py                    # the example's page -> docs/screenshot.png
    .venv/bin/python scripts/screenshot.py --path /articles --out /tmp/list.png
    .venv/bin/python scripts/screenshot.py --db claimledger.db --path /conflicts
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--hide-scrollbars"]


def find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: str) -> Iterator[str]:
    """The web app for ``db`` on a free local port, for as long as the block runs."""
    import uvicorn

    from claimledger.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def screenshot(url: str, out: Path, size: str = "1280,860", chromium: str | None = None) -> None:
    chromium = chromium or find_chromium()
    if not chromium:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
               f"--screenshot={out}", url]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def build_example_ledger(db: str) -> None:
    from claimledger.analyze import analyze_records
    from claimledger.ingest import Failure, iter_inputs
    from claimledger.store import ingest_analysis, open_ledger

    with open_ledger(db) as ledger:
        for item in analyze_records(iter_inputs([str(ROOT / "examples" / "kursk_capture.txt")])):
            if isinstance(item, Failure):
                raise SystemExit(f"example failed: {item}")
            ingest_analysis(ledger, item)


def _first_article(db: str) -> str:
    from urllib.parse import quote

    from claimledger.store import open_ledger
    from claimledger.store import queries as Q

    with open_ledger(db, create=False) as ledger:
        items = Q.articles(ledger.reader(), limit=1).items
    return f"/articles/{quote(items[0]['id'], safe='')}" if items else "/articles"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing ledger (default: a fresh one with the example article)")
    ap.add_argument("--path", help="page to photograph (default: the first article's page)")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--size", default="1280,1400", help="window width,height")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "example.db")
        if not args.db:
            build_example_ledger(db)
        path = args.path or _first_article(db)
        with serving(db) as base:
            screenshot(base + path, Path(args.out).resolve(), args.size)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
