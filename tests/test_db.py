"""Migrations up and down, and ``accord db``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from accord.cli import app
from accord.store import (  # noqa: F401  (registers the tables)
    corpus_tables,
    extract_tables,
    sweep_tables,
)
from accord.store.article_search import PG_INDEXES, SEARCH_TABLE, is_search_table
from accord.store.base import Base
from accord.store.db import current, downgrade, head, open_engine, resolve_url, upgrade

runner = CliRunner()


def _tables(url: str) -> set[str]:
    """The ORM tables in the database (not Alembic's, not SQLite's search index)."""
    return {t for t in _all_tables(url) if not is_search_table(t)} - {"alembic_version"}


def _all_tables(url: str) -> set[str]:
    engine = create_engine(resolve_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_upgrade_downgrade_and_upgrade_again(db_url: str) -> None:
    engine = open_engine(db_url, migrate=False)
    assert current(engine) is None
    sqlite = engine.dialect.name == "sqlite"
    assert upgrade(engine) == head()
    assert _tables(db_url) == set(Base.metadata.tables)
    assert (SEARCH_TABLE in _all_tables(db_url)) == sqlite
    assert downgrade(engine, "0001_corpus") == "0001_corpus"
    assert "mentions" not in _tables(db_url) and "articles" in _tables(db_url)
    assert not any(is_search_table(t) for t in _all_tables(db_url))
    assert downgrade(engine, "base") is None
    assert _all_tables(db_url) - {"alembic_version"} == set()
    assert upgrade(engine) == head()
    assert _tables(db_url) == set(Base.metadata.tables)
    assert (SEARCH_TABLE in _all_tables(db_url)) == sqlite
    engine.dispose()


def _search_indexes(url: str) -> set[str]:
    engine = create_engine(resolve_url(url))
    try:
        return {i["name"] for i in inspect(engine).get_indexes("articles")} & set(PG_INDEXES)
    finally:
        engine.dispose()


def test_the_postgresql_search_index_migration_up_and_down(db_url: str) -> None:
    """``0011_article_search_pg`` builds the trigram indexes on PostgreSQL and drops them on
    the way down; on SQLite it changes nothing either way."""
    engine = open_engine(db_url, migrate=False)
    postgres = engine.dialect.name == "postgresql"
    upgrade(engine, "0010_quote_behalf_index")
    assert _search_indexes(db_url) == set()
    upgrade(engine, "0011_article_search_pg")
    assert _search_indexes(db_url) == (set(PG_INDEXES) if postgres else set())
    assert (SEARCH_TABLE in _all_tables(db_url)) == (not postgres)
    assert downgrade(engine, "0010_quote_behalf_index") == "0010_quote_behalf_index"
    assert _search_indexes(db_url) == set()
    assert (SEARCH_TABLE in _all_tables(db_url)) == (not postgres)
    assert upgrade(engine) == head()
    assert _search_indexes(db_url) == (set(PG_INDEXES) if postgres else set())
    engine.dispose()


def test_db_commands(db_url: str) -> None:
    before = runner.invoke(app, ["db", "current", "--db", db_url, "--json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["current"] is None
    up = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert up.exit_code == 0, up.output
    assert f": {head()} (head)" in up.stdout
    after = json.loads(runner.invoke(app, ["db", "current", "--db", db_url, "--json"]).stdout)
    assert after["current"] == after["head"] == head()
    down = runner.invoke(app, ["db", "downgrade", "base", "--db", db_url])
    assert down.exit_code == 0, down.output
    assert "(empty: not migrated)" in down.stdout
