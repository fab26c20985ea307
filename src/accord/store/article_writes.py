"""The statements the ingest writer runs, built once (parameters are bound per execution).

Building a fresh ``insert(...).values(...)`` per article cost more than the SQLite work itself.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, literal, select, union_all, update

from accord.store.corpus_tables import (
    Article,
    ArticleAlias,
    ArticleFingerprint,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
)

# One round trip: the current version at an identity, an alias at that identity, and current
# articles with the same bytes.
LOOKUP_ARTICLE = union_all(
    select(literal("current").label("what"), Article.id, Article.raw_sha256, Article.version).where(
        Article.identity == bindparam("identity"), Article.is_current.is_(True)
    ),
    select(
        literal("alias").label("what"),
        ArticleAlias.article_id.label("id"),
        ArticleAlias.raw_sha256,
        literal(0).label("version"),
    ).where(ArticleAlias.identity == bindparam("identity")),
    select(literal("same").label("what"), Article.id, Article.raw_sha256, Article.version).where(
        Article.raw_sha256 == bindparam("sha"), Article.is_current.is_(True)
    ),
)
SUPERSEDE_ARTICLE = (
    update(Article)
    .where(Article.id == bindparam("article_id"))
    .values(is_current=False, superseded_at=bindparam("now"))
)
INSERT_ALIAS = insert(ArticleAlias)
INSERT_ARTICLE = insert(Article)
INSERT_REPAIR = insert(ArticleRepair)
INSERT_REMOVED_LINE = insert(RemovedLineRow)
INSERT_FLAG = insert(ArticleFlag)
INSERT_FINGERPRINT = insert(ArticleFingerprint)


