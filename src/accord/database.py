"""The database's schema: ``db_upgrade``, ``db_downgrade`` and ``db_current`` (``accord db
upgrade``, ``accord db downgrade``, ``accord db current``).

Every other name migrates the database it opens, so an upgrade is needed only to prepare a
database ahead of time (a new PostgreSQL database before a team starts writing to it) or to
see what would be applied.

>>> import accord, tempfile
>>> path = f"{tempfile.mkdtemp()}/accord.db"
>>> accord.db_current(path).current is None  # looking creates no file
True
>>> status = accord.db_upgrade(path)
>>> status.current == status.head
True
>>> accord.db_downgrade("base", db=path).line().endswith("(empty: not migrated) (head is "
...                                                       f"{status.head})")
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class DbStatus:
    """Where a database's schema is: its URL (password hidden), the migration it is at
    (``None``: not migrated, or no such SQLite file yet) and the newest one accord knows."""

    database: str
    current: str | None
    head: str

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready: database, current, head."""
        return asdict(self)

    def line(self) -> str:
        """``database: current (head)``, or which head it is behind."""
        at = self.current or "(empty: not migrated)"
        mark = " (head)" if self.current == self.head else f" (head is {self.head})"
        return f"{self.database}: {at}{mark}"


def db_current(db: PathLike | None = None) -> DbStatus:
    """The migration the database ``db`` (a SQLite path or an SQLAlchemy URL; ``None``:
    ``$ACCORD_DB`` or ``./accord.db``) is at, and the newest one: ``accord db current``.
    Looking at a SQLite file that does not exist does not create it."""
    from pathlib import Path

    from accord.store.db import current, head, open_engine, parse_url

    url = parse_url(db)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return DbStatus(shown, None, head())
    engine = open_engine(db, migrate=False)
    try:
        return DbStatus(shown, current(engine), head())
    finally:
        engine.dispose()


def _migrated(db: PathLike | None, step: Callable[[Engine], object]) -> DbStatus:
    """Run one migration ``step`` on ``db`` (which is not migrated on opening); its status."""
    from accord.store.db import open_engine

    engine = open_engine(db, migrate=False)
    try:
        step(engine)
    finally:
        engine.dispose()
    return db_current(db)


def db_upgrade(db: PathLike | None = None, *, revision: str = "head") -> DbStatus:
    """Create the schema of ``db`` or bring it up to ``revision`` (default the newest):
    ``accord db upgrade``."""
    from accord.store.db import upgrade

    return _migrated(db, lambda engine: upgrade(engine, revision))


def db_downgrade(revision: str, *, db: PathLike | None = None) -> DbStatus:
    """Undo migrations of ``db`` down to ``revision`` (``"base"`` drops every accord table
    and its data): ``accord db downgrade REVISION``."""
    from accord.store.db import downgrade

    return _migrated(db, lambda engine: downgrade(engine, revision))
