"""Benchmark: what hostile model files cost before they are refused, against normal files.

Each figure is one fresh process (wall-clock seconds and peak resident memory), measured in the
same run as its baseline: loading the example model (for the YAML refusals) and a 100-actor
forecast or bargain (for the actor limits). Targets: a 1 kB alias bomb and 20,000-deep nesting
are refused in about the time and memory of loading a normal model (they expanded to 3.75 GB, or
ended in a RecursionError, before the bounded loader); 10,000 actors are refused by eum, smp and
bargain in about the time of a 100-actor run (they were a NumPy ``_ArrayMemoryError`` or ran for
minutes).

Run: .venv/bin/python bench/bench_model_limits.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"

CHILD = """
import json, resource, sys, time
from accord.errors import AccordError
started = time.perf_counter()
outcome = "ok"
try:
    exec(sys.argv[1])
except AccordError as exc:
    outcome = "refused: " + exc.message[:70]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - started, "mb": peak, "outcome": outcome}))
"""


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        lines.append(f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 9)}]")
    return "name: bomb\nparameters:\n" + "\n".join("  " + ln for ln in lines) + "\n"


def model_yaml(n: int) -> str:
    actors = "".join(f"- {{id: a{i}, capability: {1 + i % 7}}}\n" for i in range(n))
    positions = "".join(
        f"- {{actor: a{i}, issue: x, position: {(i * 37) % 101}, salience: {10 + i % 90}}}\n"
        for i in range(n)
    )
    return (
        f"name: crowd\nactors:\n{actors}issues:\n- {{id: x, question: '?', status_quo: 50}}\n"
        f"positions:\n{positions}"
    )


def measure(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, code], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def line(name: str, figure: dict[str, object], base: dict[str, object]) -> str:
    return (
        f"{name}: {figure['seconds']:.2f} s, {figure['mb']:.0f} MB peak "
        f"(baseline {base['seconds']:.2f} s, {base['mb']:.0f} MB) — {figure['outcome']}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "bomb.yaml").write_text(alias_bomb())
        (tmp / "deep.yaml").write_text("name: deep\nparameters: " + "[" * 20_000 + "]" * 20_000)
        (tmp / "small.yaml").write_text(model_yaml(100))
        (tmp / "crowd.yaml").write_text(model_yaml(10_000))
        load = "from accord.model.load import load_model; load_model({!r})"
        base = measure(load.format(str(EXAMPLE)))
        print(
            line("1 kB YAML alias bomb, load", measure(load.format(str(tmp / "bomb.yaml"))), base)
        )
        print(
            line(
                "20,000-deep YAML nesting, load", measure(load.format(str(tmp / "deep.yaml"))), base
            )
        )
        for engine in ("eum", "smp"):
            run = f"import accord; accord.forecast({{!r}}, engine={engine!r})"
            small = measure(run.format(str(tmp / "small.yaml")))
            print(
                line(
                    f"10,000 actors, forecast {engine}",
                    measure(run.format(str(tmp / "crowd.yaml"))),
                    small,
                )
            )
        bargain = "import accord; accord.bargain({!r})"
        small = measure(bargain.format(str(tmp / "small.yaml")))
        print(
            line("10,000 actors, bargain", measure(bargain.format(str(tmp / "crowd.yaml"))), small)
        )


if __name__ == "__main__":
    main()
