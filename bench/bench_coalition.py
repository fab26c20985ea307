"""Benchmark: exact Shapley–Shubik for a 100-player weighted voting game.

Prints one line per figure. The baseline, measured in the same run, is the textbook dynamic
programme in exact Python integers (one full table per player, no deconvolution); enumeration
of 2^100 coalitions is not feasible, so it is also shown on a 20-player game where both
enumeration and our method run. Target: the 100-player game (weights summing to ~5,000) under
0.5 s, exact.

Run: .venv/bin/python bench/bench_coalition.py
"""

from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

import numpy as np

from accord.solve.coalition.voting import power_indices


def naive_dp_shapley(weights: list[int], quota: int, players: list[int]) -> list[Fraction]:
    """Per player, count coalitions of the others by size and weight in Python integers."""
    n = len(weights)
    out = []
    for i in players:
        table = [[0] * quota for _ in range(n)]
        table[0][0] = 1
        k = 0
        for j, w in enumerate(weights):
            if j == i:
                continue
            k += 1
            for s in range(k, 0, -1):
                row, prev = table[s], table[s - 1]
                for t in range(quota - 1, w - 1, -1):
                    row[t] += prev[t - w]
        total = 0
        for s in range(n):
            swings = sum(table[s][max(0, quota - weights[i]):])
            total += swings * math.factorial(s) * math.factorial(n - 1 - s)
        out.append(Fraction(total, math.factorial(n)))
    return out


def enumerate_shapley(weights: list[int], quota: int) -> list[Fraction]:
    """Swings by enumerating every coalition of the others (2^(n-1) per player)."""
    n = len(weights)
    out = []
    for i in range(n):
        others = [w for j, w in enumerate(weights) if j != i]
        total = 0
        for size in range(n):
            for combo in itertools.combinations(others, size):
                s = sum(combo)
                if s < quota <= s + weights[i]:
                    total += math.factorial(size) * math.factorial(n - 1 - size)
        out.append(Fraction(total, math.factorial(n)))
    return out


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    rng = np.random.default_rng(2025)
    weights = [int(w) for w in rng.integers(1, 100, 100)]
    quota = sum(weights) // 2 + 1
    ours = best_of(lambda: power_indices(weights, quota))
    result = power_indices(weights, quota)
    assert sum(result.shapley_shubik) == 1
    small = weights[:12]
    sample = [0, 1, 2]  # the baseline costs ~1 s per player: measure 3, scale to 100
    t0 = time.perf_counter()
    naive = naive_dp_shapley(weights, quota, sample)
    naive_t = (time.perf_counter() - t0) * len(weights) / len(sample)
    assert naive == [result.shapley_shubik[i] for i in sample], "baseline disagrees"
    print(f"shapley_shubik 100 players, total weight {sum(weights)}: {ours:.3f} s "
          f"(target < 0.5 s, exact: sum = {sum(result.shapley_shubik)})")
    print(f"baseline per-player Python-integer DP, same game (3 players timed, x100/3): "
          f"{naive_t:.1f} s (ratio {naive_t / ours:.0f}x slower)")
    q_small = sum(small) // 2 + 1
    ours_small = best_of(lambda: power_indices(small, q_small))
    t0 = time.perf_counter()
    enum = enumerate_shapley(small, q_small)
    enum_t = time.perf_counter() - t0
    assert enum == list(power_indices(small, q_small).shapley_shubik)
    print(f"12 players: ours {ours_small * 1000:.2f} ms, enumeration {enum_t * 1000:.1f} ms "
          f"(ratio {enum_t / ours_small:.0f}x)")


if __name__ == "__main__":
    main()
