"""Weighted voting games: exact Shapley–Shubik and Banzhaf indices."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.solve.coalition.voting import WeightedVotingGame, power_indices

UNSC_WEIGHTS = [7] * 5 + [1] * 10


def test_un_security_council_shapley_shubik() -> None:
    """UN Security Council (five permanent members with a veto, ten elected; nine votes pass)
    as a weighted game with quota 39 and weights 7 / 1.

    Source: Shapley & Shubik (1954), "A method for evaluating the distribution of power in a
    committee system", APSR 48(3); the values 421/2145 and 4/2145 are the standard ones quoted
    e.g. in Felsenthal & Machover (1998), "The Measurement of Voting Power", ch. 3.
    """
    p = power_indices(UNSC_WEIGHTS, 39)
    assert p.shapley_shubik[:5] == (Fraction(421, 2145),) * 5
    assert p.shapley_shubik[5:] == (Fraction(4, 2145),) * 10
    assert sum(p.shapley_shubik) == 1


def test_un_security_council_banzhaf() -> None:
    """Normalised Banzhaf of the UN Security Council: 106/635 (permanent) and 21/1270 (elected).

    Source: Felsenthal & Machover (1998), "The Measurement of Voting Power", ch. 3 (the UNSC
    example); swings 848 and 84 over 2^14 coalitions of the others.
    """
    p = power_indices(UNSC_WEIGHTS, 39)
    assert p.banzhaf[:5] == (Fraction(106, 635),) * 5
    assert p.banzhaf[5:] == (Fraction(21, 1270),) * 10
    assert p.swings[0] == 848 and p.swings[5] == 84
    assert p.banzhaf_raw[0] == Fraction(848, 2**14)
    assert sum(p.banzhaf) == 1


def _brute_force(weights: list[list[int]], quotas: list[int]) -> tuple[list[Fraction], list[int]]:
    n = len(weights[0])

    def wins(members: tuple[int, ...]) -> bool:
        return all(sum(r[j] for j in members) >= q for r, q in zip(weights, quotas, strict=True))

    ss = [Fraction(0)] * n
    swings = [0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for coalition in itertools.combinations(others, size):
                if not wins(coalition) and wins((*coalition, i)):
                    swings[i] += 1
                    ss[i] += Fraction(
                        math.factorial(size) * math.factorial(n - 1 - size), math.factorial(n)
                    )
    return ss, swings


@st.composite
def games(draw: st.DrawFn) -> tuple[list[list[int]], list[int]]:
    n = draw(st.integers(1, 7))
    m = draw(st.integers(1, 3))
    weights = [draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)) for _ in range(m)]
    for row in weights:
        if sum(row) == 0:
            row[0] = 1
    quotas = [draw(st.integers(1, sum(row))) for row in weights]
    return weights, quotas


@settings(max_examples=120, deadline=None)
@given(games())
def test_matches_enumeration(game: tuple[list[list[int]], list[int]]) -> None:
    """Generating functions (single and compound) agree exactly with full enumeration."""
    weights, quotas = game
    expected_ss, expected_swings = _brute_force(weights, quotas)
    p = WeightedVotingGame(weights, quotas).power()
    assert list(p.shapley_shubik) == expected_ss
    assert list(p.swings) == expected_swings
    assert sum(p.shapley_shubik) == 1
    assert sum(p.banzhaf) == 1


def test_hundred_players_exact_and_sums_to_one() -> None:
    """100 players with weights summing to about 5,000: counts exceed int64, results stay exact."""
    rng = np.random.default_rng(7)
    weights = [int(w) for w in rng.integers(1, 100, 100)]
    p = power_indices(weights, sum(weights) // 2 + 1)
    assert sum(p.shapley_shubik) == 1
    assert sum(p.banzhaf) == 1
    assert abs(sum(float(x) for x in p.shapley_shubik) - 1) < 1e-12
    # raw Banzhaf counts exceed 2**63 for a middle player: exact integers, not wrapped
    assert max(p.swings) > 2**63
    # a heavier player never has less power (monotonicity of both indices)
    order = np.argsort(weights, kind="stable")
    ss = [p.shapley_shubik[i] for i in order]
    assert all(a <= b for a, b in zip(ss, ss[1:], strict=False))


def test_double_majority_needs_both() -> None:
    """A compound game: a coalition wins only with a majority of members AND of population."""
    members = [1, 1, 1]
    population = [60, 30, 10]
    p = WeightedVotingGame([members, population], [2, 51]).power()
    # the big state is needed in every winning coalition; the other two are symmetric
    assert p.shapley_shubik == (Fraction(2, 3), Fraction(1, 6), Fraction(1, 6))


@pytest.mark.parametrize(
    ("weights", "quotas", "field"),
    [
        ([[1, 2]], [4], "quota"),
        ([[1, 2]], [0], "quota"),
        ([[1, -2]], [1], "weights"),
        ([[1, 2], [1]], [1, 1], "weights"),
        ([[1, 2]], [1, 2], "quota"),
        ([[]], [1], "weights"),
    ],
)
def test_bad_games_name_the_field(weights: list[list[int]], quotas: list[int], field: str) -> None:
    with pytest.raises(InputError) as err:
        WeightedVotingGame(weights, quotas)
    assert err.value.field == field
