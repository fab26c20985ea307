"""Benchmark: accord's vectorised SMP against a straightforward per-actor-loop turn.

For synthetic scenarios (KTAB-like random actors: capability 10–200, total salience 0.75–0.99)
of 10, 100 and 1,000 actors on 1, 3 and 10 dimensions it prints one line per figure:

* ``turn``: one SMP turn (assess the state, challenges, bargains, PCE choice, assess the new
  state) by ``SpatialModelOfPolitics(max_turns=1)`` versus the same turn written as plain Python
  loops over actors, pairs and third parties (KTAB's own structure), measured in the same run;
  the loop turn is checked to give the same new positions;
* ``run``: a whole run to convergence (turns, seconds per turn), no baseline (the loop version
  would take hours at 100 actors).

At 1,000 actors the loop baseline would take about 10^9 interpreted steps per turn, so the
``turn`` line instead compares with one NumPy pass over n³ float64s (an elementwise add in
cache-sized blocks, the unit the O(n³) kernels are made of), measured in the same run, and
reports the turn's peak traced memory (tracemalloc); the ``run`` line follows.
Usage: ``.venv/bin/python bench/bench_smp.py [--quick]`` (``--quick``: 10 and 100 actors only).
"""

from __future__ import annotations

import math
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.smp import SpatialModelOfPolitics

FloatArray = np.ndarray


def synthetic(n: int, d: int, seed: int = 0) -> SpatialScenario:
    """Random actors drawn like KTAB's SMPActor::randomize."""
    rng = np.random.default_rng(seed)
    sal = rng.uniform(0.1, 1.0, (n, d))
    sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(0.75, 0.99, (n, 1))
    return SpatialScenario(
        actors=tuple(f"A{i:04d}" for i in range(n)),
        dimensions=tuple(f"D{k}" for k in range(d)),
        capability=rng.uniform(10.0, 200.0, n),
        position=np.round(rng.uniform(0.0, 100.0, (n, d)), 2),
        salience=sal,
    )


# ---------------------------------------------------------------- loop baseline (KTAB defaults)


def _util(dist: float, r: float) -> float:
    return (1 - dist) * (1 + dist * r) if dist <= 1 else (1 - dist) * (1 + r)


def _pce(w: list[float], u: list[list[float]]) -> list[float]:
    """Proportional voting, linear victory, conditional PCE, with loops."""
    n_act, n_opt = len(u), len(u[0])
    c = [[1e-8] * n_opt for _ in range(n_opt)]
    for i in range(n_opt):
        for j in range(i):
            for k in range(n_act):
                v = w[k] * (u[k][i] - u[k][j])
                if v > 0:
                    c[i][j] += v
                elif v < 0:
                    c[j][i] -= v
    p = []
    for i in range(n_opt):
        prod = 1.0
        for j in range(n_opt):
            prod *= 0.5 if i == j else c[i][j] / (c[i][j] + c[j][i])
        p.append(prod)
    total = sum(p)
    return [x / total for x in p]


def _assess(
    x: list[list[float]], sal: list[list[float]], cap: list[float]
) -> tuple[list[list[float]], list[float]]:
    n = len(x)
    dist = [[0.0] * n for _ in range(n)]
    for i in range(n):
        ss = sum(s * s for s in sal[i])
        for j in range(n):
            acc = 0.0
            for k in range(len(x[i])):
                t = (x[i][k] - x[j][k]) * sal[i][k]
                acc += t * t
            dist[i][j] = math.sqrt(acc / ss)
    p = _pce(cap, [[1 - dist[k][i] for i in range(n)] for k in range(n)])
    lo, hi = min(p), max(p)
    risk = [0.0] * n if hi - lo <= 1e-12 else [(3 * v - (hi + 2 * lo)) / (2 * (hi - lo)) for v in p]
    return dist, risk


def loop_turn(x: list[list[float]], sal: list[list[float]], cap: list[float]) -> list[list[float]]:
    """One KTAB turn with default switches, written as per-actor Python loops."""
    n = len(x)
    dist, risk = _assess(x, sal, cap)
    ssum = [sum(s) for s in sal]
    w = [ssum[i] * cap[i] for i in range(n)]

    def a_util(h: int, i: int, j: int) -> float:
        return _util(dist[i][j], (2 * risk[h] + risk[i]) / 3)

    def prob_gain(h: int, k: int, i: int, j: int) -> tuple[float, float]:
        ci = w[i] * (a_util(h, i, i) - a_util(h, i, j))
        cj = w[j] * (a_util(h, j, i) - a_util(h, j, j))
        chij = 1e-10 + max(ci, 0) + max(cj, 0)
        chji = 1e-10 + max(-ci, 0) + max(-cj, 0)
        ci0, cj0 = chij, chji
        for m in range(n):
            if m in (i, j):
                continue
            uni, unj, unn = a_util(h, m, i), a_util(h, m, j), a_util(h, m, m)
            cn = w[m] * (uni - unj)
            cni = ci0 + cn if cn > 0 else ci0
            cnj = cj0 - cn if cn < 0 else cj0
            pin = cni / (cni + cnj)
            pjn = 1 - pin
            u_ik_j = pin * (2 * uni + unn) + pjn * 3 * unj
            u_i_jk = pin * 3 * uni + pjn * (2 * unj + unn)
            vn = w[m] * (u_ik_j - u_i_jk)
            if vn > 0:
                chij += vn
            elif vn < 0:
                chji -= vn
        p = chij / (chij + chji)
        uv, ul = 2 * a_util(h, k, i), 2 * a_util(h, k, j)
        eu = (1 - ssum[j]) * uv + ssum[j] * (p * uv + (1 - p) * ul)
        return p, eu - (a_util(h, k, i) + a_util(h, k, j))

    bargains = []
    for i in range(n):
        best_j, best_p, best_g = -1, 0.0, -1.0
        for j in range(n):
            if j != i:
                p, g = prob_gain(i, i, i, j)
                if 1e-5 < g and best_g < g:
                    best_j, best_p, best_g = j, p, g
        if best_j < 0:
            continue
        j = best_j
        bi, bj = [], []
        for k in range(len(x[i])):
            wi = sal[i][k] ** 2 * best_p**2
            wj = sal[j][k] ** 2 * (1 - best_p) ** 2
            den = wi + 1e-6 + wj
            bi.append(int(0.5 + ((wi + 1e-6) * x[i][k] + wj * x[j][k]) / den * 1e4) / 1e4)
            bj.append(int(0.5 + (wi * x[i][k] + (1e-6 + wj) * x[j][k]) / den * 1e4) / 1e4)
        bargains.append((i, j, bi, bj))

    def pos_util(a: int, pos: list[float]) -> float:
        acc = sum(((x[a][k] - pos[k]) * sal[a][k]) ** 2 for k in range(len(pos)))
        return _util(math.sqrt(acc / sum(s * s for s in sal[a])), risk[a])

    new = [row[:] for row in x]
    for k in range(n):
        mine = [b for b in bargains if k in (b[0], b[1])]
        if not mine:
            continue
        u = []
        for a in range(n):
            own = [_util(dist[a][m], risk[a]) for m in range(n)]
            row = [sum(own) / n]
            for bi_, bj_, pi_, pj_ in mine:
                rest = sum(own[m] for m in range(n) if m not in (bi_, bj_))
                row.append((pos_util(a, pi_) + pos_util(a, pj_) + rest) / n)
            u.append(row)
        p = _pce(cap, u)
        m = max(range(len(p)), key=lambda t: (p[t], -t))
        if m > 0:
            b = mine[m - 1]
            new[k] = b[2] if b[0] == k else b[3]
    _assess(new, sal, cap)  # the engine also assesses the new state
    return new


# ---------------------------------------------------------------- timing


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of ``repeat`` timings, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def numpy_pass(n: int) -> None:
    """One elementwise add over n³ float64s, in blocks of 131,072 (the kernels' block size)."""
    rows = max(1, 131_072 // n)
    a = np.random.default_rng(0).uniform(size=(rows, n))
    out = np.empty_like(a)
    for _ in range(n * n // rows):
        np.add(a, 1.0, out=out)


def peak_memory_mb(fn: Callable[[], object]) -> float:
    """Peak memory allocated while ``fn`` runs (tracemalloc traces NumPy's buffers), in MB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main(quick: bool = False) -> None:
    sizes = [(10, 1), (10, 3), (10, 10), (100, 1), (100, 3), (100, 10), (1000, 3)]
    if quick:
        sizes = [(10, 3), (100, 3)]
    for n, d in sizes:
        sc = synthetic(n, d)
        one_turn = SpatialModelOfPolitics(max_turns=1)
        repeat = 5 if n <= 10 else (2 if n <= 100 else 1)
        t_vec = best_of(lambda sc=sc, e=one_turn: e.run(sc), repeat)
        if n <= 100:
            x = (sc.position / 100.0).tolist()
            sal, cap = sc.salience.tolist(), sc.capability.tolist()
            t_loop = best_of(lambda x=x, sal=sal, cap=cap: loop_turn(x, sal, cap), 1)
            same = np.allclose(
                np.asarray(loop_turn(x, sal, cap)) * 100.0,
                one_turn.run(sc).history[1],
                atol=1e-9,
            )
            print(
                f"smp turn n={n:4d} d={d:2d}: vectorised {t_vec * 1e3:9.1f} ms, "
                f"loop baseline {t_loop * 1e3:10.1f} ms, speed-up x{t_loop / t_vec:7.1f}"
                f"{'' if same else '  (RESULTS DIFFER)'}"
            )
        else:
            t_pass = best_of(lambda n=n: numpy_pass(n), 2)
            peak = peak_memory_mb(lambda sc=sc, e=one_turn: e.run(sc))
            print(
                f"smp turn n={n:4d} d={d:2d}: vectorised {t_vec * 1e3:9.1f} ms "
                f"= {t_vec / t_pass:5.1f} NumPy passes over n^3 doubles ({t_pass * 1e3:.0f} ms "
                f"each, same run), peak memory {peak:6.1f} MB; loop baseline skipped "
                "(~1e9 interpreted steps per turn)"
            )
        t0 = time.perf_counter()
        result = SpatialModelOfPolitics().run(sc)
        t_run = time.perf_counter() - t0
        print(
            f"smp run  n={n:4d} d={d:2d}: {result.rounds:3d} turns in {t_run:8.3f} s "
            f"({t_run / result.rounds * 1e3:8.1f} ms/turn, converged={result.converged})"
        )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
