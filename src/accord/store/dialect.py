"""Everything that differs between SQLite and PostgreSQL lives here, nowhere else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event


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


def prefer_throughput(connection: Connection) -> None:
    """Settings for a bulk writer on ``connection`` (a no-op on servers).

    SQLite in WAL mode with ``synchronous=NORMAL``: a commit no longer waits for fsync (the WAL
    is synced at checkpoints). A power cut may lose the last commits, never half of one —
    callers must be idempotent (ingest is: re-running restores what was lost).
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        connection.commit()


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"
