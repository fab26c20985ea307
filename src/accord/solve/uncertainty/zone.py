"""Does a zone of agreement exist for one draw, and can side payments buy one? (bargaining on
every run of a sweep)

The question is the one ``accord bargain`` answers (docs/bargaining.md): is there an outcome
that breaks no actor's red line and leaves every actor at least its disagreement utility
(stated alternative, else status quo)? With the bargaining utility
``u_i(x) = Σ_k s_ik (R_k − |x_k − p_ik|^ρ_i / R_k^(ρ_i−1))``:

* when every actor is risk-neutral (ρ = 1, the default without risk attitudes) and every issue
  is continuous, each ``u_i`` is concave and piecewise linear, so the best worst-off gain
  ``max_x min_i (u_i(x) − d_i)`` over the box the red lines leave is a small linear program
  (HiGHS); the zone exists when it is ≥ −1e-9. This is exact on the continuous scales (the grid
  of ``accord bargain`` can miss a zone thinner than its spacing);
* otherwise (risk attitudes, discrete issues) the outcomes of a grid — ``resolution`` points
  per continuous scale plus every point the draw names, options of discrete issues — are
  tested, as ``accord bargain`` does.

When there is no zone and the model has side-payment pools, :func:`zone_with_transfers` asks
whether money within the pools (each actor valuing it at its drawn ``utility_per_money``) can
make some red-line-feasible outcome of that grid acceptable to every actor, as
``accord bargain --transfers`` does.

>>> import numpy as np
>>> zone_exists(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([[50.0], [50.0]]),
...             np.array([[-np.inf], [-np.inf]]), np.array([[np.inf], [np.inf]]),
...             np.array([0.0]), np.array([100.0]))
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from accord.solve.bargaining.analysis import grid_transfer
from accord.solve.bargaining.solutions import GAIN_TOL
from accord.solve.bargaining.space import BargainingSpace, IssueSpace
from accord.solve.bargaining.transfers import Pool

FloatArray = NDArray[np.float64]

GRID_RESOLUTION = 7
GRID_LIMIT = 500_000


def _utility(
    ideal: FloatArray, salience: FloatArray, x: FloatArray, width: FloatArray, exponent: FloatArray
) -> FloatArray:
    frac = np.clip(np.abs(x - ideal) / width, 0.0, 1.0)
    return np.asarray((salience * width * (1.0 - frac ** exponent[:, None])).sum(axis=1))


def zone_exists(
    ideal: FloatArray,
    salience: FloatArray,
    disagreement: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    scale_min: FloatArray,
    scale_max: FloatArray,
    *,
    exponent: FloatArray | None = None,
    options: Sequence[FloatArray | None] | None = None,
    resolution: int = GRID_RESOLUTION,
) -> bool:
    """True if some outcome keeps every red line and gives every actor ≥ its no-deal utility.

    Arrays are (actors, issues) except ``scale_min``/``scale_max`` (issues,) and
    ``exponent`` (actors,; None = all 1); ``salience`` is 0–1; ``options`` gives the option
    values of discrete issues (None for continuous ones).
    """
    rho = _exponents(exponent, ideal.shape[0])
    box = _open_box(red_low, red_high, scale_min, scale_max)
    if box is None:
        return False
    width = scale_max - scale_min
    d = _utility(ideal, salience, disagreement, width, rho)  # each actor at its own no-deal
    discrete = options is not None and any(o is not None for o in options)
    if np.allclose(rho, 1.0) and not discrete:
        box_lo, box_hi = box
        # A witness settles most draws without the LP: the no-deal outcomes, the ideal points
        # and the salience-weighted mean, each clipped to the acceptable box.
        w = salience.sum(axis=0)
        mean = np.where(
            w > 0,
            (salience * ideal).sum(axis=0) / np.where(w > 0, w, 1.0),
            (scale_min + scale_max) / 2.0,
        )
        cand = np.clip(np.vstack([disagreement, ideal, mean[None, :]]), box_lo, box_hi)
        gains = np.stack([_utility(ideal, salience, c, width, rho) for c in cand]) - d[None, :]
        if np.any(np.all(gains >= -GAIN_TOL, axis=1)):
            return True
        return _lp(ideal, salience, d, box_lo, box_hi, width)
    space = _grid_space(
        ideal, salience, disagreement, red_low, red_high, scale_min, scale_max, rho, options,
        resolution,
    )
    ok = space.grid_violations() == 0
    ok &= np.all(space.grid_utilities() >= d[None, :] - GAIN_TOL, axis=1)
    return bool(ok.any())


def _exponents(exponent: FloatArray | None, n: int) -> FloatArray:
    """Each actor's risk exponent ρ (1, risk-neutral, when none are given)."""
    return np.ones(n) if exponent is None else np.asarray(exponent, dtype=np.float64)


def _open_box(
    red_low: FloatArray, red_high: FloatArray, scale_min: FloatArray, scale_max: FloatArray
) -> tuple[FloatArray, FloatArray] | None:
    """Per issue the lowest and highest value within the scale that no red line excludes
    (ordered), or None when two red lines leave no value of some issue: then no outcome,
    bought with money or not, keeps every red line."""
    lo = np.maximum(scale_min, red_low.max(axis=0))
    hi = np.minimum(scale_max, red_high.min(axis=0))
    if np.any(lo > hi + 1e-9 * np.maximum(1.0, scale_max - scale_min)):
        return None
    return np.minimum(lo, hi), np.maximum(lo, hi)


def _lp(
    ideal: FloatArray,
    salience: FloatArray,
    d: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    width: FloatArray,
) -> bool:
    # Variables: x (m), t (n*m) with t_ik >= |x_k - p_ik|, z. Maximise z subject to
    # z + Σ_k s_ik t_ik <= Σ_k s_ik R_k - d_i for every actor i.
    n, m = ideal.shape
    nv = m + n * m + 1
    c = np.zeros(nv)
    c[-1] = -1.0
    rows = []
    rhs = []
    for i in range(n):
        for k in range(m):
            t = m + i * m + k
            r1 = np.zeros(nv)
            r1[k], r1[t] = 1.0, -1.0  # x_k - t_ik <= p_ik
            r2 = np.zeros(nv)
            r2[k], r2[t] = -1.0, -1.0  # -x_k - t_ik <= -p_ik
            rows += [r1, r2]
            rhs += [ideal[i, k], -ideal[i, k]]
        r = np.zeros(nv)
        r[m + i * m : m + (i + 1) * m] = salience[i]
        r[-1] = 1.0
        rows.append(r)
        rhs.append(float((salience[i] * width).sum() - d[i]))
    span = float(np.abs(rhs).max() + width.max() * max(1.0, float(salience.sum())))
    bounds = [(float(a), float(b)) for a, b in zip(lo, hi, strict=True)]
    bounds += [(0.0, float(w)) for w in np.repeat(width[None, :], n, axis=0).ravel()]
    bounds.append((-span, span))
    res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=bounds, method="highs")
    if res.status != 0:  # pragma: no cover - the problem is always feasible and bounded
        raise RuntimeError(f"zone LP failed: {res.message}")
    return bool(-res.fun >= -GAIN_TOL * max(1.0, float(np.abs(d).max())))


def _grid_space(
    ideal: FloatArray,
    salience: FloatArray,
    disagreement: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    scale_min: FloatArray,
    scale_max: FloatArray,
    rho: FloatArray,
    options: Sequence[FloatArray | None] | None,
    resolution: int,
) -> BargainingSpace:
    """The draw's bargaining grid: ``resolution`` points per continuous scale plus every point
    the draw names (coarser until it holds at most :data:`GRID_LIMIT` outcomes, or 2 points)."""
    n, m = ideal.shape
    while True:
        issues = []
        for k in range(m):
            opts = None if options is None else options[k]
            if opts is not None:
                issues.append(
                    IssueSpace.options(
                        f"i{k}", scale_min[k], scale_max[k], list(opts), [str(v) for v in opts]
                    )
                )
                continue
            named = [*ideal[:, k], *disagreement[:, k]]
            named += [v for v in (*red_low[:, k], *red_high[:, k]) if np.isfinite(v)]
            issues.append(
                IssueSpace.continuous(f"i{k}", scale_min[k], scale_max[k], resolution, named)
            )
        space = BargainingSpace.spatial(
            tuple(f"a{i}" for i in range(n)),
            tuple(issues),
            ideal,
            salience,
            disagreement[0],
            exponent=rho,
            red_low=red_low,
            red_high=red_high,
            alternative=disagreement,
        )
        if space.size <= GRID_LIMIT or resolution <= 2:
            return space
        resolution -= 1


def zone_with_transfers(
    ideal: FloatArray,
    salience: FloatArray,
    disagreement: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    scale_min: FloatArray,
    scale_max: FloatArray,
    rates: FloatArray,
    pools: tuple[Pool, ...],
    *,
    exponent: FloatArray | None = None,
    options: Sequence[FloatArray | None] | None = None,
    resolution: int = GRID_RESOLUTION,
) -> bool:
    """True if side payments can buy a deal: some outcome keeps every red line and, after
    transfers within the ``pools``, leaves every actor at least its no-deal utility.

    The question ``accord bargain --transfers`` answers (docs/bargaining.md, "Side payments"),
    on the grid of :func:`zone_exists` (``resolution`` points per continuous scale plus every
    point the draw names), with the same exact transfer search
    (:func:`~accord.solve.bargaining.analysis.grid_transfer`). ``rates`` (actors,) is each
    actor's utility per unit of money (NaN = cannot pay or receive). Red lines are hard:
    money never buys an outcome that crosses one.

    >>> import numpy as np
    >>> # a (ideal 0) refuses anything above 30; b (ideal 100) needs ≥ 50 without money.
    >>> args = (np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([[50.0], [50.0]]),
    ...         np.array([[-np.inf], [-np.inf]]), np.array([[30.0], [np.inf]]),
    ...         np.array([0.0]), np.array([100.0]), np.array([1.0, 1.0]))
    >>> zone_exists(*args[:7])
    False
    >>> zone_with_transfers(*args, (Pool("fund", 25.0, funders=(0,), recipients=(1,)),))
    True
    >>> zone_with_transfers(*args, (Pool("fund", 15.0, funders=(0,), recipients=(1,)),))
    False
    """
    if not pools:
        return False
    if _open_box(red_low, red_high, scale_min, scale_max) is None:
        return False
    space = _grid_space(
        ideal, salience, disagreement, red_low, red_high, scale_min, scale_max,
        _exponents(exponent, ideal.shape[0]), options, resolution,
    )
    feasible = np.flatnonzero(space.grid_violations() == 0)
    if len(feasible) == 0:
        return False
    U = space.grid_utilities()
    plan = grid_transfer(space, U, feasible, space.disagreement(), rates, pools)
    return plan.feasible
