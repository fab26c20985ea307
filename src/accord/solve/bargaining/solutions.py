"""Bargaining solutions: Nash (symmetric or weighted), Kalai–Smorodinsky, egalitarian, utilitarian.

Two solvers share one vocabulary:

* :func:`solve_discrete` — exact over a finite set of outcomes (rows of a utility matrix).
* :func:`solve_continuous` — over a box of continuous outcomes given as a utility *function*,
  by SciPy's SLSQP started from the best point of a dense sample (so the local optimiser starts
  in the right basin; the sample optimum is kept if the polish fails).

Definitions (``d`` = disagreement utilities, gains ``g_i = u_i - d_i``, only outcomes with every
``g_i >= 0`` — the zone of agreement — are candidates):

* Nash (1950): maximise ``Σ w_i log g_i`` (weights ``w`` sum to 1; equal weights = the
  symmetric solution, capability weights = the asymmetric solution of Kalai 1977 /
  Roth 1979). Needs an outcome where every party strictly gains.
* Kalai–Smorodinsky (1975): maximise ``min_i g_i / (a_i - d_i)``, ``a`` the ideal point (each
  party's best utility inside the zone): the frontier point on the segment from ``d`` to ``a``.
  Parties that cannot gain anywhere (``a_i = d_i``) are left out of the ratio.
* Egalitarian (Kalai 1977): maximise ``min_i g_i`` — equal gains in utility.
* Utilitarian: maximise ``Σ u_i``.

On a finite set maximin ties are broken by the larger utility sum, and Nash ties likewise, so
every returned point is Pareto-optimal; the number of tied optima is reported.

Split the dollar (``u1 = x``, ``u2 = √(1-x)``, ``d = 0``) gives Nash at ``x = 2/3``, KS and
egalitarian at ``u ≈ (0.618, 0.618)`` and utilitarian at ``x = 3/4``:

>>> import numpy as np
>>> x = np.linspace(0, 1, 100_001)
>>> U = np.column_stack([x, np.sqrt(1 - x)])
>>> round(float(x[solve_discrete(U, np.zeros(2), "nash").index]), 4)
0.6667
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from accord.errors import InputError
from accord.solve.bargaining.sobol import scrambled_sobol

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

Concept = Literal["nash", "kalai-smorodinsky", "egalitarian", "utilitarian"]
CONCEPTS: tuple[Concept, ...] = ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian")

# Gains this close to zero count as zero (utilities are sums of a few products of numbers
# on 0–100 scales, so 1e-9 is far below any meaningful difference).
GAIN_TOL = 1e-9


@dataclass(frozen=True)
class DiscreteChoice:
    """The winner of one solution concept over a finite outcome set.

    ``index`` is the row of the utility matrix (None when the concept is undefined, with
    ``reason`` saying why); ``value`` the maximised objective; ``ties`` how many rows reach it.
    """

    concept: Concept
    index: int | None
    value: float
    ties: int
    reason: str = ""


@dataclass(frozen=True)
class ContinuousSolution:
    """A solution on a continuous outcome box: the point, its utilities and what binds."""

    concept: Concept
    outcome: FloatArray
    utilities: FloatArray
    value: float
    converged: bool
    binding: tuple[str, ...] = ()
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def normalised_weights(weights: FloatArray | None, k: int) -> FloatArray:
    """Weights for the asymmetric Nash solution, scaled to sum to 1 (equal when None).

    >>> normalised_weights(np.array([1.0, 3.0]), 2).tolist()
    [0.25, 0.75]
    """
    if weights is None:
        return np.full(k, 1.0 / k)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (k,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise InputError(
            "Nash weights must be k non-negative finite numbers, not all zero", field="weights"
        )
    return np.asarray(w / w.sum())


def ideal_point(utilities: FloatArray, disagreement: FloatArray) -> FloatArray:
    """Each party's best utility over the outcomes that leave every party at least ``d``."""
    U = np.asarray(utilities, dtype=np.float64)
    zone = np.all(U >= disagreement - GAIN_TOL, axis=1)
    if not zone.any():
        return np.asarray(disagreement, dtype=np.float64).copy()
    return np.asarray(U[zone].max(axis=0))


def objective_values(
    utilities: FloatArray,
    disagreement: FloatArray,
    concept: Concept,
    weights: FloatArray | None = None,
    ideal: FloatArray | None = None,
) -> FloatArray:
    """The concept's objective for every row (``-inf`` outside the zone of agreement)."""
    U = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    gains = U - d
    zone = np.all(gains >= -GAIN_TOL, axis=1)
    gains = np.maximum(gains, 0.0)
    k = U.shape[1]
    if concept == "nash":
        w = normalised_weights(weights, k)
        active = w > 0
        with np.errstate(divide="ignore"):
            val = np.log(gains[:, active]) @ w[active]
    elif concept == "kalai-smorodinsky":
        a = ideal_point(U, d) if ideal is None else ideal
        span = a - d
        movable = span > GAIN_TOL
        if not movable.any():
            val = np.zeros(len(U))
        else:
            val = (gains[:, movable] / span[movable]).min(axis=1)
    elif concept == "egalitarian":
        val = gains.min(axis=1)
    elif concept == "utilitarian":
        val = U.sum(axis=1)
    else:  # pragma: no cover - Literal guards this
        raise InputError(f"unknown solution concept {concept!r}", field="concept")
    return np.where(zone, val, -np.inf)


def solve_discrete(
    utilities: FloatArray,
    disagreement: FloatArray,
    concept: Concept,
    weights: FloatArray | None = None,
    *,
    rel_tol: float = 1e-12,
) -> DiscreteChoice:
    """Exact optimum of ``concept`` over the rows of ``utilities`` (shape (n, k)).

    Ties (objective within ``rel_tol`` of the best) go to the larger utility sum, then the
    lower row index, so the result is deterministic and Pareto-optimal.
    """
    U = np.asarray(utilities, dtype=np.float64)
    if U.ndim != 2 or U.shape[0] == 0:
        return DiscreteChoice(concept, None, float("-inf"), 0, "no outcomes")
    val = objective_values(U, disagreement, concept, weights)
    best = float(val.max())
    if best == -np.inf:
        if np.all(U >= np.asarray(disagreement) - GAIN_TOL, axis=1).any():
            reason = "no outcome gives every party a strict gain over disagreement"
        else:
            reason = "no zone of agreement"
        return DiscreteChoice(concept, None, best, 0, reason)
    tied = val >= best - rel_tol * max(1.0, abs(best))
    cand = np.flatnonzero(tied)
    sums = U[cand].sum(axis=1)
    pick = int(cand[int(np.argmax(sums))])
    return DiscreteChoice(concept, pick, best, int(len(cand)))


def solve_all_discrete(
    utilities: FloatArray,
    disagreement: FloatArray,
    weights: FloatArray | None = None,
    concepts: Sequence[Concept] = CONCEPTS,
) -> dict[Concept, DiscreteChoice]:
    """Every concept in ``concepts`` over the same finite set (``weights`` only affect Nash).

    The zone of agreement is computed once and every concept searches only its rows.
    """
    U = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    if U.ndim != 2 or U.shape[0] == 0:
        return {c: solve_discrete(U, d, c, weights) for c in concepts}
    rows = np.flatnonzero(np.all(U >= d - GAIN_TOL, axis=1))
    if len(rows) == 0:
        return {c: solve_discrete(U, d, c, weights) for c in concepts}
    Uz = U[rows]
    out: dict[Concept, DiscreteChoice] = {}
    for c in concepts:
        ch = solve_discrete(Uz, d, c, weights)
        index = None if ch.index is None else int(rows[ch.index])
        out[c] = DiscreteChoice(c, index, ch.value, ch.ties, ch.reason)
    return out


UtilityFunction = Callable[[FloatArray], FloatArray]


@dataclass(frozen=True)
class ContinuousProblem:
    """Outcomes ``x`` in the box ``lower <= x <= upper``; ``utility(x)`` gives the k utilities.

    The box is where red lines leave room (their intersection is a box on continuous scales).
    ``jacobian(x)`` (shape (k, m)), if given, is used instead of finite differences.
    """

    utility: UtilityFunction
    lower: FloatArray
    upper: FloatArray
    disagreement: FloatArray
    weights: FloatArray | None = None
    names: tuple[str, ...] = ()
    jacobian: UtilityFunction | None = None
    batch_utility: UtilityFunction | None = None

    @property
    def n_dims(self) -> int:
        """Number of outcome coordinates."""
        return int(np.asarray(self.lower).shape[0])

    def sample(self, n: int, seed: int = 0) -> FloatArray:
        """A scrambled Sobol sample of the box (an even grid in one dimension), shape (n, m)."""
        m = self.n_dims
        lo = np.asarray(self.lower, dtype=np.float64)
        hi = np.asarray(self.upper, dtype=np.float64)
        if m == 1:
            pts = np.linspace(0.0, 1.0, n)[:, None]
        else:
            # SciPy's points (scipy.stats.qmc.Sobol) without importing scipy.stats; computed
            # once per size and seed, not once per solution concept.
            pts = scrambled_sobol(m, n, seed=seed)
        return np.asarray(lo + pts * (hi - lo))

    def utilities_at(self, xs: FloatArray) -> FloatArray:
        """Utilities of many points (rows of ``xs``), shape (n, k)."""
        if self.batch_utility is not None:
            return np.asarray(self.batch_utility(xs), dtype=np.float64)
        return np.asarray(np.vstack([self.utility(x) for x in xs]), dtype=np.float64)

    def jac(self, x: FloatArray) -> FloatArray:
        """Jacobian of the utilities at ``x`` (analytic if given, else central differences)."""
        if self.jacobian is not None:
            return np.asarray(self.jacobian(x), dtype=np.float64)
        lo = np.asarray(self.lower, dtype=np.float64)
        hi = np.asarray(self.upper, dtype=np.float64)
        h = 1e-7 * np.maximum(1.0, hi - lo)
        cols = []
        for j in range(len(x)):
            e = np.zeros(len(x))
            e[j] = h[j]
            a, b = np.minimum(x + e, hi), np.maximum(x - e, lo)
            step = a[j] - b[j]
            cols.append((self.utility(a) - self.utility(b)) / step if step > 0 else 0 * e[:1])
        return np.asarray(np.column_stack(cols), dtype=np.float64)


def _remember_last(f: UtilityFunction) -> UtilityFunction:
    """``f`` with its last answer kept: SLSQP evaluates the objective and the constraints
    (and their gradients) at the same point one after the other, so half of the utility
    evaluations of a search were repeats. ``f`` is a pure function of ``x``; its arrays are only
    read by the callers here."""
    last: list[Any] = [None, None]

    def remembered(x: FloatArray) -> FloatArray:
        arr = np.asarray(x)
        key = (arr.shape, arr.dtype.str, arr.tobytes())
        if last[0] != key:
            last[0], last[1] = key, f(x)
        return np.asarray(last[1])

    return remembered


def solve_continuous(
    problem: ContinuousProblem,
    concept: Concept,
    *,
    samples: int = 4096,
    start: FloatArray | None = None,
    ideal: FloatArray | None = None,
    tol: float = 1e-10,
) -> ContinuousSolution:
    """Optimum of ``concept`` over the continuous box, by SLSQP from the best sample point.

    ``start`` adds a starting point (e.g. the grid optimum); ``ideal`` overrides the ideal
    point used by Kalai–Smorodinsky (computed continuously when None). The optimiser's point
    is kept only if it satisfies every constraint and does at least as well as the start;
    ``converged`` says whether SLSQP reported success.
    """
    lo = np.asarray(problem.lower, dtype=np.float64)
    hi = np.asarray(problem.upper, dtype=np.float64)
    m = len(lo)
    d = np.asarray(problem.disagreement, dtype=np.float64)
    xs = problem.sample(samples)
    if start is not None:
        xs = np.vstack([xs, np.asarray(start, dtype=np.float64)[None, :]])
    U = problem.utilities_at(xs)
    k = U.shape[1]
    if concept == "kalai-smorodinsky" and ideal is None:
        ideal = continuous_ideal_point(problem, xs, U)
    choice = solve_discrete(U, d, concept, problem.weights)
    if choice.index is None:
        return ContinuousSolution(
            concept, np.full(m, np.nan), np.full(k, np.nan), choice.value, False,
            reason=choice.reason,
        )
    x0 = xs[choice.index]
    w = normalised_weights(problem.weights, k)
    span = (ideal - d) if ideal is not None else np.ones(k)
    movable = span > GAIN_TOL

    utility, jacobian = _remember_last(problem.utility), _remember_last(problem.jac)

    def util(v: FloatArray) -> FloatArray:
        return np.asarray(utility(v[:m]), dtype=np.float64)

    def jac(v: FloatArray) -> FloatArray:
        return jacobian(v[:m])

    bounds: list[tuple[float | None, float | None]] = [
        (float(a), float(b)) for a, b in zip(lo, hi, strict=True)
    ]
    cons: list[dict[str, Any]]
    if concept in ("nash", "utilitarian"):
        v0 = x0
        ir = {"type": "ineq", "fun": lambda v: util(v) - d, "jac": jac}
        if concept == "nash":
            active = w > 0

            def fun(v: FloatArray) -> float:
                g = np.maximum(util(v) - d, 1e-300)
                return float(-(np.log(g[active]) @ w[active]))

            def grad(v: FloatArray) -> FloatArray:
                g = np.maximum(util(v) - d, 1e-300)
                return np.asarray(-((w[active] / g[active]) @ jac(v)[active]))

            cons = [{
                "type": "ineq", "fun": lambda v: util(v)[active] - d[active] - 1e-12,
                "jac": lambda v: jac(v)[active],
            }]
        else:

            def fun(v: FloatArray) -> float:
                return float(-util(v).sum())

            def grad(v: FloatArray) -> FloatArray:
                return np.asarray(-jac(v).sum(axis=0))

            cons = [ir]
    else:
        # Maximin as a smooth program: maximise t subject to scaled gains >= t.
        scale = np.where(movable, span, 1.0) if concept == "kalai-smorodinsky" else np.ones(k)
        sel = movable if concept == "kalai-smorodinsky" else np.ones(k, dtype=bool)
        t0 = float(((U[choice.index] - d)[sel] / scale[sel]).min()) if sel.any() else 0.0
        v0 = np.append(x0, t0)
        bounds = [*bounds, (None, None)]
        e_t = np.zeros(m + 1)
        e_t[-1] = 1.0

        def fun(v: FloatArray) -> float:
            return float(-v[-1])

        def grad(v: FloatArray) -> FloatArray:
            return -e_t

        def gap_jac(v: FloatArray) -> FloatArray:
            J = jac(v)[sel] / scale[sel][:, None]
            return np.column_stack([J, -np.ones(int(sel.sum()))])

        cons = [
            {"type": "ineq", "fun": lambda v: (util(v) - d)[sel] / scale[sel] - v[-1],
             "jac": gap_jac},
            {"type": "ineq", "fun": lambda v: util(v) - d,
             "jac": lambda v: np.column_stack([jac(v), np.zeros(k)])},
        ]
    # A too-tight ftol can end in a failed line search at the optimum; loosen it once.
    for ftol in (tol, tol * 100):
        res = minimize(
            fun, v0, jac=grad, method="SLSQP", bounds=bounds, constraints=cons,
            options={"ftol": ftol, "maxiter": 500},
        )
        if res.success:
            break
    obj_0 = objective_values(U[choice.index][None, :], d, concept, problem.weights, ideal)[0]
    cand = np.clip(np.asarray(res.x[:m], dtype=np.float64), lo, hi)
    u_c = util(cand)
    obj_c = objective_values(u_c[None, :], d, concept, problem.weights, ideal)[0]
    improved = bool(np.all(u_c >= d - GAIN_TOL)) and obj_c >= obj_0 - 1e-12 * max(1.0, abs(obj_0))
    x_best = cand if improved else x0
    u_best = util(x_best)
    value = float(objective_values(u_best[None, :], d, concept, problem.weights, ideal)[0])
    binding = _binding(x_best, u_best, lo, hi, d, problem.names)
    details: dict[str, Any] = {
        "optimizer": str(res.message), "iterations": int(res.nit), "polished": improved,
    }
    if ideal is not None:
        details["ideal_point"] = ideal.tolist()
    return ContinuousSolution(
        concept, x_best, u_best, value, bool(res.success) and improved, binding, "", details
    )


def continuous_ideal_point(
    problem: ContinuousProblem, xs: FloatArray | None = None, U: FloatArray | None = None
) -> FloatArray:
    """Each party's best utility inside the continuous zone of agreement (SLSQP per party)."""
    lo = np.asarray(problem.lower, dtype=np.float64)
    hi = np.asarray(problem.upper, dtype=np.float64)
    d = np.asarray(problem.disagreement, dtype=np.float64)
    if xs is None or U is None:
        xs = problem.sample(1024)
        U = problem.utilities_at(xs)
    zone = np.all(U >= d - GAIN_TOL, axis=1)
    if not zone.any():
        return d.copy()
    ideal = U[zone].max(axis=0)
    zone_idx = np.flatnonzero(zone)
    bounds = [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]
    utility, jacobian = _remember_last(problem.utility), _remember_last(problem.jac)
    for i in range(U.shape[1]):
        x0 = xs[zone_idx[int(np.argmax(U[zone_idx, i]))]]
        res = minimize(
            lambda v, i=i: -float(utility(v)[i]),
            x0,
            jac=lambda v, i=i: -jacobian(v)[i],
            method="SLSQP",
            bounds=bounds,
            constraints=[{"type": "ineq", "fun": lambda v: utility(v) - d,
                          "jac": jacobian}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        u = np.asarray(problem.utility(np.clip(res.x, lo, hi)), dtype=np.float64)
        if np.all(u >= d - GAIN_TOL) and u[i] > ideal[i]:
            ideal[i] = u[i]
    return np.asarray(ideal)


def _binding(
    x: FloatArray,
    u: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    d: FloatArray,
    names: tuple[str, ...],
    tol: float = 1e-6,
) -> tuple[str, ...]:
    out: list[str] = []
    for j in range(len(x)):
        name = names[j] if j < len(names) else f"x{j}"
        width = max(1.0, float(hi[j] - lo[j]))
        if abs(x[j] - lo[j]) <= tol * width:
            out.append(f"{name} at lower bound {lo[j]:g}")
        elif abs(x[j] - hi[j]) <= tol * width:
            out.append(f"{name} at upper bound {hi[j]:g}")
    for i in range(len(u)):
        if abs(u[i] - d[i]) <= 1e-7 * max(1.0, abs(float(d[i]))):
            out.append(f"party {i} at its disagreement utility")
    return tuple(out)
