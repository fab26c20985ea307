"""The accord workbench: a FastAPI application over one corpus database and some model files.

Pages are rendered on the server with Jinja2 (autoescaping on); the JSON API under ``/api``
uses the CLI's verbs as names, and its OpenAPI schema is served at ``/openapi.json``. The only
writes are the candidate-review forms (POST with a CSRF token), which edit the actor registry
file, and they are refused in read-only mode. The what-if form reruns the engines on a changed
copy of a model and never writes the model file.

>>> from accord.web.app import create_app
>>> app = create_app("accord.db", models=["examples/ukraine-2025/model.yaml"])  # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from accord import __version__
from accord.errors import AccordError
from accord.model.schema import NegotiationModel
from accord.report.evidence import safe_url
from accord.report.prose import fmt_number, fmt_percent
from accord.web.assets import StaticAssets
from accord.web.page_cache import (
    DEFAULT_ENTRIES,
    DEFAULT_MB,
    PageCache,
    PostgresSnapshot,
    SqliteDataVersion,
)
from accord.web.read_thread import (
    PG_READ_THREADS,
    READ_THREADS,
    allow_interrupts,
    use_read_threads,
)
from accord.web.security import SESSION_COOKIE, SecurityHeaders, Tokens

HERE = Path(__file__).parent
ENGINES = ("compromise", "median", "eum", "smp", "exchange")
# Threads that run the other (synchronous) handlers: reports, what-ifs, candidate review, the
# API. anyio's default 40 made 50 concurrent clients cost ~30 % more CPU per request in thread
# switches (bench/bench_web.py); the quick read pages have one thread of their own
# (accord.web.read_thread), so a slow report never holds them up.
HANDLER_THREADS = 4


def file_signature(path: Path) -> tuple[int, int, int]:
    """What tells that a file changed: modification time (ns), size and inode (a file
    replaced by an atomic rename gets a new inode even within one clock tick)."""
    st = path.stat()
    return st.st_mtime_ns, st.st_size, st.st_ino


@dataclass
class _ModelEntry:
    path: Path
    signature: tuple[int, int, int] | None = None
    model: NegotiationModel | None = None
    forecasts: dict[str, Any] = field(default_factory=dict)
    forecast_json: dict[str, bytes] = field(default_factory=dict)
    analysis: Any = None
    report_html: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Workbench:
    """What the application serves: the database, the registry file and the model files."""

    def __init__(
        self,
        db: str | os.PathLike[str],
        models: Sequence[str | os.PathLike[str]] = (),
        registry: str | os.PathLike[str] | None = None,
        read_only: bool = False,
        secret: bytes | None = None,
        page_cache_mb: float = DEFAULT_MB,
        page_cache_entries: int = DEFAULT_ENTRIES,
    ) -> None:
        from accord.store.db import _sqlite_file, open_engine

        self.db = str(db)
        self.engine: Engine = open_engine(db)
        if self.engine.dialect.name == "sqlite":
            from sqlalchemy import event

            # Searches run on the event loop within a budget (read_thread.read_within): every
            # connection of the pool can be interrupted. The ones opened to check the schema
            # go, so that none lacks it.
            event.listen(self.engine, "connect", lambda conn, _record: allow_interrupts(conn))
            self.engine.pool.dispose()
        self.read_only = read_only
        self.registry_option = str(registry) if registry is not None else None
        self.models: dict[str, _ModelEntry] = {}
        for m in models:
            p = Path(m)
            name = p.stem if p.stem != "model" else p.parent.name or p.stem
            base, k = name, 2
            while name in self.models:
                name, k = f"{base}-{k}", k + 1
            self.models[name] = _ModelEntry(p)
        self.tokens = Tokens(secret)
        self._registry: tuple[Path, tuple[int, int, int], Any] | None = None
        self._registry_lock = threading.Lock()
        self.page_cache = PageCache(page_cache_entries, int(page_cache_mb * 1024 * 1024))
        # Bumped after the workbench's own writes: part of every cached page's key.
        self.generation = 0
        file = _sqlite_file(self.engine)
        self._data_version: SqliteDataVersion | PostgresSnapshot | None = None
        if self.page_cache.enabled and file is not None:
            self._data_version = SqliteDataVersion(file)
        elif self.page_cache.enabled and self.engine.dialect.name == "postgresql":
            self._data_version = PostgresSnapshot(self.engine)

    # --- page cache ---------------------------------------------------------------------
    @property
    def caches_pages(self) -> bool:
        """True when the read pages go through the page cache (an SQLite file or PostgreSQL,
        limits > 0)."""
        return self._data_version is not None

    @property
    def page_state_blocks(self) -> bool:
        """True when reading :meth:`page_state` waits on the network (PostgreSQL)."""
        return isinstance(self._data_version, PostgresSnapshot)

    def page_state(self) -> tuple[int | str, int, tuple[int, int, int] | None] | None:
        """What the cached read pages depend on (see :mod:`accord.web.page_cache`): the
        database's state (the SQLite file's data version, PostgreSQL's current snapshot),
        the workbench's own write generation and the registry file's signature. None when
        there is no cache or the database cannot tell its state just now."""
        if self._data_version is None:
            return None
        from accord.extract.registry_location import registry_path

        try:
            registry = file_signature(registry_path(self.registry_option))
        except OSError:
            registry = None
        try:
            version = self._data_version()
        except sqlite3.Error:
            return None  # e.g. a read-only folder without the WAL index: pages render anew
        if version is None:
            return None
        return version, self.generation, registry

    def wrote(self) -> None:
        """Record a write of the workbench's own: no cached page is served again."""
        self.generation += 1
        self.page_cache.clear()

    # --- models -------------------------------------------------------------------------
    def entry(self, name: str) -> _ModelEntry:
        """The model ``name``, (re)loaded when its file changed."""
        e = self.models.get(name)
        if e is None:
            raise HTTPException(404, f"no model {name!r}")
        with e.lock:
            signature = file_signature(e.path)
            if e.model is None or signature != e.signature:
                from accord.model.load import load_checked

                e.model = load_checked(e.path).model
                e.signature, e.forecasts, e.analysis, e.report_html = signature, {}, None, None
                e.forecast_json = {}
        return e

    def forecast(self, name: str, engine: str) -> Any:
        """The engine's result on the whole model (cached until the file changes)."""
        from accord.report.analysis import run_forecasts

        e = self.entry(name)
        with e.lock:
            if engine not in e.forecasts:
                assert e.model is not None
                results, errors = run_forecasts(e.model, [engine])
                if engine in errors:
                    raise AccordError(errors[engine])
                e.forecasts[engine] = results[engine]
            return e.forecasts[engine]

    def forecast_json(self, name: str, engine: str) -> bytes:
        """The engine's forecast as the JSON the API serves (``accord forecast --json``),
        encoded once and cached until the model file changes."""
        import json

        from accord.report.output import _jsonable

        result = self.forecast(name, engine)
        e = self.models[name]
        with e.lock:
            cached = e.forecast_json.get(engine)
            if cached is None:
                cached = json.dumps(
                    result.to_dict(), default=_jsonable, ensure_ascii=False, allow_nan=False,
                    separators=(",", ":"),
                ).encode("utf-8")
                if e.forecasts.get(engine) is result:  # not a model reloaded meanwhile
                    e.forecast_json[engine] = cached
            return cached

    def analysis(self, name: str) -> Any:
        """The full report analysis of a model (cached until the file changes)."""
        from accord.report.analysis import analyse_model

        e = self.entry(name)
        with e.lock:
            if e.analysis is None:
                assert e.model is not None
                with Session(self.engine) as session:
                    e.analysis = analyse_model(e.model, session=session, source=str(e.path))
            return e.analysis

    def report_html(self, name: str) -> str:
        """The model's report with links into the workbench (cached)."""
        from accord.report.html import render_report

        rep = self.analysis(name)
        e = self.models[name]
        with e.lock:
            if e.report_html is None:
                e.report_html = render_report(
                    rep,
                    article_link=lambda i: (
                        f"/articles/{i.article_id}?span={i.start}-{i.end}#target"
                        if i.start is not None else f"/articles/{i.article_id}"
                    ),
                    statement_link=lambda s: f"/articles/{s.article_id}",
                    drift_link=lambda p: (
                        f"/articles/{p.article_id}?span={p.start}-{p.end}#target"
                        if p.article_id is not None else None
                    ),
                )
            return e.report_html

    # --- registry -----------------------------------------------------------------------
    def registry(self) -> Any:
        """The actor registry the workbench reads (and edits), parsed once and again only
        when the file changes (the candidate review rewrites it)."""
        from accord.extract.registry import ActorRegistry
        from accord.extract.registry_location import registry_path

        path = registry_path(self.registry_option)
        with self._registry_lock:
            signature = file_signature(path)
            cached = self._registry
            if cached is None or cached[0] != path or cached[1] != signature:
                cached = self._registry = (path, signature, ActorRegistry.load(path))
            return cached[2]

    def sweeps(self) -> list[dict[str, Any]]:
        """Sweeps stored in the database, if the database has any."""
        from sqlalchemy import text

        if "sweeps" not in inspect(self.engine).get_table_names():
            return []
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(text("SELECT * FROM sweeps LIMIT 200"))]


def _templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    env = t.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["num"] = fmt_number
    env.filters["pct"] = fmt_percent
    env.filters["safe_url"] = safe_url
    env.filters["pageq"] = _page_query
    from accord.web import listing

    for name in ("actor_quotes", "actor_voiced", "actor_positions", "actor_events",
                 "article_repairs", "article_removed", "article_siblings", "article_items",
                 "search_rows"):
        env.filters[name] = getattr(listing, name)
    env.globals["version"] = __version__
    return t


def _page_query(params: Any, page_no: int) -> str:
    """The current query string with ``page`` set to ``page_no`` (for pager links)."""
    from urllib.parse import urlencode

    items = [(k, v) for k, v in params.multi_items() if k != "page"]
    return urlencode([*items, ("page", str(page_no))])


def _date(value: str | None, field_name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{field_name}: expected YYYY-MM-DD, got {value!r}") from None


def _span(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    a, _, b = value.partition("-")
    try:
        return int(a), int(b)
    except ValueError:
        raise HTTPException(422, f"span: expected START-END, got {value!r}") from None


def create_app(
    db: str | os.PathLike[str],
    models: Sequence[str | os.PathLike[str]] = (),
    *,
    registry: str | os.PathLike[str] | None = None,
    read_only: bool = False,
    secret: bytes | None = None,
    page_cache_mb: float = DEFAULT_MB,
    page_cache_entries: int = DEFAULT_ENTRIES,
) -> FastAPI:
    """The workbench over database ``db`` and the ``models`` files.

    ``registry`` is the actor registry file that candidate review edits (default as for
    ``accord actors``: ./actors.yaml, else a new ./actors.yaml copied from the packaged one).
    ``read_only`` refuses every write. ``secret`` keys the CSRF tokens (default: random per
    process; server processes that share clients must share it). ``page_cache_mb`` and
    ``page_cache_entries`` bound the cache of rendered read pages (article, search, actor and
    item lists; SQLite only, see :mod:`accord.web.page_cache`); 0 turns it off.
    """
    wb = Workbench(db, models, registry, read_only, secret, page_cache_mb, page_cache_entries)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import gc

        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        use_read_threads(PG_READ_THREADS if wb.engine.dialect.name == "postgresql"
                         else READ_THREADS)
        # What the server loaded to start (~120,000 objects: FastAPI, pydantic, SQLAlchemy,
        # accord) lives as long as the process: frozen, the cyclic garbage collector no longer
        # walks it at every full collection. Those walks cost the actor page ~0.3 ms per
        # request (in-process, 300 requests: 0.36 -> 0.06 ms of collection per request).
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()

    app = FastAPI(
        title="accord workbench",
        version=__version__,
        docs_url=None,  # the Swagger UI loads from a CDN: the schema is served, not the UI
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.workbench = wb
    app.add_middleware(SecurityHeaders)
    assets = StaticAssets(HERE / "static")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(request: Request, name: str) -> Response:
        # Async: answered on the event loop, with no hop to a handler thread (see assets.py).
        return assets.response(request, name)

    templates = _templates()

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        session = getattr(request.state, "session", "")
        context.update(
            request=request,
            read_only=wb.read_only,
            models=list(wb.models),
            csrf_token=wb.tokens.token(session),
        )
        return templates.TemplateResponse(request, template, context, status_code=status)

    @app.exception_handler(AccordError)
    def accord_error(request: Request, exc: AccordError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return page(request, "error.html", 400, message=str(exc))

    from accord.web import routes_api, routes_pages

    routes_pages.register(app, wb, page)
    routes_api.register(app, wb)

    @app.post("/candidates/{action}", response_class=HTMLResponse, include_in_schema=False)
    def review(
        request: Request,
        action: str,
        name: str = Form(..., max_length=200),
        csrf_token: str = Form(""),
        kind: str = Form("person"),
        affiliation: str = Form(""),
        role: str = Form(""),
        into: str = Form(""),
    ) -> Response:
        if wb.read_only:
            raise HTTPException(403, "the workbench is read-only")
        if not wb.tokens.check(request.cookies.get(SESSION_COOKIE), csrf_token):
            raise HTTPException(403, "missing or invalid CSRF token")
        from accord.web.review import review_candidate

        try:
            message = review_candidate(wb, action, name, kind=kind, affiliation=affiliation,
                                       role=role, into=into)
        finally:
            wb.wrote()  # the registry file changed (or may have): pages render anew
        return RedirectResponse(f"/candidates?done={quote(message)}", status_code=303)

    return app


#: The environment variable through which ``accord serve --workers N`` describes the
#: application to each server process (JSON: db, models, registry, read_only, secret in hex,
#: page_cache_mb, page_cache_entries).
WORKBENCH_ENV = "ACCORD_WORKBENCH"


def app_from_environment() -> FastAPI:
    """The workbench described by ``$ACCORD_WORKBENCH``: the application factory each server
    process of ``accord serve --workers N`` calls (they share the CSRF secret, so a form from
    one process posts to any other)."""
    import json

    cfg = json.loads(os.environ[WORKBENCH_ENV])
    return create_app(cfg["db"], cfg["models"], registry=cfg["registry"],
                      read_only=cfg["read_only"], secret=bytes.fromhex(cfg["secret"]),
                      page_cache_mb=cfg.get("page_cache_mb", DEFAULT_MB),
                      page_cache_entries=cfg.get("page_cache_entries", DEFAULT_ENTRIES))
