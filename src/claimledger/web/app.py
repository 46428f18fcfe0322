"""FastAPI app over one ledger file.

Reads go through each worker thread's own read-only connection; the single
write route (``POST /api/articles``) goes through the ledger's one writer and
needs a bearer token.  With no token configured, writing is switched off (403).

Article text, titles and names are untrusted: templates autoescape everything,
nothing is marked safe, only http(s) URLs become links, and HTML pages carry
a Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field

from claimledger import __version__
from claimledger.errors import StoreError
from claimledger.render.html import safe_url, segments
from claimledger.store import ingest_analysis, open_ledger
from claimledger.store import queries as Q

Analyzer = Callable[[Iterable[Any]], Iterator[Any]]

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
PAGE_SIZE = 25

_env = Environment(loader=PackageLoader("claimledger.web", "templates"), autoescape=True)
_env.filters["safe_url"] = safe_url
_env.filters["num"] = lambda x: "—" if x is None else f"{x:g}"
_env.filters["lead"] = lambda text, n=90: _lead(text or "", n)
_env.filters["part"] = lambda x: quote(str(x), safe="")  # an id as one URL path segment


def _lead(text: str, n: int) -> str:
    """A headline for an untitled article: its first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0] if text.strip() else ""
    if len(first) <= n:
        return first
    return first[:n].rsplit(" ", 1)[0] + "…"


class ArticleIn(BaseModel):
    """An input record, as in JSONL input: ``text`` or ``html`` is required."""

    id: str | None = Field(None, max_length=200)
    text: str | None = None
    html: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    title: str | None = None
    url: str | None = None


def _default_analyzer(records: Iterable[Any]) -> Iterator[Any]:
    from claimledger.analyze import analyze_records

    return analyze_records(records)


def _marks(a: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    names = {s["id"]: s["name"] for s in a.get("sources") or []}
    marks = []
    for x in a.get("attributions") or []:
        who = names.get(x.get("source_id")) or (x.get("source") or {}).get("text") or "unnamed"
        marks.append((x["content"]["start"], x["content"]["end"], "content", f"{x.get('stance')} · {who}"))
        if x.get("cue"):
            marks.append((x["cue"]["start"], x["cue"]["end"], "cue", f"{x.get('kind')} cue"))
        if x.get("source"):
            marks.append((x["source"]["start"], x["source"]["end"], "source", who))
    return marks


def create_app(db: str | Path = "claimledger.db", *, token: str | None = None,
               analyzer: Analyzer | None = None) -> FastAPI:
    """The web app for ledger ``db``.  ``analyzer`` turns input records into analyses (tests pass a stub)."""
    ledger = open_ledger(db)
    analyze = analyzer or _default_analyzer
    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        ledger.close()

    app = FastAPI(title="claimledger", version=__version__, lifespan=lifespan,
                  description="Who claims what, on whose authority: the ledger's articles, sources, claims "
                              "and conflicting figures.  Writes need `Authorization: Bearer <token>`.")
    app.state.ledger = ledger
    app.mount("/static", StaticFiles(packages=[("claimledger.web", "static")]), name="static")
    bearer = HTTPBearer(auto_error=False, description="the server's token (--token or CLAIMLEDGER_TOKEN)")

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html") and \
                request.url.path not in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def conn():
        return ledger.reader()

    def page(template: str, request: Request, status: int = 200, /, **ctx) -> HTMLResponse:
        def link(**params) -> str:
            merged = {**dict(request.query_params), **params}
            return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

        html = _env.get_template(template).render(path=request.url.path, link=link, **ctx)
        return HTMLResponse(html, status_code=status)

    def pager(p: Q.Page) -> dict[str, Any]:
        n = (p.offset // p.limit) + 1
        last = max(1, -(-p.total // p.limit))
        return {"page": n, "pages": last, "prev": n - 1 if n > 1 else None, "next": n + 1 if n < last else None,
                "total": p.total}

    # -- HTML ----------------------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request):
        c = conn()
        return page("index.html", request, counts=Q.counts(c), conflicts=Q.conflicts(c)[:5],
                    articles=Q.articles(c, limit=8).items, sources=Q.sources(c, limit=8).items)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, q: str | None = None, source: str | None = None,
                      page_no: int = Query(1, alias="page", ge=1)):
        p = Q.articles(conn(), q=q, source=source, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        return page("articles.html", request, items=p.items, pager=pager(p), q=q or "", source=source or "")

    @app.get("/articles/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, doc_id: str):
        c = conn()
        art = Q.article(c, doc_id)
        if art is None:
            return page("error.html", request, 404, message=f"No article with id {doc_id}.")
        a = art["analysis"]
        original = Q.article(c, art["duplicate_of"]) if art["duplicate_of"] else None
        claims = Q.claims(c, document=doc_id, with_copies=True, limit=1000).items
        return page("article.html", request, art=art, a=a, original=original, claims=claims,
                    segments=segments(a["document"]["text"], _marks(a)))

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request, name: str | None = None, type: str | None = None,
                     page_no: int = Query(1, alias="page", ge=1)):
        p = Q.sources(conn(), name=name, type=type or None, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        return page("sources.html", request, items=p.items, pager=pager(p), name=name or "", type=type or "")

    @app.get("/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def conflicts_page(request: Request, counts: str | None = None, subject: str | None = None,
                       window: int = Query(3, ge=0, le=3650)):
        found = Q.conflicts(conn(), counts=counts or None, subject=subject or None, window_days=window)
        return page("conflicts.html", request, conflicts=found, counts=counts or "", subject=subject or "",
                    window=window)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, counts: str | None = None, subject: str | None = None):
        groups = Q.timeline(conn(), counts=counts or None, subject=subject or None)
        return page("timeline.html", request, groups=groups, counts=counts or "", subject=subject or "")

    # -- JSON ----------------------------------------------------------------------------------------------
    limit_q = Query(50, ge=1, le=Q.MAX_LIMIT)
    offset_q = Query(0, ge=0)

    @app.get("/api/stats", tags=["ledger"], summary="counts of documents, copies, sources, claims, figures")
    def api_stats():
        return Q.counts(conn())

    @app.get("/api/articles", tags=["articles"], summary="articles, newest first (copies marked by duplicate_of)")
    def api_articles(q: str | None = None, source: str | None = None, with_copies: bool = True,
                     limit: int = limit_q, offset: int = offset_q):
        return Q.articles(conn(), q=q, source=source, with_copies=with_copies, limit=limit, offset=offset).to_dict()

    @app.get("/api/articles/{doc_id:path}", tags=["articles"], summary="one article: its analysis and its copies")
    def api_article(doc_id: str):
        art = Q.article(conn(), doc_id)
        if art is None:
            raise HTTPException(404, f"no article with id {doc_id}")
        return art

    @app.get("/api/sources", tags=["ledger"], summary="sources, each once across the ledger")
    def api_sources(name: str | None = None, type: str | None = None, affiliation: str | None = None,
                    with_copies: bool = False, limit: int = limit_q, offset: int = offset_q):
        return Q.sources(conn(), name=name, type=type, affiliation=affiliation, with_copies=with_copies,
                         limit=limit, offset=offset).to_dict()

    @app.get("/api/claims", tags=["ledger"], summary="claims with source and quantities; filters combine")
    def api_claims(source: str | None = None, counts: str | None = None, document: str | None = None,
                   certainty: str | None = None, q: str | None = None, with_copies: bool = False,
                   limit: int = limit_q, offset: int = offset_q):
        return Q.claims(conn(), source=source, counts=counts, document=document, certainty=certainty, q=q,
                        with_copies=with_copies, limit=limit, offset=offset).to_dict()

    @app.get("/api/conflicts", tags=["figures"], summary="contradicting figures and who gave which")
    def api_conflicts(counts: str | None = None, subject: str | None = None, place: str | None = None,
                      window: int = Query(3, ge=0, le=3650), with_copies: bool = False):
        return Q.conflicts(conn(), counts=counts, subject=subject, place=place, window_days=window,
                           with_copies=with_copies)

    @app.get("/api/timeline", tags=["figures"], summary="each figure's reports in publication order")
    def api_timeline(counts: str | None = None, subject: str | None = None, place: str | None = None,
                     with_copies: bool = False):
        return Q.timeline(conn(), counts=counts, subject=subject, place=place, with_copies=with_copies)

    def require_token(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if not token:
            raise HTTPException(403, "writes are disabled: start the server with --token or CLAIMLEDGER_TOKEN")
        if cred is None or not hmac.compare_digest(cred.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/articles", tags=["articles"], status_code=201, dependencies=[Depends(require_token)],
              summary="analyse one article and store it (needs the bearer token)",
              responses={200: {"description": "already in the ledger (unchanged or re-analysed)"},
                         401: {"description": "missing or wrong token"}, 403: {"description": "writes disabled"},
                         422: {"description": "not a usable input record"}})
    def api_post_article(body: ArticleIn):
        from claimledger.ingest import Failure
        from claimledger.ingest.readers import parse_record

        if (body.text is None) == (body.html is None):
            raise HTTPException(422, "give exactly one of 'text' or 'html'")
        rec = parse_record(json.dumps(body.model_dump(exclude_none=True)), "POST /api/articles")
        if isinstance(rec, Failure):
            raise HTTPException(422, rec.reason)
        result = next(iter(analyze([rec])), None)
        if result is None or isinstance(result, Failure):
            raise HTTPException(422, str(result.reason if result else "analysis produced nothing"))
        try:
            res = ingest_analysis(ledger, result)
        except StoreError as err:
            raise HTTPException(500, str(err)) from err
        return JSONResponse({**res.to_dict(), "href": f"/articles/{quote(res.document_id, safe='')}"},
                            status_code=201 if res.status == "added" else 200)

    return app
