"""Benchmark: whole-process time of small CLI runs against the bare interpreter.

Each figure is the median wall-clock time of N fresh processes, measured in the same run as the
baseline ``python -c pass``; the figure that matters is the difference (what accord adds on top
of starting Python). Target: ≤ 0.35 s over the bare interpreter for ``accord power`` on a
15-player game and ``accord forecast`` on the EU emissions file; ``accord --help`` is shown too.
Runs are interleaved (one of each per repetition) so load on a shared machine hits all alike.
Each line also gives the median CPU time (user + system) of the process, which load on a shared
machine inflates far less than wall-clock time, and the load average is printed before and after.
Processes run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed), as an installed
package runs.

Run: .venv/bin/python bench/bench_startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EU = ROOT.parent / "shared" / "fixtures" / "bdm" / "eu_emissions.csv"
SCRIPT = Path(sys.executable).with_name("accord")  # the console script users run
ACCORD = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "accord.cli"]

CASES = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "accord --help": [*ACCORD, "--help"],
    "accord power, 15 players (UN Security Council)": [
        *ACCORD, "power", "--quota", "39", "--weights", "7,7,7,7,7,1,1,1,1,1,1,1,1,1,1",
    ],
    "accord forecast eu_emissions.csv (compromise)": [*ACCORD, "forecast", str(EU)],
    "accord forecast eu_emissions.csv --engine eum": [
        *ACCORD, "forecast", str(EU), "--engine", "eum",
    ],
}
TARGET = 0.35
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process (output discarded; failure is an
    error)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, usage.ru_utime + usage.ru_stime


def load() -> str:
    """The 1-minute load average and the number of CPUs."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="processes per case")
    args = parser.parse_args()
    for cmd in CASES.values():  # warm the file cache and bytecode once
        run_once(cmd)
    print(f"before: {load()}")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    for _ in range(args.repeat):
        for name, cmd in CASES.items():
            times[name].append(run_once(cmd))
    base = statistics.median(w for w, _ in times["python -c pass (baseline)"])
    base_cpu = statistics.median(c for _, c in times["python -c pass (baseline)"])
    print(f"python -c pass (baseline): median {base * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms "
          f"CPU over {args.repeat} runs")
    for name, values in times.items():
        if name.endswith("(baseline)"):
            continue
        med = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        over, over_cpu = med - base, cpu - base_cpu
        verdict = "" if name == "accord --help" else (
            f" (target ≤ {TARGET:.2f} s: wall {'met' if over <= TARGET else 'NOT met'}, "
            f"CPU {'met' if over_cpu <= TARGET else 'NOT met'})")
        print(f"{name}: median {med * 1000:.0f} ms wall ({over * 1000:+.0f} ms over the bare "
              f"interpreter), {cpu * 1000:.0f} ms CPU ({over_cpu * 1000:+.0f} ms){verdict}")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
