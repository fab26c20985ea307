"""Test databases on every store accord supports: an SQLite file and a PostgreSQL schema.

Each PostgreSQL test gets its own schema (``accord_t_<random>``) in the server's database,
created before the test and dropped (``CASCADE``) after it, so tests never see each other's
rows and several test runs can share one server. The schema is selected through the URL
(``options=-csearch_path=...``), so the same URL works for ``open_engine``, ``--db`` and
subprocesses.

Where the server is: ``$ACCORD_TEST_POSTGRES`` (an SQLAlchemy URL), else
:data:`DEFAULT_POSTGRES`. With ``CI=true`` an unreachable server fails the run; elsewhere the
PostgreSQL variants are skipped with one line saying how to run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL

ENV_VAR = "ACCORD_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")
HOW_TO = (
    f"PostgreSQL not reachable at {{url}} ({{why}}); to run these tests set "
    f"{ENV_VAR}=postgresql+psycopg://USER@HOST:PORT/DB"
)


def server_url() -> str:
    """The PostgreSQL server the tests use."""
    return os.environ.get(ENV_VAR) or DEFAULT_POSTGRES


@lru_cache(maxsize=1)
def _unreachable() -> str | None:
    """Why the server cannot be used (``None`` when it can)."""
    try:
        engine = create_engine(server_url(), connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means "not available"
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


def require_postgres() -> None:
    """Skip (or, with ``CI=true``, fail) when the PostgreSQL server is not reachable."""
    why = _unreachable()
    if why is None:
        return
    message = HOW_TO.format(url=server_url(), why=why)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def schema_url(schema: str) -> str:
    """The server URL with ``schema`` as the only entry on the search path."""
    url: URL = make_url(server_url())
    url = url.update_query_dict(
        {"options": f"-csearch_path={schema}", "application_name": schema}
    )
    return url.render_as_string(hide_password=False)


@lru_cache(maxsize=1)
def _admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(server_url(), isolation_level="AUTOCOMMIT", pool_size=1)


@lru_cache(maxsize=1)
def _trigram_extension() -> None:
    """Install pg_trgm in ``public`` once, before any test schema exists: the search index
    migration uses it from there. Left to the migration, it would go into the first test
    schema and vanish (with the other tests' indexes) when that schema is dropped."""
    with _admin_engine().connect() as conn:
        try:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
        except Exception:  # another test process created it at the same moment
            found = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
            if found.first() is None:
                raise


def create_schema() -> tuple[str, str]:
    """A new empty schema: (name, URL pointing at it)."""
    _trigram_extension()
    name = f"accord_t_{uuid.uuid4().hex[:16]}"
    with _admin_engine().connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    return name, schema_url(name)


def drop_schema(name: str) -> None:
    """Drop ``name`` and everything in it."""
    with _admin_engine().connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


def database(backend: str, folder: Path) -> Iterator[str]:
    """Yield a fresh, empty database of ``backend`` as a ``--db`` value; remove it afterwards.

    SQLite: a file path in ``folder``. PostgreSQL: a URL to a new schema.
    """
    if backend == "sqlite":
        yield str(folder / "accord.db")
        return
    require_postgres()
    name, url = create_schema()
    try:
        yield url
    finally:
        _dispose_engines(name)
        drop_schema(name)


def _dispose_engines(schema: str) -> None:
    # Connections a test left open (pooled engines, killed subprocesses) carry the schema name
    # as application_name: end them so DROP SCHEMA does not wait on their locks.
    with _admin_engine().connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND application_name = :app"
            ),
            {"app": schema},
        )


