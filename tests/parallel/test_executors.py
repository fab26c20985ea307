"""Executors: local (this process, a process pool) and a real Dask LocalCluster give the same
results, in chunk order or as they finish, with shared data, initializers and errors."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from accord.errors import AccordError
from accord.parallel import DaskExecutor, LocalExecutor, get_executor, worker_cache


def scaled(shared: dict[str, float], chunk: tuple[int, int]) -> np.ndarray:
    start, stop = chunk
    return np.arange(start, stop, dtype=np.float64) * shared["factor"]


def slow_first(chunk: int) -> tuple[int, int]:
    if chunk == 0:
        time.sleep(0.4)
    return chunk, os.getpid()


def fails_on_three(chunk: int) -> int:
    if chunk == 3:
        raise ValueError("chunk three is bad")
    return chunk


_INIT: list[str] = []


def remember(tag: str) -> None:
    _INIT.append(tag)


def initialised(chunk: int) -> tuple[list[str], int]:
    calls = worker_cache("calls", lambda: [0])
    calls[0] += 1
    return list(_INIT), os.getpid()


CHUNKS = [(0, 5), (5, 9), (9, 20), (20, 21)]
EXPECTED = np.arange(21, dtype=np.float64) * 2.5


@pytest.fixture(scope="module")
def pool() -> LocalExecutor:
    with LocalExecutor(workers=2) as ex:
        yield ex


def test_same_results_in_chunk_order_everywhere(pool: LocalExecutor, dask_executor) -> None:
    with LocalExecutor(workers=1) as one:
        for ex in (one, pool, dask_executor):
            got = list(ex.map_chunks(scaled, CHUNKS, shared={"factor": 2.5}))
            np.testing.assert_array_equal(np.concatenate(got), EXPECTED)


@pytest.mark.parametrize("which", ["pool", "dask"])
def test_unordered_yields_as_finished_and_ordered_waits(which: str, pool, dask_executor) -> None:
    ex = pool if which == "pool" else dask_executor
    unordered = list(ex.map_chunks_unordered(slow_first, range(4), window=4))
    assert sorted(i for i, _ in unordered) == [0, 1, 2, 3]
    assert unordered[0][0] != 0  # a fast chunk overtakes the slow first one
    assert [r[0] for r in ex.map_chunks(slow_first, range(4), window=4)] == [0, 1, 2, 3]
    assert len({pid for _, (_, pid) in unordered}) == 2  # both workers took part


@pytest.mark.parametrize("which", ["pool", "dask"])
def test_a_failing_chunk_raises_its_error(which: str, pool, dask_executor) -> None:
    ex = pool if which == "pool" else dask_executor
    with pytest.raises(ValueError, match="chunk three is bad"):
        list(ex.map_chunks(fails_on_three, range(8), window=2))
    # the executor is still usable afterwards
    assert list(ex.map_chunks(fails_on_three, range(3))) == [0, 1, 2]


def test_submit_returns_futures(pool: LocalExecutor, dask_executor) -> None:
    with LocalExecutor(workers=1) as one:
        for ex in (one, pool, dask_executor):
            assert ex.submit(pow, 2, 10).result() == 1024
        with pytest.raises(ValueError):
            one.submit(fails_on_three, 3).result()


def test_initializer_runs_once_per_worker_process() -> None:
    with LocalExecutor(workers=2, initializer=remember, initargs=("spacy",)) as ex:
        seen = list(ex.map_chunks(initialised, range(6), window=6))
    assert all(tags == ["spacy"] for tags, _ in seen)
    assert len({pid for _, pid in seen}) <= 2 and os.getpid() not in {pid for _, pid in seen}


def test_initializer_on_dask_workers(dask_executor: DaskExecutor) -> None:
    # The plugin DaskExecutor(initializer=...) registers, on the session's cluster.
    from accord.parallel.dask import _Initializer

    dask_executor.client.register_plugin(_Initializer(remember, ("nlp",)), name="test-init")
    seen = list(dask_executor.map_chunks(initialised, range(4)))
    assert all(tags == ["nlp"] for tags, _ in seen)
    assert dask_executor.workers == 2


def test_get_executor_specs() -> None:
    assert isinstance(get_executor(None, 1), LocalExecutor)
    assert get_executor("processes", 3).workers == 3
    for bad, message in [
        ("local:x", "expected local:N"),
        ("local:0", "at least 1 worker"),
    ]:
        with pytest.raises(AccordError, match=message):
            get_executor(bad)
    with pytest.raises(AccordError, match="asks for 2 workers"):
        get_executor("local:2", 3)
    with pytest.raises(AccordError, match="drop --workers"):
        get_executor("tcp://127.0.0.1:1", 2)
    with pytest.raises(AccordError, match="must be at least 1"):
        get_executor(None, 0)


def test_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(AccordError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1)


def echo_length(chunk: str) -> str:
    return chunk + "!"


def test_dask_comms_keep_only_recent_messages(dask_executor: DaskExecutor) -> None:
    # Dask keeps the last 1,000 messages under 1 MB of every batched comm whole: chunks of
    # articles going out and results coming back would stay in the writer after use.
    import dask.config

    from accord.parallel.dask import RECENT_MESSAGES

    chunks = [f"{i:03d}" + "x" * 50_000 for i in range(3 * RECENT_MESSAGES)]
    assert list(dask_executor.map_chunks(echo_length, chunks)) == [c + "!" for c in chunks]
    client_log = dask_executor.client.scheduler_comm.recent_message_log
    scheduler = dask_executor._cluster.scheduler
    scheduler_log = scheduler.client_comms[dask_executor.client.id].recent_message_log
    for log in (client_log, scheduler_log):
        assert log.maxlen == RECENT_MESSAGES
        assert len(log) <= RECENT_MESSAGES
    assert scheduler.transition_log.maxlen == RECENT_MESSAGES
    # The setting is the executor's own: the process's Dask configuration is left as it was.
    assert dask.config.get("distributed.admin.low-level-log-length") == 1000


def worker_environ() -> dict[str, str | None]:
    import os

    return {name: os.environ.get(name) for name in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")}


def test_local_cluster_workers_keep_the_default_allocator(dask_executor: DaskExecutor) -> None:
    # Dask's nannies set MALLOC_TRIM_THRESHOLD_, which sends every array of 128 kB or more
    # through mmap (ten times the page faults of the local path in extraction); the executor's
    # own workers run without it, and keep Dask's other settings (one BLAS thread per worker).
    import dask.config

    seen = dask_executor.client.run(worker_environ)
    assert seen and all(
        env == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1"} for env in seen.values()
    )
    # The setting is the executor's own: the process's Dask configuration is left as it was.
    assert dask.config.get("distributed.nanny.pre-spawn-environ")["MALLOC_TRIM_THRESHOLD_"] == 65536


WORKERS_ENVIRON = """
import json
import os
from distributed import Client, LocalCluster
def worker_environ():
    return {name: os.environ.get(name) for name in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")}
if __name__ == "__main__":
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            print(json.dumps(list(client.run(worker_environ).values())))
"""


def test_readme_worker_configuration_keeps_the_default_allocator(tmp_path: Path) -> None:
    # The README's recipe for workers started elsewhere: with its Dask configuration file in
    # the folder DASK_CONFIG names, a nanny (plain Dask, not accord's executor) starts its
    # worker without the trim threshold.
    import json
    import os
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    blocks = [
        b
        for b in re.findall(r"^```yaml\n(.*?)^```", readme, re.M | re.S)
        if "pre-spawn-environ" in b
    ]
    assert len(blocks) == 1
    (tmp_path / "accord.yaml").write_text(blocks[0], encoding="utf-8")
    script = tmp_path / "workers_environ.py"
    script.write_text(WORKERS_ENVIRON, encoding="utf-8")
    env = {**os.environ, "DASK_CONFIG": str(tmp_path)}
    env.pop("MALLOC_TRIM_THRESHOLD_", None)  # set by any nanny started in this process
    done = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == [{"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1"}]
