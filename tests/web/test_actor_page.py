"""The actor page's lists (prebuilt Core statements, only the shown columns) hold the same items
in the same order as the first page of the item lists (/quotes?actor=, /positions?actor=, …),
superseded articles left out; and the quick read handlers run on one thread of their own, or on
the event loop itself for the bounded pages over SQLite."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

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
