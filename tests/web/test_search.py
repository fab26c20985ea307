"""Article search on both stores: with SQLite's FTS5 search index the results are exactly
those of reading the table, PostgreSQL's trigram indexes are used and give the results of
its table scan and of SQLite, the indexes follow new articles and new versions, and the
user's words never reach FTS5 as query syntax."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from accord.corpus.ingest import ingest_paths
from accord.store.article_search import has_search_index
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.web.queries import PAGE_SIZE, ArticleFilter, search_articles
from corpus_maker import write_texts

SPECIAL = {
    "special-1.txt": "Scriptovich signs the memorandum in Geneva\n\n"
                     "The envoy Ivan Scriptovich said the deal was 100%_done after talks in "
                     "Geneva that lasted late into the night, according to two officials.\n",
    "special-2.txt": "Путин и переговоры в Женеве\n\n"
                     "Владимир Путин заявил, что переговоры продолжатся на следующей неделе, "
                     "сообщили два источника, знакомых с ходом встречи в Женеве.\n",
    "special-3.txt": 'Officials "say no" to a NATO path\n\n'
                     'Officials said "no" to a NATO path for Ukraine in a statement read out '
                     "after the meeting, which also covered sanctions and frozen assets.\n",
}

QUERIES = [
    "Kremlin", "kremlin", "KREMLIN", "ceasefire", "Scriptovich", "scriptovich signs",
    "Kremlin sanctions", "EU", "no", "Kremlin EU", "100%_", "%", "_", 'say"', '"no"',
    "Путин", "путин", "переговоры Женеве", "NEAR", "AND", "OR", "x*", "a:b", "Geneva Путин",
    "talks update number 7", "talks", "TALKS update",
]


def _pages(session: Session, q: str, use_index: bool) -> list[tuple[list[int], bool]]:
    out = []
    for page in (1, 2):
        rows, more = search_articles(session, ArticleFilter(q=q, page=page), use_index=use_index)
        out.append(([r["id"] for r in rows], more))
    return out


def test_search_with_the_index_finds_what_the_table_scan_finds(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    write_texts(folder, 0, 2 * PAGE_SIZE + 20)  # more than two pages for common words
    for name, text in SPECIAL.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = open_engine(db_url)
    assert not ingest_paths([folder], engine).errors
    with Session(engine) as s:
        assert has_search_index(s)
        for q in QUERIES:
            assert _pages(s, q, True) == _pages(s, q, False), q
        found = {q: _pages(s, q, True)[0][0] for q in ("Scriptovich", "путин", '"no"',
                                                      "100%_", "talks")}
    assert len(found["Scriptovich"]) == 1 and len(found["100%_"]) == 1
    assert len(found['"no"']) == 1
    assert len(found["talks"]) == PAGE_SIZE  # every headline: pages of 50
    # ILIKE folds ASCII case only: the table scan (and so the search) finds the Cyrillic word
    # as written; the index, which folds all case, must not widen that.
    assert len(found["путин"]) == (0 if engine.dialect.name == "sqlite" else 1)
    engine.dispose()


def test_the_index_follows_new_articles_and_new_versions(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_texts(folder, 0, 5)
    engine = open_engine(db_url)
    ingest_paths([folder], engine)

    def ids(q: str) -> list[int]:
        with Session(engine) as s:
            rows = search_articles(s, ArticleFilter(q=q), use_index=True)[0]
            assert rows == search_articles(s, ArticleFilter(q=q), use_index=False)[0]
            return [r["id"] for r in rows]

    assert ids("Scriptovich") == []
    path = folder / "special-1.txt"
    path.write_text(SPECIAL["special-1.txt"], encoding="utf-8")
    ingest_paths([folder], engine)
    first = ids("Scriptovich")
    assert len(first) == 1

    path.write_text(SPECIAL["special-1.txt"].replace("Scriptovich", "Quillfeather"),
                    encoding="utf-8")
    ingest_paths([folder], engine)  # a new version; the old one is no longer current
    assert ids("Scriptovich") == []
    new = ids("Quillfeather")
    assert len(new) == 1 and new != first
    engine.dispose()


def test_flag_names_are_the_distinct_names_in_order(db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from accord.store.corpus_tables import ArticleFlag
    from accord.web.queries import flag_names

    engine = open_engine(db_url)
    with Session(engine) as s:
        assert flag_names(s) == []
    write_texts(tmp_path / "corpus", 0, 6)
    ingest_paths([tmp_path / "corpus"], engine)
    with Session(engine) as s:
        ids = list(s.scalars(select(Article.id)))
        for k, name in enumerate(["spun-text", "b", "zz-last", "a-first", "b", "spun-text"]):
            s.add(ArticleFlag(article_id=ids[k % len(ids)], seq=100 + k, name=name, score=None,
                              spans=[], span_space=None, detail={}))
        s.commit()
        every = list(s.scalars(select(ArticleFlag.name)))
        assert flag_names(s) == sorted(set(every))
        assert {"a-first", "b", "spun-text", "zz-last"} <= set(flag_names(s))
    engine.dispose()


def _corpus(folder: Path) -> Path:
    write_texts(folder, 0, 2 * PAGE_SIZE + 20)
    for name, text in SPECIAL.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _by_source(session: Session, q: str) -> list[tuple[list[str], bool]]:
    out = []
    for page in (1, 2):
        rows, more = search_articles(session, ArticleFilter(q=q, page=page))
        out.append(([Path(r["source"]).name for r in rows], more))
    return out


def test_postgresql_finds_what_sqlite_finds_in_the_same_order(
    postgres_url: str, tmp_path: Path
) -> None:
    """The same corpus in both stores: every query gives the same articles, page by page, in
    the same order. The one difference is case outside ASCII: SQLite's LIKE folds only ASCII
    letters, PostgreSQL's ILIKE folds Cyrillic too."""
    folder = _corpus(tmp_path / "corpus")
    engines = [open_engine(str(tmp_path / "accord.db")), open_engine(postgres_url)]
    for engine in engines:
        assert not ingest_paths([folder], engine).errors
    sessions = [Session(e) for e in engines]
    try:
        assert all(has_search_index(s) for s in sessions)
        for q in QUERIES:
            on_sqlite, on_postgres = (_by_source(s, q) for s in sessions)
            if q == "путин":
                assert on_sqlite[0][0] == [] and on_postgres[0][0] == ["special-2.txt"]
            else:
                assert on_sqlite == on_postgres, q
    finally:
        for s in sessions:
            s.close()
        for e in engines:
            e.dispose()


def _plan_and_ids(session: Session, q: str, settings: str) -> tuple[str, list[int]]:
    """PostgreSQL's plan for the first page of ``q`` and its results, under planner
    ``settings`` (``SET LOCAL``: this transaction only)."""
    from sqlalchemy import event, text

    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
        if "FROM articles" in statement and "LIMIT" in statement and not seen:
            seen.append((statement, params))

    for setting in settings.split(";"):
        session.execute(text(f"SET LOCAL {setting}"))
    engine = session.get_bind()
    raw = session.connection().connection.driver_connection
    assert raw is not None
    execute = raw.execute

    def spy(statement, params=None, **kw):  # type: ignore[no-untyped-def]
        # Prepared statements run on the driver's connection, past SQLAlchemy's events.
        capture(None, None, statement, params, None, False)
        return execute(statement, params, **kw)

    event.listen(engine, "before_cursor_execute", capture)
    raw.execute = spy
    try:
        ids = [r["id"] for r in search_articles(session, ArticleFilter(q=q))[0]]
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        del raw.execute
    statement, params = seen[0]
    with raw.cursor() as cur:
        cur.execute("EXPLAIN " + statement, params)  # type: ignore[arg-type]
        plan = "\n".join(row[0] for row in cur.fetchall())
    return plan, ids


def test_postgresql_reads_the_trigram_indexes_and_they_lose_nothing(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the table scan ruled out the planner answers a search from the GIN indexes (the
    query and the indexes fit); with bitmap scans ruled out (GIN can do nothing else) it
    reads the table. Both give the same articles for every query. (The search's own choice
    between walking the newest articles and the indexes is left out here, so the plan is the
    one of the settings below; it is tested on its own.)"""
    from sqlalchemy import text

    import accord.store.article_search as article_search

    monkeypatch.setattr(article_search, "can_use_pg_indexes", lambda conn, words: False)

    engine = open_engine(postgres_url)
    assert not ingest_paths([_corpus(tmp_path / "corpus")], engine).errors
    with engine.begin() as conn:
        conn.execute(text("ANALYZE articles"))
    for q in QUERIES:
        with Session(engine) as s:
            indexed, found = _plan_and_ids(s, q, "enable_seqscan = off;enable_indexscan = off")
        with Session(engine) as s:
            scanned, expected = _plan_and_ids(s, q, "enable_bitmapscan = off")
        assert found == expected, q
        assert "trgm" not in scanned
        if any(len(w) >= 3 for w in q.split()):  # a word with a trigram: the index serves
            assert "ix_articles_text_trgm" in indexed and "ix_articles_title_trgm" in indexed, q
    engine.dispose()


def test_without_pg_trgm_the_migration_warns_and_search_reads_the_table(
    postgres_url: str, tmp_path: Path
) -> None:
    """A database without pg_trgm, opened by a user who may not create extensions in it: the
    migration succeeds with a warning naming the cause, no index is built, and search gives
    its results from the table. The database's owner then gets the extension and the indexes
    from the same migration."""
    import uuid
    import warnings

    import pytest
    from sqlalchemy import create_engine, make_url, text

    import testdb

    suffix = uuid.uuid4().hex[:12]
    role, dbname = f"accord_noext_{suffix}", f"accord_t_db_{suffix}"
    admin = create_engine(testdb.server_url(), isolation_level="AUTOCOMMIT")
    server = make_url(testdb.server_url())
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(text(f"CREATE DATABASE {dbname}"))
    try:
        owner = create_engine(server.set(database=dbname), isolation_level="AUTOCOMMIT")
        with owner.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA plain AUTHORIZATION {role}"))
            conn.execute(text("CREATE SCHEMA owned"))
        owner.dispose()

        def url(user: str, schema: str) -> str:
            return server.set(username=user, database=dbname).update_query_dict(
                {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)

        with pytest.warns(UserWarning, match=r"no PostgreSQL search index: the pg_trgm "
                          r"extension could not be created \(permission denied"):
            engine = open_engine(url(role, "plain"))
        write_texts(tmp_path / "corpus", 0, 5)
        (tmp_path / "corpus" / "special-1.txt").write_text(SPECIAL["special-1.txt"])
        assert not ingest_paths([tmp_path / "corpus"], engine).errors
        with Session(engine) as s:
            assert not has_search_index(s)
            assert [Path(r["source"]).name for r in search_articles(
                s, ArticleFilter(q="scriptovich geneva"))[0]] == ["special-1.txt"]
        engine.dispose()

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            engine = open_engine(url(str(server.username), "owned"))
        with Session(engine) as s:
            assert has_search_index(s)
            assert s.execute(text("SELECT extnamespace::regnamespace::text FROM pg_extension "
                                  "WHERE extname = 'pg_trgm'")).scalar_one() == "owned"
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :d"), {"d": dbname})
            conn.execute(text(f"DROP DATABASE IF EXISTS {dbname}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def test_an_ingest_that_changes_many_articles_gives_postgresql_fresh_statistics(
    postgres_url: str, tmp_path: Path
) -> None:
    """Without statistics PostgreSQL's planner reads the whole table for a rare word instead
    of the trigram index, and autovacuum may be off (it is on this test server) or late: an
    ingest that makes the statistics stale by autovacuum's rule analyzes the table itself, a
    small one leaves them (a few rows do not change a plan)."""
    from sqlalchemy import text

    from accord.store.article_search import analyze_after_load

    engine = open_engine(postgres_url)

    def estimated_rows() -> float:
        with engine.connect() as conn:
            return float(conn.execute(text(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass('articles')"
            )).scalar_one())

    write_texts(tmp_path / "a", 0, 120)
    assert ingest_paths([tmp_path / "a"], engine, cluster=False).added == 120
    assert estimated_rows() == 120  # analyzed: a small table is read whole
    write_texts(tmp_path / "b", 120, 123)
    assert ingest_paths([tmp_path / "b"], engine, cluster=False).added == 3
    assert estimated_rows() == 120  # 3 < 50 + 10 % of 120: left to autovacuum
    write_texts(tmp_path / "c", 123, 203)
    assert ingest_paths([tmp_path / "c"], engine, cluster=False).added == 80
    assert estimated_rows() == 203
    engine.dispose()
    with open_engine(str(tmp_path / "accord.db")).connect() as conn:
        assert analyze_after_load(conn, 1000) is False  # SQLite: nothing to do


def test_an_ingest_that_changes_many_articles_merges_sqlite_search_index(
    tmp_path: Path
) -> None:
    """FTS5 keeps a segment per writing transaction and a search probes every one: an ingest
    that changes many articles (the rule of the PostgreSQL statistics above) merges them into
    one, small ones merge them level by level (next test), and searches find the same
    articles either way."""
    from sqlalchemy import text

    from accord.store.article_search import merge_search_index

    engine = open_engine(str(tmp_path / "accord.db"))

    def segments() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(DISTINCT segid) FROM articles_fts_idx")).scalar_one())

    def found() -> dict[str, list[int]]:
        with Session(engine) as s:
            return {q: _pages(s, q, True)[0][0] for q in QUERIES}

    write_texts(tmp_path / "a", 0, 40)
    ingest_paths([tmp_path / "a"], engine, cluster=False)
    write_texts(tmp_path / "b", 40, 45)
    ingest_paths([tmp_path / "b"], engine, cluster=False)
    assert segments() > 1  # 40 and 5 < 50 + 10 % of the articles: not merged
    before = found()
    write_texts(tmp_path / "c", 45, 120)
    (tmp_path / "c" / "special-1.txt").write_text(SPECIAL["special-1.txt"], encoding="utf-8")
    ingest_paths([tmp_path / "c"], engine, cluster=False)
    assert segments() == 1  # 76 >= 50 + 10 % of 121
    after = found()
    with Session(engine) as s:
        assert after == {q: _pages(s, q, False)[0][0] for q in QUERIES}
    assert len(after["Scriptovich"]) == 1 and not before["Scriptovich"]
    with engine.connect() as conn:
        assert merge_search_index(conn, 10) is False  # a small load: nothing to do
        assert merge_search_index(conn, 1000) is True
        # FTS5 checks the merged index against the articles (raises if they differ).
        conn.execute(text("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')"))
    engine.dispose()


def test_small_ingests_merge_the_sqlite_search_index_level_by_level(tmp_path: Path) -> None:
    """Loads too small for a full merge leave few segments: FTS5 alone waits for four on a
    level before merging them, so many small loads piled segments up (daily loads into the
    bench corpus left 6-22); merged level by level after each load, no level holds two. The
    index stays consistent with the articles and searches find what the table scan finds."""
    from sqlalchemy import text

    from accord.store.article_search import merge_search_levels

    engine = open_engine(str(tmp_path / "accord.db"))

    def segments() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(DISTINCT segid) FROM articles_fts_idx")).scalar_one())

    write_texts(tmp_path / "base", 0, 200)
    ingest_paths([tmp_path / "base"], engine, cluster=False)
    assert segments() == 1  # a first large load: merged whole
    counts = []
    for k in range(12):  # each load: 2 articles, < 50 + 10 % of the corpus
        write_texts(tmp_path / f"day{k}", 200 + 2 * k, 202 + 2 * k)
        assert ingest_paths([tmp_path / f"day{k}"], engine, cluster=False).added == 2
        counts.append(segments())
    # 12 loads wrote 12 or more segments; level by level at most one per level is left:
    # levels 0..3 below the merged whole (2^4 > 12).
    assert max(counts) <= 5, counts
    with engine.connect() as conn:
        assert merge_search_levels(conn) == 0  # nothing left to merge
        conn.execute(text("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')"))
        conn.commit()
        # Segments written outside ingest (one transaction each) are merged on request.
        for n in range(6):
            conn.execute(text("UPDATE articles SET title = title || ' x' WHERE id = :id"),
                         {"id": n + 1})
            conn.commit()
    piled = segments()
    with engine.connect() as conn:
        assert merge_search_levels(conn) > 0
    assert segments() < piled
    with Session(engine) as s:
        assert all(_pages(s, q, True) == _pages(s, q, False) for q in QUERIES)
    engine.dispose()


def test_postgresql_walks_the_newest_articles_then_reads_the_indexes(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's planner cannot tell a rare word from a common one, so the search decides:
    a page that the newest articles fill comes from walking them; otherwise the statement
    reads the trigram indexes (scans that read the table ruled out). With a window smaller
    than the corpus, both ways give exactly the pages of the plain table scan, with filters
    and on later pages."""
    from sqlalchemy import event

    from accord.web import queries

    monkeypatch.setattr(queries, "WALK_ARTICLES", 30)  # the corpus holds four windows
    engine = open_engine(postgres_url)
    assert not ingest_paths([_corpus(tmp_path / "corpus")], engine).errors
    statements: list[str] = []

    def capture(conn, cursor, statement, params, context, many):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with Session(engine) as s:
        for q in QUERIES:
            for f in (ArticleFilter(q=q), ArticleFilter(q=q, page=2),
                      ArticleFilter(q=q, page=3), ArticleFilter(q=q, outlet="a"),
                      ArticleFilter(q=q, date_to=dt.date(2100, 1, 1))):
                assert search_articles(s, f) == search_articles(s, f, use_index=False), (q, f)
        event.listen(engine, "before_cursor_execute", capture)
        try:
            search_articles(s, ArticleFilter(q="talks"))  # in every article: the walk's page
            walked = list(statements)
            statements.clear()
            search_articles(s, ArticleFilter(q="Scriptovich"))  # in one: the indexes
            indexed = list(statements)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    assert not any("enable_seqscan" in st for st in walked)
    assert any("enable_seqscan" in st for st in indexed)
    engine.dispose()
