"""The actor page's lists (prebuilt Core statements, only the shown columns) hold the same items
in the same order as the first page of the item lists (/quotes?actor=, /positions?actor=, …),
superseded articles left out; and the quick read handlers run on one thread of their own, or on
the event loop itself for the bounded pages over SQLite, and searches on the loop within a
budget."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from tests.corpus_maker import write_texts

from accord.corpus.ingest import ingest_paths
from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.store.extract_tables import EventRow, PositionRow, QuoteRow
from accord.web import read_thread
from accord.web.queries import ACTOR_ITEMS, actor_items, items

ACTORS = ["putin", "russia", "witkoff"]


def _key(r: object) -> tuple[object, ...]:
    return tuple(getattr(r, c) for c in ("article_id", "start", "end", "text"))


def test_actor_lists_match_the_item_lists(db_url: str, tmp_path: Path) -> None:
    write_texts(tmp_path / "corpus", 0, 30)
    engine = open_engine(db_url)
    assert not ingest_paths([tmp_path / "corpus"], engine).errors
    with Session(engine) as s:
        ids = list(s.scalars(select(Article.id).order_by(Article.id)))
        k = 0
        for aid in ids:
            for j in range(6):
                k += 1
                who, behalf = ACTORS[k % 3], ACTORS[(k + 1) % 3]
                s.add(QuoteRow(article_id=aid, start=10 * j, end=10 * j + 5, text=f"q{k}",
                               kind="direct", speaker_text=who.title(), actor_id=who,
                               on_behalf_of=behalf if k % 2 else None))
                s.add(PositionRow(article_id=aid, start=10 * j + 1, end=10 * j + 6,
                                  text=f"p{k}", actor_id=who, issue="ceasefire",
                                  direction="wants", speaker=behalf if k % 4 == 0 else None))
                s.add(EventRow(article_id=aid, start=10 * j + 2, end=10 * j + 7, text=f"e{k}",
                               plover="CONSULT", trigger="met", participants=[who, behalf],
                               participant_texts=[who, behalf]))
        # A superseded version is listed by neither.
        s.execute(update(Article).where(Article.id == ids[-1]).values(is_current=False))
        s.commit()

        for actor in [*ACTORS, "nobody"]:
            got = actor_items(s, actor)
            want = {
                "quotes": items(s, QuoteRow, actor=actor)[0],
                "voiced": items(s, QuoteRow, behalf=actor)[0],
                "positions": items(s, PositionRow, actor=actor)[0],
                "events": items(s, EventRow, actor=actor)[0],
            }
            assert got.keys() == want.keys()
            for kind, rows in want.items():
                assert [(_key(r), t) for r, t in got[kind]] == [(_key(r), t) for r, t in rows]
                assert all(r.article_id != ids[-1] for r, _ in got[kind])
            if actor != "nobody":
                assert len(got["quotes"]) == ACTOR_ITEMS  # the limit was exercised
        quote = actor_items(s, "putin")["voiced"][0][0]
        assert quote.on_behalf_of == "putin" and quote.speaker_text
    engine.dispose()


def test_read_handlers_share_one_thread_off_the_event_loop() -> None:
    running, most, threads = 0, 0, set()
    lock = threading.Lock()

    @read_thread.on_read_thread
    def handler(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threads.add(threading.get_ident())
        time.sleep(0.01)
        with lock:
            running -= 1
        return n * 2

    async def main() -> tuple[list[int], int]:
        loop_thread = threading.get_ident()
        results = await asyncio.gather(*(handler(n) for n in range(8)))
        return list(results), loop_thread

    results, loop_thread = asyncio.run(main())
    assert results == [n * 2 for n in range(8)]
    assert most == read_thread.READ_THREADS == 1
    assert loop_thread not in threads


def test_bounded_pages_run_on_the_loop_only_when_asked() -> None:
    """``quick_read(True)`` runs the handler on the event loop's own thread (the article and
    actor pages over SQLite); ``quick_read(False)`` is the read thread (PostgreSQL)."""

    def where() -> int:
        return threading.get_ident()

    async def main() -> tuple[int, int, int]:
        inline = read_thread.quick_read(True)(where)
        threaded = read_thread.quick_read(False)(where)
        return threading.get_ident(), await inline(), await threaded()

    loop_thread, inline, threaded = asyncio.run(main())
    assert inline == loop_thread
    assert threaded != loop_thread


def test_a_search_over_its_budget_runs_again_on_the_read_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_within`` runs a read on the event loop; once its SQLite statements pass the CPU
    budget they are interrupted and the read runs again, from the start, on the read thread,
    with the same answer. A read within the budget never leaves the loop."""
    from sqlalchemy import event

    from accord.web.queries import ArticleFilter, search_articles

    monkeypatch.setattr(read_thread, "BUDGET_STEPS", 10)  # look at the clock often
    write_texts(tmp_path / "corpus", 0, 40)
    engine = open_engine(tmp_path / "accord.db")
    ingest_paths([tmp_path / "corpus"], engine)
    event.listen(engine, "connect", lambda conn, _r: read_thread.allow_interrupts(conn))
    engine.pool.dispose()
    threads: list[int] = []

    def search(q: str) -> object:
        threads.append(threading.get_ident())
        with Session(engine) as s:
            return search_articles(s, ArticleFilter(q=q), use_index=False)

    async def main(budget: float) -> tuple[int, object]:
        return threading.get_ident(), await read_thread.read_within(budget)(search)("talks")

    loop_thread, quick = asyncio.run(main(10.0))
    assert threads == [loop_thread]
    threads.clear()
    loop_thread, slow = asyncio.run(main(0.0))
    assert threads[0] == loop_thread and threads[1:] != [loop_thread] and len(threads) == 2
    assert slow == quick and len(quick[0]) == 40  # type: ignore[index]

    def fails() -> None:
        raise ValueError("not an interruption")

    with pytest.raises(ValueError):
        asyncio.run(read_thread.read_within(0.0)(fails)())
    engine.dispose()


def test_the_search_page_over_its_budget_is_the_same_page(
    workbench_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbench's search on SQLite runs within the budget, and a search interrupted by it
    (a budget of nothing) answers the same page from the read thread."""
    from fastapi.testclient import TestClient

    from accord.web.app import create_app

    monkeypatch.setattr(read_thread, "BUDGET_STEPS", 10)
    client = TestClient(create_app(workbench_db, [], page_cache_mb=0))
    urls = ["/articles?q=ceasefire", "/articles?q=a", "/articles?outlet=x", "/articles"]
    pages = [client.get(u) for u in urls]
    assert all(p.status_code == 200 for p in pages)
    monkeypatch.setattr(read_thread, "INLINE_BUDGET", 0.0)
    assert [client.get(u).text for u in urls] == [p.text for p in pages]


def test_the_workbench_runs_read_pages_on_more_threads_over_postgresql(tmp_path: Path) -> None:
    """Over PostgreSQL every statement is a round trip to another process: the started
    workbench lets ``PG_READ_THREADS`` read handlers run at once, so pages overlap their
    waits; over SQLite they keep one thread. Pages answer either way."""
    from fastapi.testclient import TestClient
    from tests import testdb

    from accord.web.app import create_app

    url = next(gen := testdb.database("postgresql", tmp_path))
    try:
        for db, threads in ((url, read_thread.PG_READ_THREADS),
                            (str(tmp_path / "accord.db"), read_thread.READ_THREADS)):
            open_engine(db).dispose()  # an empty corpus at the current schema
            with TestClient(create_app(db)) as client:  # its start-up runs
                assert client.portal is not None
                tokens = client.portal.call(lambda: read_thread.read_limiter().total_tokens)
                assert tokens == threads
                assert client.get("/articles").status_code == 200
    finally:
        gen.close()
    assert read_thread.PG_READ_THREADS > read_thread.READ_THREADS == 1
