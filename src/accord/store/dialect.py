"""Everything that differs between SQLite and PostgreSQL lives here, nowhere else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def configure(engine: Engine) -> None:
    """Per-connection settings: SQLite gets WAL, foreign keys and a busy timeout."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"
