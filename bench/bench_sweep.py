"""Benchmark: Monte Carlo sweeps and sensitivity on the example model (settlement track).

Prints one line per figure, each with its baseline measured in the same run:

1. EUM sweep, time per run against one plain forecast of the same model (``run_engine``),
   wall clock and CPU time (CPU is what other work on the machine inflates least);
2. scaling from 1 to 2 workers, local process pool and a Dask LocalCluster (target ≥ 1.7×
   on 2 cores; the 1-worker baseline runs in this process, the 2-worker figures include
   starting the pool / cluster);
   then the same ratio from interleaved slices (1 worker, pool, Dask, repeated; warm workers),
   which shared-machine load distorts less than two long runs minutes apart;
3. Sobol sensitivity (SALib, default sample size) of EUM forecasts: time and model runs;
4. peak memory (RSS summed over the whole process tree: the sweep's process and its two pool
   workers, sampled every 20 ms) of a large compromise sweep streamed into an SQLite file,
   against a sweep a tenth the size: bounded means the two stay close.

Every line ends with the load average (1/5/15 min) when its figure was taken: other work on
the machine depresses the speed-ups, so read them with it.

    python bench/bench_sweep.py                    # 10,000 EUM runs, 100,000-run memory sweep
    python bench/bench_sweep.py --quick            # 1,000 EUM runs, 20,000-run memory sweep
    python bench/bench_sweep.py --runs 2000 --memory-runs 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
TRACK = "settlement"

MEMORY_CHILD = """
import sys, time
from accord import uncertainty
t = time.perf_counter()
r = uncertainty.sweep(sys.argv[1], engine="compromise", runs=int(sys.argv[2]), seed=1,
                      track="settlement", workers=2, db=sys.argv[3], chunk_size=256)
print(time.perf_counter() - t, r.sweep_id)
"""


def load() -> str:
    """The load average now, for the end of a figure's line."""
    one, five, fifteen = os.getloadavg()
    return f"[load {one:.2f}/{five:.2f}/{fifteen:.2f}]"


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in (proc, *proc.children(recursive=True)):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass  # a worker that just exited
    return total


def _peak(runs: int, db: Path) -> tuple[float, float]:
    """Peak RSS (MB) of the sweep's whole process tree, and the sweep's seconds."""
    child = subprocess.Popen(
        [sys.executable, "-c", MEMORY_CHILD, str(MODEL), str(runs), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    proc = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.02)
    out, _ = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"memory sweep failed (exit {child.returncode})")
    return peak / 2**20, float(out.split()[0])


def _interleaved(model: Any, runs: int, pairs: int) -> None:
    """Scaling measured in alternating slices, so load that comes and goes hits both sides.

    Each pair runs the same ``runs`` on 1 worker, then on a warm local pool of 2 and a warm
    Dask LocalCluster of 2 (start-up excluded; the figures above include it).
    """
    from accord.parallel import DaskExecutor, LocalExecutor
    from accord.solve.uncertainty import run_sweep

    local: list[float] = []
    dask_r: list[float] = []
    loads: list[float] = []
    with LocalExecutor(workers=2) as pool, DaskExecutor(None, n_workers=2) as dask:
        run_sweep(model, "eum", runs=8, seed=0, track=TRACK, executor=pool, chunk_size=4)
        run_sweep(model, "eum", runs=8, seed=0, track=TRACK, executor=dask, chunk_size=4)
        for i in range(pairs):
            times = []
            for ex in (None, pool, dask):
                t = time.perf_counter()
                run_sweep(model, "eum", runs=runs, seed=100 + i, track=TRACK, executor=ex)
                times.append(time.perf_counter() - t)
            local.append(times[0] / times[1])
            dask_r.append(times[0] / times[2])
            loads.append(os.getloadavg()[0])

    def med(xs: list[float]) -> str:
        return f"median {statistics.median(xs):.2f}× (range {min(xs):.2f}–{max(xs):.2f})"

    print(
        f"eum sweep scaling, {pairs} interleaved slices of {runs:,} runs (warm workers): local "
        f"pool of 2 {med(local)}, Dask LocalCluster of 2 {med(dask_r)} over 1 worker "
        f"(target ≥ 1.7×; 1-min load during the slices {min(loads):.2f}–{max(loads):.2f}) "
        f"{load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (see the docstring)")
    parser.add_argument("--runs", type=int, default=None, help="EUM runs (default 10,000)")
    parser.add_argument(
        "--memory-runs", type=int, default=None, help="runs of the large memory sweep (100,000)"
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=5,
        help="interleaved 1-vs-2-worker slices of a tenth of the runs (0 = skip)",
    )
    args = parser.parse_args()
    runs = args.runs or (1_000 if args.quick else 10_000)
    big = args.memory_runs or (20_000 if args.quick else 100_000)

    from accord.model import load_model
    from accord.parallel import DaskExecutor, LocalExecutor
    from accord.solve.spatial import get_engine
    from accord.solve.spatial.scenario import run_engine, to_scenario
    from accord.solve.uncertainty import run_sweep
    from accord.uncertainty import sensitivity

    model = load_model(MODEL)
    scenario = to_scenario(model, TRACK)
    eum = get_engine("eum")
    run_engine(eum, scenario)
    reps = 50
    t, c = time.perf_counter(), time.process_time()
    for _ in range(reps):
        run_engine(eum, scenario)
    plain = (time.perf_counter() - t) / reps
    plain_cpu = (time.process_time() - c) / reps

    t, c = time.perf_counter(), time.process_time()
    one = run_sweep(model, "eum", runs=runs, seed=1, track=TRACK)
    t1 = time.perf_counter() - t
    per_run = t1 / runs
    per_run_cpu = (time.process_time() - c) / runs
    print(
        f"eum sweep, {runs:,} runs, 1 worker: {t1:.1f} s = {per_run * 1e3:.1f} ms/run vs one "
        f"plain forecast {plain * 1e3:.1f} ms: {per_run / plain:.2f}× wall; CPU "
        f"{per_run_cpu * 1e3:.1f} vs {plain_cpu * 1e3:.1f} ms: {per_run_cpu / plain_cpu:.2f}× "
        f"({len(one.input_names)} uncertain inputs; the excess is drawing, the zone test and "
        f"red-line checks) {load()}"
    )

    t = time.perf_counter()
    with LocalExecutor(workers=2) as pool:
        two = run_sweep(model, "eum", runs=runs, seed=1, track=TRACK, executor=pool)
    t2 = time.perf_counter() - t
    same = (two.outcomes == one.outcomes).all()
    print(
        f"eum sweep, {runs:,} runs, local pool of 2: {t2:.1f} s, speed-up {t1 / t2:.2f}× over "
        f"1 worker (target ≥ 1.7×); identical results: {bool(same)} {load()}"
    )

    t = time.perf_counter()
    with DaskExecutor(None, n_workers=2) as dask:
        start = time.perf_counter() - t
        three = run_sweep(model, "eum", runs=runs, seed=1, track=TRACK, executor=dask)
    t3 = time.perf_counter() - t
    same = (three.outcomes == one.outcomes).all()
    print(
        f"eum sweep, {runs:,} runs, Dask LocalCluster of 2: {t3:.1f} s (cluster start "
        f"{start:.1f} s), speed-up {t1 / t3:.2f}× over 1 worker; identical results: "
        f"{bool(same)} {load()}"
    )

    if args.pairs:
        _interleaved(model, max(runs // 10, 500), args.pairs)

    t = time.perf_counter()
    sens = sensitivity(MODEL, engine="eum", method="sobol", track=TRACK, workers=2)
    ts = time.perf_counter() - t
    print(
        f"sobol sensitivity (default N=64) of eum, {len(sens.inputs)} inputs: "
        f"{sens.evaluations:,} model runs in {ts:.1f} s on 2 workers = "
        f"{ts / sens.evaluations * 1e3:.1f} ms/run (vs plain forecast {plain * 1e3:.1f} ms) "
        f"{load()}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        small_mb, small_s = _peak(big // 10, Path(tmp) / "small.db")
        big_mb, big_s = _peak(big, Path(tmp) / "big.db")
        size = os.path.getsize(Path(tmp) / "big.db") / 2**20
    print(
        f"peak memory (RSS of the process tree), compromise sweep streamed to SQLite, "
        f"2 workers: {big:,} runs {big_mb:.0f} MB "
        f"({big_s:.0f} s, database {size:.0f} MB) vs {big // 10:,} runs {small_mb:.0f} MB "
        f"({small_s:.0f} s): {big_mb / small_mb:.2f}× for 10× the runs (process tree: the "
        f"sweep and 2 pool workers) {load()}"
    )


if __name__ == "__main__":
    main()
