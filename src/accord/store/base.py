"""The declarative base shared by every table module (corpus, extraction, ...)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class for all accord tables."""

    metadata = MetaData(naming_convention=NAMING)


class ArticleItem:
    """The columns of a row that belongs to one article version: its own ``id`` and
    ``article_id`` (``articles.id``, indexed; deleting the article deletes the row)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True, sort_order=-2
    )
