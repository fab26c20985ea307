"""Open the accord database: a plain path is an SQLite file, anything with ``://`` a URL.

Every command takes ``--db PATH_OR_URL`` (env ``ACCORD_DB``, default ``./accord.db``). The
schema is created and upgraded by Alembic migrations (``accord.store.migrations``), never by
``create_all``, so an old database file is brought up to date the same way on every dialect.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from accord.store import dialect

DEFAULT_DB = "accord.db"
ENV_VAR = "ACCORD_DB"
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (or ``$ACCORD_DB``, or the default) into an SQLAlchemy URL.

    >>> resolve_url("data/x.db")
    'sqlite:///data/x.db'
    >>> resolve_url("postgresql+psycopg://u@localhost/accord")
    'postgresql+psycopg://u@localhost/accord'
    """
    value = str(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{value}"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def open_engine(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Engine:
    """Create an engine for ``db`` and bring its schema to the newest migration.

    SQLite files get WAL journaling and foreign keys (see :mod:`accord.store.dialect`); the
    parent folder of a new SQLite file is created.
    """
    url = resolve_url(db)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    dialect.configure(engine)
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply Alembic migrations up to ``revision`` on ``engine``; return the new revision.

    Safe when several processes open a fresh database at once: the migration runs under the
    writer lock (:func:`accord.store.dialect.lock_writer`) and Alembic re-reads the revision
    after taking it, so the first process migrates and the others find nothing to do. A
    database already at ``head`` is not locked at all.

    >>> engine = create_engine("sqlite://")
    >>> upgrade(engine) == head()
    True
    """
    if revision == "head" and current(engine) == head():
        return head()
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        dialect.lock_writer(connection)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    return current(engine)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Undo migrations down to ``revision`` (``"base"``: an empty database); return it.

    >>> engine = create_engine("sqlite://")
    >>> _ = upgrade(engine)
    >>> downgrade(engine, "base") is None
    True
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        dialect.lock_writer(connection)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
    return current(engine)


def current(engine: Engine) -> str | None:
    """The migration the database is at (``None``: not migrated at all).

    >>> current(create_engine("sqlite://")) is None
    True
    """
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest migration this version of accord knows."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    found = script.get_current_head()
    assert found is not None  # the packaged chain is never empty
    return found


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A sessionmaker bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
