"""Everything that differs between SQLite and PostgreSQL lives here, nowhere else.

Writers
-------
Every transaction that writes starts with :func:`begin_write` (or :func:`write_session`),
which takes the database's single writer lock before the transaction reads anything:

* SQLite: ``BEGIN IMMEDIATE`` (the write lock up front; a deferred transaction that read first
  and then writes gets ``database is locked`` at once whenever another process committed in
  between — waiting cannot help it). A busy database is waited for with SQLite's busy timeout,
  and the ``BEGIN`` is retried with back-off up to :func:`lock_wait` seconds.
* PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``) keyed on the
  schema. Ingest decides an article's fate from other rows (same identity, same bytes
  elsewhere: new version, unchanged or alias) and extraction replaces an article's items; no
  unique constraint can express those decisions, so two writers deciding at once would store
  duplicates or fail on a constraint. Under the lock, each decision sees every committed row
  (READ COMMITTED takes a new snapshot per statement), exactly as one writer after another.
  The lock is waited for up to :func:`lock_wait` seconds (``lock_timeout``).

A writer that cannot get the lock in time fails with "database is locked" (SQLite) or "lock
timeout" (PostgreSQL), which :func:`accord.store.db.database_error` turns into one line.

Readers never take the lock: SQLite's WAL and PostgreSQL's MVCC let them read while a writer
writes.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, RootTransaction, event, text
from sqlalchemy.orm import Session

T = TypeVar("T")

# How long a writer waits for another writer's transaction before giving up (seconds), unless
# $ACCORD_LOCK_WAIT says otherwise.
LOCK_WAIT_SECONDS = 900.0
LOCK_WAIT_VAR = "ACCORD_LOCK_WAIT"
# SQLite's own wait per attempt (ms, at most); the retry loop around it adds back-off and the bound.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def lock_wait() -> float:
    """Seconds a writer waits for another one: ``$ACCORD_LOCK_WAIT``, else 900.

    >>> os.environ["ACCORD_LOCK_WAIT"] = "2.5"; lock_wait()
    2.5
    >>> del os.environ["ACCORD_LOCK_WAIT"]; lock_wait()
    900.0
    """
    raw = os.environ.get(LOCK_WAIT_VAR, "").strip()
    try:
        value = float(raw) if raw else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS
    return value if value > 0 else LOCK_WAIT_SECONDS


def configure(engine: Engine) -> None:
    """Per-connection settings: SQLite gets WAL, foreign keys and a busy timeout."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # First, so that switching to WAL waits for a busy file too.
        busy_ms = min(SQLITE_BUSY_TIMEOUT_MS, int(lock_wait() * 1000))
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        retry_busy(lambda: cursor.execute("PRAGMA journal_mode=WAL"))
        cursor.execute("PRAGMA foreign_keys=ON")
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


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "another connection holds the lock" errors (worth waiting for)."""
    message = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in message or "database is busy" in message


def retry_busy(action: Callable[[], T], *, wait: float | None = None) -> T:
    """Run ``action``, retrying with jittered exponential back-off while SQLite is busy.

    Gives up (re-raising the last error) after ``wait`` seconds in total (default
    :func:`lock_wait`).
    """
    deadline = time.monotonic() + (lock_wait() if wait is None else wait)
    delay = 0.05
    while True:
        try:
            return action()
        except Exception as exc:  # sqlite3.OperationalError or SQLAlchemy's wrapper of it
            if not is_busy(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 2.0)


def lock_writer(connection: Connection) -> None:
    """Take the writer lock in ``connection``'s transaction, which must not have read yet."""
    name = connection.dialect.name
    if name == "sqlite":
        # The pysqlite driver has not begun anything yet (it only does so before DML): this
        # BEGIN is the transaction SQLAlchemy's commit / rollback will end.
        retry_busy(lambda: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    elif name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = {int(lock_wait() * 1000)}"))
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('accord.writer:' || current_schema()))")
        )


def begin_write(connection: Connection) -> RootTransaction:
    """Begin a transaction on ``connection`` that holds the writer lock until it ends."""
    transaction = connection.begin()
    try:
        lock_writer(connection)
    except BaseException:
        transaction.rollback()
        raise
    return transaction


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session in one transaction holding the writer lock; commits on success.

    >>> from accord.store.db import open_engine
    >>> with write_session(open_engine(":memory:")) as session:
    ...     _ = session.execute(text("SELECT 1"))
    """
    with Session(engine) as session, session.begin():
        lock_writer(session.connection())
        yield session

