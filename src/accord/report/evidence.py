"""The model's evidence seen through the corpus: which article each quote comes from, how good
that article is (spun copy, repaired, repost), and each actor's statements over time.

Evidence items name an article by file name or content hash and quote a sentence; here each is
matched to the current article in the database and the quote located in its cleaned text, so a
report can link to the very span.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from accord.model.evidence import find_quote
from accord.model.schema import Evidence, NegotiationModel
from accord.report.analysis import EvidenceItem, Statement
from accord.store.corpus_tables import Article, ArticleRepair, StoryMember
from accord.store.extract_tables import PositionRow, QuoteRow

MAX_STATEMENTS = 40
MAX_QUOTES = 25


def _position_evidence(model: NegotiationModel) -> list[tuple[str, str, str, Evidence]]:
    out = []
    for p in model.positions:
        out += [(p.actor, p.issue, "position", e) for e in p.evidence]
        if p.red_line is not None:
            out += [(p.actor, p.issue, "red line", e) for e in p.red_line.evidence]
        if p.alternative is not None:
            out += [(p.actor, p.issue, "alternative", e) for e in p.alternative.evidence]
    return out


def unlinked_evidence(model: NegotiationModel) -> list[EvidenceItem]:
    """The model's evidence items without a corpus to match them against."""
    return [
        EvidenceItem(actor, issue, where, e.quote, e.citation, e.url, None, e.article, None, None,
                     [], None, None, 0)
        for actor, issue, where, e in _position_evidence(model)
    ]


def link_evidence(
    model: NegotiationModel, session: Session, *, as_of: dt.date | None = None
) -> list[EvidenceItem]:
    """Every evidence item of the model's positions, matched to its current article (by content
    hash, else file name) with the quote located in the cleaned text, plus the article's quality
    flags, story and repair count. Items from articles published after ``as_of`` are marked."""
    items = _position_evidence(model)
    hashes = {e.content_hash for *_, e in items if e.content_hash}
    names = {e.article for *_, e in items if e.article}
    articles: dict[str, Article] = {}
    by_name: dict[str, list[Article]] = {}
    if hashes or names:
        # Only the cited articles are read (never the whole corpus): by hash, or by a source
        # path ending in the cited file name.
        cond: list[ColumnElement[bool]] = (
            [Article.content_hash.in_(sorted(hashes))] if hashes else []
        )
        cond += [Article.source_path.endswith(n, autoescape=True) for n in sorted(names)]
        stmt = select(Article).where(Article.is_current.is_(True), or_(*cond))
        for a in session.scalars(stmt):
            if a.content_hash in hashes:
                articles[a.content_hash] = a
            base = Path(a.source_path).name
            if base in names:
                by_name.setdefault(base, []).append(a)
    ids = [a.id for a in articles.values()] + [a.id for v in by_name.values() for a in v]
    stories: dict[int, tuple[int, str]] = {}
    repairs: dict[int, int] = {}
    if ids:
        for aid, sid, stage in session.execute(
            select(StoryMember.article_id, StoryMember.story_id, StoryMember.stage).where(
                StoryMember.article_id.in_(ids)
            )
        ):
            stories[aid] = (sid, stage)
        for aid, n in session.execute(
            select(ArticleRepair.article_id, func.count())
            .where(ArticleRepair.article_id.in_(ids))
            .group_by(ArticleRepair.article_id)
        ):
            repairs[aid] = int(n)
    out = []
    for actor, issue, where, e in items:
        art = articles.get(e.content_hash or "")
        if art is None and e.article and len(by_name.get(e.article, [])) == 1:
            art = by_name[e.article][0]
        span = None
        if art is not None and e.quote:
            if e.start is not None and e.end is not None and e.end <= len(art.text):
                span = (e.start, e.end)
            else:
                span = find_quote(art.text, e.quote)
        story = stories.get(art.id) if art is not None else None
        out.append(
            EvidenceItem(
                actor=actor,
                issue=issue,
                field=where,
                quote=e.quote,
                citation=e.citation,
                url=e.url or (art.url if art is not None else None),
                article_id=art.id if art is not None else None,
                article_title=(art.title if art is not None else None) or e.article,
                outlet=art.outlet if art is not None else None,
                published=art.published if art is not None else None,
                flags=[f.name for f in art.flags] if art is not None else [],
                story=story[0] if story else None,
                story_stage=story[1] if story else None,
                repairs=repairs.get(art.id, 0) if art is not None else 0,
                start=span[0] if span else None,
                end=span[1] if span else None,
                after_as_of=bool(
                    as_of and art is not None and art.published and art.published > as_of
                ),
            )
        )
    return out


def _registry_ids(model: NegotiationModel) -> dict[str, list[str]]:
    out = {}
    for a in model.actors:
        ids = [str(a.registry_id)] if a.registry_id is not None else []
        ids += [str(m.registry_id) for m in a.members if m.registry_id is not None]
        out[a.id] = list(dict.fromkeys(ids))
    return out


def dossier_corpus(
    model: NegotiationModel, session: Session, *, as_of: dt.date | None = None
) -> dict[str, tuple[list[Statement], list[dict[str, Any]]]]:
    """For each model actor linked to the registry: its extracted position statements in date
    order (how its stance was reported over time) and its quotes, up to ``as_of``."""
    ids = _registry_ids(model)
    out: dict[str, tuple[list[Statement], list[dict[str, Any]]]] = {}
    for actor, reg in ids.items():
        if not reg:
            continue
        out[actor] = (
            _statements(session, reg, as_of),
            _quotes(session, reg, as_of),
        )
    return out


def _dated(stmt: Any, as_of: dt.date | None) -> Any:
    stmt = stmt.where(Article.is_current.is_(True))
    if as_of is not None:
        stmt = stmt.where(or_(Article.published.is_(None), Article.published <= as_of))
    return stmt


def _statements(session: Session, reg: list[str], as_of: dt.date | None) -> list[Statement]:
    """The newest position statements of these registry actors, shown oldest first per issue."""
    stmt = _dated(
        select(PositionRow.article_id, PositionRow.issue, PositionRow.direction, PositionRow.text,
               Article.published, Article.title, Article.url)
        .join(Article, Article.id == PositionRow.article_id)
        .where(PositionRow.actor_id.in_(reg)),
        as_of,
    )
    rows = session.execute(
        stmt.order_by(Article.published.desc().nulls_last(), PositionRow.article_id.desc())
        .limit(MAX_STATEMENTS)
    ).all()
    out = [Statement(article_id=r[0], published=r[4], issue=r[1], direction=r[2], text=r[3],
                     title=r[5], url=r[6]) for r in rows]
    out.sort(key=lambda s: (s.issue, s.published or dt.date.min, s.article_id))
    return out


def _quotes(session: Session, reg: list[str], as_of: dt.date | None) -> list[dict[str, Any]]:
    """The newest quotes of these registry actors."""
    stmt = _dated(
        select(QuoteRow.article_id, QuoteRow.text, QuoteRow.speaker_text, QuoteRow.kind,
               Article.published, Article.title, Article.url, Article.source_path)
        .join(Article, Article.id == QuoteRow.article_id)
        .where(QuoteRow.actor_id.in_(reg)),
        as_of,
    )
    rows = session.execute(
        stmt.order_by(Article.published.desc().nulls_last(), QuoteRow.article_id.desc())
        .limit(MAX_QUOTES)
    ).all()
    return [
        {"article_id": r[0], "text": r[1], "speaker": r[2], "kind": r[3], "published": r[4],
         "source": r[5] or Path(r[7]).name, "url": r[6]}
        for r in rows
    ]


def corpus_counts(session: Session) -> dict[str, int]:
    """Current articles and stories in the database (for the report's header)."""
    from accord.store.corpus_tables import Story

    return {
        "articles": int(
            session.scalar(select(func.count(Article.id)).where(Article.is_current.is_(True)))
            or 0
        ),
        "stories": int(session.scalar(select(func.count(Story.id))) or 0),
    }


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL, else None (anything else is shown as text only)."""
    if not url:
        return None
    u = url.strip()
    low = u.lower()
    if (low.startswith("http://") or low.startswith("https://")) and not any(
        c.isspace() or ord(c) < 32 for c in u
    ):
        return u
    return None

