"""Article search index on PostgreSQL: trigram GIN indexes (``pg_trgm``) on the articles'
title and cleaned text, so the workbench's search (each word an ``ILIKE '%word%'`` on the
title or the text) reads the index instead of every text. SQLite gets nothing here: its
index is the FTS5 table of ``0006_article_search``.

The indexes need the ``pg_trgm`` extension. If the database already has it (in any schema),
its operator class is used; otherwise the migration creates it (``CREATE EXTENSION pg_trgm``,
in the current schema: PostgreSQL 13 and later let any user with CREATE on the database do
that). When it cannot be created (no privilege, or the server lacks the contrib package) the
migration still succeeds without the indexes and warns: search then reads the table, with the
same results, only slower (see README, "PostgreSQL search index", for building it later).

Downgrade drops the indexes, not the extension: other databases' objects may use it.

Revision ID: 0011_article_search_pg
Revises: 0010_quote_behalf_index
"""

import warnings

import sqlalchemy as sa
from alembic import op

revision = "0011_article_search_pg"
down_revision = "0010_quote_behalf_index"
branch_labels = None
depends_on = None

# Index name -> column (kept in step with accord.store.article_search.PG_INDEXES).
INDEXES = {"ix_articles_title_trgm": "title", "ix_articles_text_trgm": "text"}
_FIND = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"


def _trigram_schema(bind: sa.engine.Connection) -> str | None:
    """The (quoted) schema holding pg_trgm, creating the extension if it is missing; None
    when it cannot be created."""
    found = bind.exec_driver_sql(_FIND).scalar()
    if found is not None:
        return str(found)
    try:
        with bind.begin_nested():  # a savepoint: a refusal must not abort the migration
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        found = bind.exec_driver_sql(_FIND).scalar()  # another process created it meanwhile
        if found is not None:
            return str(found)
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
        warnings.warn(
            f"accord: no PostgreSQL search index: the pg_trgm extension could not be created "
            f"({reason}). Search reads every article (same results, slower on a large "
            f"corpus). To build it, see README 'PostgreSQL search index'.",
            stacklevel=2,
        )
        return None
    return str(bind.exec_driver_sql(_FIND).scalar_one())


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _trigram_schema(bind)
    if schema is None:
        return
    for name, column in INDEXES.items():
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON articles "
            f"USING gin ({column} {schema}.gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
