"""Open the accord database: a plain path is an SQLite file, anything with ``://`` a URL.

Every command takes ``--db PATH_OR_URL`` (env ``ACCORD_DB``, default ``./accord.db``). The
schema is created and upgraded by Alembic migrations (``accord.store.migrations``), never by
``create_all``, so an old database file is brought up to date the same way on every dialect.

:func:`open_engine` is the one place a database is opened. Whatever is wrong with the target
(a folder, a file that is not SQLite, a corrupt or read-only file, another application's
database, a migration this version does not know, an unreachable server, a missing driver, an
unknown scheme, an empty value) is a :class:`~accord.errors.DatabaseError` saying what is wrong
and what to do, raised before anything is written; :func:`database_error` turns any error a
database raises later (a lock held too long, a dropped connection) into one as well.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from accord.errors import AccordError, DatabaseError
from accord.store import dialect

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_DB = "accord.db"
ENV_VAR = "ACCORD_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
# Alembic is imported only to migrate (upgrade, downgrade): opening a database that is already
# at the newest migration reads its revision with one SELECT, and the known revisions are the
# names of the migration files (each file's ``revision`` is its name, a test checks that
# against Alembic's own reading). Importing Alembic and reading its script directory was
# ~0.15 s of CPU in every command that opens a database (`accord report` among them).


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (or ``$ACCORD_DB``, or the default) into an SQLAlchemy URL.

    >>> resolve_url("data/x.db")
    'sqlite:///data/x.db'
    >>> resolve_url("postgresql+psycopg://u@localhost/accord")
    'postgresql+psycopg://u@localhost/accord'

    An empty value is an error, not an in-memory database that keeps nothing (``:memory:``
    asks for one on purpose).

    >>> resolve_url("")
    Traceback (most recent call last):
    accord.errors.DatabaseError: db: empty: give an SQLite file path or a database URL
    """
    value = str(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if not value.strip():
        raise DatabaseError("empty: give an SQLite file path or a database URL", field="db")
    if "://" in value:
        return value
    return f"sqlite:///{value}"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and ``url``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: Seconds to wait for a PostgreSQL server to answer before giving up (unless the URL sets
#: ``connect_timeout`` itself).
CONNECT_TIMEOUT = 10
#: What accord can store into, and how to say so.
SUPPORTED = "an SQLite file path or a postgresql+psycopg://USER@HOST/DB URL"


def open_engine(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Engine:
    """Create an engine for ``db`` and bring its schema to the newest migration.

    SQLite files get WAL journaling and foreign keys (see :mod:`accord.store.dialect`); the
    parent folder of a new SQLite file is created. The target is checked before anything is
    written to it; a bad one raises :class:`~accord.errors.DatabaseError` (one line: what is
    wrong, what to do) and is left as it was.

    >>> open_engine("sqlite://")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    accord.errors.DatabaseError: db: sqlite://: no file in the URL: an in-memory database ...
    """
    url = resolve_url(db)
    where = describe(url)
    engine = _create(url, where)
    try:
        _check_target(engine, where)
        if migrate:
            upgrade(engine)
    except BaseException as exc:
        engine.dispose()
        if isinstance(exc, Exception) and not isinstance(exc, AccordError):
            raise database_error(exc, where) from exc
        raise
    return engine


def describe(url: str) -> str:
    """How a database is named in messages: the SQLite file, or the URL without password.

    >>> describe("sqlite:///data/x.db"), describe("postgresql+psycopg://u:secret@h/db")
    ('data/x.db', 'postgresql+psycopg://u:***@h/db')
    """
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return url.removeprefix("sqlite:///").split("?", 1)[0]
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is named as given
        return url


def parse_url(db: str | os.PathLike[str] | None = None) -> URL:
    """``--db`` as a parsed URL of a database accord can store into (SQLite, PostgreSQL).

    >>> parse_url("x.db").get_backend_name()
    'sqlite'
    >>> parse_url("mysql://u@h/db")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    accord.errors.DatabaseError: db: mysql://u@h/db: unsupported database 'mysql': give ...
    """
    url = resolve_url(db)
    where = describe(url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - ArgumentError, ValueError (a bad port)
        raise _error(f"not a valid database URL ({exc}): give {SUPPORTED}",
                            where=where) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise _error(f"unsupported database {parsed.drivername!r}: give {SUPPORTED}",
                            where=where)
    return parsed


def _create(url: str, where: str) -> Engine:
    """The engine for ``url``; refuses what accord cannot store into before connecting."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_path(parsed, where)
    try:
        engine = create_engine(parsed, future=True, **_connect_args(parsed))
    except ModuleNotFoundError as exc:
        raise _error(
            f"the driver for {parsed.drivername} is not installed (no module {exc.name!r}): "
            f"install it, or use postgresql+psycopg:// (installed with accord)",
            where=where) from exc
    except Exception as exc:  # noqa: BLE001 - NoSuchModuleError, ArgumentError
        raise _error(f"cannot use {parsed.drivername!r} ({_first_line(exc)}): "
                            f"give {SUPPORTED}", where=where) from exc
    dialect.configure(engine)
    return engine


def _connect_args(url: URL) -> dict[str, object]:
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        if url.get_driver_name() in ("psycopg", "psycopg2"):
            return {"connect_args": {"connect_timeout": CONNECT_TIMEOUT}}
    return {}


def _check_sqlite_path(url: URL, where: str) -> None:
    """Refuse an SQLite target that cannot be an accord database file; create its folder."""
    name = url.database
    if not name:
        raise _error(
            "no file in the URL: an in-memory database keeps nothing "
            "(give sqlite:///PATH, or ':memory:' on purpose)", where=where)
    if name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    if path.is_dir():
        raise _error("is a folder, not a database file: give a file path "
                     f"(e.g. {path / DEFAULT_DB})", where=where)
    if path.exists():
        if not path.is_file():
            raise _error("not a regular file: give an SQLite file path", where=where)
        if not os.access(path, os.R_OK | os.W_OK):
            raise _error(
                "read-only or unreadable: accord needs to read and write the database "
                "file (and its folder, for the journal); fix its permissions or copy it",
                where=where)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _error(f"cannot create its folder ({exc.strerror or exc})",
                         where=where) from exc
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _error(
            f"its folder {str(folder)!r} is read-only: SQLite writes its journal (-wal, -shm) "
            "next to the database file; give a file in a writable folder", where=where)


def _check_target(engine: Engine, where: str) -> None:
    """Check that the database is accord's (or empty) at a migration this accord knows.

    Reads only: a foreign database or one from a newer accord is refused untouched. An
    existing SQLite file is read through a read-only connection of its own first, so that
    not even the switch to WAL journaling touches a file that is not accord's.
    """
    file = _sqlite_file(engine)
    if file is not None and file.exists():
        try:
            conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=dialect.lock_wait())
            try:
                tables = {row[0] for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'")}
                found = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                         if "alembic_version" in tables else None)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise database_error(exc, where) from exc
        _judge(found[0] if found else None, tables - {"alembic_version"}, True, where)
    with engine.connect() as connection:
        revision = _stored_revision(connection)
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    _judge(revision, tables, engine.dialect.name == "sqlite", where)


def _sqlite_file(engine: Engine) -> Path | None:
    """The file of an SQLite engine (``None``: not SQLite, or in memory)."""
    name = engine.url.database
    if engine.dialect.name != "sqlite" or not name or name == ":memory:" or "mode=memory" in name:
        return None
    return None if name.startswith("file:") else Path(name)


def _judge(revision: str | None, tables: set[str], sqlite: bool, where: str) -> None:
    if revision is not None:
        if revision not in known_revisions():
            raise _error(
                f"the database is at migration {revision!r}, which this version of accord "
                f"does not know (newest: {head()!r}): it was written by a newer accord "
                "(upgrade accord) or by another application (give accord its own database)",
                where=where)
        return
    # An SQLite file is accord's alone; a shared PostgreSQL schema may hold other tables, and
    # only names that clash with accord's are refused there.
    foreign = sorted(tables if sqlite else tables & accord_tables())
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise _error(
            f"not an accord database: it has tables ({shown}) but no accord migration; "
            "accord does not write into another application's database: give it a new file "
            "(or an empty PostgreSQL schema)", where=where)


def accord_tables() -> set[str]:
    """The names of every table accord's migrations create (``alembic_version`` aside)."""
    from accord.store import corpus_tables, extract_tables, sweep_tables  # noqa: F401
    from accord.store.base import Base

    return set(Base.metadata.tables)


def known_revisions() -> set[str]:
    """Every migration this version of accord knows: the names of its migration files."""
    return {p.stem for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def _error(message: str, where: str | None) -> DatabaseError:
    """A :class:`DatabaseError` about the ``db`` setting, naming the database first."""
    return DatabaseError(f"{where}: {message}" if where else message, field="db")


def database_error(exc: BaseException, where: str | None = None) -> AccordError:
    """``exc``, raised by a database (SQLAlchemy, the driver, Alembic), as one clear line.

    Says what is wrong and what to do; ``where`` names the database.

    >>> import sqlite3
    >>> print(database_error(sqlite3.DatabaseError("file is not a database"), "notes.txt"))
    ... # doctest: +ELLIPSIS
    db: notes.txt: not an SQLite database (file is not a database): give a new file name ...
    """
    if isinstance(exc, AccordError):
        return exc
    detail = _first_line(getattr(exc, "orig", None) or exc)
    low = detail.lower()
    if _is_alembic_error(exc):
        if "can't locate revision" in low:
            message = f"unknown migration ({detail}): see `accord db current` for the known ones"
        else:
            message = f"migration failed ({detail})"
    elif "file is not a database" in low:
        message = f"not an SQLite database ({detail}): give a new file name or an accord database"
    elif "malformed" in low or "corrupt" in low:
        message = (f"corrupt SQLite database ({detail}): restore it from a backup "
                   "(or try `sqlite3 FILE .recover`), or give a new file")
    elif "readonly" in low or "read-only" in low:
        message = (f"read-only ({detail}): accord needs to write the database file and its "
                   "folder; fix the permissions or copy it")
    elif dialect.is_busy(exc) or "lock timeout" in low:
        message = (f"locked by another process for more than {dialect.lock_wait():g} s "
                   f"({detail}): wait for it to finish, or set {dialect.LOCK_WAIT_VAR} to wait "
                   "longer")
    elif "unable to open database file" in low:
        message = f"cannot open the database file ({detail}): check the path and permissions"
    elif "already exists" in low:
        message = (f"cannot create accord's tables ({detail}): nothing was changed; give accord "
                   "its own database (or an empty PostgreSQL schema)")
    elif "authentication" in low or "does not exist" in low or "permission denied" in low:
        message = f"the server refused ({detail}): check the user, password and database name"
    elif _is_connection_failure(low):
        message = (f"cannot reach the database server ({detail}): check the host and port in "
                   "the URL and that the server is running")
    else:
        message = f"database error ({detail})"
    return _error(message, where=where if where else None)


def _is_alembic_error(exc: BaseException) -> bool:
    """Whether ``exc`` is Alembic's ``CommandError`` (without importing Alembic: if it was
    never imported, nothing raised one)."""
    module = sys.modules.get("alembic.util.exc")
    return module is not None and isinstance(exc, module.CommandError)


def _is_connection_failure(low: str) -> bool:
    return any(
        part in low
        for part in ("connection refused", "could not connect", "connection failed",
                     "failed to resolve host", "could not translate host", "timeout expired",
                     "timed out", "server closed the connection", "connection is closed",
                     "terminating connection", "no route to host", "network is unreachable")
    )


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


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
    from alembic import command
    from alembic.util import CommandError

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            dialect.lock_writer(connection)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
    except CommandError as exc:
        raise database_error(exc, describe(engine.url.render_as_string(False))) from exc
    return current(engine)


def downgrade(engine: Engine, revision: str) -> str | None:
    """Undo migrations down to ``revision`` (``"base"``: an empty database); return it.

    >>> engine = create_engine("sqlite://")
    >>> _ = upgrade(engine)
    >>> downgrade(engine, "base") is None
    True
    """
    from alembic import command
    from alembic.util import CommandError

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            dialect.lock_writer(connection)
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
    except CommandError as exc:
        raise database_error(exc, describe(engine.url.render_as_string(False))) from exc
    return current(engine)


def current(engine: Engine) -> str | None:
    """The migration the database is at (``None``: not migrated at all).

    >>> current(create_engine("sqlite://")) is None
    True
    """
    with engine.connect() as connection:
        return _stored_revision(connection)


def _stored_revision(connection: Connection) -> str | None:
    """The revision in ``alembic_version`` (``None``: no such table, or no row), as Alembic's
    ``MigrationContext.get_current_revision`` reads it; Alembic itself is asked only when
    the table holds several rows (branches, which accord's chain never has)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) > 1:
        from alembic.migration import MigrationContext

        return MigrationContext.configure(connection).get_current_revision()
    return str(rows[0][0]) if rows else None


def head() -> str:
    """The newest migration this version of accord knows (the files are numbered in order,
    each revising the one before)."""
    return max(known_revisions())


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A sessionmaker bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
