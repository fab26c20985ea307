"""Read queries behind the workbench pages: paged, filtered, bounded (a page never loads the
whole corpus)."""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, column, func, literal_column, null, or_, select, table
from sqlalchemy.orm import Session

from accord.store.corpus_tables import (
    Article,
    ArticleFlag,
    ArticleRepair,
    RemovedLineRow,
    Story,
    StoryMember,
)
from accord.store.extract_tables import (
    EventParticipant,
    EventRow,
    FigureRow,
    MentionRow,
    PositionRow,
    QuoteRow,
)
from accord.web.prepared import Prepared, rows_together

PAGE_SIZE = 50


@dataclass
class ArticleFilter:
    """Article search: words in the title or text, outlet, date range, flag, story."""

    q: str | None = None
    outlet: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    flag: str | None = None
    story: int | None = None
    page: int = 1


def search_articles(
    session: Session, f: ArticleFilter, *, use_index: bool = True
) -> tuple[list[dict[str, Any]], bool]:
    """One page of current articles matching ``f`` (newest id first) and whether more follow.

    Words are case-insensitive substrings of the title or text. On SQLite the article search
    index (:mod:`accord.store.article_search`) finds the candidates, newest first, so a word
    that occurs in few articles does not read the whole table; ``use_index=False`` reads the
    table (same results). PostgreSQL runs the plain ``ILIKE`` query; with its trigram indexes
    it first tries the newest :data:`WALK_ARTICLES` articles (enough for a common word: when
    they hold the whole page, the page is exact, since it is the first matches in id order);
    when they do not, a rare word (no match there, or for one word at most
    :data:`INDEX_MAX_HITS`) reads the indexes, which its planner would not do by itself, and
    any other goes on walking the table in id order.
    """
    from accord.store.article_search import (
        can_use_pg_indexes,
        fts_query,
        plans_without,
    )

    words = f.q.split()[:6] if f.q else []
    match = fts_query(words) if use_index and words else None
    bind = session.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    indexed = match is not None and sqlite and _has_search_index(bind, session)
    shape = (len(words), indexed, bool(f.outlet), f.date_from is not None,
             f.date_to is not None, bool(f.flag), f.story is not None)
    page = max(1, f.page)
    params: dict[str, Any] = {
        "match": match, "outlet": f"%{_like(f.outlet or '')}%", "date_from": f.date_from,
        "date_to": f.date_to, "flag": f.flag, "story": f.story,
        "offset": (page - 1) * PAGE_SIZE, "limit": PAGE_SIZE + 1,
        **{f"w{k}": f"%{_like(w)}%" for k, w in enumerate(words)},
    }
    conn = session.connection()
    rows = None
    pg_indexes = not sqlite and use_index and can_use_pg_indexes(conn, words)
    if pg_indexes:
        # The newest articles first, walked along the primary key (a bitmap scan of a common
        # word's trigrams would recheck thousands of texts).
        window = max(WALK_ARTICLES, 2 * (params["offset"] + params["limit"]))
        with plans_without(conn, "enable_bitmapscan"):
            rows = conn.execute(_search_statement(*shape, windowed=True),
                                {**params, "window": window}).all()
        if len(rows) < params["limit"]:
            # Not a full page: ``len(rows)`` is every match in the window, i.e. how common
            # the words are. A rare word reads the indexes; otherwise the walk goes on (a
            # common word's trigrams would send thousands of texts to the recheck, and with
            # several words the planner may pick the index of the commonest).
            rare = len(rows) == 0 or (len(words) == 1 and len(rows) <= INDEX_MAX_HITS)
            rows = None
            stmt = _search_statement(*shape)
            with plans_without(conn, *(("enable_seqscan", "enable_indexscan") if rare
                                       else ("enable_bitmapscan",))):
                rows = conn.execute(stmt, params).all()
    if rows is None:
        rows = _prepared_search(*shape).rows(conn, params)
    page_rows = rows[:PAGE_SIZE]
    ids = [r[0] for r in page_rows]
    flags: dict[int, list[str]] = {}
    if ids:
        for aid, name in _flags_of(len(ids)).rows(conn, {f"i{k}": i for k, i in enumerate(ids)}):
            flags.setdefault(aid, []).append(name)
    # Unpacked by position (the statement's column order): reading eight columns of 50 rows
    # by name cost ~0.2 ms per page.
    out = [
        {
            "id": aid, "title": title, "outlet": outlet, "url": url, "published": published,
            "chars": chars, "source": source, "story": story, "flags": flags.get(aid, []),
        }
        for aid, title, outlet, url, published, chars, source, story in page_rows
    ]
    return out, len(rows) > PAGE_SIZE


#: Whether each SQLite database (by engine) has the article search index: asked once per
#: engine instead of once per search (a query of ``sqlite_master``, ~0.15 ms of a search's
#: ~3 ms). The index is made by a migration, which the workbench runs when it opens the
#: database (``open_engine``), before any search.
_SEARCH_INDEX: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _has_search_index(bind: Any, session: Session) -> bool:
    from accord.store.article_search import has_search_index

    engine = getattr(bind, "engine", bind)
    known = _SEARCH_INDEX.get(engine)
    if known is None:
        known = _SEARCH_INDEX[engine] = has_search_index(session)
    return known


#: Newest current articles a PostgreSQL search with trigram indexes reads in id order before
#: it turns to the indexes (a word in one article of ten fills a page within them).
WALK_ARTICLES = 500
#: Matches of a one-word search within those articles up to which the word counts as rare
#: (about 0.4 % of articles: the index then hands few texts to the recheck).
INDEX_MAX_HITS = 2

@functools.lru_cache(maxsize=PAGE_SIZE)
def _flags_of(n: int) -> Prepared:
    """The flags of ``n`` articles (parameters ``i0``…): one statement per count, since a
    prepared statement takes no list parameter."""
    return Prepared(select(ArticleFlag.article_id, ArticleFlag.name).where(
        ArticleFlag.article_id.in_([bindparam(f"i{k}") for k in range(n)])))


@functools.lru_cache(maxsize=256)
def _prepared_search(*shape: Any) -> Prepared:
    """:func:`_search_statement` of ``shape``, prepared (accord.web.prepared)."""
    return Prepared(_search_statement(*shape))


@functools.lru_cache(maxsize=256)
def _search_statement(n_words: int, indexed: bool, outlet: bool, date_from: bool,
                      date_to: bool, flag: bool, story: bool, windowed: bool = False) -> Any:
    """The search statement for one shape of filter, its values left as parameters (``match``,
    ``w0``…, ``outlet``, ``date_from``, ``date_to``, ``flag``, ``story``, ``offset``,
    ``limit``; ``window`` when ``windowed``: only the newest ``window`` current articles):
    built once per shape, since building it cost more than running it."""
    from accord.store.article_search import SEARCH_TABLE

    newest_first: Any = Article.id.desc()
    stmt = select(
        Article.id, Article.title, Article.outlet, Article.url, Article.published,
        Article.n_chars, Article.source_path, StoryMember.story_id,
    )
    if indexed:
        fts = table(SEARCH_TABLE, column("rowid"))
        # Driving the query from the index in rowid order lets SQLite stop at the page's end.
        stmt = stmt.select_from(fts).join(Article, Article.id == fts.c.rowid).where(
            literal_column(SEARCH_TABLE).op("MATCH")(bindparam("match"))
        )
        newest_first = fts.c.rowid.desc()
    stmt = stmt.outerjoin(StoryMember, StoryMember.article_id == Article.id).where(
        Article.is_current.is_(True)
    )
    for k in range(n_words):
        pattern: Any = bindparam(f"w{k}")
        stmt = stmt.where(
            or_(Article.title.ilike(pattern, escape="\\"),
                Article.text.ilike(pattern, escape="\\"))
        )
    if outlet:
        stmt = stmt.where(Article.outlet.ilike(bindparam("outlet"), escape="\\"))
    if date_from:
        stmt = stmt.where(Article.published >= bindparam("date_from"))
    if date_to:
        stmt = stmt.where(Article.published <= bindparam("date_to"))
    if flag:
        stmt = stmt.where(
            select(ArticleFlag.id)
            .where(ArticleFlag.article_id == Article.id, ArticleFlag.name == bindparam("flag"))
            .exists()
        )
    if story:
        stmt = stmt.where(StoryMember.story_id == bindparam("story"))
    if windowed:
        oldest = (select(Article.id).where(Article.is_current.is_(True))
                  .order_by(Article.id.desc()).offset(bindparam("window")).limit(1))
        stmt = stmt.where(Article.id > func.coalesce(oldest.scalar_subquery(), 0))
    return stmt.order_by(newest_first).offset(bindparam("offset")).limit(bindparam("limit"))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _distinct_flag_names() -> Any:
    flags = ArticleFlag.__table__
    names = select(func.min(flags.c.name).label("name")).cte("names", recursive=True)
    following = (
        select(func.min(flags.c.name)).where(flags.c.name > names.c.name).scalar_subquery()
    )
    names = names.union_all(select(following).where(names.c.name.is_not(None)))
    return select(names.c.name).where(names.c.name.is_not(None)).order_by(names.c.name)


# Built once: constructing the recursive statement costs more than running it.
_FLAG_NAMES = Prepared(_distinct_flag_names())


def flag_names(session: Session) -> list[str]:
    """Distinct quality-flag names in the corpus (for the filter menu).

    Read by skipping through the name index from one name to the next (a recursive query: a
    handful of index lookups), not by reading every flag row as ``SELECT DISTINCT`` does.
    """
    return [r[0] for r in _FLAG_NAMES.rows(session.connection(), {})]


class ArticleView:
    """The stored fields of one article version the article page shows (a database row, with
    the ORM article's ``location`` and ``source``), without its raw bytes."""

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)

    @property
    def source(self) -> str | None:
        """Alias of ``outlet`` (the site or publisher)."""
        return str(self._row.outlet) if self._row.outlet is not None else None

    @property
    def location(self) -> str:
        """``path``, ``path:line`` or ``path#record`` — where the article was read."""
        r = self._row
        if r.source_line is not None:
            return f"{r.source_path}:{r.source_line}"
        if r.source_record is not None:
            return f"{r.source_path}#{r.source_record}"
        return str(r.source_path)


@dataclass
class ArticlePage:
    """Everything the article page shows of one article, as plain rows."""

    article: ArticleView
    repairs: Sequence[Any]
    removed: Sequence[Any]
    flags: Sequence[Any]
    items: dict[str, Sequence[Any]]
    siblings: list[dict[str, Any]]
    n_siblings: int


def _by_article(tbl: Any, order: Any) -> Any:
    return select(tbl.__table__).where(tbl.article_id == bindparam("a")).order_by(order)


# The article page runs ten statements per request: built once, run as Core statements on the
# session's connection (no ORM objects), they cost ~0.07 ms each instead of ~0.35 ms, and
# prepared (accord.web.prepared), on SQLite's own connection, ~0.02 ms.
_ARTICLE = Prepared(select(*(c for c in Article.__table__.columns if c.key != "raw")).where(
    Article.id == bindparam("a")))
_REPAIRS = Prepared(_by_article(ArticleRepair, ArticleRepair.seq))
_REMOVED = Prepared(_by_article(RemovedLineRow, RemovedLineRow.seq))
_FLAGS = Prepared(_by_article(ArticleFlag, ArticleFlag.seq))


def _items_of_article(tbl: Any) -> Any:
    # The same fields for every kind (NULL where a kind has none): the page's one item loop
    # then never asks a row for a column it lacks (each miss raised and caught an error).
    cols = [getattr(tbl, c) if hasattr(tbl, c) else null().label(c) for c in ITEM_FIELDS]
    return Prepared(select(*cols).where(tbl.article_id == bindparam("a")).order_by(tbl.start))


#: What the article page lists of each extracted item.
ITEM_FIELDS = ("start", "end", "text", "actor_id", "on_behalf_of", "speaker", "plover")
_ITEMS = {"quotes": _items_of_article(QuoteRow), "positions": _items_of_article(PositionRow),
          "events": _items_of_article(EventRow), "figures": _items_of_article(FigureRow)}
_STORY = Prepared(select(StoryMember.story_id, Story.size).join(
    Story, Story.id == StoryMember.story_id).where(StoryMember.article_id == bindparam("a")))
_SIBLINGS = Prepared(
    select(StoryMember.article_id, StoryMember.stage, StoryMember.score, Article.title)
    .join(Article, Article.id == StoryMember.article_id)
    .where(StoryMember.story_id == bindparam("s"), StoryMember.article_id != bindparam("a"))
    .order_by(StoryMember.article_id)
    .limit(bindparam("n"))
)


def article_page(session: Session, article_id: int) -> ArticlePage | None:
    """The article ``article_id`` (any version) with its repairs, removed lines, flags,
    extracted items in text order and the first :data:`SIBLINGS_SHOWN` other members of its
    story; None if there is no such article."""
    conn = session.connection()
    p = {"a": article_id}
    # One round trip on PostgreSQL for all that depends on the article id alone.
    found, story, repairs, removed, flags, *items = rows_together(
        conn, [(_ARTICLE, p), (_STORY, p), (_REPAIRS, p), (_REMOVED, p), (_FLAGS, p),
               *((stmt, p) for stmt in _ITEMS.values())])
    if not found:
        return None
    siblings, n_siblings = _siblings_in(conn, story[0] if story else None, article_id,
                                        SIBLINGS_SHOWN)
    return ArticlePage(ArticleView(found[0]), repairs, removed, flags,
                       dict(zip(_ITEMS, items, strict=True)), siblings, n_siblings)


SIBLINGS_SHOWN = 25


def story_siblings(
    session: Session, article_id: int, limit: int = SIBLINGS_SHOWN
) -> tuple[list[dict[str, Any]], int]:
    """The first ``limit`` other members of this article's story, with how each joined, and
    how many other members the story has (a story can hold thousands of reposts: the page
    links to the story's article list for the rest)."""
    conn = session.connection()
    return _siblings_in(conn, _STORY.first(conn, {"a": article_id}), article_id, limit)


def _siblings_in(
    conn: Any, story: Any, article_id: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Siblings of ``article_id`` in ``story`` (its row of ``_STORY``, or None)."""
    if story is None:
        return [], 0
    sid, size = story
    rows = _SIBLINGS.rows(conn, {"s": sid, "a": article_id, "n": limit})
    return ([{"id": r[0], "stage": r[1], "score": r[2], "title": r[3], "story": sid}
             for r in rows], max(0, int(size) - 1))


def items(
    session: Session,
    table: Any,
    *,
    actor: str | None = None,
    issue: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    page: int = 1,
    behalf: str | None = None,
) -> tuple[list[tuple[Any, str | None]], bool]:
    """One page of quotes / positions / events / figures (current articles), filtered: pairs
    of the item (a row with the table's columns as attributes) and its article's title;
    ``behalf`` picks the quotes spoken on that actor's behalf (by its spokespeople).

    Read as plain rows, not ORM objects: the actor page lists up to 200 of them per request."""
    stmt = select(*table.__table__.columns, Article.title.label("article_title")).join(
        Article, Article.id == table.article_id).where(Article.is_current.is_(True))
    order: tuple[Any, Any] = (table.article_id.desc(), table.start)
    if behalf and table is QuoteRow:
        stmt = stmt.where(QuoteRow.on_behalf_of == behalf)
    if actor and hasattr(table, "actor_id"):
        stmt = stmt.where(table.actor_id == actor)
    if actor and table is EventRow:
        # The unnested participants (kept by the database) give the actor's events in order.
        stmt = stmt.join(EventParticipant, EventParticipant.event_id == EventRow.id).where(
            EventParticipant.actor_id == actor)
        order = (EventParticipant.article_id.desc(), EventParticipant.start)
    if issue and hasattr(table, "issue"):
        stmt = stmt.where(table.issue == issue)
    if kind:
        col = {QuoteRow: QuoteRow.kind, FigureRow: FigureRow.kind, EventRow: EventRow.plover,
               PositionRow: PositionRow.direction}[table]
        stmt = stmt.where(col == (kind.upper() if table is EventRow else kind))
    if q:
        stmt = stmt.where(table.text.ilike(f"%{_like(q)}%", escape="\\"))
    page = max(1, page)
    rows = session.execute(
        stmt.order_by(*order)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    return [(r, r.article_title) for r in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def actor_counts(session: Session) -> dict[str, tuple[int, int]]:
    """Mentions and quotes per resolved actor id."""
    out: dict[str, tuple[int, int]] = {}
    for aid, n in session.execute(
        select(MentionRow.actor_id, func.count()).where(MentionRow.actor_id.is_not(None))
        .group_by(MentionRow.actor_id)
    ):
        if aid is not None:
            out[aid] = (int(n), 0)
    for aid, n in session.execute(
        select(QuoteRow.actor_id, func.count()).where(QuoteRow.actor_id.is_not(None))
        .group_by(QuoteRow.actor_id)
    ):
        if aid is not None:
            out[aid] = (out.get(aid, (0, 0))[0], int(n))
    return out


def _latest_items(tbl: Any, fields: Sequence[str], where: Any, order: Sequence[Any],
                  joins: Sequence[tuple[Any, Any]] = ()) -> Prepared:
    stmt = select(*(getattr(tbl, c) for c in fields), Article.title.label("article_title"))
    stmt = stmt.join(Article, Article.id == tbl.article_id)
    for other, on in joins:
        stmt = stmt.join(other, on)
    return Prepared(
        stmt.where(where, Article.is_current.is_(True)).order_by(*order).limit(ACTOR_ITEMS))


#: How many of each kind of item the actor page lists (newest articles first); the item lists
#: (/quotes?actor=…) page through the rest.
ACTOR_ITEMS = PAGE_SIZE
# The actor page's four statements, built once and run as Core statements with only the
# columns its template shows: building them per request through the ORM (and decoding every
# JSON column of 200 rows) cost more than running them.
_SPAN = ("article_id", "start", "end", "text")
_NEWEST = (QuoteRow.article_id.desc(), QuoteRow.start)
_ACTOR = {
    "quotes": _latest_items(
        QuoteRow, (*_SPAN, "kind", "actor_id", "speaker_text", "on_behalf_of"),
        QuoteRow.actor_id == bindparam("actor"), _NEWEST),
    "voiced": _latest_items(
        QuoteRow, (*_SPAN, "kind", "actor_id", "speaker_text", "on_behalf_of"),
        QuoteRow.on_behalf_of == bindparam("actor"), _NEWEST),
    "positions": _latest_items(
        PositionRow, (*_SPAN, "actor_id", "issue", "direction", "speaker"),
        PositionRow.actor_id == bindparam("actor"),
        (PositionRow.article_id.desc(), PositionRow.start)),
    # The unnested participants (kept by the database) give the actor's events in order.
    "events": _latest_items(
        EventRow, (*_SPAN, "plover", "date"), EventParticipant.actor_id == bindparam("actor"),
        (EventParticipant.article_id.desc(), EventParticipant.start),
        joins=((EventParticipant, EventParticipant.event_id == EventRow.id),)),
}


def actor_items(session: Session, actor_id: str) -> dict[str, list[tuple[Any, str | None]]]:
    """The actor page's lists, each the first :data:`ACTOR_ITEMS` in the order of
    :func:`items` (newest article first, then text order), as (row, article title) pairs:
    ``quotes`` the actor spoke, ``voiced`` spoken on its behalf, its ``positions`` and the
    ``events`` it takes part in (current articles only)."""
    p = {"actor": actor_id}
    found = rows_together(session.connection(), [(stmt, p) for stmt in _ACTOR.values()])
    return {kind: [(r, r.article_title) for r in rows]
            for kind, rows in zip(_ACTOR, found, strict=True)}
