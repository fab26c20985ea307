"""CLI commands for the database itself: ``accord db upgrade``, ``db downgrade``, ``db current``.

Thin wrappers over :func:`accord.store.db.upgrade`, :func:`~accord.store.db.downgrade` and
:func:`~accord.store.db.current`. Every other command migrates the database it opens, so
``db upgrade`` is needed only to prepare a database ahead of time (e.g. a new PostgreSQL
database before a team starts writing to it) or to see what would be applied.
"""

from __future__ import annotations

from typing import Annotated

import typer

from accord.commands._common import DbOption, JsonFlag, cli_errors, echo
from accord.report.output import emit_json

db_app = typer.Typer(
    help="Create, migrate and inspect the database (SQLite file or PostgreSQL URL).",
    no_args_is_help=True,
)


def _status(db: str | None) -> dict[str, str | None]:
    from pathlib import Path

    from accord.store.db import current, head, open_engine, parse_url

    url = parse_url(db)
    status: dict[str, str | None] = {
        "database": url.render_as_string(hide_password=True),
        "current": None,
        "head": head(),
    }
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return status  # looking must not create an empty file
    database = open_engine(db, migrate=False)
    try:
        status["current"] = current(database)
    finally:
        database.dispose()
    return status


def _print(status: dict[str, str | None], json_flag: bool) -> None:
    if json_flag:
        emit_json(status)
        return
    at = status["current"] or "(empty: not migrated)"
    mark = " (head)" if status["current"] == status["head"] else f" (head is {status['head']})"
    echo(f"{status['database']}: {at}{mark}")


def upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option("--revision", help="Target migration.")] = "head",
    json_flag: JsonFlag = False,
) -> None:
    """Create the schema or bring it up to date (``--revision``, default the newest).

    Example: ``accord db upgrade --db postgresql+psycopg://analyst@dbhost/accord``
    """
    from accord.store import db as store

    database = store.open_engine(db, migrate=False)
    try:
        store.upgrade(database, revision)
    finally:
        database.dispose()
    _print(_status(db), json_flag)


def downgrade(
    revision: Annotated[str, typer.Argument(help="Migration to go back to; 'base' empties.")],
    db: DbOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Undo migrations down to REVISION (``base`` drops every accord table and its data).

    Example: ``accord db downgrade 0002_extract --db accord.db``
    """
    from accord.store import db as store

    database = store.open_engine(db, migrate=False)
    try:
        store.downgrade(database, revision)
    finally:
        database.dispose()
    _print(_status(db), json_flag)


def current(db: DbOption = None, json_flag: JsonFlag = False) -> None:
    """Show the migration the database is at and the newest one accord knows.

    Example: ``accord db current --db accord.db``
    """
    _print(_status(db), json_flag)


def register(app: typer.Typer) -> None:
    """Add ``accord db ...`` to ``app``."""
    db_app.command("upgrade")(cli_errors(upgrade))
    db_app.command("downgrade")(cli_errors(downgrade))
    db_app.command("current")(cli_errors(current))
    app.add_typer(db_app, name="db")
