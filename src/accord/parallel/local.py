"""Local executor: a pool of worker processes on this machine (or this process alone).

``workers=1`` runs every chunk in this process, with no pool and no pickling at all: the
baseline every parallel run is compared with, and the cheapest choice for small jobs.
``workers>1`` starts a :class:`concurrent.futures.ProcessPoolExecutor` on first use. Its
processes are started by the ``forkserver`` method by default: forking a process that already
runs threads (a Dask client, a web server, a database driver) can deadlock the child, and a
fork server is started before any of them.

>>> with LocalExecutor(workers=1) as ex:
...     list(ex.map_chunks(pow, [2, 3], shared=10))   # pow(10, chunk)
[100, 1000]
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from accord.parallel.base import (
    NOTHING,
    WINDOW_PER_WORKER,
    ChunkedExecutor,
    TaskFuture,
    call_chunk,
)

R = TypeVar("R")


FORKSERVER_PRELOAD = ["accord.parallel.local", "numpy"]


class LocalExecutor(ChunkedExecutor):
    """Run chunks in ``workers`` local processes (``None`` = every CPU, ``1`` = this process).

    Args:
        workers: number of worker processes; 1 runs everything in this process.
        initializer: called as ``initializer(*initargs)`` once in every worker process before
            its first chunk (in this process before the first chunk when ``workers=1``), e.g.
            to load a spaCy pipeline into :func:`~accord.parallel.worker_cache`.
        initargs: arguments for ``initializer``.
        start_method: how pool processes start: "forkserver" (default where available),
            "spawn" or "fork".
    """

    name = "local"

    def __init__(
        self,
        workers: int | None = None,
        *,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        start_method: str | None = None,
    ) -> None:
        n = (os.cpu_count() or 1) if workers is None else workers
        if n < 1:
            raise ValueError(f"workers must be at least 1, not {n}")
        self.workers: int = n
        self.initializer = initializer
        self.initargs = initargs
        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self._pool: ProcessPoolExecutor | None = None
        self._initialised = False

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self.workers})"

    def close(self) -> None:
        """Shut the pool down (waits for running chunks; cancels queued ones)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _in_process(self) -> bool:
        if self.workers == 1:
            if not self._initialised and self.initializer is not None:
                self.initializer(*self.initargs)
            self._initialised = True
            return True
        return False

    def _get_pool(self, fn: Callable[..., Any] | None = None) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            if self.start_method == "forkserver":
                # The fork server (one per process, started on first use) imports these once;
                # every worker forked from it then starts with them loaded. With the module of
                # the first task's function among them, workers do not each spend seconds
                # importing it (SciPy, pydantic…) before their first chunk.
                preload = list(FORKSERVER_PRELOAD)
                module = getattr(fn, "__module__", None)
                if module and module != "__main__" and module not in preload:
                    preload.append(module)
                context.set_forkserver_preload(preload)
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=self.initializer,
                initargs=self.initargs,
            )
        return self._pool

    def submit(self, fn: Callable[..., R], /, *args: Any) -> TaskFuture:
        """Run ``fn(*args)`` in a worker process (here, at once, when ``workers=1``)."""
        if self._in_process():
            future: Future[R] = Future()
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller via result()
                future.set_exception(exc)
            return future
        return self._get_pool(fn).submit(fn, *args)

    def map_chunks_unordered(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = NOTHING,
        window: int | None = None,
    ) -> Iterator[tuple[int, R]]:
        """``(index, result)`` per chunk as each finishes; at most ``window`` chunks in flight."""
        has_shared = shared is not NOTHING
        if self._in_process():
            return (
                (i, call_chunk(fn, shared if has_shared else None, has_shared, c))
                for i, c in enumerate(chunks)
            )
        return self._pooled(fn, chunks, shared, has_shared, window)

    def _pooled(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        shared: Any,
        has_shared: bool,
        window: int | None,
    ) -> Iterator[tuple[int, R]]:
        pool = self._get_pool(fn)
        limit = window or WINDOW_PER_WORKER * self.workers
        # Shared data is pickled once here; each worker unpickles it once (cached by token).
        payload = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL) if has_shared else b""
        token = hashlib.blake2b(payload, digest_size=16).hexdigest() if has_shared else ""
        in_flight: dict[Future[R], int] = {}
        queue: deque[tuple[int, R]] = deque()
        source = enumerate(chunks)
        exhausted = False
        try:
            while True:
                while not exhausted and len(in_flight) < limit:
                    try:
                        i, chunk = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    f = pool.submit(_run_chunk, fn, token, payload, has_shared, chunk)
                    in_flight[f] = i
                if not in_flight:
                    return
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for f in done:
                    queue.append((in_flight.pop(f), f.result()))
                while queue:
                    yield queue.popleft()
        finally:
            for f in in_flight:
                f.cancel()


# Worker side: the last few shared payloads, unpickled once per process.
_SHARED: dict[str, Any] = {}
_SHARED_KEEP = 4


def _run_chunk(fn: Callable[..., R], token: str, payload: bytes, has_shared: bool, chunk: Any) -> R:
    shared = None
    if has_shared:
        if token not in _SHARED:
            while len(_SHARED) >= _SHARED_KEEP:
                _SHARED.pop(next(iter(_SHARED)))
            _SHARED[token] = pickle.loads(payload)
        shared = _SHARED[token]
    return call_chunk(fn, shared, has_shared, chunk)
