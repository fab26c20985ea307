"""Where the workbench's quick read handlers run: one worker thread of their own.

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
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

#: Threads the quick read handlers share (per event loop, i.e. per server process).
READ_THREADS = 1

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

