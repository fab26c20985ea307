"""accord.parallel: run work in chunks on local processes or a Dask cluster.

One interface (:class:`Executor`) with two implementations: :class:`LocalExecutor` (a local
process pool, or this process alone for ``workers=1``; the default) and :class:`DaskExecutor`
(a Dask distributed scheduler, or a LocalCluster it starts). :func:`get_executor` builds one
from what a user types (``--workers N`` / ``--dask ADDRESS``).

Work goes out in chunks and results come back in chunk order (``map_chunks``) or as they
finish (``map_chunks_unordered``); data every chunk needs travels once as ``shared``; per-worker
set-up goes in an ``initializer`` or :func:`worker_cache`.

>>> with get_executor(None, workers=1) as ex:
...     [r for r in ex.map_chunks(len, ["ab", "cde"])]
[2, 3]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from accord.errors import AccordError
from accord.parallel.base import (
    Executor,
    TaskFuture,
    forget_worker_cache,
    ordered,
    worker_cache,
)
from accord.parallel.local import LocalExecutor

if TYPE_CHECKING:
    from accord.parallel.dask import DaskExecutor


def __getattr__(name: str) -> Any:
    # Dask is imported only when a Dask executor is asked for (it costs about a second).
    if name == "DaskExecutor":
        return importlib.import_module("accord.parallel.dask").DaskExecutor
    raise AttributeError(f"module 'accord.parallel' has no attribute {name!r}")


def get_executor(
    spec: str | None = None,
    workers: int | None = None,
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Executor:
    """The executor a user asked for.

    Args:
        spec: ``None`` (or ``"processes"``) for local processes; ``"local"`` or ``"local:N"``
            for a Dask LocalCluster of N worker processes (N = ``workers``, else every CPU),
            closed with the executor; anything else is a Dask scheduler address
            (``tcp://host:8786``, ``tls://…``, ``host:8786``).
        workers: local worker processes (``None`` = every CPU, 1 = this process); with
            ``"local"`` the LocalCluster's size. Not allowed with a scheduler address (the
            cluster decides).
        initializer, initargs: per-worker set-up, run once in every worker process.

    >>> get_executor("local:0")
    Traceback (most recent call last):
    ...
    accord.errors.AccordError: dask: 'local:0': a LocalCluster needs at least 1 worker
    """
    if workers is not None and workers < 1:
        raise AccordError(f"must be at least 1, not {workers}", field="workers")
    if spec is None or spec.strip() in ("", "processes"):
        return LocalExecutor(workers, initializer=initializer, initargs=initargs)
    spec = spec.strip()
    if spec == "local" or spec.startswith("local:"):
        n = workers
        if spec.startswith("local:"):
            text = spec.partition(":")[2]
            try:
                n = int(text)
            except ValueError:
                raise AccordError(
                    f"{spec!r}: expected local:N with N a number of workers", field="dask"
                ) from None
            if n < 1:
                raise AccordError(f"{spec!r}: a LocalCluster needs at least 1 worker", field="dask")
            if workers is not None and workers != n:
                raise AccordError(
                    f"{spec!r} asks for {n} workers but workers={workers}; give one of them",
                    field="dask",
                )
        from accord.parallel.dask import DaskExecutor

        return DaskExecutor(None, n_workers=n, initializer=initializer, initargs=initargs)
    if workers is not None:
        raise AccordError(
            "the worker count of a Dask cluster is the cluster's; drop --workers", field="workers"
        )
    address = spec if "://" in spec else f"tcp://{spec}"
    from accord.parallel.dask import DaskExecutor

    return DaskExecutor(address, initializer=initializer, initargs=initargs)


__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "TaskFuture",
    "forget_worker_cache",
    "get_executor",
    "ordered",
    "worker_cache",
]
