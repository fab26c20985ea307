"""Article search on PostgreSQL before and after its trigram index, next to SQLite's.

One corpus (``bench_ingest.generate``, the same one ``bench_scale.py`` uses) is ingested without
story clustering into an SQLite file and into a new PostgreSQL schema held at migration
``0010_quote_behalf_index`` (no search index). The workbench's search (``search_articles``,
first and second page) runs for a set of queries on both; then the PostgreSQL schema is
upgraded to the newest migration (the pg_trgm GIN indexes: build time and size reported) and
the same queries run again. Each figure is the best of three, after ``ANALYZE``, in this one
process; the plan PostgreSQL picks is printed next to it. Results are checked to be the same
on both databases and before and after the index (words outside ASCII excepted: SQLite folds
only ASCII case).

    .venv/bin/python bench/bench_search.py --n 10000 --keep /tmp/accord-search

Other work on the machine changes the times: the load average is printed at start and end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import POSTGRES, load, make_corpus  # noqa: E402

BEFORE = "0010_quote_behalf_index"
QUERIES = [
    "ceasefire",  # in 38 % of the generated articles
    "kremlin riyadh",  # two words, no match
    "Riyadh",  # one word, no match
    "Scriptovich",  # no match
    "report 4242",  # a rare pair: one article's title
    "EU",  # two letters: no trigram, read by ILIKE alone
    "the",  # in every article
]


def line(label: str, value: str) -> None:
    print(f"{label:<52} {value}", flush=True)


def best_of_3(run: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(3):
        t0 = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t0)
    return best, out


def pages(engine: Any, q: str) -> dict[int, tuple[float, list[int]]]:
    from sqlalchemy.orm import Session

    from accord.web.queries import ArticleFilter, search_articles

    out = {}
    for page in (1, 2):
        def run(page: int = page) -> list[int]:
            with Session(engine) as s:
                return [r["id"] for r in search_articles(s, ArticleFilter(q=q, page=page))[0]]
        out[page] = best_of_3(run)
    return out


def plan(engine: Any, q: str) -> str:
    """The scan nodes of PostgreSQL's plan for the first page of ``q``."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from accord.web.queries import ArticleFilter, search_articles

    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM articles" in statement and "LIMIT" in statement and not seen:
            seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as s:
            search_articles(s, ArticleFilter(q=q))
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.execute("EXPLAIN " + seen[0][0], seen[0][1])
            rows = [r[0] for r in cur.fetchall()]
    finally:
        raw.close()
    nodes = [r.strip().removeprefix("->").strip() for r in rows if "Scan" in r]
    return "; ".join(n.split("  (")[0] for n in nodes)


def measure(name: str, engine: Any, results: dict[str, Any], show_plan: bool) -> None:
    import sqlalchemy as sa

    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    for q in QUERIES:
        got = pages(engine, q)
        results[q] = [got[1][1], got[2][1]]
        how = f"   [{plan(engine, q)}]" if show_plan else ""
        line(f"{name}: {q!r} ({len(got[1][1])} + {len(got[2][1])} rows)",
             f"page 1 {got[1][0] * 1000:.1f} ms, page 2 {got[2][0] * 1000:.1f} ms{how}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles")
    parser.add_argument("--keep", type=Path, help="keep the generated corpus in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="accord-search-"))
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ACCORD_TEST_POSTGRES", POSTGRES)
    sys.path.insert(0, str(HERE.parent / "tests"))
    import sqlalchemy as sa

    import testdb
    from accord.corpus.ingest import ingest_paths
    from accord.store.db import open_engine, upgrade

    print(f"== article search at {args.n} articles ({load()})", flush=True)
    folder = make_corpus(root, args.n)
    sqlite_path = root / f"search-{args.n}.db"
    sqlite_path.unlink(missing_ok=True)
    schema, pg_url = testdb.create_schema()
    try:
        sqlite = open_engine(str(sqlite_path))
        pg = open_engine(pg_url, migrate=False)
        upgrade(pg, BEFORE)
        for name, engine in (("SQLite", sqlite), ("PostgreSQL", pg)):
            t0 = time.perf_counter()
            assert ingest_paths([folder], engine, cluster=False).ok
            line(f"ingest into {name} (no clustering)", f"{time.perf_counter() - t0:.1f} s")
        on_sqlite: dict[str, Any] = {}
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        measure("SQLite (FTS5 trigram)", sqlite, on_sqlite, False)
        measure("PostgreSQL, no index", pg, before, True)
        t0 = time.perf_counter()
        upgrade(pg)
        built = time.perf_counter() - t0
        with pg.connect() as conn:
            size = conn.execute(sa.text(
                "SELECT coalesce(sum(pg_relation_size(indexrelid)), 0) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE '%trgm%' "
                "AND c.relnamespace = to_regnamespace(:s)"), {"s": schema}).scalar_one()
            table = conn.execute(sa.text(
                "SELECT pg_total_relation_size(to_regclass(:t))"),
                {"t": f"{schema}.articles"}).scalar_one()
        line("PostgreSQL: build the trigram index (upgrade)",
             f"{built:.1f} s, {int(size) / 1e6:.0f} MB (articles with its indexes and "
             f"TOAST: {int(table) / 1e6:.0f} MB)")
        measure("PostgreSQL, trigram index", pg, after, True)
        same = [q for q in QUERIES if before[q] == after[q] == on_sqlite[q]]
        line("same results on all three", f"{len(same)} of {len(QUERIES)} queries")
        sqlite.dispose()
        pg.dispose()
    finally:
        testdb.drop_schema(schema)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"   ({load()})", flush=True)


if __name__ == "__main__":
    main()
