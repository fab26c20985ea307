"""The corpus schema: migrations 0001_corpus and 0008_story_index == ORM metadata, and the
read-side queries."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from accord.store import corpus_tables
from accord.store.article_search import PG_INDEXES
from accord.store.base import Base
from accord.store.corpus_queries import (
    article_versions,
    current_articles,
    current_articles_query,
    list_articles,
)
from accord.store.corpus_tables import Article, ArticleFlag
from accord.store.db import open_engine

CORPUS_TABLES = {
    "articles",
    "article_repairs",
    "article_removed_lines",
    "article_flags",
    "article_aliases",
    "article_fingerprints",
    "stories",
    "story_members",
    "story_bands",
    "story_terms",
    "story_index",
}


def test_corpus_tables_are_all_mapped() -> None:
    mapped = {
        m.class_.__tablename__
        for m in Base.registry.mappers
        if m.class_.__module__ == corpus_tables.__name__
    }
    assert mapped == CORPUS_TABLES


def test_migration_matches_orm_metadata(db_url: str) -> None:
    """Alembic finds no difference between the migrated database and the ORM classes."""
    engine = open_engine(db_url)

    def ours(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        if type_ == "index" and name in PG_INDEXES:
            # The trigram search indexes exist only where pg_trgm could be created, so the
            # migration manages them outside the ORM (tests/test_db.py checks they are there).
            return False
        table = obj if type_ == "table" else getattr(obj, "table", None)
        table_name = name if type_ == "table" else getattr(table, "name", None)
        return table_name in CORPUS_TABLES

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "compare_server_default": True, "include_object": ours},
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    tables = set(inspect(engine).get_table_names())
    assert CORPUS_TABLES <= tables


def test_articles_has_the_columns_extraction_relies_on(db_url: str) -> None:
    engine = open_engine(db_url)
    columns = {c["name"]: c for c in inspect(engine).get_columns("articles")}
    for name in (
        "id",
        "text",
        "published",
        "content_hash",
        "is_current",
        "title",
        "outlet",
        "url",
        "language",
    ):
        assert name in columns, name
    assert columns["published"]["nullable"] is True
    pk = inspect(engine).get_pk_constraint("articles")
    assert pk["constrained_columns"] == ["id"]


def _article(identity: str, version: int, current: bool, text: str) -> Article:
    return Article(
        identity=identity,
        version=version,
        is_current=current,
        kind="text",
        source_path=identity,
        raw=text.encode(),
        raw_sha256=f"{version:064d}",
        encoding="utf-8",
        text=text,
        content_hash="0" * 64,
        segments=[],
        n_chars=len(text),
        ingested_at=dt.datetime(2025, 3, 1),
        published=dt.date(2025, 2, 12),
    )


def test_current_articles_leaves_out_superseded_versions(db_url: str) -> None:
    engine = open_engine(db_url)
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                _article("/a.txt", 1, False, "old a"),
                _article("/a.txt", 2, True, "new a"),
                _article("/b.txt", 1, True, "b"),
            ]
        )
    with Session(engine) as session:
        current = current_articles(session)
        assert [(a.identity, a.version, a.text) for a in current] == [
            ("/a.txt", 2, "new a"),
            ("/b.txt", 1, "b"),
        ]
        assert [a.text for a in session.scalars(current_articles_query())] == ["new a", "b"]
        assert [a.version for a in article_versions(session, "/a.txt")] == [1, 2]
        assert [r.version for r in list_articles(session, include_old=True)] == [1, 2, 1]


def test_list_articles_filters_by_flag(db_url: str) -> None:
    engine = open_engine(db_url)
    with Session(engine) as session, session.begin():
        a, b = _article("/a.txt", 1, True, "a"), _article("/b.txt", 1, True, "b")
        session.add_all([a, b])
        session.flush()
        session.add(
            ArticleFlag(
                article_id=b.id,
                seq=0,
                name="spun-text",
                score=0.8,
                spans=[[0, 1]],
                span_space="text",
                detail={},
            )
        )
    with Session(engine) as session:
        rows = list_articles(session, flag="spun-text")
        assert [(r.location, r.flags) for r in rows] == [("/b.txt", "spun-text")]
