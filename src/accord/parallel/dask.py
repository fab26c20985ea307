"""Dask distributed executor: a scheduler elsewhere (``tcp://host:8786``) or a LocalCluster.

The same interface as :class:`~accord.parallel.LocalExecutor`, for work that outgrows one
machine. Shared data is scattered once to every worker (``broadcast=True``) and every chunk
task refers to it, so it crosses the network once per worker. A per-worker ``initializer``
runs through a :class:`distributed.WorkerPlugin`, on every worker present now and on any that
joins later. Tasks must be module-level functions importable on the workers (accord installed
there).

Starting a LocalCluster takes a few seconds; for small jobs the local process pool is faster.

Dask keeps the last ``distributed.admin.low-level-log-length`` (1,000) messages of every batched
comm for debugging, each message under 1 MB kept whole: the chunks of articles sent to the
workers and the results sent back, so the writer (which hosts a LocalCluster's scheduler) held
up to a thousand chunks it had finished with. The executor lowers that log to
:data:`RECENT_MESSAGES` for the comms and cluster it creates.

A LocalCluster's nanny starts each worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (Dask's
``distributed.nanny.pre-spawn-environ``), so that freed memory goes back to the system at once.
Setting that threshold also turns off glibc's sliding mmap threshold: every allocation of
128 kB or more (spaCy's and NumPy's arrays of a long article) became its own ``mmap``, zeroed
page by page and unmapped on free. Extraction in such a worker took ten times the page faults
of the same work in one process (5,750 against 540 per article) and seven times the system
time (10.3–10.7 against 1.2–1.5 ms per article). The workers of the LocalCluster this executor
starts run with glibc's defaults, like the local path (:data:`WORKER_ENVIRON_DROPPED`); workers
started elsewhere (``dask worker``) take their environment from their own configuration
(README).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import dask.config
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from accord.errors import AccordError
from accord.parallel.base import (
    NOTHING,
    WINDOW_PER_WORKER,
    ChunkedExecutor,
    TaskFuture,
    call_chunk,
)

R = TypeVar("R")


#: Messages each Dask comm keeps for debugging (Dask's default 1,000 held chunks of articles).
RECENT_MESSAGES = 16

#: Variables the LocalCluster's nannies would set in their workers' environment that this
#: executor leaves out: the allocator's trim threshold (see the module's docstring).
WORKER_ENVIRON_DROPPED = ("MALLOC_TRIM_THRESHOLD_",)


def _cluster_config() -> dict[str, Any]:
    """Dask settings for the comms and the LocalCluster this executor creates."""
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    for name in WORKER_ENVIRON_DROPPED:
        environ.pop(name, None)
    return {
        "distributed.admin.low-level-log-length": RECENT_MESSAGES,
        "distributed.nanny.pre-spawn-environ": environ,
    }


class _Initializer(WorkerPlugin):
    """A Dask worker plugin that calls ``initializer(*initargs)`` once per worker process."""

    def __init__(self, initializer: Callable[..., object], initargs: tuple[Any, ...]) -> None:
        self.initializer = initializer
        self.initargs = initargs

    def setup(self, worker: Any) -> None:
        self.initializer(*self.initargs)

    def teardown(self, worker: Any) -> None:
        return None


class DaskExecutor(ChunkedExecutor):
    """Run chunks on a Dask cluster: the scheduler at ``address``, or a new LocalCluster.

    Args:
        address: scheduler address (``tcp://host:8786``); ``None`` starts a LocalCluster of
            ``n_workers`` worker processes with one thread each, closed again by :meth:`close`.
        n_workers: worker processes of the LocalCluster (``None`` = every CPU).
        initializer, initargs: run once in every worker process (see
            :class:`~accord.parallel.LocalExecutor`).
        timeout: seconds to wait for the scheduler to answer.

    ``workers`` is the number of threads the cluster offers when the executor starts (one per
    worker process for a LocalCluster): the parallelism the window of chunks is sized for.
    """

    name = "dask"

    def __init__(
        self,
        address: str | None = None,
        *,
        n_workers: int | None = None,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
        timeout: float = 20.0,
    ) -> None:
        self.address = address
        self._cluster: Any = None
        # Comms and the scheduler read the log length, and the nannies the workers'
        # environment, when they are created: every one this executor creates is created
        # inside this block (a LocalCluster waits for its workers).
        with dask.config.set(_cluster_config()):
            self._connect(address, n_workers, timeout)
        if initializer is not None:
            self._client.register_plugin(
                _Initializer(initializer, initargs), name=f"accord-init-{uuid.uuid4().hex}"
            )
        threads = self._client.nthreads()
        self.workers: int = max(1, sum(threads.values()))

    def _connect(self, address: str | None, n_workers: int | None, timeout: float) -> None:
        """Start a LocalCluster and its client, or connect a client to ``address``."""
        if address is None:
            n = (os.cpu_count() or 1) if n_workers is None else n_workers
            if n < 1:
                raise ValueError(f"n_workers must be at least 1, not {n}")
            self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never clash with another cluster
                silence_logs=logging.WARNING,
            )
            self._client: Any = Client(self._cluster, timeout=timeout)  # type: ignore[no-untyped-call]
        else:
            try:
                self._client = Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as exc:
                raise AccordError(
                    f"cannot reach the Dask scheduler at {address}: {exc}", field="dask"
                ) from exc

    def __repr__(self) -> str:
        where = self.address or f"LocalCluster({self.workers})"
        return f"DaskExecutor({where})"

    @property
    def client(self) -> Any:
        """The :class:`distributed.Client` (for Dask collections and diagnostics)."""
        return self._client

    def close(self) -> None:
        """Close the client, and the LocalCluster if this executor started one."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def submit(self, fn: Callable[..., R], /, *args: Any) -> TaskFuture:
        """Run ``fn(*args)`` on a worker; a Dask future (``result()`` waits)."""
        future: TaskFuture = self._client.submit(fn, *args, pure=False)
        return future

    def map_chunks_unordered(
        self,
        fn: Callable[..., R],
        chunks: Iterable[Any],
        *,
        shared: Any = NOTHING,
        window: int | None = None,
    ) -> Iterator[tuple[int, R]]:
        """``(index, result)`` per chunk as each finishes; at most ``window`` chunks in flight."""
        client = self._client
        has_shared = shared is not NOTHING
        limit = window or WINDOW_PER_WORKER * self.workers
        # A list of one, so that a dict or list is scattered as one object, not per element.
        shared_ref = client.scatter([shared], broadcast=True, hash=False)[0] if has_shared else None
        tag = f"{getattr(fn, '__name__', 'chunk')}-{uuid.uuid4().hex[:12]}"
        index: dict[str, tuple[int, Any]] = {}
        source = enumerate(chunks)
        pending = as_completed()  # type: ignore[no-untyped-call]
        try:
            for _ in range(limit):
                if not self._send(client, fn, shared_ref, has_shared, source, tag, index, pending):
                    break
            for future in pending:
                i, _ = index.pop(future.key)
                result: R = future.result()
                future.release()
                yield i, result
                self._send(client, fn, shared_ref, has_shared, source, tag, index, pending)
        finally:
            if index:
                client.cancel([f for _, f in index.values()], force=True)
            if shared_ref is not None:
                shared_ref.release()

    @staticmethod
    def _send(
        client: Any,
        fn: Callable[..., Any],
        shared_ref: Any,
        has_shared: bool,
        source: Iterator[tuple[int, Any]],
        tag: str,
        index: dict[str, tuple[int, Any]],
        pending: Any,
    ) -> bool:
        try:
            i, chunk = next(source)
        except StopIteration:
            return False
        key = f"{tag}-{i}"
        future = client.submit(call_chunk, fn, shared_ref, has_shared, chunk, key=key, pure=False)
        index[key] = (i, future)
        pending.add(future)
        return True
