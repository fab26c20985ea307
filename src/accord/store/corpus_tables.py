"""ORM tables of the corpus: articles (versioned), their repairs, removed lines, quality flags,
aliases (other places the same bytes were seen), similarity fingerprints, stories and the story
index (LSH band buckets, term document frequencies, the index's state).

The schema is created by migration ``0001_corpus``; ``tests/store/test_schema.py`` checks
that the migration and these classes never drift apart.

Identity and versions
---------------------
``Article.identity`` names where an article comes from, independent of its content:

* a ``.txt`` / ``.html`` file: its resolved absolute path;
* a JSONL line: ``<path>#id=<id>`` when the record has an ``id`` field, else ``<path>#L<line>``;
* a WARC response record: ``<path>#<WARC-Record-ID>``.

Each (identity, version) is one row. Re-ingesting unchanged bytes adds nothing; changed bytes add
version n+1 and mark the previous row ``is_current = False`` (it stays, with its text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accord.store.base import ArticleItem, Base


class Article(Base):
    """One version of one article: raw bytes exactly as read, and the cleaned text."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("identity", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(2048), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # No index on is_current: nearly every row is current, and SQLite's planner, lacking
    # statistics, preferred it to the identity / raw_sha256 indexes (a full scan per lookup).
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str] = mapped_column(String(8))  # "text" | "html"

    # Provenance: the file, and inside multi-article files the line / WARC record.
    source_path: Mapped[str] = mapped_column(String(2048))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_record: Mapped[int | None] = mapped_column(Integer)
    source_offset: Mapped[int | None] = mapped_column(Integer)  # byte offset of line/record
    warc_record_id: Mapped[str | None] = mapped_column(String(255))

    raw: Mapped[bytes] = mapped_column(LargeBinary)
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True)
    encoding: Mapped[str] = mapped_column(String(64))
    declared_encoding: Mapped[str | None] = mapped_column(String(64))

    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of `text`
    # Where each piece of `text` sits in the repaired text: [[text_start, source_start, length,
    # exact (0/1), source_length], ...]. With `raw`, `encoding` and the repairs this rebuilds the
    # offset maps text -> repaired -> decoded -> raw bytes (accord.corpus.stored.processed_text).
    segments: Mapped[list[list[int]]] = mapped_column(JSON)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(String(4096))
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    n_chars: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    repairs: Mapped[list[ArticleRepair]] = relationship(
        order_by="ArticleRepair.seq", cascade="all, delete-orphan", lazy="selectin"
    )
    removed_lines: Mapped[list[RemovedLineRow]] = relationship(
        order_by="RemovedLineRow.seq", cascade="all, delete-orphan", lazy="selectin"
    )
    flags: Mapped[list[ArticleFlag]] = relationship(
        order_by="ArticleFlag.seq", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def source(self) -> str | None:
        """Alias of :attr:`outlet` (the site or publisher)."""
        return self.outlet

    @property
    def location(self) -> str:
        """``path``, ``path:line`` or ``path#record`` — where the article was read."""
        if self.source_line is not None:
            return f"{self.source_path}:{self.source_line}"
        if self.source_record is not None:
            return f"{self.source_path}#{self.source_record}"
        return self.source_path


class ArticleRepair(ArticleItem, Base):
    """One change the processing library made to the decoded text (offsets in decoded text)."""

    __tablename__ = "article_repairs"

    seq: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    original: Mapped[str] = mapped_column(Text)
    replacement: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(64))
    certain: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)


class RemovedLineRow(ArticleItem, Base):
    """One line removed as boilerplate (offsets in the repaired text)."""

    __tablename__ = "article_removed_lines"

    seq: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)


class ArticleFlag(ArticleItem, Base):
    """A quality flag raised by the processing library (e.g. machine paraphrase).

    ``spans`` are offsets in the text version named by ``span_space`` (see
    :class:`accord.corpus.records.QualityFlag`).
    """

    __tablename__ = "article_flags"

    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    spans: Mapped[list[list[int]]] = mapped_column(JSON)  # [[start, end], ...]
    span_space: Mapped[str | None] = mapped_column(String(16))  # "text" | "decoded" | "repaired"
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class ArticleAlias(ArticleItem, Base):
    """Another identity whose raw bytes were identical to an existing current article.

    Byte-identical copies are not stored twice; their provenance is kept here.
    """

    __tablename__ = "article_aliases"

    identity: Mapped[str] = mapped_column(String(2048), unique=True)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str] = mapped_column(String(2048))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_record: Mapped[int | None] = mapped_column(Integer)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ArticleFingerprint(Base):
    """Similarity features of an article's cleaned text, computed once at ingest.

    Signatures are MinHash hash values (uint32, little-endian) so clustering can be recomputed
    over the whole corpus without re-reading any text.
    """

    __tablename__ = "article_fingerprints"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    params: Mapped[str] = mapped_column(String(128))  # fingerprint settings, for invalidation
    shingle_minhash: Mapped[bytes] = mapped_column(LargeBinary)
    word_minhash: Mapped[bytes] = mapped_column(LargeBinary)
    n_words: Mapped[int] = mapped_column(Integer)
    names: Mapped[list[str]] = mapped_column(JSON)
    numbers: Mapped[list[str]] = mapped_column(JSON)
    quoted: Mapped[list[str]] = mapped_column(JSON)


class Story(Base):
    """A cluster of current articles that report the same story.

    ``id`` is the smallest member article id, so a story keeps its id across re-clustering
    unless it merges with an older one.
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)

    members: Mapped[list[StoryMember]] = relationship(
        order_by="StoryMember.article_id", cascade="all, delete-orphan", lazy="selectin"
    )


class StoryMember(Base):
    """An article's membership in a story, with the link that brought it in."""

    __tablename__ = "story_members"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    linked_to: Mapped[int | None] = mapped_column(Integer)  # best-scoring neighbour
    stage: Mapped[str] = mapped_column(String(16))  # "seed" | "repost" | "spin"
    score: Mapped[float | None] = mapped_column(Float)


class StoryBand(Base):
    """One LSH bucket entry of the story index: ``article_id`` falls into ``bucket``.

    ``bucket`` hashes (stage, band number, the band's MinHash values) into 63 bits. Only the
    first ``bucket_cap`` articles (smallest ids) of a bucket are stored: clustering pairs an
    article with those alone (:func:`accord.corpus.cluster.candidate_pairs`), so the index holds
    at most ``bucket_cap`` rows per bucket however large a story grows. The primary key is the
    lookup index: a batch's buckets are found with ``bucket IN (...)``.
    """

    __tablename__ = "story_bands"

    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StoryTerm(Base):
    """How many indexed articles carry a name, number or quoted word (IDF of spin scores)."""

    __tablename__ = "story_terms"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # names | numbers | quoted
    term: Mapped[str] = mapped_column(Text, primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class StoryIndexState(Base):
    """What the story index was built with and when it was last rebuilt from scratch (one row).

    A rebuild (first use on a database that had stories before the index existed, changed
    clustering parameters, a superseded article in a full bucket, deleted articles, ids
    committed out of order) is recorded with its reason.
    """

    __tablename__ = "story_index"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    params: Mapped[str] = mapped_column(Text)
    articles: Mapped[int] = mapped_column(Integer)
    last_article_id: Mapped[int] = mapped_column(Integer)
    rebuilt_at: Mapped[dt.datetime] = mapped_column(DateTime)
    rebuild_reason: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
