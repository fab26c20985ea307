"""The executor interface shared by local processes and Dask, and the worker-local cache.

An executor runs a function over *chunks* of work in other processes and hands the results
back either in chunk order (:meth:`Executor.map_chunks`) or as they finish
(:meth:`Executor.map_chunks_unordered`). Both consume their input lazily and keep at most a
bounded *window* of chunks in flight, so a stream of any length runs in flat memory.

Data every chunk needs (a model, a scenario, settings) is passed once as ``shared``: it is
serialised once in this process, shipped once per worker (Dask) or once per chunk as bytes
(local pool), and deserialised once per worker, never once per chunk or per item. The
function is called as ``fn(shared, chunk)`` (or ``fn(chunk)`` when there is nothing shared).

Per-worker set-up that is expensive (loading a spaCy pipeline, opening a file) goes in an
``initializer`` run once in every worker process, or lazily in :func:`worker_cache`.

>>> from accord.parallel import LocalExecutor
>>> with LocalExecutor(workers=1) as ex:
...     list(ex.map_chunks(sum, [[1, 2], [3, 4], [5]]))
[3, 7, 5]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Protocol, Self, TypeVar, runtime_checkable

T = TypeVar("T")
R = TypeVar("R")

# Chunks in flight per worker: enough to keep every worker busy while results travel back,
# few enough that memory does not grow with the input.
WINDOW_PER_WORKER = 3


@runtime_checkable
class TaskFuture(Protocol):
    """The result of :meth:`Executor.submit`: ``result()`` waits for it (and re-raises)."""

    def result(self, timeout: float | None = None) -> Any:
        """The task's return value (waits; re-raises the task's exception)."""
        ...

    def done(self) -> bool:
        """True once the task has finished (or failed)."""
        ...


class Executor(Protocol):
    """Runs functions in worker processes: local processes or a Dask cluster.

    ``workers`` is the number of worker processes doing the work (1 = run in this process for
    :class:`~accord.parallel.LocalExecutor`). Executors are context managers; ``close()``
    stops whatever the executor started (pool processes, a LocalCluster) and never a cluster
    it merely connected to.
    """

    workers: int
    name: str

    def submit(self, fn: Callable[..., R], /, *args: Any) -> TaskFuture:
        """Run ``fn(*args)`` in a worker; the returned future's ``result()`` waits for it."""
        ...

    def map_chunks(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = None,
        window: int | None = None,
    ) -> Iterator[R]:
        """``fn(shared, chunk)`` (or ``fn(chunk)``) for every chunk, results in chunk order."""
        ...

    def map_chunks_unordered(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = None,
        window: int | None = None,
    ) -> Iterator[tuple[int, R]]:
        """``(index, result)`` pairs as chunks finish (index = the chunk's place in ``chunks``)."""
        ...

    def close(self) -> None:
        """Stop what the executor started; idempotent."""
        ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


#: ``shared`` not given: chunks are called as ``fn(chunk)``.
NOTHING: Any = object()


class ChunkedExecutor:
    """What local processes and Dask do alike: chunk-ordered results from
    :meth:`map_chunks_unordered`, and a context manager that closes the executor."""

    def map_chunks(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = NOTHING,
        window: int | None = None,
    ) -> Iterator[R]:
        """``fn(shared, chunk)`` (``fn(chunk)`` without ``shared``) per chunk, in chunk order."""
        return ordered(self.map_chunks_unordered(fn, chunks, shared=shared, window=window))

    def map_chunks_unordered(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = NOTHING,
        window: int | None = None,
    ) -> Iterator[tuple[int, R]]:
        """``(index, result)`` per chunk as each finishes (each executor's own)."""
        raise NotImplementedError

    def close(self) -> None:
        """Stop what the executor started (each executor's own)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_CACHE: dict[Hashable, Any] = {}
_CACHE_LOCK = threading.Lock()


def worker_cache(key: Hashable, factory: Callable[[], T]) -> T:
    """The value cached under ``key`` in this process, built by ``factory()`` on first use.

    For per-worker state that is costly to build and safe to reuse across chunks, e.g. a spaCy
    pipeline: ``nlp = worker_cache(("spacy", name), lambda: spacy.load(name))``. Works the same
    in local pool workers, Dask worker processes and this process (``workers=1``); a value is
    built once per process even when a Dask worker runs several threads.

    >>> worker_cache(("doc", 1), lambda: [1, 2]) is worker_cache(("doc", 1), lambda: [3])
    True
    """
    try:
        return _CACHE[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = factory()
        return _CACHE[key]  # type: ignore[no-any-return]


def forget_worker_cache(key: Hashable | None = None) -> None:
    """Drop one cached value (or all of them) from this process's :func:`worker_cache`."""
    with _CACHE_LOCK:
        if key is None:
            _CACHE.clear()
        else:
            _CACHE.pop(key, None)


def call_chunk(fn: Callable[..., R], shared: Any, has_shared: bool, chunk: Any) -> R:
    """Call ``fn`` on one chunk, with the shared data first when there is any."""
    return fn(shared, chunk) if has_shared else fn(chunk)


def ordered(pairs: Iterator[tuple[int, R]]) -> Iterator[R]:
    """Re-order ``(index, result)`` pairs (indices 0, 1, 2, … in any order) into index order.

    Only results that arrived ahead of a slower earlier chunk are held, at most a window's worth.

    >>> list(ordered(iter([(1, "b"), (0, "a"), (2, "c")])))
    ['a', 'b', 'c']
    """
    held: dict[int, R] = {}
    nxt = 0
    for index, result in pairs:
        held[index] = result
        while nxt in held:
            yield held.pop(nxt)
            nxt += 1
    if held:  # pragma: no cover - only if a producer skipped an index
        raise RuntimeError(f"missing chunk results before {sorted(held)[0]}")
