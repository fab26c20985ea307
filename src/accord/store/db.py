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


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on ``engine``."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A sessionmaker bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
