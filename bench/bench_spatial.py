"""Benchmark of the spatial engines (EUM, and SMP when available) on synthetic scenarios.

Prints one line per figure. The baseline, measured in the same run, is a straightforward
per-actor-loop (pure Python) implementation of the same EUM round, ``naive_eum_round`` below;
tests/solve/spatial/test_eum_reference.py checks that it and the vectorised engine agree.

Run: ``.venv/bin/python bench/bench_spatial.py`` (about a minute on 2 shared cores).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np

from accord.solve.spatial.base import SpatialScenario
from accord.solve.spatial.eum import EUMSettings, ExpectedUtilityModel


def _wmedian(x: Sequence[float], w: Sequence[float]) -> float:
    pairs = sorted(zip(x, w, strict=True), key=lambda p: p[0])
    total = sum(w)
    acc = 0.0
    for pos, wt in pairs:
        acc += wt
        if acc >= total / 2.0 - 1e-12 * total:
            return pos
    return pairs[-1][0]


def naive_eum_round(
    x: Sequence[float],
    c: Sequence[float],
    s: Sequence[float],
    span: float,
    settings: EUMSettings = EUMSettings(),  # noqa: B008 - frozen dataclass, safe default
    given_risk: Sequence[float] | None = None,
) -> tuple[list[float], list[int]]:
    """One EUM round with explicit loops over actors (the reference for the vectorised code).

    Returns (new positions, accepted proposer per actor or -1). Same readings as
    :class:`accord.solve.spatial.eum.EUMSettings`; O(n³) per round.
    """
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]

    def median_of(xx: Sequence[float]) -> float:
        if settings.median_rule == "weighted_median":
            return _wmedian(xx, w)
        return sum(w[k] * xx[k] for k in range(n)) / sum(w)

    def vote(xx: Sequence[float], k: int, a: int, b: int, r: list[float]) -> float:
        e = r[k] if settings.risk_in_votes else 1.0
        return w[k] * ((abs(xx[k] - xx[b]) / span) ** e - (abs(xx[k] - xx[a]) / span) ** e)

    def probabilities(xx: Sequence[float], r: list[float]) -> list[list[float]]:
        p = [[0.0] * n for _ in range(n)]
        if settings.probability == "scholz":
            denom = 0.0
            for k in range(n):
                for a in range(n):
                    for b in range(n):
                        denom += abs(vote(xx, k, a, b, r))
        for a in range(n):
            for b in range(n):
                if xx[a] == xx[b]:
                    continue
                top = 0.0
                pair = 0.0
                for k in range(n):
                    v = vote(xx, k, a, b, r)
                    if v > 0:
                        top += v
                    pair += abs(v)
                bottom = denom if settings.probability == "scholz" else pair
                p[a][b] = top / bottom if bottom > 0 else 0.0
        return p

    def eu(
        xx: Sequence[float], mu: float, a: int, b: int, r: float, p: list[list[float]]
    ) -> float:
        d = abs(xx[a] - xx[b]) / span
        dm = abs(xx[a] - mu) / span
        us = 2 - 4 * max(0.5 - 0.5 * d, 0.0) ** r
        uf = 2 - 4 * (0.5 + 0.5 * d) ** r
        ub = 2 - 4 * max(0.5 - 0.25 * (dm + d), 0.0) ** r
        uw = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
        usq = 2 - 4 * 0.5**r
        sal = s[b] if settings.salience_of == "challenged" else s[a]
        go = sal * (p[a][b] * us + (1 - p[a][b]) * uf) + (1 - sal) * us
        stay = settings.q * usq + (1 - settings.q) * (settings.t * ub + (1 - settings.t) * uw)
        return go - stay

    def dangers_at(xx: Sequence[float]) -> list[float]:
        """Every actor's danger (others' EU of challenging it), all risk-neutral."""
        p1 = probabilities(xx, [1.0] * n)
        mu1 = median_of(xx)
        return [sum(eu(xx, mu1, j, i, 1.0, p1) for j in range(n) if j != i) for i in range(n)]

    if settings.risk in ("scholz", "positions"):
        dangers = dangers_at(x)
        risk = []
        for i in range(n):
            if settings.risk == "scholz":
                hi, lo = max(dangers), min(dangers)
            else:
                levels = []
                for pos in sorted(set(x)):
                    moved = list(x)
                    moved[i] = pos
                    levels.append(dangers_at(moved)[i])
                hi, lo = max(levels), min(levels)
            big = (2 * dangers[i] - hi - lo) / (hi - lo) if hi > lo else 0.0
            risk.append((1 - big / 3) / (1 + big / 3))
    elif settings.risk == "given":
        assert given_risk is not None
        risk = list(given_risk)
    else:
        risk = [1.0] * n
    mu = median_of(x)
    p = probabilities(x, risk)

    new_x = list(x)
    choice = [-1] * n
    for i in range(n):
        offers: list[tuple[str, int, float, float, float]] = []
        for j in range(n):
            if j == i or x[i] == x[j]:
                continue
            e_i = eu(x, mu, i, j, risk[i], p)
            e_j = eu(x, mu, j, i, risk[i] if settings.perspective == "receiver" else risk[j], p)
            if e_j > e_i > 0:
                offers.append(("conflict", j, x[j], e_i, e_j))
            elif e_j > 0 > e_i and e_j > abs(e_i):
                offers.append(("compromise", j, x[i] + (x[j] - x[i]) * abs(e_i / e_j), e_i, e_j))
            elif e_j > 0 > e_i and e_j <= abs(e_i):
                offers.append(("compel", j, x[j], e_i, e_j))
        if not offers:
            continue
        if settings.tie_break == "last":
            offers.reverse()  # min() keeps the first of equal keys
        if settings.offer_choice == "least_move":
            best = min(offers, key=lambda o: abs(o[2] - x[i]))
        else:
            for kind in ("conflict", "compromise", "compel"):
                pool = [o for o in offers if o[0] == kind]
                if pool:
                    break
            if kind == "compromise":
                best = min(
                    pool,
                    key=lambda o: (abs(o[3]) * x[i] + abs(o[4]) * x[o[1]])
                    / (abs(o[3]) + abs(o[4])),
                )
            else:
                best = min(pool, key=lambda o: abs(o[2] - x[i]))
        new_x[i] = best[2]
        choice[i] = best[1]
    return new_x, choice


def synthetic(n: int, d: int, seed: int = 0) -> SpatialScenario:
    """n actors × d issues: positions on 0–100, capability and salience uniform."""
    rng = np.random.default_rng(seed)
    return SpatialScenario(
        actors=tuple(f"a{i}" for i in range(n)),
        dimensions=tuple(f"d{k}" for k in range(d)),
        capability=rng.uniform(0.05, 1.0, n),
        position=np.round(rng.uniform(0.0, 100.0, (n, d)), 1),
        salience=rng.uniform(0.05, 1.0, (n, d)),
        scale_min=np.zeros(d),
        scale_max=np.full(d, 100.0),
    )


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best CPU seconds, best wall seconds) over ``repeat`` calls.

    CPU time is the headline figure: the machine is shared, and wall time mostly measures how
    long other people's jobs kept us off the cores.
    """
    cpu = wall = math.inf
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall


def _naive_round_seconds(scenario: SpatialScenario) -> float:
    x = scenario.position[:, 0].tolist()
    span = max(x) - min(x)
    c = scenario.capability.tolist()
    s = scenario.salience[:, 0].tolist()
    return _timed(lambda: naive_eum_round(x, c, s, span), 1)[0]


def main() -> None:
    """Print the figures."""
    print(f"# python {sys.version.split()[0]}, numpy {np.__version__}; times are best-of-N")
    naive_per_round: dict[int, float] = {}
    for n in (10, 100):
        naive_per_round[n] = _naive_round_seconds(synthetic(n, 1))
        print(f"naive EUM, {n} actors: {naive_per_round[n] * 1e3:.1f} ms CPU per round per issue")
    eum_times: dict[tuple[int, int], float] = {}
    for n, d, rounds in ((10, 1, 20), (10, 10, 20), (100, 1, 20), (100, 10, 20), (1000, 1, 2),
                         (1000, 10, 1)):
        scen = synthetic(n, d)
        engine = ExpectedUtilityModel(rounds=rounds)
        cpu, wall = _timed(lambda engine=engine, scen=scen: engine.run(scen), 3 if n < 1000 else 1)
        per = cpu / (rounds * d)
        eum_times[(n, d)] = per
        line = (
            f"EUM {n} actors x {d} issues x {rounds} rounds: {cpu:.3f} s CPU/run "
            f"(wall {wall:.3f} s; {per * 1e3:.2f} ms CPU per round per issue)"
        )
        if n in naive_per_round:
            line += f"; naive loop baseline {naive_per_round[n] * 1e3:.1f} ms -> "
            line += f"{naive_per_round[n] / per:.0f}x faster"
        else:
            # O(n^3) reference extrapolated from its measured 100-actor time
            est = naive_per_round[100] * (n / 100) ** 3
            line += f"; naive loop (extrapolated n^3 from 100 actors) {est:.0f} s -> "
            line += f"{est / per:.0f}x faster"
        print(line)
    for d in (1, 10):
        g1 = eum_times[(100, d)] / eum_times[(10, d)]
        g2 = eum_times[(1000, d)] / eum_times[(100, d)]
        print(
            f"EUM growth per round-issue, {d} issue(s): 10->100 actors x{g1:.1f}, "
            f"100->1000 actors x{g2:.1f} (n^2 would be x100)"
        )
    target = eum_times[(100, 10)] * 10 * 20
    print(f"EUM 100 actors x 10 issues x 20 rounds: {target:.3f} s CPU (target < 1 s)")
    try:
        from accord.solve.spatial.smp import SpatialModelOfPolitics
    except ImportError as exc:
        print(f"SMP not benchmarked: {exc}")
        return
    for n, d in ((10, 1), (10, 10), (100, 1), (100, 10)):
        scen = synthetic(n, d)
        # SMP needs each actor's saliences to sum to at most 1 over the issues
        smp = SpatialModelOfPolitics(normalise_salience=True, max_turns=20, min_turns=20)
        secs = _timed(lambda smp=smp, scen=scen: smp.run(scen), 1)[0]
        eum_run = eum_times[(n, d)] * 20 * d
        print(
            f"SMP {n} actors x {d} issues x 20 turns: {secs:.3f} s CPU/run; "
            f"EUM 20 rounds same scenario {eum_run:.3f} s CPU -> SMP/EUM x{secs / eum_run:.1f}"
        )


if __name__ == "__main__":
    main()
