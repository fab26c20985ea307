"""CLI commands for the database itself: ``accord db upgrade``, ``db downgrade``, ``db current``.

Thin wrappers over :func:`accord.db_upgrade`, :func:`accord.db_downgrade` and
:func:`accord.db_current`. Every other command migrates the database it opens, so
``db upgrade`` is needed only to prepare a database ahead of time (e.g. a new PostgreSQL
database before a team starts writing to it) or to see what would be applied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accord.commands._common import DbOption, JsonFlag, cli_errors, echo
from accord.report.output import emit_json

if TYPE_CHECKING:
    from accord.database import DbStatus

db_app = typer.Typer(
    help="Create, migrate and inspect the database (SQLite file or PostgreSQL URL).",
    no_args_is_help=True,
)


def _print(status: DbStatus, json_flag: bool) -> None:
    if json_flag:
        emit_json(status.to_dict())
    else:
        echo(status.line())


def upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option("--revision", help="Target migration.")] = "head",
    json_flag: JsonFlag = False,
) -> None:
    """Create the schema or bring it up to date (``--revision``, default the newest).

    Example: ``accord db upgrade --db postgresql+psycopg://analyst@dbhost/accord``
    """
    import accord

    _print(accord.db_upgrade(db, revision=revision), json_flag)


def downgrade(
    revision: Annotated[str, typer.Argument(help="Migration to go back to; 'base' empties.")],
    db: DbOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Undo migrations down to REVISION (``base`` drops every accord table and its data).

    Example: ``accord db downgrade 0002_extract --db accord.db``
    """
    import accord

    _print(accord.db_downgrade(revision, db=db), json_flag)


def current(db: DbOption = None, json_flag: JsonFlag = False) -> None:
    """Show the migration the database is at and the newest one accord knows.

    Example: ``accord db current --db accord.db``
    """
    import accord

    _print(accord.db_current(db), json_flag)


def register(app: typer.Typer) -> None:
    """Add ``accord db ...`` to ``app``."""
    db_app.command("upgrade")(cli_errors(upgrade))
    db_app.command("downgrade")(cli_errors(downgrade))
    db_app.command("current")(cli_errors(current))
    app.add_typer(db_app, name="db")
