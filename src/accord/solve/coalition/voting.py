"""Exact power indices of weighted voting games (Shapley–Shubik and Banzhaf).

A weighted voting game gives each player a weight and a coalition wins when its total weight
reaches the quota. Several weight vectors at once make a *compound* game (double or triple
majority, as in the EU Council): a coalition wins only when it reaches every quota.

Both indices count *swings*: coalitions ``S`` of the other players that lose on their own and
win once player ``i`` joins. Counting them by generating functions (dynamic programming over
coalition size and weight) is exact and polynomial — ``O(n² · q)`` for one weight vector — where
enumeration is ``O(2ⁿ)``.

Exactness: swing counts grow like ``C(n-1, n/2)`` (about 2⁹⁵ for 100 players), beyond int64.
The dynamic programme therefore runs in NumPy ``int64`` modulo several primes below 2³¹ — fast
and vectorised over weights — and the exact counts are rebuilt by the Chinese remainder theorem
with enough primes that their product exceeds every possible count (no silent overflow). The
indices come out as :class:`fractions.Fraction`, so they sum to exactly 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

# The 40 largest primes below 2**31: residues and sums of up to 2**32 of them fit in int64, so
# a row of a counting table can be summed before it is reduced.
_PRIMES: tuple[int, ...] = (
    2147483647, 2147483629, 2147483587, 2147483579, 2147483563, 2147483549, 2147483543,
    2147483497, 2147483489, 2147483477, 2147483423, 2147483399, 2147483353, 2147483323,
    2147483269, 2147483249, 2147483237, 2147483179, 2147483171, 2147483137, 2147483123,
    2147483077, 2147483069, 2147483059, 2147483053, 2147483033, 2147483029, 2147482951,
    2147482949, 2147482943, 2147482937, 2147482921, 2147482877, 2147482873, 2147482867,
    2147482859, 2147482819, 2147482817, 2147482811, 2147482801,
)
_BITS_PER_PRIME = 30
_MAX_TABLE_CELLS = 200_000_000  # 1.6 GB of int64: beyond that, ask for coarser weights


@dataclass(frozen=True)
class PowerIndices:
    """Exact power indices of one weighted voting game.

    ``shapley_shubik`` and ``banzhaf`` (normalised) sum to 1 exactly; ``banzhaf_raw`` is the
    probability that a player swings a random coalition of the others (swings / 2ⁿ⁻¹);
    ``swings`` the number of coalitions of the others that the player turns from losing to
    winning.
    """

    names: tuple[str, ...]
    shapley_shubik: tuple[Fraction, ...]
    banzhaf: tuple[Fraction, ...]
    banzhaf_raw: tuple[Fraction, ...]
    swings: tuple[int, ...]

    def rows(self) -> list[dict[str, object]]:
        """One plain dict per player (floats and exact fractions as strings)."""
        return [
            {
                "player": name,
                "shapley_shubik": float(ss),
                "banzhaf": float(bz),
                "banzhaf_raw": float(raw),
                "swings": sw,
                "shapley_shubik_exact": str(ss),
                "banzhaf_exact": str(bz),
            }
            for name, ss, bz, raw, sw in zip(
                self.names,
                self.shapley_shubik,
                self.banzhaf,
                self.banzhaf_raw,
                self.swings,
                strict=True,
            )
        ]


@dataclass(frozen=True)
class WeightedVotingGame:
    """A (compound) weighted voting game.

    ``weights`` is one weight vector or several (one row per majority requirement), with one
    ``quota`` per row. Weights and quotas are non-negative integers (scale decimal weights
    first: exact counting needs integer weights).

    >>> game = WeightedVotingGame(weights=[[7] * 5 + [1] * 10], quotas=[39])
    >>> game.power().shapley_shubik[0]
    Fraction(421, 2145)
    """

    weights: Sequence[Sequence[int]]
    quotas: Sequence[int]
    names: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if len(self.weights) == 0:
            raise InputError("at least one weight vector is needed", field="weights")
        n = len(self.weights[0])
        if n == 0:
            raise InputError("a game needs at least one player", field="weights")
        if len(self.quotas) != len(self.weights):
            raise InputError(
                f"{len(self.weights)} weight vector(s) but {len(self.quotas)} quota(s); "
                "give one quota per weight vector",
                field="quota",
            )
        for k, row in enumerate(self.weights):
            if len(row) != n:
                raise InputError(
                    f"weight vector {k + 1} has {len(row)} players, the first has {n}",
                    field="weights",
                )
            for w in row:
                if not isinstance(w, (int, np.integer)) or isinstance(w, bool) or w < 0:
                    raise InputError(
                        f"weight {w!r} is not a non-negative integer", field="weights"
                    )
        for k, q in enumerate(self.quotas):
            total = sum(int(w) for w in self.weights[k])
            if not isinstance(q, (int, np.integer)) or isinstance(q, bool) or q <= 0:
                raise InputError(f"quota {q!r} is not a positive integer", field="quota")
            if q > total:
                raise InputError(
                    f"quota {q} is above the total weight {total}: no coalition can win",
                    field="quota",
                )
        if self.names is not None and len(self.names) != n:
            raise InputError(
                f"{len(self.names)} names for {n} players", field="names"
            )

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.weights[0])

    def player_names(self) -> tuple[str, ...]:
        """The players' names (``P1``, ``P2``, … when none were given)."""
        if self.names is not None:
            return tuple(self.names)
        return tuple(f"P{i + 1}" for i in range(self.n_players))

    def is_winning(self, coalition: Sequence[int]) -> bool:
        """Does the coalition (player indices) reach every quota?"""
        return all(
            sum(int(row[i]) for i in coalition) >= q
            for row, q in zip(self.weights, self.quotas, strict=True)
        )

    def swing_counts_by_size(self) -> list[list[int]]:
        """For each player ``i`` and size ``s``: swings of ``i`` over coalitions of ``s`` others."""
        n = self.n_players
        # Enough primes that their product exceeds every count: C(n-1, k) < 2**(n-1).
        n_primes = max(1, math.ceil(n / _BITS_PER_PRIME))
        if n_primes > len(_PRIMES):
            limit = _BITS_PER_PRIME * len(_PRIMES)
            raise InputError(
                f"{n} players is beyond the exact counter's range (at most {limit})",
                field="weights",
            )
        primes = _PRIMES[:n_primes]
        residues = self._swing_residues(np.asarray(primes, dtype=np.int64))
        rebuilt: dict[tuple[int, ...], int] = {}
        counts: list[list[int]] = []
        for i in range(n):
            row = []
            for s in range(n):
                key = tuple(int(r) for r in residues[i, s])
                if key not in rebuilt:
                    rebuilt[key] = _crt(key, primes)
                row.append(rebuilt[key])
            counts.append(row)
        return counts

    def power(self) -> PowerIndices:
        """Exact Shapley–Shubik and Banzhaf indices."""
        n = self.n_players
        by_size = self.swing_counts_by_size()
        n_fact = math.factorial(n)
        size_weight = [math.factorial(s) * math.factorial(n - 1 - s) for s in range(n)]
        ss = [Fraction(sum(c * w for c, w in zip(row, size_weight, strict=True)), n_fact)
              for row in by_size]
        swings = [sum(row) for row in by_size]
        total_swings = sum(swings)
        if total_swings == 0:  # only possible when no coalition wins; excluded by validation
            raise InputError("no player is ever decisive", field="quota")
        bz = [Fraction(s, total_swings) for s in swings]
        raw = [Fraction(s, 2 ** (n - 1)) for s in swings]
        return PowerIndices(self.player_names(), tuple(ss), tuple(bz), tuple(raw), tuple(swings))

    # -- counting -------------------------------------------------------------------------

    def _swing_residues(self, primes: NDArray[np.int64]) -> NDArray[np.int64]:
        cells = len(primes) * (self.n_players + 1) * math.prod(int(q) + 1 for q in self.quotas)
        if cells > _MAX_TABLE_CELLS:
            raise InputError(
                f"the counting table would need {cells:,} cells (players × quota); "
                "divide the weights and quota by a common factor or round them coarser",
                field="quota",
            )
        if len(self.weights) == 1:
            return _single_quota_swings(
                np.asarray(self.weights[0], dtype=np.int64), int(self.quotas[0]), primes
            )
        weights = np.asarray(self.weights, dtype=np.int64)
        quotas = np.asarray(self.quotas, dtype=np.int64)
        per_prime = [_compound_swings(weights, quotas, int(p)) for p in primes]
        return np.stack([np.asarray(r, dtype=np.int64) for r in per_prime], axis=-1)


def _single_quota_swings(
    weights: NDArray[np.int64], quota: int, primes: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Swing counts by size, modulo each prime, for one weight vector.

    ``c[p, s, w]`` counts coalitions of size ``s`` and weight ``w < quota`` among all players
    (mod prime ``p``), and ``L[s](x)`` the coalitions of size ``s`` lighter than ``x`` (prefix
    sums of ``c``). Player ``i`` swings the coalitions of the others of size ``s`` whose weight
    lies in ``[q − wᵢ, q)``: ``L₋ᵢ[s](q) − L₋ᵢ[s](q − wᵢ)``. Undoing ``i``'s factor gives
    ``L₋ᵢ[s](x) = L[s](x) − L₋ᵢ[s−1](x − wᵢ)``, which only ever needs the points
    ``x = q − k·wᵢ`` — ``O(n)`` numbers per size instead of a whole row of ``q``. So the cost is
    the one forward table, ``O(n² · q)``, plus ``O(n²)`` per distinct weight, for all primes at
    once. Returns an array (n_players, n_players, n_primes): player, size of the others' set.
    """
    n = len(weights)
    n_primes = len(primes)
    mod = primes[:, None, None]
    c = np.zeros((n_primes, n + 1, quota), dtype=np.int64)
    c[:, 0, 0] = 1
    # Residues start below 2**31 and adding a player at most doubles an entry, so entries stay
    # below 2**62 for 30 players between reductions: reduce only then (a full pass is costly).
    unreduced = 0
    for k, w in enumerate(int(x) for x in weights):
        if w < quota:
            c[:, 1 : k + 2, w:] += c[:, 0 : k + 1, : quota - w]
            unreduced += 1
            if unreduced == 30:
                c %= mod
                unreduced = 0
    c %= mod
    # lighter[p, s, x] = coalitions of size s with weight < x, for x = 0..quota (mod p)
    lighter = np.zeros((n_primes, n + 1, quota + 1), dtype=np.int64)
    np.cumsum(c, axis=2, out=lighter[:, :, 1:])
    lighter %= mod
    distinct, player_to_distinct = np.unique(weights, return_inverse=True)
    steps = np.arange(n + 1)
    # the points x = q − k·w_d (clipped at 0, where L is 0), shape (D, n + 1)
    points = np.maximum(quota - steps[None, :] * distinct[:, None], 0)
    swings = np.zeros((len(distinct), n, n_primes), dtype=np.int64)
    # f[d, p, k] = L₋ᵢ[s](q − k·w_d); for s = 0 it is L[0] (the empty set has weight 0 < x)
    f = np.transpose(lighter[:, 0, :][:, points], (1, 0, 2)).copy()
    primes_col = primes[None, :, None]
    for s in range(n):
        if s > 0:
            shifted = np.zeros_like(f)
            shifted[:, :, :-1] = f[:, :, 1:]  # L₋ᵢ[s−1](x − w) at x = q − k·w is f[s−1][k+1]
            f = np.transpose(lighter[:, s, :][:, points], (1, 0, 2)) - shifted
            f += primes_col * (f < 0)
        swings[:, s] = (f[:, :, 0] - f[:, :, 1]) % primes[None, :]
    return np.asarray(swings[player_to_distinct], dtype=np.int64)


def _compound_swings(
    weights: NDArray[np.int64], quotas: NDArray[np.int64], prime: int
) -> list[list[int]]:
    """Swing counts mod ``prime`` for several weight vectors (compound majorities).

    Weight totals are saturated at each quota (anything at or above the quota counts as
    "reached"), which keeps the table small but is not invertible, so the table of the others
    is built afresh per distinct weight column: ``O(n² · Πq)``.
    """
    m, n = weights.shape
    shape = (n, *[int(q) + 1 for q in quotas])
    out: list[list[int]] = []
    cache: dict[tuple[int, ...], list[int]] = {}
    for i in range(n):
        key = tuple(int(x) for x in weights[:, i])
        if key not in cache:
            table = np.zeros(shape, dtype=np.int64)
            table[(0,) * (m + 1)] = 1
            for k in range(n):
                if k == i:
                    continue
                table = _add_player(table, weights[:, k], quotas, prime)
            cache[key] = _compound_swing_sums(table, weights[:, i], quotas, prime)
        out.append(cache[key])
    return out


def _add_player(
    table: NDArray[np.int64], w: NDArray[np.int64], quotas: NDArray[np.int64], prime: int
) -> NDArray[np.int64]:
    shifted = np.zeros_like(table)
    shifted[1:] = table[:-1]  # one more member
    for axis, (wk, qk) in enumerate(zip(w, quotas, strict=True), start=1):
        shifted = _saturating_shift(shifted, int(wk), int(qk), axis, prime)
    return np.asarray((table + shifted) % prime, dtype=np.int64)


def _saturating_shift(
    table: NDArray[np.int64], w: int, q: int, axis: int, prime: int
) -> NDArray[np.int64]:
    if w == 0:
        return table
    moved = np.moveaxis(table, axis, 0)
    result = np.zeros_like(moved)
    if w < q:
        result[w:q] = moved[: q - w]
    # every total that reaches q (from q - w upwards) lands in the saturated bin q
    result[q] = moved[max(0, q - w) :].sum(axis=0) % prime
    return np.moveaxis(result, 0, axis)


def _compound_swing_sums(
    table: NDArray[np.int64], w: NDArray[np.int64], quotas: NDArray[np.int64], prime: int
) -> list[int]:
    m = len(quotas)
    grids = np.meshgrid(*[np.arange(int(q) + 1) for q in quotas], indexing="ij")
    losing = np.zeros(grids[0].shape, dtype=bool)
    winning_with = np.ones(grids[0].shape, dtype=bool)
    for k in range(m):
        losing |= grids[k] < quotas[k]
        winning_with &= grids[k] + w[k] >= quotas[k]
    mask = losing & winning_with
    return [int(table[s][mask].sum() % prime) for s in range(table.shape[0])]


def _crt(residues: Sequence[int], primes: Sequence[int]) -> int:
    """The unique integer in [0, Πp) with the given residues."""
    value, modulus = 0, 1
    for r, p in zip(residues, primes, strict=True):
        # solve value + modulus * t ≡ r (mod p)
        t = ((r - value) * pow(modulus, -1, p)) % p
        value += modulus * t
        modulus *= p
    return value


def power_indices(
    weights: Sequence[int] | Sequence[Sequence[int]],
    quota: int | Sequence[int],
    names: Sequence[str] | None = None,
) -> PowerIndices:
    """Exact Shapley–Shubik and Banzhaf indices of a (compound) weighted voting game.

    >>> p = power_indices([7] * 5 + [1] * 10, 39)
    >>> p.shapley_shubik[0], p.banzhaf[5]
    (Fraction(421, 2145), Fraction(21, 1270))
    """
    rows: list[list[int]] = []
    if all(isinstance(w, (int, np.integer)) for w in weights):
        rows = [[int(w) for w in weights if isinstance(w, (int, np.integer))]]
    else:
        rows = [[int(w) for w in row] for row in weights if not isinstance(row, (int, np.integer))]
    quotas = [int(quota)] if isinstance(quota, (int, np.integer)) else [int(q) for q in quota]
    return WeightedVotingGame(rows, quotas, names).power()
