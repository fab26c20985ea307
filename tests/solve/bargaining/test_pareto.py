"""Pareto frontier: the fast methods against the O(n²) definition, with ties and duplicates."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.errors import InputError
from accord.solve.bargaining.pareto import naive_pareto_mask, pareto_indices, pareto_mask


def _point_sets(k: int) -> st.SearchStrategy[np.ndarray]:
    # Small integer grids force many exact ties and duplicate rows; floats cover the rest.
    ints = st.integers(1, 150).flatmap(
        lambda n: arrays(np.float64, (n, k), elements=st.integers(0, 4).map(float))
    )
    floats = st.integers(1, 150).flatmap(
        lambda n: arrays(
            np.float64, (n, k),
            elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False, width=32),
        )
    )
    return st.one_of(ints, floats)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_matches_naive_dominance_check(k: int) -> None:
    @settings(max_examples=60, deadline=None)
    @given(_point_sets(k), st.integers(0, 3))
    def check(points: np.ndarray, copies: int) -> None:
        pts = np.vstack([points] + [points[: len(points) // 2]] * copies)  # exact duplicates
        np.testing.assert_array_equal(pareto_mask(pts), naive_pareto_mask(pts))

    check()


@pytest.mark.parametrize("k", [3, 4, 5])
def test_large_sets_exercise_the_recursion(k: int) -> None:
    """Sets large enough to split many times (beyond the brute-force base case)."""
    rng = np.random.default_rng(k)
    for pts in (
        rng.random((1500, k)),
        rng.integers(0, 6, size=(1500, k)).astype(float),  # heavy ties on every coordinate
        _simplex(rng, 1200, k),  # anti-correlated: most points on the frontier
    ):
        np.testing.assert_array_equal(pareto_mask(pts), naive_pareto_mask(pts))


def _simplex(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    pts = rng.random((n, k))
    return np.asarray(np.round(pts / pts.sum(axis=1, keepdims=True), 3))


def test_duplicates_share_their_fate() -> None:
    pts = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 2.0, 0.0], [0.0, 1.0, 0.0]])
    assert pareto_mask(pts).tolist() == [True, True, True, False]


def test_edge_cases() -> None:
    assert pareto_mask(np.zeros((0, 3))).tolist() == []
    assert pareto_mask(np.array([[5.0]])).tolist() == [True]
    assert pareto_mask(np.array([[1.0], [3.0], [3.0]])).tolist() == [False, True, True]
    same = np.ones((7, 4))
    assert pareto_mask(same).all()
    assert pareto_indices(np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])).tolist() == [0, 1]


def test_rejects_nan() -> None:
    with pytest.raises(InputError, match="finite"):
        pareto_mask(np.array([[0.0, np.nan]]))
