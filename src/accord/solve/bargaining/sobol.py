"""Scrambled Sobol' points without importing :mod:`scipy.stats` (~0.35 s of CPU to import, in
a report that needs nothing else of it).

:func:`scrambled_sobol` returns exactly the points of
``scipy.stats.qmc.Sobol(d, scramble=True, seed=seed).random(n)`` (SciPy's algorithm: Joe and
Kuo's direction numbers, a linear matrix scramble and a digital shift drawn from
``numpy.random.default_rng(seed)``, points in Gray-code order); ``tests/solve`` checks them
against SciPy point for point. Spaces of more dimensions than the table below holds use SciPy.

>>> scrambled_sobol(2, 4, seed=0).shape
(4, 2)
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
from numpy.typing import NDArray

BITS = 30
# Joe and Kuo's primitive polynomials and initial direction numbers (new-joe-kuo-6.21201, as
# SciPy ships them) for dimensions 2 to 32; dimension 1 is the van der Corput sequence.
_DIRECTIONS: tuple[tuple[int, tuple[int, ...]], ...] = (
    (3, (1,)), (7, (1, 3)), (11, (1, 3, 1)), (13, (1, 1, 1)), (19, (1, 1, 3, 3)),
    (25, (1, 3, 5, 13)), (37, (1, 1, 5, 5, 17)), (41, (1, 1, 5, 5, 5)),
    (47, (1, 1, 7, 11, 19)), (55, (1, 1, 5, 1, 1)), (59, (1, 1, 1, 3, 11)),
    (61, (1, 3, 5, 5, 31)), (67, (1, 3, 3, 9, 7, 49)), (91, (1, 1, 1, 15, 21, 21)),
    (97, (1, 3, 1, 13, 27, 49)), (103, (1, 1, 1, 15, 7, 5)), (109, (1, 3, 1, 15, 13, 25)),
    (115, (1, 1, 5, 5, 19, 61)), (131, (1, 3, 7, 11, 23, 15, 103)),
    (137, (1, 3, 7, 13, 13, 15, 69)), (143, (1, 1, 3, 13, 7, 35, 63)),
    (145, (1, 3, 5, 9, 1, 25, 53)), (157, (1, 3, 1, 13, 9, 35, 107)),
    (167, (1, 3, 1, 5, 27, 61, 31)), (171, (1, 1, 5, 11, 19, 41, 61)),
    (185, (1, 3, 5, 3, 3, 13, 69)), (191, (1, 1, 7, 13, 1, 19, 1)),
    (193, (1, 3, 7, 5, 13, 19, 59)), (203, (1, 1, 3, 9, 25, 29, 41)),
    (211, (1, 3, 5, 13, 23, 1, 55)), (213, (1, 3, 7, 3, 13, 59, 17)),
)
MAX_DIMS = 1 + len(_DIRECTIONS)


def _direction_numbers(dims: int) -> list[list[int]]:
    """Direction numbers, dims × BITS (Bratley and Fox's recurrence, as SciPy computes them)."""
    v = [[1] * BITS]
    for p, init in _DIRECTIONS[: dims - 1]:
        m = p.bit_length() - 1
        row = [*init, *([0] * (BITS - m))]
        for j in range(m, BITS):
            new = row[j - m]
            for k in range(m):
                if (p >> (m - 1 - k)) & 1:
                    new ^= (2 << k) * row[j - k - 1]
            row[j] = new
        v.append(row)
    return [[x << (BITS - 1 - j) for j, x in enumerate(row)] for row in v]


def _scramble(v: list[list[int]], ltm: NDArray[np.uint32]) -> list[list[int]]:
    """Linear matrix scramble of the direction numbers by the lower-triangular bit matrices
    ``ltm`` (dims × BITS × BITS; their diagonals are taken as 1)."""
    weights = [1 << (BITS - 1 - k) for k in range(BITS)]
    out = []
    for d, row in enumerate(v):
        rows = [sum(w for w, bit, k in zip(weights, ltm[d, p].tolist(), range(BITS),
                                         strict=True) if bit or k == p) for p in range(BITS)]
        out.append([sum(((rows[p] & x).bit_count() & 1) << (BITS - 1 - p) for p in range(BITS))
                    for x in row])
    return out


@functools.lru_cache(maxsize=32)
def _points(dims: int, n: int, seed: int) -> NDArray[np.float64]:
    rng = np.random.default_rng(seed)
    shift = np.dot(rng.integers(0, 2, size=(dims, BITS), dtype=np.uint32),
                   2 ** np.arange(BITS, dtype=np.uint32))
    ltm = np.tril(rng.integers(0, 2, size=(dims, BITS, BITS), dtype=np.uint32))
    v = np.array(_scramble(_direction_numbers(dims), ltm), dtype=np.uint32)
    # Point i+1 is point i with the direction number of the lowest zero bit of i flipped in.
    steps = np.arange(max(0, n - 1), dtype=np.int64)
    lowest_zero = np.zeros(len(steps), dtype=np.int64)
    rest = steps.copy()
    while np.any(rest & 1):
        odd = (rest & 1).astype(bool)
        lowest_zero[odd] += 1
        rest = np.where(odd, rest >> 1, 0)
    quasi = shift[None, :]
    if n > 1:
        quasi = np.vstack([quasi, shift ^ np.bitwise_xor.accumulate(v[:, lowest_zero].T, axis=0)])
    points: NDArray[np.float64] = (quasi * (1.0 / 2**BITS)).astype(np.float64)[:n]
    points.flags.writeable = False
    return points


def scrambled_sobol(dims: int, n: int, *, seed: int = 0) -> NDArray[np.float64]:
    """``n`` scrambled Sobol' points in the unit cube of ``dims`` dimensions, shape (n, dims):
    the points of ``scipy.stats.qmc.Sobol(dims, scramble=True, seed=seed).random(n)``. The
    array is shared between calls with the same arguments (read-only)."""
    if n & (n - 1):
        warnings.warn("The balance properties of Sobol' points require n to be a power of 2.",
                      stacklevel=2)
    if dims > MAX_DIMS or n > 2**BITS:
        from scipy.stats import qmc

        return np.asarray(qmc.Sobol(d=dims, scramble=True, seed=seed).random(n))
    return np.asarray(_points(dims, n, seed), dtype=np.float64)


__all__ = ["MAX_DIMS", "scrambled_sobol"]
