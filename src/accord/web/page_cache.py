"""A cache of rendered read pages (article, search, actor and item lists), correct under writes.

A page is stored under its path and query string *and* the data state it was rendered from:

* the database's ``PRAGMA data_version``, read on a connection of the cache's own that never
  writes, so the value changes whenever any connection of any process commits to the file
  (the workbench's own pool included; values of one connection are comparable only with
  themselves, hence the dedicated connection);
* the actor registry file's signature (mtime, size, inode: the actor page shows the registry);
* a generation the workbench bumps after its own writes (candidate review), so a write that
  lands within the file's clock tick is not missed.

The state is read *before* the page is rendered, so an entry never holds data older than its
key (a commit in between gives newer data under the older key, and the next request reads the
new state and misses). Over PostgreSQL the database's part of the state is the cluster's
current snapshot (``pg_current_snapshot()``: the next transaction id and those in progress),
read on an autocommit connection of the cache's own (:class:`PostgresSnapshot`). It is what
decides which commits a statement sees, so equal snapshots see equal data; any transaction
that writes takes an id, and its start and its end each change the snapshot, which never
returns to an earlier value; reads take no id and change nothing. (A write in another database
of the same cluster changes it too: a needless miss, never a stale page.) A change counter
kept by triggers would serialize every writer on one row; the WAL position moves before a
commit becomes visible, which leaves a window for a stale page.

Responses carry a strong ``ETag`` (a digest of the body) and ``Cache-Control: no-cache``; an
``If-None-Match`` that names the cached entry's tag is answered 304 without rendering. A digest
of the body, not of the state, because data versions are per connection: the tag stays valid
across server processes (``--workers``) and restarts, and never matches different bytes.

The cache holds at most ``max_entries`` pages and ``max_bytes`` of bodies, least recently used
out first. A body that contains the requesting session's CSRF token is never stored (no cached
page template has a form; this keeps a future one from sharing a token between browsers).

>>> cache = PageCache(max_entries=2, max_bytes=10)
>>> for k in "abc":
...     cache.put((k, 1), CachedPage(b"12345", "text/html", '"x"'))
>>> [k for k, _ in cache.keys()], cache.size_bytes
(['b', 'c'], 10)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

# Light at import: `accord serve` reads the defaults below before it loads the web stack.
if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

#: Defaults of ``accord serve --page-cache-mb`` / ``--page-cache-entries``: a page of the
#: 10,000-article bench corpus is 14-51 kB, so 64 MB holds ~1,300-4,500 of them.
DEFAULT_MB = 64.0
DEFAULT_ENTRIES = 5000

_P = ParamSpec("_P")


@dataclass(frozen=True)
class CachedPage:
    """What is served again: the body, its media type and its ETag; ``size`` is what it
    counts against the byte limit (the body, plus its URL when the cache is told)."""

    body: bytes
    media_type: str
    etag: str
    key_bytes: int = 0

    @property
    def size(self) -> int:
        """Bytes counted against the cache's limit."""
        return len(self.body) + self.key_bytes


def etag_of(body: bytes) -> str:
    """A strong entity tag for ``body`` (a digest: equal tags mean equal bytes)."""
    import hashlib

    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


class PageCache:
    """A thread-safe LRU of rendered pages bounded by entries and bytes."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES,
                 max_bytes: int = int(DEFAULT_MB * 1024 * 1024)) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size_bytes = 0
        self.hits = self.misses = 0
        self._pages: OrderedDict[Hashable, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False when either limit is zero (the cache is off)."""
        return self.max_entries > 0 and self.max_bytes > 0

    def get(self, key: Hashable) -> CachedPage | None:
        """The page stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, page: CachedPage) -> None:
        """Store ``page`` under ``key``, evicting the least recently used beyond the limits
        (a page larger than the byte limit is not stored)."""
        size = page.size
        if not self.enabled or size > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.size_bytes -= old.size
            self._pages[key] = page
            self.size_bytes += size
            while len(self._pages) > self.max_entries or self.size_bytes > self.max_bytes:
                _, out = self._pages.popitem(last=False)
                self.size_bytes -= out.size

    def clear(self) -> None:
        """Drop every page."""
        with self._lock:
            self._pages.clear()
            self.size_bytes = 0

    def keys(self) -> list[Hashable]:
        """The stored keys, least recently used first."""
        with self._lock:
            return list(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


class SqliteDataVersion:
    """``PRAGMA data_version`` of an SQLite file, on a read-only connection of its own."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        # Autocommit (no transaction held open: the value is read afresh at each call) and
        # read-only (this connection never commits, so every commit is someone else's).
        self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()

    def __call__(self) -> int:
        """The current version (changes when any other connection has committed)."""
        with self._lock:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


class PostgresSnapshot:
    """``pg_current_snapshot()`` of a PostgreSQL cluster as text, on an autocommit connection
    of its own (each call a transaction of its own, so the value is read afresh); None when
    the database cannot tell just now (the connection is then opened again at the next
    call)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._conn: Any = None
        self._lock = threading.Lock()

    def __call__(self) -> str | None:
        """The current snapshot (changes when a transaction that writes starts or ends)."""
        import psycopg

        with self._lock:
            try:
                if self._conn is None:
                    raw = self._engine.raw_connection()
                    conn = raw.driver_connection
                    raw.detach()  # the cache's own: never handed back to the pool
                    conn.autocommit = True
                    self._conn = conn
                row = self._conn.execute("SELECT pg_current_snapshot()::text").fetchone()
            except psycopg.Error:
                self.close()
                return None
        return str(row[0])

    def close(self) -> None:
        """Close the connection (a later call opens another)."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


def cached_page(
    wb: Any, state: Callable[[], Hashable | None] | None, *, blocking: bool = False
) -> Callable[[Callable[_P, Awaitable[Response]]], Callable[_P, Awaitable[Response]]]:
    """Serve the wrapped (async) page handler's responses from ``wb.page_cache``.

    ``state`` returns the data state the page depends on (``state`` None: caching is
    impossible for this database; a call returning None: not now), and without one the
    handler runs and nothing is stored; ``blocking``: reading it waits on the network (a
    PostgreSQL round trip), so it is read on the read thread, not on the event loop. The
    handler must take ``request``. Only 200 answers are stored; errors (404, 422) are
    rendered each time."""
    import functools

    def wrap(fn: Callable[_P, Awaitable[Response]]) -> Callable[_P, Awaitable[Response]]:
        if state is None:
            return fn

        @functools.wraps(fn)
        async def run(*args: _P.args, **kwargs: _P.kwargs) -> Response:
            cache: PageCache = wb.page_cache
            if not cache.enabled:
                return await fn(*args, **kwargs)
            request: Request = kwargs["request"]  # type: ignore[assignment]
            if blocking:
                import anyio.to_thread

                from accord.web.read_thread import read_limiter

                now = await anyio.to_thread.run_sync(state, limiter=read_limiter())
            else:
                now = state()
            if now is None:  # no state to key on just now: render, store nothing
                return await fn(*args, **kwargs)
            path, query = request.url.path, request.scope.get("query_string", b"")
            key = (path, query, now)
            found = cache.get(key)
            if found is None:
                response = await fn(*args, **kwargs)
                if response.status_code != 200:
                    return response
                body = bytes(response.body)
                session = getattr(request.state, "session", "")
                if wb.tokens.token(session).encode() in body:
                    return response  # per-browser content: never shared
                # The URL counts too: unknown query parameters make distinct keys, and a
                # long query string must not let the keys outgrow the byte limit.
                found = CachedPage(body, response.headers["content-type"], etag_of(body),
                                   len(path) + len(query))
                cache.put(key, found)
            return _answer(request, found)

        return run

    return wrap


def _answer(request: Request, page: CachedPage) -> Response:
    from starlette.responses import Response

    headers = {"ETag": page.etag, "Cache-Control": "no-cache"}
    match = request.headers.get("if-none-match")
    if match is not None and page.etag in {t.strip().removeprefix("W/") for t in
                                           match.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(page.body, headers={**headers, "Content-Type": page.media_type})
