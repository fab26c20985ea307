"""Every command that takes ``--db``, against every kind of bad database: one ``error:`` line.

The commands are found in the Typer app (not listed by hand), so a new command is covered the
day it is added. Each bad target — a folder, random bytes, a text or gzip file, a truncated
or corrupt SQLite file, another application's SQLite file or PostgreSQL schema, a database
from a newer accord, an empty value, an in-memory URL, an unknown scheme, a missing driver,
an unreachable server — must end every command with a non-zero exit, exactly one line on
stderr starting with ``error:``, no traceback, and the target left exactly as it was. The
same holds for a real SQLite file locked by another process (after a bounded wait) and for a
read-only file.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

import testdb
from accord.cli import app
from accord.commands.reference import command_paths
from accord.store.db import head, open_engine

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
CORPUS = ROOT / "examples" / "corpus"

# A value for each required parameter of a command taking --db, by parameter name. A new
# command with a required parameter not listed here fails test_every_db_command_is_covered.
REQUIRED: dict[str, Callable[[Path], list[str]]] = {
    "paths": lambda tmp: [str(CORPUS)],
    "file": lambda tmp: [str(MODEL)],
    "target": lambda tmp: ["list"],
    "article_id": lambda tmp: ["1"],
    "output": lambda tmp: ["--output", str(tmp / "out" / "draft.yaml")],
    "revision": lambda tmp: ["base"],
}


# Commands that read --db only with another option (the model's evidence dates as of a day).
NEEDS_DB: dict[tuple[str, ...], list[str]] = {
    ("forecast",): ["--as-of", "2025-12-01"],
    ("bargain",): ["--as-of", "2025-12-01"],
}


def _command(words: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for word in words:
        command = command.get_command(typer.Context(command), word)
    return command


def db_commands() -> list[tuple[str, ...]]:
    """Every command of the CLI with a ``--db`` option, as its words (``("corpus", "list")``)."""
    found: list[tuple[str, ...]] = []
    for words in command_paths(typer.main.get_command(app)):
        command = _command(words)
        if not hasattr(command, "list_commands") and any(
            "--db" in getattr(p, "opts", ()) for p in command.params
        ):
            found.append(words)
    return found


def argv(words: tuple[str, ...], db: str, tmp: Path) -> list[str]:
    """``words`` with a value for each required parameter, then ``--db db``."""
    args = list(words)
    for param in _command(words).params:
        if param.required:
            args += REQUIRED[param.name](tmp)
    return [*args, *NEEDS_DB.get(words, []), "--db", db]


COMMANDS = db_commands()


def test_every_db_command_is_covered() -> None:
    assert len(COMMANDS) >= 20, COMMANDS  # ingest, extract, corpus ..., db ..., serve, ...
    for words in COMMANDS:
        for param in _command(words).params:
            if param.required:
                assert param.name in REQUIRED, f"give a value for {param.name} of {words}"


@dataclass
class Target:
    """A bad ``--db`` value and how to tell it was left alone."""

    db: str
    snapshot: Callable[[], object] = lambda: None


def _files(folder: Path) -> Callable[[], object]:
    """Names and bytes of every file in ``folder`` (sidecars such as ``-wal`` included)."""

    def snap() -> object:
        return {
            p.name: p.read_bytes() if p.is_file() else "dir"
            for p in sorted(folder.iterdir())
        }

    return snap


def _sqlite_file(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


def _accord_db(path: Path) -> bytes:
    """A real accord SQLite database at ``path`` (with a few articles), in rollback mode so
    that it is one self-contained file; returns its bytes."""
    engine = open_engine(path)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return path.read_bytes()


def _missing_driver_url() -> str:
    for driver, module in (("pg8000", "pg8000"), ("asyncpg", "asyncpg"), ("pygresql", "pgdb")):
        if importlib.util.find_spec(module) is None:
            return f"postgresql+{driver}://postgres@127.0.0.1/test"
    raise AssertionError("every alternative PostgreSQL driver is installed")


SQLITE_TARGETS = (
    "folder", "random-bytes", "text-file", "gzip-file", "truncated-sqlite", "corrupt-sqlite",
    "other-application", "newer-accord", "empty", "in-memory-url", "unknown-scheme",
    "unsupported-database", "missing-driver", "bad-url", "unreachable-server",
)


def make_target(kind: str, folder: Path) -> Target:
    """Build the bad target ``kind`` inside ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "target.db"
    if kind == "folder":
        (folder / "store").mkdir()
        return Target(str(folder / "store"), _files(folder))
    if kind == "random-bytes":
        path.write_bytes(os.urandom(8192))
    elif kind == "text-file":
        path.write_text("title: not a database\n" * 50)
    elif kind == "gzip-file":
        path.write_bytes(gzip.compress(b"SQLite format 3\x00" + b"x" * 5000))
    elif kind == "truncated-sqlite":
        data = _accord_db(path)
        path.write_bytes(data[: len(data) // 2])
    elif kind == "corrupt-sqlite":
        data = bytearray(_accord_db(path))
        data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, header kept
        path.write_bytes(bytes(data))
    elif kind == "other-application":
        # No table name in common with accord's: still not accord's to write into.
        _sqlite_file(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                     "INSERT INTO notes (body) VALUES ('keep me')")
    elif kind == "newer-accord":
        _accord_db(path)
        _sqlite_file(path, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    elif kind == "empty":
        return Target("")
    elif kind == "in-memory-url":
        return Target("sqlite://")
    elif kind == "unknown-scheme":
        return Target("nosuchscheme://host/db")
    elif kind == "unsupported-database":
        return Target("mysql://user@127.0.0.1/accord")
    elif kind == "missing-driver":
        return Target(_missing_driver_url())
    elif kind == "bad-url":
        return Target("postgresql+psycopg://postgres@127.0.0.1:notaport/test")
    elif kind == "unreachable-server":
        return Target("postgresql+psycopg://postgres@127.0.0.1:1/test")  # nothing listens
    else:
        raise AssertionError(kind)
    return Target(str(path), _files(folder))


runner = CliRunner()


def run_in_process(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, args, env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: uncaught {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_one_error(args: list[str], code: int, err: str) -> str:
    lines = err.splitlines()
    assert code != 0, (args, err)
    assert "Traceback" not in err, (args, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), (args, err)
    return lines[0]


@pytest.mark.parametrize("kind", SQLITE_TARGETS)
def test_every_db_command_refuses_a_bad_target(kind: str, tmp_path: Path) -> None:
    target = make_target(kind, tmp_path / "target")
    before = target.snapshot()
    for words in COMMANDS:
        args = argv(words, target.db, tmp_path)
        code, _, err = run_in_process(args)
        assert_one_error(args, code, err)
        assert target.snapshot() == before, (args, "the target was changed")
    assert not (tmp_path / "out").exists()  # model draft wrote nothing either


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("folder", "is a folder, not a database file"),
        ("random-bytes", "not an SQLite database"),
        ("gzip-file", "not an SQLite database"),
        ("corrupt-sqlite", "corrupt SQLite database"),
        ("other-application", "not an accord database"),
        ("newer-accord", "'9999_from_the_future', which this version of accord does not know"),
        ("empty", "empty: give an SQLite file path or a database URL"),
        ("in-memory-url", "an in-memory database keeps nothing"),
        ("unknown-scheme", "unsupported database 'nosuchscheme'"),
        ("missing-driver", "is not installed"),
        ("bad-url", "not a valid database URL"),
        ("unreachable-server", "cannot reach the database server"),
    ],
)
def test_the_error_says_what_is_wrong(kind: str, expected: str, tmp_path: Path) -> None:
    target = make_target(kind, tmp_path / "target")
    args = ["corpus", "list", "--db", target.db]
    line = assert_one_error(args, *run_in_process(args)[::2])
    assert expected in line and "--db" in line, line


def test_the_real_entry_point_prints_one_line(tmp_path: Path) -> None:
    """The installed ``accord`` process, not the test runner: no traceback on stderr."""
    for kind in ("random-bytes", "other-application", "unreachable-server", "empty"):
        target = make_target(kind, tmp_path / kind)
        args = ["ingest", str(CORPUS), "--db", target.db, "--no-progress"]
        proc = subprocess.run([sys.executable, "-m", "accord.cli", *args],
                              capture_output=True, text=True, timeout=120)
        assert_one_error(args, proc.returncode, proc.stderr)
        assert proc.stdout == ""


def test_a_failed_open_of_another_applications_database_leaves_no_trace(tmp_path: Path) -> None:
    """An application's file with a table named like accord's: nothing is created in it, not
    even ``alembic_version``."""
    path = tmp_path / "app.db"
    _sqlite_file(path, "CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT)")
    args = ["ingest", str(CORPUS), "--db", str(path)]
    line = assert_one_error(args, *run_in_process(args)[::2])
    assert "not an accord database" in line
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert tables == {"articles"}


@pytest.fixture()
def postgres_schema() -> Iterator[tuple[str, str]]:
    testdb.require_postgres()
    name, url = testdb.create_schema()
    try:
        yield name, url
    finally:
        testdb.drop_schema(name)


def _pg_tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_postgresql_schema_of_another_application_is_left_alone(
    postgres_schema: tuple[str, str],
) -> None:
    _, url = postgres_schema
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id serial PRIMARY KEY, body text)"))
        conn.execute(text("CREATE TABLE invoices (id serial PRIMARY KEY)"))
    engine.dispose()
    for words in COMMANDS:
        args = argv(words, url, Path(tempfile.gettempdir()))
        line = assert_one_error(args, *run_in_process(args)[::2])
        assert "not an accord database" in line, line
    assert _pg_tables(url) == {"articles", "invoices"}


def test_postgresql_database_from_a_newer_accord(postgres_schema: tuple[str, str]) -> None:
    _, url = postgres_schema
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    args = ["ingest", str(CORPUS), "--db", url]
    line = assert_one_error(args, *run_in_process(args)[::2])
    assert "does not know" in line and head() in line
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
    engine.dispose()


def test_postgresql_database_that_does_not_exist() -> None:
    testdb.require_postgres()
    url = testdb.server_url().rsplit("/", 1)[0] + "/accord_no_such_database"
    args = ["corpus", "list", "--db", url]
    line = assert_one_error(args, *run_in_process(args)[::2])
    assert "the server refused" in line and "does not exist" in line, line


# -- injected failures: a lock held by another process, a read-only file ------------------------

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE held (x)")
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


@pytest.fixture()
def locked_db(tmp_path: Path) -> Iterator[Path]:
    """A real accord database on which another process holds an exclusive transaction."""
    path = tmp_path / "locked.db"
    _accord_db(path)
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
        probe = sqlite3.connect(path, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("SELECT count(*) FROM articles").fetchone()
        probe.close()
        yield path
    finally:
        assert locker.stdin is not None
        locker.stdin.close()
        locker.wait(timeout=30)


def test_every_db_command_gives_up_on_a_locked_database(locked_db: Path, tmp_path: Path) -> None:
    env = {"ACCORD_LOCK_WAIT": "0.1"}  # the bounded wait itself: the test below
    for words in COMMANDS:
        args = argv(words, str(locked_db), tmp_path)
        line = assert_one_error(args, *run_in_process(args, env=env)[::2])
        assert "locked by another process" in line and "ACCORD_LOCK_WAIT" in line, line


def test_the_lock_wait_is_bounded_in_a_real_process(locked_db: Path) -> None:
    args = ["ingest", str(CORPUS), "--db", str(locked_db), "--no-progress"]
    proc = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "ACCORD_LOCK_WAIT": "1"})
    line = assert_one_error(args, proc.returncode, proc.stderr)
    assert "locked by another process for more than 1 s" in line


def test_a_read_only_database_file(tmp_path: Path) -> None:
    """chmod 444; as root (who may write anything) the file is made immutable instead."""
    path = tmp_path / "accord.db"
    _accord_db(path)
    path.chmod(0o444)
    immutable = os.geteuid() == 0
    if immutable:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"running as root and cannot make a file immutable: {made.stderr}")
    try:
        before = _files(tmp_path)()
        for words in COMMANDS:
            args = argv(words, str(path), tmp_path / "work")
            line = assert_one_error(args, *run_in_process(args)[::2])
            assert "read-only" in line, line
        assert _files(tmp_path)() == before
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["corpus", "show", "abc", "--db", "x.db"], "Invalid value for 'article_id'"),
        (["ingest", "--db"], "Option '--db' requires an argument"),
        (["corpus", "list", "--db", "x.db", "--nosuch"], "No such option: --nosuch"),
        (["forcast", "m.yaml"], "Did you mean 'forecast'?"),
    ],
)
def test_a_usage_error_is_one_line_with_exit_code_2(args: list[str], expected: str) -> None:
    """Not Typer's usage box: one ``error:`` line naming the command's --help, exit code 2."""
    proc = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True,
                          text=True, timeout=120)
    line = assert_one_error(args, proc.returncode, proc.stderr)
    assert proc.returncode == 2 and expected in line, line


def test_a_migration_failing_part_way_leaves_the_schema_as_it_was(
    postgres_schema: tuple[str, str],
) -> None:
    """A sequence named like the table the last migration creates: the first migrations run,
    the last fails, and everything is rolled back — no accord table, no ``alembic_version``."""
    _, url = postgres_schema
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE sweeps"))
    engine.dispose()
    args = ["ingest", str(CORPUS), "--db", url]
    line = assert_one_error(args, *run_in_process(args)[::2])
    assert "cannot create accord's tables" in line and "nothing was changed" in line, line
    assert _pg_tables(url) == set()


def test_postgresql_writer_lock_held_by_another_session(
    postgres_schema: tuple[str, str],
) -> None:
    """Another session holds accord's writer lock: an ingest waits ACCORD_LOCK_WAIT, then
    ends with one line (PostgreSQL's lock_timeout; SQLite: the locked_db tests above)."""
    _, db_url = postgres_schema
    open_engine(db_url).dispose()
    holder = create_engine(db_url)
    with holder.connect() as conn:
        conn.execute(
            text("SELECT pg_advisory_lock(hashtext('accord.writer:' || current_schema()))")
        )
        conn.commit()
        args = ["ingest", str(CORPUS), "--db", db_url, "--no-progress"]
        proc = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "ACCORD_LOCK_WAIT": "1"})
        line = assert_one_error(args, proc.returncode, proc.stderr)
        assert "locked by another process for more than 1 s" in line, line
        conn.execute(text("SELECT pg_advisory_unlock_all()"))
        conn.commit()
    holder.dispose()
    engine = open_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0
    engine.dispose()


def test_postgresql_connection_lost_mid_run(postgres_schema: tuple[str, str],
                                            tmp_path: Path) -> None:
    """The server ends an ingest's connection inside its clustering transaction (held open
    by the ``ACCORD_PAUSE_IN=cluster:SECONDS`` seam): one ``error:`` line, the committed
    articles whole, and a re-run completes."""
    from corpus_maker import write_texts

    name, url = postgres_schema
    root = tmp_path / "in"
    write_texts(root, 0, 30, n_paragraphs=1)
    args = ["ingest", str(root), "--db", url, "--no-progress"]
    proc = subprocess.Popen([sys.executable, "-m", "accord.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "ACCORD_PAUSE_IN": "cluster:5"})
    assert proc.stderr is not None
    assert proc.stderr.readline() == "paused: cluster\n"
    admin = create_engine(testdb.server_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = :app AND state = 'idle in transaction'"), {"app": name})
        assert ended.scalar_one() == 1
    admin.dispose()
    out, err = proc.communicate(timeout=120)
    line = assert_one_error(args, proc.returncode, err)
    assert "cannot reach the database server" in line, line
    assert out == ""
    engine = open_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 30
        assert conn.execute(text("SELECT count(*) FROM article_fingerprints")).scalar_one() == 30
    engine.dispose()
    rerun = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    engine = open_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM story_members")).scalar_one() == 30
    engine.dispose()


def test_a_database_in_a_read_only_folder(tmp_path: Path) -> None:
    """The file is writable but its folder is not (SQLite could not create its journal there):
    chmod 555, or immutable as root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "accord.db"
    _accord_db(path)
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable:
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"running as root and cannot make a folder immutable: {made.stderr}")
    try:
        before = _files(folder)()
        for db in (path, folder / "new.db"):
            for words in (("ingest",), ("corpus", "list"), ("db", "upgrade")):
                args = argv(words, str(db), tmp_path / "work")
                line = assert_one_error(args, *run_in_process(args)[::2])
                assert "is read-only" in line and "writable folder" in line, line
        assert _files(folder)() == before
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)
