"""Outcome space, utilities, zone of agreement and what binds it, against hand computations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from accord.errors import InputError
from accord.solve.bargaining.analysis import bargain
from accord.solve.bargaining.space import BargainingSpace, IssueSpace, risk_exponent
from accord.solve.bargaining.zone import analyse_zone


def _two_issue_space(**kw: object) -> BargainingSpace:
    issues = (IssueSpace.continuous("x", 0, 100, 11), IssueSpace.continuous("y", 0, 100, 11))
    return BargainingSpace.spatial(
        ("a", "b"), issues, np.array([[0.0, 0.0], [100.0, 100.0]]),
        np.array([[0.8, 0.2], [0.2, 0.8]]), np.array([50.0, 50.0]), **kw,  # type: ignore[arg-type]
    )


def test_risk_exponent_is_bueno_de_mesquitas_transform() -> None:
    """ρ = (1 − a/3)/(1 + a/3) (Bueno de Mesquita 1985; Scholz et al. 2011): 2 at a = −1."""
    assert risk_exponent(-1.0) == 2.0 and risk_exponent(1.0) == 0.5
    assert risk_exponent(None) == 1.0
    assert risk_exponent(0.5) == pytest.approx((1 - 0.5 / 3) / (1 + 0.5 / 3))
    with pytest.raises(InputError, match="risk attitude"):
        risk_exponent(1.5)


def test_utility_formula_by_hand() -> None:
    """u_i(x) = Σ_k s_ik · R_k · (1 − (|x_k − p_ik|/R_k)^ρ_i)."""
    s = _two_issue_space(exponent=np.array([1.0, 2.0]))
    u = s.utility(np.array([[30.0, 60.0]]))[0]
    assert u[0] == pytest.approx(0.8 * 100 * (1 - 0.3) + 0.2 * 100 * (1 - 0.6))
    assert u[1] == pytest.approx(0.2 * 100 * (1 - 0.7**2) + 0.8 * 100 * (1 - 0.4**2))
    assert s.point_utility(np.array([30.0, 60.0])) == pytest.approx(u)
    # Grid utilities enumerate outcomes in C order.
    U = s.grid_utilities()
    X = s.outcomes(np.arange(s.size))
    np.testing.assert_allclose(U, s.utility(X))
    assert X[1].tolist() == [0.0, 10.0]


def test_risk_averse_utility_is_concave() -> None:
    s = _two_issue_space(exponent=np.array([2.0, 0.5]))
    xs = np.column_stack([np.linspace(0, 100, 5), np.zeros(5)])
    ua = s.utility(xs)[:, 0]
    ub = s.utility(np.column_stack([np.zeros(5), np.linspace(0, 100, 5)]))[:, 1]
    assert np.all(np.diff(ua, 2) < 0)  # risk-averse (ρ = 2): concave in the outcome
    assert np.all(np.diff(ub, 2) > 0)  # risk-acceptant (ρ = 0.5): convex


def test_jacobian_matches_finite_differences() -> None:
    s = _two_issue_space(exponent=np.array([2.0, 0.7]))
    x = np.array([37.0, 61.0])
    h = 1e-6
    num = np.column_stack([
        (s.point_utility(x + e) - s.point_utility(x - e)) / (2 * h) for e in np.eye(2) * h
    ])
    np.testing.assert_allclose(s.point_jacobian(x), num, atol=1e-6)


def test_grid_contains_named_points() -> None:
    iss = IssueSpace.continuous("x", 0, 100, 3, extra=[33.3, 140.0])
    assert iss.values.tolist() == [0.0, 33.3, 50.0, 100.0]  # out-of-scale points dropped


def test_zone_matches_brute_force_and_logroll_is_found() -> None:
    s = _two_issue_space(red_low=np.array([[-np.inf, -np.inf], [20.0, -np.inf]]))
    z = analyse_zone(s)
    U, d = s.grid_utilities(), s.disagreement()
    X = s.outcomes(np.arange(s.size))
    brute = np.array([
        (x[0] >= 20.0) and bool(np.all(u >= d - 1e-9)) for x, u in zip(X, U, strict=True)
    ])
    np.testing.assert_array_equal(z.zone, brute)
    assert z.exists and z.share == pytest.approx(brute.mean())
    assert z.volume == pytest.approx(brute.mean() * 100 * 100)
    red = [c for c in z.constraints if c.kind == "red line"]
    assert len(red) == 1 and red[0].binds and red[0].excludes == 2 * 11
    r = bargain(s, continuous=False)
    # Each side concedes the issue it cares less about: b's red line stops x at 20.
    assert r.solution("nash").outcome == {"x": 20.0, "y": 100.0}
    assert "b's red line on x (≥ 20)" in r.solution("nash").binding


def test_blocking_constraints_are_the_ones_whose_removal_opens_a_zone() -> None:
    """Brute force over every constraint: drop it alone, is the zone non-empty?"""
    s = _two_issue_space(
        red_low=np.array([[-np.inf, -np.inf], [60.0, -np.inf]]),
        red_high=np.array([[40.0, np.inf], [np.inf, np.inf]]),
    )
    z = analyse_zone(s)
    assert not z.exists
    assert z.red_line_conflicts and z.red_line_conflicts[0].issue == "x"
    assert "red lines on x bind" in z.message()
    U, d = s.grid_utilities(), s.disagreement()
    X = s.outcomes(np.arange(s.size))
    for c in z.constraints:
        i = s.actors.index(c.actor)
        ok = np.ones(s.size, dtype=bool)
        for (j, k) in itertools.product(range(2), range(2)):
            if c.kind == "red line" and j == i and s.issues[k].name == c.issue:
                continue
            ok &= (X[:, k] >= s.red_low[j, k]) & (X[:, k] <= s.red_high[j, k])
        for j in range(2):
            if c.kind == "disagreement" and j == i:
                continue
            ok &= U[:, j] >= d[j] - 1e-9
        assert c.blocks == bool(ok.any()), c.describe()


def test_disagreement_uses_alternative_over_status_quo() -> None:
    s = _two_issue_space(alternative=np.array([[np.nan, np.nan], [80.0, np.nan]]))
    np.testing.assert_allclose(s.disagreement_outcome, [[50, 50], [80, 50]])
    assert s.disagreement()[1] == pytest.approx(0.2 * 100 * 0.8 + 0.8 * 100 * 0.5)


def test_size_limit_is_a_clear_error() -> None:
    issues = tuple(IssueSpace.continuous(f"i{k}", 0, 1, 200) for k in range(3))
    s = BargainingSpace.spatial(
        ("a", "b"), issues, np.zeros((2, 3)), np.ones((2, 3)), np.zeros(3)
    )
    with pytest.raises(InputError, match="lower the resolution"):
        s.grid_utilities()


def test_continuous_polish_agrees_with_a_much_finer_grid() -> None:
    """Risk-averse actors (ρ = 2, smooth concave utilities): the polished solutions on an
    11-point grid reach the objective of a 401-point grid to within its step's error, and
    never do worse than their own grid answer."""
    from accord.solve.bargaining.solutions import objective_values

    def space(res: int) -> BargainingSpace:
        issues = tuple(IssueSpace.continuous(n, 0, 100, res) for n in ("x", "y"))
        return BargainingSpace.spatial(
            ("a", "b"), issues, np.array([[0.0, 10.0], [100.0, 90.0]]),
            np.array([[0.7, 0.3], [0.4, 0.6]]), np.array([50.0, 50.0]),
            exponent=np.array([2.0, 2.0]),
            red_low=np.array([[-np.inf, -np.inf], [15.0, -np.inf]]),
        )

    coarse, fine = bargain(space(11)), bargain(space(401), continuous=False)
    d = coarse.disagreement
    dv = np.array([d["a"], d["b"]])
    ideal = np.array([
        max(u[i] for u in coarse.feasible_utilities if np.all(u >= dv - 1e-9)) for i in range(2)
    ])
    for concept in ("nash", "egalitarian", "utilitarian"):
        pol = coarse.solution(concept)
        grid = coarse.solution(concept, "grid")
        ref = fine.solution(concept, "grid")

        def value(p: object, concept: str = concept) -> float:
            u = np.array([p.utilities["a"], p.utilities["b"]])  # type: ignore[attr-defined]
            vals = objective_values(u[None, :], dv, concept, None, ideal)  # type: ignore[arg-type]
            return float(vals[0])

        assert value(pol) >= value(grid) - 1e-9, concept
        # Continuous optimum: at least as good as the fine grid's, and close to it.
        assert value(pol) >= value(ref) - 1e-6 * max(1.0, abs(value(ref))), concept
        assert value(pol) == pytest.approx(value(ref), rel=5e-3), concept
        assert pol.outcome["x"] >= 15.0 - 1e-9  # b's red line holds in the continuous answer
