"""The article search index: on SQLite, an FTS5 table (trigram tokenizer) over the title and
cleaned text of every article, kept in step by triggers (migration ``0006_article_search``);
on PostgreSQL, trigram GIN indexes (``pg_trgm``) on the two columns (migration
``0011_article_search_pg``).

Search treats each word as a case-insensitive substring of the title or text. The index is a
pre-filter that never loses a match: a trigram phrase query finds every article containing the
word (with Unicode case folding, wider than SQL ``ILIKE``), and the search still applies
``ILIKE`` to what it returns, so results are the same with or without the index. Words shorter
than three characters have no trigram and are matched by ``ILIKE`` alone; an SQLite without
FTS5 has no index and reads the table. An ingest that changed many articles merges the FTS5
index into one segment (:func:`merge_search_index`): one probe per trigram instead of one
per segment of each batch written; a smaller one merges it level by level
(:func:`merge_search_levels`), so that daily loads do not pile segments up.

PostgreSQL needs no query of its own: its GIN indexes serve the same ``ILIKE`` conditions
(the index is lossy and PostgreSQL rechecks every candidate, so results are those of the
scan). Its planner, though, prices a sequential scan without the cost of detoasting each long
text and running ``ILIKE`` over it, so even with fresh statistics it reads the whole table
for a word no article contains (85 ms at 3·10³ articles, 280 ms at 10⁴, instead of a few
ms), and it cannot tell a rare word from a common one (it keeps no statistics on values wider
than a kilobyte). The workbench's search therefore decides at run time
(:func:`accord.web.queries.search_articles`): it first walks the newest few hundred articles,
which answers a common word at once, and only when that does not fill the page does it read
the indexes (:func:`plans_without` the table scan and the primary-key walk). Words with no
trigram are matched by reading the table, as without ``pg_trgm`` (the migration could not
create it), with the same results. An ingest that changed many articles also analyzes the
table (:func:`analyze_after_load`) rather than waiting for autovacuum, which may be off or
minutes away, so the other plans rest on current row counts.

>>> fts_query(["Kremlin", 'say"no', "EU"])
'"Kremlin" AND "say""no"'
>>> fts_query(["EU", "a"]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

SEARCH_TABLE = "articles_fts"
#: PostgreSQL's trigram GIN indexes on ``articles`` (made by ``0011_article_search_pg``).
PG_INDEXES = ("ix_articles_title_trgm", "ix_articles_text_trgm")
# FTS5 keeps the index in these tables next to the virtual table itself.
_SHADOW_SUFFIXES = ("data", "idx", "docsize", "config", "content")


def is_search_table(name: str | None) -> bool:
    """True for the search index's virtual table and the tables FTS5 keeps it in (they are
    not ORM tables: schema comparisons leave them out)."""
    return name == SEARCH_TABLE or any(name == f"{SEARCH_TABLE}_{s}" for s in _SHADOW_SUFFIXES)


def has_search_index(session: Session) -> bool:
    """Whether the database behind ``session`` has the article search index (on PostgreSQL:
    both trigram indexes, in the schema the session works in)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return _has_pg_indexes(session.connection())
    if bind.dialect.name != "sqlite":
        return False
    return _has_search_table(session.connection())


def _has_search_table(conn: Connection) -> bool:
    """Whether the SQLite database of ``conn`` has the FTS5 search table."""
    return conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": SEARCH_TABLE},
    ).first() is not None


#: Autovacuum's default rule for when a table's statistics are stale: more rows changed
#: since the last ANALYZE than this many plus this share of the table.
ANALYZE_BASE_ROWS = 50
ANALYZE_SCALE = 0.1


def analyze_after_load(conn: Connection, changed: int) -> bool:
    """On PostgreSQL, ``ANALYZE articles`` when ``changed`` articles (added or given a new
    version by a load that has committed) make its statistics stale by autovacuum's default
    rule, or when it has never been analyzed; returns whether it did. Nothing on SQLite
    (its FTS5 index needs no statistics to be used).

    ANALYZE reads a fixed sample (about 30,000 rows), so it costs well under a second even
    on large tables, and it takes only a lock that lets reads and writes go on."""
    if conn.dialect.name != "postgresql" or changed <= 0:
        return False
    found = conn.execute(
        text("SELECT c.reltuples, s.n_mod_since_analyze FROM pg_class c "
             "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
             "WHERE c.oid = to_regclass('articles')")
    ).first()
    if found is None:
        return False
    rows, modified = found
    # Earlier small loads count too: the server's own tally of rows changed since the last
    # ANALYZE (it may lag this load by a moment, hence the larger of the two).
    changed = max(changed, int(modified or 0))
    if rows >= 0 and changed < ANALYZE_BASE_ROWS + ANALYZE_SCALE * rows:
        return False
    conn.execute(text("ANALYZE articles"))
    conn.commit()
    return True


def merge_search_index(conn: Connection, changed: int) -> bool:
    """On SQLite, merge the article search index into one segment (FTS5 ``optimize``) when
    ``changed`` articles (added or given a new version by a load that has committed) are
    many by the rule of :func:`analyze_after_load`; returns whether it did. Nothing on
    PostgreSQL (its GIN indexes are not kept in segments). ``conn`` must not be in a
    transaction: the merge takes the writer lock (:func:`accord.store.dialect.begin_write`).

    FTS5 adds a segment per transaction that writes articles and merges them only in part
    as it goes, so a corpus ingested in many batches keeps a score of them (22 on the
    9,692-article bench corpus), and every search probes each one for each of a word's
    trigrams: newest first, a common word's lookup took ~0.55 ms there against ~0.09 ms in
    one merged segment (a rare word's 0.11 against 0.02 ms). The merge rewrites the index
    (~1.7 s for that corpus, 84 MB of index); by the rule it runs once per tenth or so of
    growth, not after every small load (whose segments :func:`merge_search_levels` keeps few).
    Searches return the same articles before and after."""
    if conn.dialect.name != "sqlite" or changed <= 0:
        return False
    found = _has_search_table(conn)
    rows = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    conn.rollback()  # ends the reads' transaction: the merge takes its own, with the lock
    if not found or changed < ANALYZE_BASE_ROWS + ANALYZE_SCALE * rows:
        return False
    from accord.store.dialect import begin_write

    with begin_write(conn):
        conn.execute(text(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('optimize')"))
    return True


#: After a small load, FTS5 ``merge`` runs in steps of this many pages written, and at most
#: this many steps per load (a merge left unfinished goes on at the next load).
MERGE_STEP_PAGES = 500
MERGE_MAX_STEPS = 64


def merge_search_levels(conn: Connection) -> int:
    """On SQLite, merge the article search index's segments level by level: FTS5's ``merge``
    with its ``usermerge`` option at 2, so any level holding two segments or more is merged
    into one on the next level, in steps of :data:`MERGE_STEP_PAGES` pages until no level
    holds two (or :data:`MERGE_MAX_STEPS` steps have run); returns the steps that did work.
    Nothing on PostgreSQL or without the index. ``conn`` must not be in a transaction: the
    steps take the writer lock (:func:`accord.store.dialect.begin_write`).

    This is what a load too small for :func:`merge_search_index` runs. Each load writes a
    few segments (one per transaction) and FTS5's own merging waits for four on a level, so
    a corpus fed in daily loads piled them up: 30 loads of ~50 articles into the 9,692-article
    bench corpus left 6-22 segments, and the search statement of a common word took 0.76 ms
    of CPU after them against 0.45 ms on one segment. Merged level by level the index kept
    2-6 segments and the search 0.55 ms, for 0-127 ms of merging per load, median 6 ms (a load
    itself took ~0.55 s). A large segment (the whole index after :func:`merge_search_index`) is
    rewritten only when a level below has grown into a second one beside it, as in any
    log-structured merge. Searches return the same articles."""
    if conn.dialect.name != "sqlite":
        return 0
    found = _has_search_table(conn)
    conn.rollback()  # ends the read's transaction: the merge takes its own, with the lock
    if not found:
        return 0
    from accord.store.dialect import begin_write

    steps = 0
    with begin_write(conn):
        usermerge = conn.execute(
            text(f"SELECT v FROM {SEARCH_TABLE}_config WHERE k = 'usermerge'")).scalar()
        if usermerge != 2:
            conn.execute(text(
                f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) VALUES ('usermerge', 2)"))
        for _ in range(MERGE_MAX_STEPS):
            before = conn.execute(text("SELECT total_changes()")).scalar_one()
            conn.execute(text(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) "
                              f"VALUES ('merge', {MERGE_STEP_PAGES})"))
            # FTS5's documented signal: a step that merged nothing changes fewer than 2 rows.
            if conn.execute(text("SELECT total_changes()")).scalar_one() - before < 2:
                break
            steps += 1
    return steps


def can_use_pg_indexes(conn: Connection, words: Sequence[str]) -> bool:
    """Whether a search for ``words`` can read PostgreSQL's trigram indexes: the database is
    PostgreSQL, has both indexes, and a word has a trigram (three characters or more)."""
    return (conn.dialect.name == "postgresql" and any(len(w) >= 3 for w in words)
            and _has_pg_indexes(conn))


@contextmanager
def plans_without(conn: Connection, *settings: str) -> Iterator[None]:
    """Within the block, the PostgreSQL planner ``settings`` (e.g. ``enable_seqscan``) are off
    for this transaction; their earlier values come back when the block ends. The settings
    only choose among plans for the same statement, so results do not change."""
    names = ", ".join(f"current_setting('{n}')" for n in settings)
    sets = ", ".join(f"set_config('{n}', 'off', true)" for n in settings)
    before = conn.execute(text(f"SELECT {names}, {sets}")).one()
    try:
        yield
    finally:
        conn.execute(
            text("SELECT " + ", ".join(f"set_config('{n}', :v{k}, true)"
                                       for k, n in enumerate(settings))),
            {f"v{k}": before[k] for k in range(len(settings))},
        )


def _has_pg_indexes(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
             "AND indexname = ANY(:names)"),
        {"names": list(PG_INDEXES)},
    ).scalar_one()
    return int(found) == len(PG_INDEXES)


def fts_query(words: Sequence[str]) -> str | None:
    """An FTS5 query matching articles that contain every word of three characters or more
    (each a quoted phrase: no FTS5 syntax from the user gets through), or None when no word
    is long enough to use the index."""
    phrases = ['"' + w.replace('"', '""') + '"' for w in words if len(w) >= 3]
    return " AND ".join(phrases) if phrases else None
