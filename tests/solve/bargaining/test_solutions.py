"""Bargaining solutions: golden textbook values, continuously and on a grid, plus invariances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.solve.bargaining.solutions import (
    CONCEPTS,
    ContinuousProblem,
    solve_continuous,
    solve_discrete,
)

GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0  # 0.6180339887…, the golden-ratio conjugate


def _split_the_dollar(x: np.ndarray) -> np.ndarray:
    return np.array([x[0], np.sqrt(max(1.0 - x[0], 0.0))])


SPLIT = ContinuousProblem(_split_the_dollar, np.array([0.0]), np.array([1.0]), np.zeros(2))


def test_split_the_dollar_continuous() -> None:
    """Golden: u1 = x, u2 = √(1−x), d = (0, 0).

    Source: the standard example of Osborne & Rubinstein (1990), *Bargaining and Markets*,
    ch. 2 (Nash: max x·√(1−x) ⇒ x = 2/3); Kalai & Smorodinsky (1975) (ideal point (1, 1), so KS
    equalises u1 = u2: x = √(1−x) ⇒ x = (√5−1)/2); egalitarian (Kalai 1977) gives the same point
    here; utilitarian max x + √(1−x) ⇒ x = 3/4. Tolerance 1e-6 on x (SLSQP, numerical
    gradients).
    """
    nash = solve_continuous(SPLIT, "nash")
    assert nash.converged
    assert nash.outcome[0] == pytest.approx(2.0 / 3.0, abs=1e-6)
    for concept in ("kalai-smorodinsky", "egalitarian"):
        sol = solve_continuous(SPLIT, concept)
        assert sol.converged, concept
        assert sol.utilities == pytest.approx([GOLDEN, GOLDEN], abs=1e-6)
    ks = solve_continuous(SPLIT, "kalai-smorodinsky")
    assert ks.details["ideal_point"] == pytest.approx([1.0, 1.0], abs=1e-9)
    util = solve_continuous(SPLIT, "utilitarian")
    assert util.outcome[0] == pytest.approx(0.75, abs=1e-6)
    assert util.utilities == pytest.approx([0.75, 0.5], abs=1e-6)


def test_split_the_dollar_on_a_fine_grid() -> None:
    """Same golden values on a grid of step 1e-5: exact over the grid, so within one step."""
    x = np.linspace(0.0, 1.0, 100_001)
    U = np.column_stack([x, np.sqrt(1.0 - x)])
    d = np.zeros(2)
    step = 1e-5
    nash = solve_discrete(U, d, "nash")
    assert nash.index is not None and x[nash.index] == pytest.approx(2 / 3, abs=step)
    for concept in ("kalai-smorodinsky", "egalitarian"):
        sol = solve_discrete(U, d, concept)
        assert sol.index is not None
        assert U[sol.index] == pytest.approx([GOLDEN, GOLDEN], abs=step)
    util = solve_discrete(U, d, "utilitarian")
    assert util.index is not None and x[util.index] == pytest.approx(0.75, abs=step)


def test_kalai_smorodinsky_differs_from_egalitarian_when_ideals_differ() -> None:
    """u1 = x, u2 = 2(1−x), d = 0: ideal (1, 2).

    Hand derivation from the definitions (Kalai & Smorodinsky 1975; Kalai 1977): KS equalises
    u_i/a_i: x = (1−x) ⇒ x = 1/2; egalitarian equalises u: x = 2(1−x) ⇒ x = 2/3; Nash
    max x·2(1−x) ⇒ 1/2; utilitarian max 2 − x ⇒ x = 0.
    """
    prob = ContinuousProblem(
        lambda v: np.array([v[0], 2.0 * (1.0 - v[0])]), np.array([0.0]), np.array([1.0]),
        np.zeros(2),
    )
    expect = {"kalai-smorodinsky": 0.5, "egalitarian": 2 / 3, "nash": 0.5, "utilitarian": 0.0}
    for concept, x in expect.items():
        assert solve_continuous(prob, concept).outcome[0] == pytest.approx(x, abs=1e-6), concept


@pytest.mark.parametrize("w1", [0.2, 0.5, 0.75])
def test_asymmetric_nash_splits_a_linear_pie_by_weight(w1: float) -> None:
    """Golden: with u1 = x, u2 = 1 − x, d = 0, the asymmetric Nash solution with weights
    (w, 1−w) gives x = w (Kalai 1977; Roth 1979, *Axiomatic Models of Bargaining*, ch. 1)."""
    weights = np.array([w1, 1.0 - w1]) * 7.0  # any positive scale: weights are normalised
    prob = ContinuousProblem(
        lambda v: np.array([v[0], 1.0 - v[0]]), np.array([0.0]), np.array([1.0]), np.zeros(2),
        weights,
    )
    assert solve_continuous(prob, "nash").outcome[0] == pytest.approx(w1, abs=1e-6)
    x = np.linspace(0, 1, 1001)
    grid = solve_discrete(np.column_stack([x, 1 - x]), np.zeros(2), "nash", weights)
    assert grid.index is not None and x[grid.index] == pytest.approx(w1, abs=1e-3)


def test_disagreement_point_restricts_candidates() -> None:
    U = np.array([[5.0, 0.0], [2.0, 2.0], [1.0, 3.0]])
    d = np.array([1.5, 1.0])
    for concept in CONCEPTS:
        choice = solve_discrete(U, d, concept)
        assert choice.index == 1, concept  # the only outcome both prefer to disagreement
    none = solve_discrete(U, np.array([6.0, 0.0]), "nash")
    assert none.index is None and "no zone" in none.reason


def test_nash_needs_a_strict_gain() -> None:
    U = np.array([[1.0, 0.0], [0.0, 1.0]])
    choice = solve_discrete(U, np.zeros(2), "nash")
    assert choice.index is None and "strict gain" in choice.reason


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.floats(0.1, 10.0),
    st.floats(-5.0, 5.0),
)
def test_nash_and_ks_are_invariant_to_affine_rescaling(seed: int, scale: float, shift: float
                                                         ) -> None:
    """Scale invariance (Nash 1950; Kalai & Smorodinsky 1975): rescaling one party's utility
    (and its disagreement value) by a positive affine map leaves the chosen outcome unchanged."""
    rng = np.random.default_rng(seed)
    U = rng.random((40, 3)).round(3)
    d = np.full(3, 0.2)
    U2, d2 = U.copy(), d.copy()
    U2[:, 1] = scale * U[:, 1] + shift
    d2[1] = scale * d[1] + shift
    for concept in ("nash", "kalai-smorodinsky"):
        a, b = solve_discrete(U, d, concept), solve_discrete(U2, d2, concept)
        if a.ties == 1 and b.ties == 1:
            assert a.index == b.index, concept


def test_grid_solutions_are_pareto_optimal() -> None:
    rng = np.random.default_rng(3)
    U = rng.integers(0, 5, size=(300, 3)).astype(float)  # many ties
    d = np.ones(3)
    for concept in CONCEPTS:
        c = solve_discrete(U, d, concept)
        assert c.index is not None
        u = U[c.index]
        dominated = np.all(U >= u, axis=1) & np.any(U > u, axis=1)
        assert not dominated.any(), concept
