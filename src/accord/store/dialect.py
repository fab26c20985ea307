"""Everything that differs between SQLite and PostgreSQL lives here, nowhere else.

Writers
-------
Every transaction that writes starts with :func:`begin_write` (or :func:`write_session`),
which takes the database's single writer lock before the transaction reads anything:

* SQLite: ``BEGIN IMMEDIATE`` (the write lock up front; a deferred transaction that read first
  and then writes gets ``database is locked`` at once whenever another process committed in
  between — waiting cannot help it). A busy database is waited for with SQLite's busy timeout,
  and the ``BEGIN`` is retried with back-off up to :data:`LOCK_WAIT_SECONDS`.
* PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``) keyed on the
  schema. Ingest decides an article's fate from other rows (same identity, same bytes
  elsewhere: new version, unchanged or alias) and extraction replaces an article's items; no
  unique constraint can express those decisions, so two writers deciding at once would store
  duplicates or fail on a constraint. Under the lock, each decision sees every committed row
  (READ COMMITTED takes a new snapshot per statement), exactly as one writer after another.

Readers never take the lock: SQLite's WAL and PostgreSQL's MVCC let them read while a writer
writes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, RootTransaction, event, text
from sqlalchemy.orm import Session

T = TypeVar("T")

# How long a writer waits for another writer's transaction before giving up (seconds).
LOCK_WAIT_SECONDS = 900.0
# SQLite's own wait per attempt (ms); the retry loop around it adds back-off and the bound.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def configure(engine: Engine) -> None:
    """Per-connection settings: SQLite gets WAL, foreign keys and a busy timeout."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        retry_busy(lambda: cursor.execute("PRAGMA journal_mode=WAL"))
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
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


def retry_busy(action: Callable[[], T], *, wait: float = LOCK_WAIT_SECONDS) -> T:
    """Run ``action``, retrying with jittered exponential back-off while SQLite is busy.

    Gives up (re-raising the last error) after ``wait`` seconds in total.
    """
    deadline = time.monotonic() + wait
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

