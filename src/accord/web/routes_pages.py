"""Server-rendered pages of the workbench (HTML). Each handler is a query plus a template."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from accord.store.extract_tables import EventRow, FigureRow, PositionRow, QuoteRow
from accord.web import queries
from accord.web.page_cache import cached_page
from accord.web.read_thread import on_read_thread, quick_read, read_within

ITEM_TABLES = {"quotes": QuoteRow, "positions": PositionRow, "events": EventRow,
               "figures": FigureRow}


def register(app: FastAPI, wb: Any, page: Callable[..., HTMLResponse]) -> None:
    """Add the HTML pages to ``app``."""
    sqlite = wb.engine.dialect.name == "sqlite"
    # Bounded index lookups on a local file: run on the event loop (see quick_read).
    bounded = quick_read(sqlite)
    # Searches over a local file: on the event loop within a CPU budget, past it on the read
    # thread (see read_within); over PostgreSQL on the read thread.
    searched = read_within() if sqlite else on_read_thread
    # Rendered read pages served again while the data they show is unchanged (page_cache.py).
    cached = cached_page(wb, wb.page_state if wb.caches_pages else None,
                         blocking=wb.page_state_blocks)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        from accord.store.extract_queries import extraction_summary

        with Session(wb.engine) as s:
            summary = extraction_summary(s)
            flags = queries.flag_names(s)
        return page(request, "index.html", summary=summary, flags=flags, db=wb.db)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    @cached
    @searched
    def articles(
        request: Request,
        q: str | None = Query(None, max_length=200),
        outlet: str | None = Query(None, max_length=200),
        date_from: str | None = None,
        date_to: str | None = None,
        flag: str | None = Query(None, max_length=64),
        story: int | None = None,
        page_no: int = Query(1, alias="page", ge=1),
    ) -> HTMLResponse:
        from accord.web.app import _date

        f = queries.ArticleFilter(q or None, outlet or None, _date(date_from, "date_from"),
                                  _date(date_to, "date_to"), flag or None, story, page_no)
        with Session(wb.engine) as s:
            rows, more = queries.search_articles(s, f)
            flags = queries.flag_names(s)
        return page(request, "articles.html", rows=rows, more=more, f=f, flags=flags)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    @bounded
    def article(request: Request, article_id: int, span: str | None = None) -> HTMLResponse:
        from accord.corpus.spans import Segment
        from accord.web.annotate import annotate_text, render_pieces
        from accord.web.app import _span

        with Session(wb.engine) as s:
            found = queries.article_page(s, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        a = found.article
        segments = [Segment(t, src, n, bool(e), sl) for t, src, n, e, sl in a.segments]
        pieces = annotate_text(
            a.text, found.repairs, found.removed,
            [(f.name, f.spans, f.span_space) for f in found.flags
             if f.name not in ("encoding-repaired", "boilerplate-removed")],
            segments, target=_span(span),
        )
        siblings = found.siblings
        return page(request, "article.html", a=a, text_html=render_pieces(pieces),
                    items=found.items, siblings=siblings, n_siblings=found.n_siblings,
                    story=siblings[0]["story"] if siblings else None, flags=found.flags,
                    repairs=found.repairs, removed=found.removed)

    @app.get("/articles/{article_id}/raw", include_in_schema=False)
    def article_raw(article_id: int) -> Response:
        from accord.store.corpus_queries import get_article

        with Session(wb.engine) as s:
            a = get_article(s, article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            # Served as a download, never as a page: the bytes are hostile input.
            return Response(
                a.raw, media_type="application/octet-stream",
                headers={"Content-Disposition": f'attachment; filename="article-{a.id}.bin"'},
            )

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors(request: Request) -> HTMLResponse:
        reg = wb.registry()
        with Session(wb.engine) as s:
            counts = queries.actor_counts(s)
        return page(request, "actors.html", actors=list(reg), counts=counts, reg=reg)

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    @cached
    @bounded
    def actor(request: Request, actor_id: str) -> HTMLResponse:
        reg = wb.registry()
        if actor_id not in reg:
            raise HTTPException(404, f"no actor {actor_id!r}")
        a = reg.get(actor_id)
        with Session(wb.engine) as s:
            lists = queries.actor_items(s, actor_id)
        return page(request, "actor.html", a=a, teams=reg.teams_of(actor_id), **lists)

    @app.get("/candidates", response_class=HTMLResponse, include_in_schema=False)
    def candidates(request: Request, done: str | None = Query(None, max_length=400),
                   label: str = Query("PERSON", max_length=32)) -> HTMLResponse:
        from accord.extract.candidates import candidate_rows

        reg = wb.registry()
        # The workbench's own engine: a Corpus here would open (and check) the database anew.
        with Session(wb.engine) as s:
            rows = candidate_rows(s, reg, labels=(label,))[:200]
        return page(request, "candidates.html", rows=rows, done=done,
                    actors=sorted(reg, key=lambda a: a.name), label=label)

    @app.get("/models", response_class=HTMLResponse, include_in_schema=False)
    def models_page(request: Request) -> HTMLResponse:
        return page(request, "models.html", entries=wb.models)

    @app.get("/models/{name}", response_class=HTMLResponse, include_in_schema=False)
    def model_page(request: Request, name: str) -> HTMLResponse:
        rep = wb.analysis(name)
        return page(request, "model.html", name=name, m=wb.entry(name).model, rep=rep,
                    sweeps=wb.sweeps(), engines=rep.engines)

    @app.get("/models/{name}/whatif", response_class=HTMLResponse, include_in_schema=False)
    def whatif(
        request: Request,
        name: str,
        actor: str = Query(..., max_length=128),
        issue: str | None = Query(None, max_length=128),
        position: str | None = Query(None, max_length=32),
        salience: str | None = Query(None, max_length=32),
        capability: str | None = Query(None, max_length=32),
    ) -> HTMLResponse:
        from accord.web.whatif import number, run_whatif

        e = wb.entry(name)
        base = {eng: wb.forecast(name, eng) for eng in wb.analysis(name).engines}
        result = run_whatif(
            e.model, base, actor=actor, issue=issue or None,
            position=number(position, "position"), salience=number(salience, "salience"),
            capability=number(capability, "capability"),
        )
        return page(request, "whatif.html", name=name, m=e.model, w=result)

    @app.get("/models/{name}/report", response_class=HTMLResponse, include_in_schema=False)
    def model_report(name: str) -> HTMLResponse:
        from accord.report.html import report_csp

        html = wb.report_html(name)
        return HTMLResponse(html, headers={"Content-Security-Policy": report_csp()})

    @cached
    @on_read_thread
    def item_list(
        request: Request,
        actor: str | None = Query(None, max_length=128),
        issue: str | None = Query(None, max_length=128),
        type_: str | None = Query(None, alias="type", max_length=32),
        q: str | None = Query(None, max_length=200),
        page_no: int = Query(1, alias="page", ge=1),
    ) -> HTMLResponse:
        kind = request.url.path.strip("/")
        table = ITEM_TABLES[kind]
        with Session(wb.engine) as s:
            rows, more = queries.items(s, table, actor=actor or None, issue=issue or None,
                                       kind=type_ or None, q=q or None, page=page_no)
        return page(request, "items.html", kind=kind, rows=rows, more=more, actor=actor,
                    issue=issue, type_=type_, q=q, page_no=page_no)

    for _kind in ITEM_TABLES:
        app.add_api_route(f"/{_kind}", item_list, methods=["GET"], response_class=HTMLResponse,
                          include_in_schema=False)
