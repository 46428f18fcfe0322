"""A real browser on the real server: pages render with their stylesheet and hostile text stays inert.

Needs Debian's chromium (``apt-get install -y chromium``); skipped cleanly without it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import tempfile
from pathlib import Path

import pytest
from ledger_corpus import intelligence_report, wire_story

from claimledger.store import ingest_analysis, open_ledger
from claimledger.store.sample import Statement, build_analysis

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)")]


def _screenshot_module():
    spec = importlib.util.spec_from_file_location("cl_screenshot", ROOT / "scripts" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    shots = _screenshot_module()
    db = tmp_path_factory.mktemp("browser") / "b.db"
    with open_ledger(db) as led:
        ingest_analysis(led, wire_story())
        ingest_analysis(led, intelligence_report())
        ingest_analysis(led, build_analysis("evil", [
            Statement("<script>document.title='pwned'</script> was posted", source="<i>someone</i>"),
        ], title="<script>document.title='pwned'</script>"))
    with shots.serving(str(db)) as base:
        yield shots, base


def _dom(url: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                              "--disable-background-networking", "--disable-component-update", "--no-first-run",
                              f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


def test_hostile_article_stays_text_in_a_browser(served):
    _, base = served
    dom = _dom(f"{base}/articles/evil")
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("&lt;script&gt;document.title")   # shown as text, never run (else: 'pwned')
    assert "<script" not in dom.lower()
    assert "<i>someone</i>" not in dom and "&lt;i&gt;someone&lt;/i&gt;" in dom


def test_pages_render_and_screenshot(served, tmp_path):
    shots, base = served
    dom = _dom(f"{base}/conflicts")
    assert 'class="disputed"' in dom and "Conflicting figures" in dom
    png = tmp_path / "conflicts.png"
    shots.screenshot(f"{base}/conflicts", png, "1024,700", str(CHROMIUM))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
