"""``accord serve``: the web workbench over a corpus database and model files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.commands._common import DbOption, cli_errors, err_console


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
) -> None:
    """Start the workbench: articles, actors, candidates, quotes, events, positions,
    figures, models with forecasts, bargaining, what-if and reports; JSON API under /api.

    Binds 127.0.0.1 unless told otherwise; any other address prints a warning, since the
    workbench has no login.
    """
    import uvicorn

    from accord.errors import InputError
    from accord.store.db import resolve_url
    from accord.web.app import create_app

    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise InputError("no such database (run `accord ingest` first)", file=str(db or url),
                         field="db")
    for m in model or []:
        if not m.is_file():
            raise InputError("no such model file", file=str(m), field="model")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(
            f"[yellow]warning:[/] binding {host}: anyone who can reach this address can "
            "read the corpus" + ("" if read_only else " and edit the actor registry")
            + " (the workbench has no login)",
            highlight=False, markup=True,
        )
    web = create_app(db or url, model or [], registry=registry, read_only=read_only)
    typer.echo(f"accord workbench on http://{host}:{port}/  (Ctrl-C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve_cmd)
