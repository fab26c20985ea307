"""Read-side queries over the corpus tables (shared by the CLI, the extraction stage and reports).

>>> from accord.store.db import open_engine
>>> from sqlalchemy.orm import Session
>>> with Session(open_engine(":memory:")) as s:
...     current_articles(s)
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from accord.store.corpus_tables import (
    Article,
    ArticleAlias,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
    Story,
    StoryMember,
)


def current_articles_query() -> Select[Article]:
    """A SELECT of the current version of every article, oldest first (compose freely)."""
    return select(Article).where(Article.is_current.is_(True)).order_by(Article.id)


def current_articles(session: Session) -> list[Article]:
    """The current version of every article, oldest first.

    Superseded versions (``is_current = False``) are left out; their rows stay in the table.
    """
    return list(session.scalars(current_articles_query()))


def get_article(session: Session, article_id: int) -> Article | None:
    """One article version by id, with repairs, removed lines and flags loaded."""
    return session.get(Article, article_id)


def article_versions(session: Session, identity: str) -> list[Article]:
    """Every stored version of the article at ``identity``, oldest first."""
    stmt = select(Article).where(Article.identity == identity).order_by(Article.version)
    return list(session.scalars(stmt))


def article_aliases(session: Session, article_id: int) -> list[ArticleAlias]:
    """Other places whose bytes were identical to this article."""
    stmt = select(ArticleAlias).where(ArticleAlias.article_id == article_id)
    return list(session.scalars(stmt.order_by(ArticleAlias.id)))


@dataclass(frozen=True)
class ArticleRow:
    """One line of ``accord corpus list``."""

    id: int
    version: int
    is_current: bool
    location: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    encoding: str
    chars: int
    repairs: int
    removed: int
    flags: str
    story: int | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output."""
        return dict(self.__dict__)


def list_articles(
    session: Session,
    *,
    include_old: bool = False,
    flag: str | None = None,
    limit: int | None = None,
) -> list[ArticleRow]:
    """Summary rows for the article listing (current versions unless ``include_old``)."""
    repairs = (
        select(func.count())
        .select_from(ArticleRepair)
        .where(ArticleRepair.article_id == Article.id)
        .scalar_subquery()
    )
    removed = (
        select(func.count())
        .select_from(RemovedLineRow)
        .where(RemovedLineRow.article_id == Article.id)
        .scalar_subquery()
    )
    stmt = (
        select(
            Article,
            repairs.label("n_repairs"),
            removed.label("n_removed"),
            StoryMember.story_id,
        )
        .outerjoin(StoryMember, StoryMember.article_id == Article.id)
        .order_by(Article.id)
    )
    if not include_old:
        stmt = stmt.where(Article.is_current.is_(True))
    if flag is not None:
        stmt = stmt.where(
            select(ArticleFlag.id)
            .where(ArticleFlag.article_id == Article.id, ArticleFlag.name == flag)
            .exists()
        )
    if limit is not None:
        stmt = stmt.limit(limit)
    flag_names: dict[int, list[str]] = {}
    rows = session.execute(stmt).all()
    ids = [row[0].id for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for aid, name in session.execute(
            select(ArticleFlag.article_id, ArticleFlag.name)
            .where(ArticleFlag.article_id.in_(chunk))
            .order_by(ArticleFlag.article_id, ArticleFlag.seq)
        ):
            flag_names.setdefault(aid, []).append(name)
    out = []
    for article, n_repairs, n_removed, story_id in rows:
        out.append(
            ArticleRow(
                id=article.id,
                version=article.version,
                is_current=article.is_current,
                location=article.location,
                title=article.title,
                outlet=article.outlet,
                published=article.published.isoformat() if article.published else None,
                language=article.language,
                encoding=article.encoding,
                chars=article.n_chars,
                repairs=int(n_repairs),
                removed=int(n_removed),
                flags=",".join(flag_names.get(article.id, [])),
                story=story_id,
            )
        )
    return out


@dataclass(frozen=True)
class StoryRow:
    """One story: its id (= smallest member id), size, title and members."""

    id: int
    size: int
    title: str | None
    members: Sequence[int]
    spin_links: int
    repost_links: int

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output."""
        d = dict(self.__dict__)
        d["members"] = list(self.members)
        return d


def list_stories(session: Session, *, min_size: int = 2) -> list[StoryRow]:
    """Stories with at least ``min_size`` articles, largest first."""
    stories = session.scalars(
        select(Story).where(Story.size >= min_size).order_by(Story.size.desc(), Story.id)
    )
    out = []
    for story in stories:
        stages = [m.stage for m in story.members]
        out.append(
            StoryRow(
                id=story.id,
                size=story.size,
                title=story.title,
                members=[m.article_id for m in story.members],
                spin_links=stages.count("spin"),
                repost_links=stages.count("repost"),
            )
        )
    return out


def story_members(session: Session, story_id: int) -> list[StoryMember]:
    """Members of one story with the link that brought each in."""
    stmt = select(StoryMember).where(StoryMember.story_id == story_id)
    return list(session.scalars(stmt.order_by(StoryMember.article_id)))


def story_of(session: Session, article_id: int) -> int | None:
    """The story id of an article (None before clustering or for superseded versions)."""
    return session.scalar(select(StoryMember.story_id).where(StoryMember.article_id == article_id))


def stories_missing(engine: Engine) -> bool:
    """True when a current article is in no story.

    Clustering never ran, was not asked for, or was interrupted (kill -9): it is one
    transaction, so an interrupted run leaves the new articles in no story, and this is the
    only trace of it. The next ingest re-clusters then, even with nothing new to add.
    """
    storyless = (
        select(Article.id)
        .where(Article.is_current.is_(True))
        .where(~select(StoryMember.article_id).where(StoryMember.article_id == Article.id).exists())
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(storyless).first() is not None


def article_detail(session: Session, article_id: int) -> dict[str, Any] | None:
    """One article as plain data (``accord corpus show``): metadata, raw size and hash, story,
    identical copies, cleaned text, removed lines, repairs and quality flags; None if absent."""
    article = get_article(session, article_id)
    if article is None:
        return None
    return {
        "id": article.id,
        "identity": article.identity,
        "version": article.version,
        "is_current": article.is_current,
        "location": article.location,
        "kind": article.kind,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "encoding": article.encoding,
        "raw_bytes": len(article.raw),
        "raw_sha256": article.raw_sha256,
        "content_hash": article.content_hash,
        "story": story_of(session, article.id),
        "aliases": [a.source_path for a in article_aliases(session, article.id)],
        "text": article.text,
        "removed_lines": [
            {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text}
            for r in article.removed_lines
        ],
        "repairs": [
            {
                "start": r.start,
                "end": r.end,
                "original": r.original,
                "replacement": r.replacement,
                "kind": r.kind,
                "certain": r.certain,
                "reason": r.reason,
            }
            for r in article.repairs
        ],
        "flags": [
            {
                "name": f.name,
                "score": f.score,
                "spans": f.spans,
                "span_space": f.span_space,
                "detail": f.detail,
            }
            for f in article.flags
        ],
    }
