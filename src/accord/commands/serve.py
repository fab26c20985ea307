"""``accord serve``: the web workbench over a corpus database and model files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.commands._common import DbOption, cli_errors, print_warning
from accord.web.page_cache import DEFAULT_ENTRIES, DEFAULT_MB


@cli_errors
def serve_cmd(
    db: DbOption = None,
    model: Annotated[
        list[Path] | None,
        typer.Option("--model", "-m", help="Model file to serve (repeatable)."),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8000,
    registry: Annotated[
        str | None,
        typer.Option("--registry", envvar="ACCORD_REGISTRY",
                     help="Actor registry that candidate review edits."),
    ] = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse every write (for sharing a corpus).")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1,
                          help="Server processes (each with its own caches).")
    ] = 1,
    page_cache_mb: Annotated[
        float, typer.Option("--page-cache-mb", min=0,
                            help="Memory for rendered article, search, actor and item-list "
                                 "pages per process (SQLite only; 0: off).")
    ] = DEFAULT_MB,
    page_cache_entries: Annotated[
        int, typer.Option("--page-cache-entries", min=0,
                          help="Most pages that cache holds (0: off).")
    ] = DEFAULT_ENTRIES,
) -> None:
    """Start the workbench: articles, actors, candidates, quotes, events, positions,
    figures, models with forecasts, bargaining, what-if and reports; JSON API under /api.

    Binds 127.0.0.1 unless told otherwise; any other address prints a warning, since the
    workbench has no login.
    """
    import accord

    accord.serve(db, model or [], host=host, port=port, registry=registry, read_only=read_only,
                 workers=workers, page_cache_mb=page_cache_mb,
                 page_cache_entries=page_cache_entries, on_warning=print_warning,
                 on_start=typer.echo)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve_cmd)
