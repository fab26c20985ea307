"""The JSON API: the CLI's verbs as routes (``accord corpus list`` → ``GET /api/corpus/list``),
returning what the CLI prints with ``--json``. Read-only; the schema is at ``/openapi.json``."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from accord.web import queries

_Data = TypeVar("_Data", dict[str, Any], list[dict[str, Any]])


def _jsonable(value: _Data) -> _Data:
    """Plain JSON data (dates as ISO text, arrays as lists), as ``--json`` prints it."""
    import json

    from accord.report.output import _jsonable as default

    return cast(_Data, json.loads(json.dumps(value, default=default)))


def register(app: FastAPI, wb: Any) -> None:
    """Add the ``/api`` routes to ``app``."""

    @app.get("/api/corpus/list", tags=["corpus"])
    def corpus_list(
        q: str | None = Query(None, max_length=200), outlet: str | None = None,
        date_from: str | None = None, date_to: str | None = None, flag: str | None = None,
        story: int | None = None, page: int = Query(1, ge=1),
    ) -> dict[str, Any]:
        """Current articles matching the filters, 50 per page (`accord corpus list`)."""
        from accord.web.app import _date

        f = queries.ArticleFilter(q, outlet, _date(date_from, "date_from"),
                                  _date(date_to, "date_to"), flag, story, page)
        with Session(wb.engine) as s:
            rows, more = queries.search_articles(s, f)
        return {"articles": _jsonable(rows), "more": more, "page": page}

    @app.get("/api/corpus/show/{article_id}", tags=["corpus"])
    def corpus_show(article_id: int) -> Any:
        """One article: metadata, cleaned text, repairs, removed lines, flags (`accord corpus
        show --json`)."""
        from accord.store.corpus_queries import get_article

        with Session(wb.engine) as s:
            a = get_article(s, article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            return _jsonable({
                "id": a.id, "version": a.version, "location": a.location, "title": a.title,
                "outlet": a.outlet, "url": a.url, "published": a.published,
                "language": a.language, "encoding": a.encoding, "text": a.text,
                "repairs": [{"start": r.start, "end": r.end, "original": r.original,
                             "replacement": r.replacement, "kind": r.kind,
                             "certain": r.certain, "reason": r.reason} for r in a.repairs],
                "removed": [{"start": r.start, "end": r.end, "text": r.text,
                             "reason": r.reason} for r in a.removed_lines],
                "flags": [{"name": f.name, "score": f.score, "spans": f.spans,
                           "span_space": f.span_space} for f in a.flags],
            })

    @app.get("/api/corpus/clusters", tags=["corpus"])
    def corpus_clusters(min_size: int = Query(2, ge=1)) -> list[dict[str, Any]]:
        """Stories (`accord corpus clusters --json`)."""
        from accord.store.corpus_queries import list_stories

        with Session(wb.engine) as s:
            return [r.to_dict() for r in list_stories(s, min_size=min_size)][:1000]

    def _items(table: Any, **kw: Any) -> dict[str, Any]:
        with Session(wb.engine) as s:
            rows, more = queries.items(s, table, **kw)
            cols = [c.key for c in table.__table__.columns]
            return {"rows": _jsonable([{**{c: getattr(r, c) for c in cols}, "source": t}
                                       for r, t in rows]), "more": more}

    from accord.store.extract_tables import EventRow, FigureRow, PositionRow, QuoteRow

    @app.get("/api/quotes", tags=["extract"])
    def quotes(actor: str | None = None, q: str | None = None, kind: str | None = None,
               page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Quotes (`accord quotes --json`), 50 per page."""
        return _items(QuoteRow, actor=actor, q=q, kind=kind, page=page)

    @app.get("/api/positions", tags=["extract"])
    def positions(actor: str | None = None, issue: str | None = None,
                  page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Position statements (`accord positions --json`)."""
        return _items(PositionRow, actor=actor, issue=issue, page=page)

    @app.get("/api/events", tags=["extract"])
    def events(actor: str | None = None, type: str | None = None,  # noqa: A002 - CLI name
               page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Events (`accord events --json`)."""
        return _items(EventRow, actor=actor, kind=type, page=page)

    @app.get("/api/figures", tags=["extract"])
    def figures(kind: str | None = None, page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Figures (`accord figures --json`)."""
        return _items(FigureRow, kind=kind, page=page)

    @app.get("/api/actors", tags=["actors"])
    def actors() -> Any:
        """The registry (`accord actors --json`)."""
        from accord.registry import actors as actor_rows

        return _jsonable(actor_rows(wb.registry()))

    @app.get("/api/actors/candidates", tags=["actors"])
    def candidates(label: str = "PERSON", min_count: int = Query(1, ge=1)) -> Any:
        """Unresolved names (`accord actors candidates --json`)."""
        from accord.corpus_db import Corpus

        with Corpus(wb.db) as corpus:
            rows = corpus.candidates(label=(label,), min_count=min_count, registry=wb.registry())
        return _jsonable(rows[:500])

    @app.get("/api/models", tags=["models"])
    def models() -> list[dict[str, Any]]:
        """The model files the workbench serves."""
        return [{"name": n, "path": str(e.path)} for n, e in wb.models.items()]

    @app.get("/api/forecast/{model}", tags=["models"])
    def forecast(model: str, engine: str = "compromise") -> Response:
        """A forecast of the whole model (`accord forecast MODEL --engine E --json`)."""
        from accord.web.app import ENGINES

        if engine not in ENGINES:
            raise HTTPException(422, f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
        return Response(wb.forecast_json(model, engine), media_type="application/json")

    @app.get("/api/explain/{model}", tags=["models"])
    def explain(model: str, actor: str, engine: str = "eum") -> Any:
        """Why an actor moved (`accord explain --json`), with each move in words."""
        from accord.forecasting import explain_rows
        from accord.report.prose import move_sentence

        result = wb.forecast(model, engine)
        if actor not in result.actors:
            raise HTTPException(404, f"unknown actor {actor!r}")
        m = wb.entry(model).model
        labels = {a.id: a.label for a in m.actors}
        rows = explain_rows(result, actor)
        for r in rows:
            r["sentence"] = move_sentence(r, actor, labels=labels)
        return _jsonable({"actor": actor, "engine": result.engine, "moves": rows,
                          "trajectory": result.trajectory(actor).tolist(),
                          "dimensions": list(result.dimensions)})

    @app.get("/api/bargain/{model}", tags=["models"])
    def bargain(model: str) -> Any:
        """Bargaining with side payments per track (`accord bargain --transfers`)."""
        from dataclasses import asdict

        return _jsonable([{k: v for k, v in asdict(b).items() if k != "plot_svg"}
                          for b in wb.analysis(model).bargains])

    @app.get("/api/sweeps", tags=["models"])
    def sweeps() -> Any:
        """Sweeps stored in the database (empty when there are none)."""
        return _jsonable(wb.sweeps())
