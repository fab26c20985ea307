"""ORM tables of extracted items: mentions, quotes, figures, dates, events, positions, and the
per-article extraction state that makes ``accord extract`` incremental.

Every item row carries ``article_id`` (``articles.id``, ON DELETE CASCADE) and ``start``/``end``
— Python string offsets into that article's *cleaned* text (``articles.text``). To show the
evidence in the raw bytes, map cleaned → repaired text through ``article_removed_lines`` and
repaired → decoded text through ``article_repairs`` (see docs/extract-pipeline.md); offsets
are never stored against raw bytes.

The schema is created by migration ``0002_extract``; ``tests/extract/test_pipeline_store.py``
checks that the migration and these classes never drift apart.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from accord.store.base import ArticleItem, Base

ARTICLE_FK = "articles.id"


class ArticleSpan(ArticleItem):
    """The columns every extracted item has: its id, its article, and where it is in the
    article's cleaned text (``text == articles.text[start:end]``)."""

    start: Mapped[int] = mapped_column(Integer, sort_order=-1)
    end: Mapped[int] = mapped_column(Integer, sort_order=-1)
    text: Mapped[str] = mapped_column(Text, sort_order=-1)


class ExtractionState(Base):
    """What was extracted from one article version, and with which configuration.

    An article is re-extracted when its ``content_hash`` differs from the one recorded here,
    or when ``extractor_version`` / ``config_hash`` (actor registry, issue lexicon, trigger
    lexicon, spaCy pipeline) changed since.
    """

    __tablename__ = "extraction_state"

    article_id: Mapped[int] = mapped_column(
        ForeignKey(ARTICLE_FK, ondelete="CASCADE"), primary_key=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))
    config_hash: Mapped[str] = mapped_column(String(64))
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_quotes: Mapped[int] = mapped_column(Integer, default=0)
    n_figures: Mapped[int] = mapped_column(Integer, default=0)
    n_dates: Mapped[int] = mapped_column(Integer, default=0)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_positions: Mapped[int] = mapped_column(Integer, default=0)


class MentionRow(ArticleSpan, Base):
    """A named or descriptive mention, resolved to a registry actor or not (a candidate)."""

    __tablename__ = "mentions"

    label: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str | None] = mapped_column(String(128), index=True)
    method: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)


class QuoteRow(ArticleSpan, Base):
    """A direct or indirect quote and its speaker."""

    __tablename__ = "quotes"
    # An actor's quotes, and those spoken for it, newest article first, read in index order
    # (migrations 0005 and 0010).
    __table_args__ = (
        Index("ix_quotes_actor_article", "actor_id", "article_id", "start"),
        Index("ix_quotes_behalf_article", "on_behalf_of", "article_id", "start"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[str | None] = mapped_column(String(128))
    cue: Mapped[str | None] = mapped_column(String(64))
    #: The principal the speaker speaks for when the text or the registry says so ("Kremlin
    #: spokesman Dmitry Peskov said" → russia); None when they speak for themselves
    #: (migration ``0009_quote_behalf``).
    on_behalf_of: Mapped[str | None] = mapped_column(String(128))


class FigureRow(ArticleSpan, Base):
    """A money amount, percentage, count, ratio or range, normalised."""

    __tablename__ = "figures"

    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(64))
    value_high: Mapped[float | None] = mapped_column(Float)


class DateMentionRow(ArticleSpan, Base):
    """A date expression with its resolved value (None when it needed an unknown anchor)."""

    __tablename__ = "date_mentions"

    value: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(8))
    relative: Mapped[bool] = mapped_column(Boolean)


class EventRow(ArticleSpan, Base):
    """A PLOVER-typed event; ``start``/``end`` span its sentence, ``trigger_start`` the word."""

    __tablename__ = "events"

    plover: Mapped[str] = mapped_column(String(16), index=True)
    trigger: Mapped[str] = mapped_column(String(128))
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    participants: Mapped[list[str]] = mapped_column(JSON)
    participant_texts: Mapped[list[str]] = mapped_column(JSON)
    place: Mapped[str | None] = mapped_column(String(256))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(128))
    date_precision: Mapped[str | None] = mapped_column(String(8))


class EventParticipant(Base):
    """One resolved participant of one event: ``events.participants`` unnested, so an actor's
    events are an index lookup. Written by the database itself (triggers on ``events``,
    migration ``0007_event_participants``), never by the ORM."""

    __tablename__ = "event_participants"

    actor_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PositionRow(ArticleSpan, Base):
    """An actor's stated position on an issue (wants / offers / refuses / demands of a target)."""

    __tablename__ = "positions"
    # An actor's (an issue's) positions newest article first, in index order (migration 0005).
    __table_args__ = (
        Index("ix_positions_actor_article", "actor_id", "article_id", "start"),
        Index("ix_positions_issue_article", "issue", "article_id", "start"),
    )

    actor_id: Mapped[str | None] = mapped_column(String(128))
    issue: Mapped[str] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(16))
    cue: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(128))
    strength: Mapped[str | None] = mapped_column(String(16))
    #: The person whose words state it when ``actor_id`` is the principal they speak for
    #: (migration ``0009_quote_behalf``).
    speaker: Mapped[str | None] = mapped_column(String(128))


ITEM_TABLES = (MentionRow, QuoteRow, FigureRow, DateMentionRow, EventRow, PositionRow)
