"""Where the workbench's quick read handlers run: one worker thread of their own (over
PostgreSQL a few, :data:`PG_READ_THREADS`).

A page handler is Python work between short SQLite calls, and the sqlite3 module lets go of
the GIL around every step of a statement. With several handlers on several threads, each of
those steps handed the GIL to another thread: under 50 concurrent clients the actor page cost
~9 ms of CPU per request on four threads against ~5 ms on one (bench/bench_web.py), for the
same pages and no more throughput (Python runs one thread at a time anyway). The quick reads
(article, search, actor and item pages, cached API answers) therefore queue for one thread,
while slow work (a report, a what-if, the candidate review) keeps the default thread pool, so
it never holds up the pages.

>>> import asyncio, threading
>>> @on_read_thread
... def handler(x: int) -> str:
...     return threading.current_thread().name
>>> asyncio.iscoroutinefunction(handler), handler.__name__
(True, 'handler')
>>> from concurrent.futures import ThreadPoolExecutor
>>> with ThreadPoolExecutor(1) as pool:  # a thread of its own: no event loop runs there yet
...     pool.submit(asyncio.run, handler(1)).result()
'AnyIO worker thread'
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

#: Threads the quick read handlers share (per event loop, i.e. per server process).
READ_THREADS = 1
#: The same over PostgreSQL (:func:`use_read_threads`, set by the workbench at start-up).
#: There every statement is a round trip to a server process that runs beside ours (on the
#: other core): on one thread each page waited for its round trips with nothing else to run.
#: Under 50 clients (bench/bench_web.py --postgres, 10,000 articles, two rounds interleaved
#: at load 1.9-2.5), one thread → four: requests/s article 132-211 → 285-305, search 88-109
#: → 202-213, rare word 41-47 → 90-103, actor 198-257 → 207-335; p95 article 269-419 → 196-227
#: ms, search 489-684 → 254-292 ms, rare word 1,166-1,411 → 515-615 ms. Eight did no better.
PG_READ_THREADS = 4

_P = ParamSpec("_P")
_R = TypeVar("_R")
_LIMITER: RunVar[CapacityLimiter] = RunVar("accord_read_limiter")


def read_limiter() -> CapacityLimiter:
    """The running event loop's limiter for the read handlers (created on first use: a
    limiter belongs to one event loop, and a test client may start a new loop per request)."""
    try:
        return _LIMITER.get()
    except LookupError:
        limiter = CapacityLimiter(READ_THREADS)
        _LIMITER.set(limiter)
        return limiter


def use_read_threads(n: int) -> None:
    """Let ``n`` quick read handlers run at once on the running event loop (call it from the
    loop before the first request, as a server's start-up does); the default is
    :data:`READ_THREADS`."""
    try:
        _LIMITER.get().total_tokens = n
    except LookupError:
        _LIMITER.set(CapacityLimiter(n))


def on_read_thread(fn: Callable[_P, _R]) -> Callable[_P, Awaitable[_R]]:
    """``fn`` (a synchronous handler) as a coroutine that runs it on the read thread.

    The wrapper keeps ``fn``'s signature (``functools.wraps``), so FastAPI reads the same
    parameters from it, and awaits ``fn`` on a worker thread so the event loop stays free to
    accept connections and serve static files meanwhile."""

    @functools.wraps(fn)
    async def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args, **kwargs), limiter=read_limiter()
        )

    return run


def quick_read(inline: bool) -> Callable[[Callable[_P, _R]], Callable[_P, Awaitable[_R]]]:
    """:func:`on_read_thread`, or, when ``inline``, ``fn`` run on the event loop itself.

    For the pages whose reads are bounded index lookups on a local SQLite file (the article
    and actor pages: a few statements with limits, no scan, no network round trip): on the
    read thread each of the sqlite3 module's GIL releases handed the interpreter to the event
    loop and back, which under 50 concurrent clients cost those pages ~1 ms of CPU per
    request; on the loop nothing competes for the GIL. Whatever may take long (a search, which
    can scan the table for a short word; any page over PostgreSQL, where every statement is a
    round trip) keeps the read thread, so it never stalls the other connections.
    """

    def wrap(fn: Callable[_P, _R]) -> Callable[_P, Awaitable[_R]]:
        if not inline:
            return on_read_thread(fn)

        @functools.wraps(fn)
        async def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            return fn(*args, **kwargs)

        return run

    return wrap



#: CPU (seconds) a read run on the event loop by :func:`read_within` may take before its SQLite
#: statement is interrupted and the read runs again on the read thread. A search of the
#: bench corpus costs ~1-2 ms in all; one that scans the table (a word under three characters,
#: an outlet no article has) costs tens of milliseconds, which on the loop would hold up every
#: other connection.
INLINE_BUDGET = 0.004
#: SQLite virtual-machine instructions between two looks at the clock (a look, the thread's
#: CPU time, costs ~0.5 µs; 1,000 instructions take ~10-50 µs).
BUDGET_STEPS = 1000

_inline = threading.local()


def _over_budget() -> int:
    deadline = getattr(_inline, "deadline", None)
    if deadline is None or time.thread_time() <= deadline:
        return 0
    # Noted here: the error SQLite then raises is not always "interrupted" (interrupted while
    # FTS5 reads its own tables, it is "vtable constructor failed").
    _inline.tripped = True
    return 1


def allow_interrupts(dbapi_connection: Any) -> None:
    """Let :func:`read_within` interrupt the statements of this ``sqlite3`` connection (a
    progress handler; without a read under a budget in the thread it does nothing)."""
    dbapi_connection.set_progress_handler(_over_budget, BUDGET_STEPS)


def read_within(
    budget: float | None = None,
) -> Callable[[Callable[_P, _R]], Callable[_P, Awaitable[_R]]]:
    """``fn`` run on the event loop, its SQLite statement interrupted once the read has taken
    ``budget`` seconds of CPU (default :data:`INLINE_BUDGET`), and then run again from the
    start on the read thread (:func:`on_read_thread`).

    For reads that are usually quick but can be slow (a search: FTS5 finds a word's newest
    articles at once, a short word or a rare outlet scans the table): the quick ones are
    answered without the read thread's hand-overs of the GIL (~0.4 ms of CPU per search under
    50 clients, ``bench/bench_web.py``), the slow ones hold the loop up for the budget and one
    SQLite instruction at most (an instruction can be a ``LIKE`` over one text or a call into
    FTS5, which reads a word's index entries in one go). The handler must only read, and its
    connections must :func:`allow_interrupts` (else it is never interrupted).
    """

    def wrap(fn: Callable[_P, _R]) -> Callable[_P, Awaitable[_R]]:
        threaded = on_read_thread(fn)

        @functools.wraps(fn)
        async def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            _inline.deadline = time.thread_time() + (INLINE_BUDGET if budget is None
                                                      else budget)
            _inline.tripped = False
            try:
                result = fn(*args, **kwargs)
                if not _inline.tripped:  # (tripped: an interruption it caught itself)
                    return result
            except Exception:
                if not _inline.tripped:  # an error of the read itself
                    raise
            finally:
                _inline.deadline = None
            return await threaded(*args, **kwargs)

        return run

    return wrap
