"""Read-side queries over the extraction tables (CLI listings, the digest, model building).

Every listing covers the *current* version of each article only and returns plain dicts
(one per row) ready for :func:`accord.report.output.emit`.

>>> from accord.store.db import open_engine
>>> from sqlalchemy.orm import Session
>>> with Session(open_engine(":memory:")) as s:
...     list_figures(s)
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Bundle, Session

from accord.store.corpus_tables import Article
from accord.store.extract_tables import (
    DateMentionRow,
    EventRow,
    ExtractionState,
    FigureRow,
    MentionRow,
    PositionRow,
    QuoteRow,
)


def _current(stmt: Any, table: Any) -> Any:
    return stmt.join(Article, Article.id == table.article_id).where(Article.is_current.is_(True))


# What the listings need of an item's article. Selected as columns, not as the Article entity:
# an entity brings its raw bytes, its text and three more queries (repairs, removed lines,
# flags) per article (listing 29,000 positions of a 10,000-article corpus: 5.1 s CPU, now 1.0).
_ARTICLE_FIELDS: Bundle[Any] = Bundle(
    "article", Article.title, Article.source_path, Article.published, Article.outlet,
    Article.url, Article.content_hash)


def _source(article: Any) -> str:
    return str(article.title or article.source_path)


def _provenance(article: Any) -> dict[str, Any]:
    """Where an item was published: every listing row carries it (JSON, CSV, Python)."""
    return {
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet,
        "url": article.url,
        "article": PurePath(article.source_path).name,
        "content_hash": article.content_hash,
    }


def list_quotes(
    session: Session, *, actor_ids: Sequence[str] = (), speaker: str | None = None
) -> list[dict[str, Any]]:
    """Quotes, optionally only those by ``actor_ids`` or spoken on their behalf (a Kremlin
    spokesman's quote is Russia's too), or whose speaker text contains ``speaker``
    (case-insensitive), in article order."""
    stmt = _current(select(QuoteRow, _ARTICLE_FIELDS), QuoteRow)
    conditions: list[ColumnElement[bool]] = []
    if actor_ids:
        conditions.append(QuoteRow.actor_id.in_(list(actor_ids)))
        conditions.append(QuoteRow.on_behalf_of.in_(list(actor_ids)))
    if speaker:
        conditions.append(func.lower(QuoteRow.speaker_text).contains(speaker.lower()))
    if conditions:
        stmt = stmt.where(or_(*conditions))
    rows = session.execute(stmt.order_by(QuoteRow.article_id, QuoteRow.start)).all()
    return [
        {
            "article_id": q.article_id,
            "start": q.start,
            "end": q.end,
            "actor_id": q.actor_id,
            "speaker": q.speaker_text,
            "on_behalf_of": q.on_behalf_of,
            "kind": q.kind,
            "cue": q.cue,
            "text": q.text,
            "source": _source(a),
            **_provenance(a),
        }
        for q, a in rows
    ]


def list_figures(session: Session, *, kind: str | None = None) -> list[dict[str, Any]]:
    """Figures (money, percent, count, ratio), optionally of one ``kind``."""
    stmt = _current(select(FigureRow, _ARTICLE_FIELDS), FigureRow)
    if kind:
        stmt = stmt.where(FigureRow.kind == kind)
    rows = session.execute(stmt.order_by(FigureRow.article_id, FigureRow.start)).all()
    return [
        {
            "article_id": f.article_id,
            "start": f.start,
            "end": f.end,
            "kind": f.kind,
            "value": f.value,
            "value_high": f.value_high,
            "unit": f.unit,
            "text": f.text,
            "source": _source(a),
            **_provenance(a),
        }
        for f, a in rows
    ]


def list_dates(session: Session) -> list[dict[str, Any]]:
    """Date mentions with their resolved values (None when unresolvable)."""
    stmt = _current(select(DateMentionRow, _ARTICLE_FIELDS), DateMentionRow)
    rows = session.execute(stmt.order_by(DateMentionRow.article_id, DateMentionRow.start)).all()
    return [
        {
            "article_id": d.article_id,
            "start": d.start,
            "end": d.end,
            "text": d.text,
            "value": d.value,
            "precision": d.precision,
            "relative": d.relative,
            "source": _source(a),
            **_provenance(a),
        }
        for d, a in rows
    ]


def list_events(
    session: Session, *, plover: str | None = None, actor_ids: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Events, optionally of one PLOVER type and/or involving any of ``actor_ids``."""
    stmt = _current(select(EventRow, _ARTICLE_FIELDS), EventRow)
    if plover:
        stmt = stmt.where(EventRow.plover == plover.upper())
    rows = session.execute(stmt.order_by(EventRow.article_id, EventRow.start)).all()
    wanted = set(actor_ids)
    out = []
    for e, a in rows:
        if wanted and not wanted & set(e.participants or []):
            continue  # participants are a JSON list: filtered here, portable across dialects
        out.append(
            {
                "article_id": e.article_id,
                "start": e.start,
                "end": e.end,
                "plover": e.plover,
                "trigger": e.trigger,
                "participants": list(e.participants or []),
                "participant_texts": list(e.participant_texts or []),
                "place": e.place,
                "date": e.date,
                "date_text": e.date_text,
                "date_precision": e.date_precision,
                "text": e.text,
                "source": _source(a),
                **_provenance(a),
            }
        )
    return out


# A position's columns as plain values, not an ORM entity: the report's drift check lists
# thousands of them, and building an object per row cost more than reading it.
_POSITION_FIELDS: Bundle[Any] = Bundle("position", *PositionRow.__table__.columns)


def list_positions(
    session: Session, *, actor_ids: Sequence[str] = (), issue: str | None = None,
    issues: Sequence[str] | None = None, dated: bool = False,
) -> list[dict[str, Any]]:
    """Position statements, optionally by ``actor_ids`` and/or on one ``issue`` and/or on any
    of ``issues`` (an empty sequence matches nothing); ``dated`` leaves out those of articles
    without a publication date."""
    stmt = _current(select(_POSITION_FIELDS, _ARTICLE_FIELDS), PositionRow)
    if dated:
        stmt = stmt.where(Article.published.is_not(None))
    if actor_ids:
        stmt = stmt.where(PositionRow.actor_id.in_(list(actor_ids)))
    if issue:
        stmt = stmt.where(PositionRow.issue == issue)
    if issues is not None:
        stmt = stmt.where(PositionRow.issue.in_(list(issues)))
    rows = session.execute(stmt.order_by(PositionRow.article_id, PositionRow.start)).all()
    return [
        {
            "article_id": p.article_id,
            "start": p.start,
            "end": p.end,
            "actor_id": p.actor_id,
            "issue": p.issue,
            "direction": p.direction,
            "cue": p.cue,
            "target": p.target,
            "strength": p.strength,
            "speaker": p.speaker,
            "text": p.text,
            "source": _source(a),
            **_provenance(a),
        }
        for p, a in rows
    ]


def position_holders(session: Session) -> list[str]:
    """The distinct actor ids that hold a stored position statement (any article version)."""
    stmt = select(PositionRow.actor_id).where(PositionRow.actor_id.is_not(None)).distinct()
    return sorted(str(a) for a in session.scalars(stmt))


def top_actors(session: Session, limit: int = 10) -> list[dict[str, Any]]:
    """Resolved actors by number of mentions, with the number of articles mentioning them."""
    stmt = _current(
        select(
            MentionRow.actor_id,
            func.count(MentionRow.id).label("mentions"),
            func.count(func.distinct(MentionRow.article_id)).label("articles"),
        ),
        MentionRow,
    ).where(MentionRow.actor_id.is_not(None))
    stmt = stmt.group_by(MentionRow.actor_id).order_by(
        func.count(MentionRow.id).desc(), MentionRow.actor_id
    )
    return [
        {"actor_id": actor_id, "mentions": n, "articles": k}
        for actor_id, n, k in session.execute(stmt.limit(limit)).all()
    ]


def extraction_summary(session: Session) -> dict[str, int]:
    """How many current articles were extracted, and item totals over them."""
    stmt = _current(
        select(
            func.count(ExtractionState.article_id),
            func.coalesce(func.sum(ExtractionState.n_mentions), 0),
            func.coalesce(func.sum(ExtractionState.n_quotes), 0),
            func.coalesce(func.sum(ExtractionState.n_figures), 0),
            func.coalesce(func.sum(ExtractionState.n_dates), 0),
            func.coalesce(func.sum(ExtractionState.n_events), 0),
            func.coalesce(func.sum(ExtractionState.n_positions), 0),
        ),
        ExtractionState,
    )
    row = session.execute(stmt).one()
    current = session.scalar(select(func.count(Article.id)).where(Article.is_current.is_(True)))
    keys = ("articles", "mentions", "quotes", "figures", "dates", "events", "positions")
    out = {k: int(v) for k, v in zip(keys, row, strict=True)}
    out["current_articles"] = int(current or 0)
    return out


def unresolved_mentions(
    session: Session, labels: Sequence[str] = ("PERSON",)
) -> list[tuple[Any, str]]:
    """Mentions with one of ``labels`` that resolved to no actor, with their article's cleaned
    text, in article and offset order (current articles only).

    Each mention is a row with ``article_id``, ``text``, ``start``, ``end``, ``label`` and
    ``method``. A corpus has tens of thousands of them: they are read as plain rows, not ORM
    objects, and each article's text is read once and shared by its mentions.
    """
    where = (MentionRow.actor_id.is_(None), MentionRow.label.in_(list(labels)),
             Article.is_current.is_(True))
    stmt = (
        select(MentionRow.article_id, MentionRow.text, MentionRow.start, MentionRow.end,
               MentionRow.label, MentionRow.method)
        .join(Article, Article.id == MentionRow.article_id)
        .where(*where)
        .order_by(MentionRow.article_id, MentionRow.start)
    )
    rows = session.execute(stmt).all()
    texts = {aid: text for aid, text in session.execute(
        select(Article.id, Article.text).where(
            Article.id.in_(select(MentionRow.article_id).join(
                Article, Article.id == MentionRow.article_id).where(*where))
        )
    )}
    return [(row, texts[row.article_id]) for row in rows]
