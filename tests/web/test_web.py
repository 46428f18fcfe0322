"""Web app: every page answers, JSON shapes, token-guarded writes, untrusted text stays text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from ledger_corpus import intelligence_report, later_update, syndicated_copy, unrelated, wire_story

from claimledger.store import ingest_analysis, open_ledger
from claimledger.store.sample import Statement, build_analysis
from claimledger.web import create_app

TOKEN = "s3cret-token"
EVIL = "<script>alert('x')</script>"


def stub_analyzer(records):
    """Stands in for the NLP pipeline: an analysis with the record's text and no findings."""
    for r in records:
        yield {"schema_version": "1",
               "document": {"id": r.id, "title": r.title, "url": r.url, "published": r.published,
                            "language": "en", "text": r.text},
               "sources": [], "attributions": [], "claims": [], "quantities": [], "events": [],
               "social_posts": []}


def hostile() -> dict:
    a = build_analysis("evil", [
        Statement(f"the town was shelled {EVIL} overnight", source="<b onmouseover=alert(1)>Mayor</b>"),
        f"{EVIL} residents fled",
    ], title="<img src=x onerror=alert(1)> headline", published="2025-01-13")
    a["document"]["url"] = "javascript:alert(1)"
    return a


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "web.db"
    with open_ledger(path) as led:
        for a in (wire_story(), syndicated_copy(), intelligence_report(), later_update(), unrelated(), hostile()):
            ingest_analysis(led, a)
    return str(path)


@pytest.fixture
def client(db):
    with TestClient(create_app(db, token=TOKEN, analyzer=stub_analyzer)) as c:
        yield c


@pytest.mark.parametrize("path", [
    "/", "/articles", "/articles?q=Kursk&page=1", "/articles?source=zelenskyy", "/articles/wire-1",
    "/articles/outlet-7", "/sources", "/sources?type=intelligence", "/conflicts", "/conflicts?counts=killed&window=1",
    "/timeline", "/api/articles", "/api/articles/wire-1", "/api/sources", "/api/claims", "/api/conflicts",
    "/api/timeline", "/api/stats", "/docs", "/openapi.json", "/static/style.css"])
def test_every_route_answers(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]


def test_html_pages_show_the_ledger(client):
    home = client.get("/").text
    assert "Latest conflicts" in home and "South Korea&#39;s National Intelligence Service" in home
    conflicts = client.get("/conflicts").text
    assert "58" in conflicts and "100" in conflicts and 'class="disputed"' in conflicts
    copy = client.get("/articles/outlet-7").text
    assert "Syndicated copy" in copy and 'href="/articles/wire-1"' in copy
    assert 'class="source"' in client.get("/articles/wire-1").text


def test_ids_with_slashes_and_spaces_round_trip(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/articles", json={"id": "feeds/a b?c", "text": "Officials said the bridge was hit."},
                    headers=auth)
    assert r.status_code == 201 and r.json()["href"] == "/articles/feeds%2Fa%20b%3Fc"
    assert client.get(r.json()["href"]).status_code == 200
    assert client.get("/api/articles/feeds%2Fa%20b%3Fc").json()["id"] == "feeds/a b?c"
    assert 'href="/articles/feeds%2Fa%20b%3Fc"' in client.get("/articles").text


def test_unknown_article_is_404(client):
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_json_shapes_filters_and_pages(client):
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert set(page) == {"items", "total", "limit", "offset", "next"}
    assert page["total"] == 6 and len(page["items"]) == 2 and page["next"] == 2
    assert {"id", "title", "published", "duplicate_of", "claims", "copies"} <= set(page["items"][0])
    originals = client.get("/api/articles", params={"with_copies": "false"}).json()
    assert originals["total"] == 5

    claims = client.get("/api/claims", params={"source": "intelligence", "counts": "killed"}).json()
    assert claims["total"] == 2
    assert all(c["quantities"][0]["counts"] == "killed" for c in claims["items"])

    sources = client.get("/api/sources", params={"type": "military"}).json()
    assert {s["name"] for s in sources["items"]} == {"the Ukrainian General Staff", "a battalion commander"}

    (conflict,) = client.get("/api/conflicts").json()
    assert conflict["values"] == [58, 100]
    assert {r["source"] for r in conflict["reports"]} == {"the Ukrainian General Staff",
                                                          "South Korea's National Intelligence Service"}
    timeline = client.get("/api/timeline", params={"counts": "killed"}).json()
    assert [p["value"] for p in timeline[0]["points"]] == [58, 100, 300]
    assert client.get("/api/stats").json()["copies"] == 1
    assert client.get("/api/claims", params={"limit": 0}).status_code == 422
    assert "/api/claims" in client.get("/openapi.json").json()["paths"]


def test_writes_need_the_token(client):
    body = {"id": "new-1", "text": "The governor said 12 people were hurt.", "published": "2025-01-14"}
    assert client.post("/api/articles", json=body).status_code == 401
    assert client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/articles", json=body, headers=auth)
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "new-1" and r.json()["status"] == "added"
    assert client.get("/api/articles/new-1").json()["published"] == "2025-01-14"
    again = client.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert client.post("/api/articles", json={"title": "no text"}, headers=auth).status_code == 422
    assert client.post("/api/articles", json={"text": "   "}, headers=auth).status_code == 422


def test_without_a_configured_token_writes_are_disabled(db):
    with TestClient(create_app(db, token=None, analyzer=stub_analyzer)) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403
        assert c.get("/api/articles").status_code == 200


def test_untrusted_text_is_escaped_everywhere(client):
    for path in ("/articles/evil", "/articles", "/", "/sources", "/articles?q=%3Cscript%3E"):
        r = client.get(path)
        html = r.text
        assert "<script" not in html.lower(), path
        assert "<img src=x" not in html and "<b onmouseover" not in html, path
        assert 'href="javascript:' not in html, path
        assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none': no script runs
    page = client.get("/articles/evil").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; headline" in page


def test_real_pipeline_behind_the_api(db, nlp):
    """One request through the actual analyzer (model already loaded by the session fixture)."""
    with TestClient(create_app(db, token=TOKEN)) as c:
        r = c.post("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                   json={"id": "real", "text": "The governor said that twelve people were injured in the attack."})
        assert r.status_code == 201, r.text
        art = c.get("/api/articles/real").json()
        assert art["analysis"]["attributions"], art["analysis"]
