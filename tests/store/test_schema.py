"""The Alembic migrations and the ORM classes describe the same schema, table by table."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from accord.store import (  # noqa: F401  (registers the tables)
    corpus_tables,
    extract_tables,
    sweep_tables,
)
from accord.store.article_search import PG_INDEXES, SEARCH_TABLE, is_search_table
from accord.store.base import Base
from accord.store.db import alembic_config, open_engine


def test_migrations_build_exactly_the_orm_schema(db_url: str) -> None:
    """After `upgrade head` on a fresh SQLite file Alembic finds no difference at all between
    the database and every ORM table (columns, types, indexes, foreign keys, defaults). The
    only other tables are SQLite's article search index (an FTS5 table, not an ORM class);
    the only other indexes, PostgreSQL's trigram search indexes."""
    engine = open_engine(db_url)

    def not_search_index(name: str | None, type_: str, parent: object) -> bool:
        return not ((type_ == "table" and is_search_table(name))
                    or (type_ == "index" and name in PG_INDEXES))

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True,
                        "include_name": not_search_index}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    search = {t for t in tables if is_search_table(t)}
    assert tables - search == set(Base.metadata.tables)
    assert (SEARCH_TABLE in search) == (engine.dialect.name == "sqlite")
    indexes = {i["name"] for i in inspect(engine).get_indexes("articles")}
    assert (set(PG_INDEXES) <= indexes) == (engine.dialect.name == "postgresql")


def test_reopening_an_upgraded_database_is_a_no_op(db_url: str) -> None:
    open_engine(db_url).dispose()
    engine = open_engine(db_url)
    with engine.connect() as conn:
        script = ScriptDirectory.from_config(alembic_config(str(db_url)))
        assert len(script.get_heads()) == 1  # one linear chain
        head = script.get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_known_revisions_and_head_are_alembics(db_url: str) -> None:
    """accord reads its migrations from the file names, without importing Alembic: the same
    revisions and the same head as Alembic's reading of the scripts, and the same stored
    revision as Alembic's ``MigrationContext`` on a fresh and on a migrated database."""
    from sqlalchemy import create_engine

    from accord.store.db import _stored_revision, current, head, known_revisions

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}
    assert head() == script.get_current_head()
    fresh = create_engine("sqlite://")
    with fresh.connect() as conn:
        assert _stored_revision(conn) is None
        assert MigrationContext.configure(conn).get_current_revision() is None
    engine = open_engine(db_url)
    with engine.connect() as conn:
        assert _stored_revision(conn) == MigrationContext.configure(conn).get_current_revision()
    assert current(engine) == head()
