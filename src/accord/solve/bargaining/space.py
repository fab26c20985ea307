"""The bargaining space: outcomes, each actor's utility over them, red lines, disagreement.

An *outcome* fixes a value on every issue's scale. Continuous scales are discretised at a
chosen resolution (``resolution`` evenly spaced points, plus every point the model names: the
actors' ideal points, red-line bounds, status quo and stated alternatives, so that a red line
never falls between two grid points); discrete issues take their options' values.

Utility (stated and justified in docs/bargaining.md)::

    u_i(x) = Σ_k  s_ik · R_k · (1 − (|x_k − p_ik| / R_k) ** ρ_i)

with ``s_ik`` the salience (0–100 in the model file, divided by 100 here), ``p_ik`` the
actor's position, ``R_k`` the width of issue k's scale and ``ρ_i`` the risk exponent. With
``ρ = 1`` the utility is "salience-weighted scale points closer to my position", the unit the
model file prices money in (``utility_per_money``). The exponent comes from the actor's risk
attitude ``a`` in [−1, 1] (−1 averse … 1 acceptant) by Bueno de Mesquita's transform
``ρ = (1 − a/3) / (1 + a/3)`` ∈ [0.5, 2]: ``ρ > 1`` makes utility concave in the outcome
(risk-averse: small concessions cost little, big ones a lot), ``ρ < 1`` convex.

Red lines are hard: an outcome outside any actor's acceptable bounds on any issue is
infeasible. Each actor's disagreement utility is its utility at its own disagreement outcome:
its stated alternative on an issue if it gives one, else the issue's status quo.

>>> import numpy as np
>>> space = BargainingSpace.spatial(
...     actors=("a", "b"), issues=(IssueSpace.continuous("x", 0, 100, 11),),
...     ideal=np.array([[0.0], [100.0]]), salience=np.array([[1.0], [1.0]]),
...     status_quo=np.array([50.0]))
>>> space.size, space.disagreement().tolist()
(11, [50.0, 50.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

#: Largest grid enumerated in memory (outcomes × actors floats must fit comfortably).
MAX_OUTCOMES = 4_000_000


def risk_exponent(attitude: float | None) -> float:
    """The utility exponent ρ for a risk attitude ``a`` in [−1, 1] (None = neutral, ρ = 1).

    Bueno de Mesquita's transform (1985; Scholz et al. 2011 eq. 5): ρ = (1 − a/3)/(1 + a/3).

    >>> risk_exponent(-1.0), risk_exponent(0.0), risk_exponent(1.0)
    (2.0, 1.0, 0.5)
    """
    if attitude is None:
        return 1.0
    a = float(attitude)
    if not -1.0 <= a <= 1.0:
        raise InputError(f"risk attitude must be in [-1, 1], got {a}", field="risk")
    return (3.0 - a) / (3.0 + a)  # = (1 - a/3) / (1 + a/3), exact at a = ±1


@dataclass(frozen=True)
class IssueSpace:
    """One issue: its scale ``[low, high]`` and the candidate values an outcome may take."""

    name: str
    low: float
    high: float
    values: FloatArray
    labels: tuple[str, ...] = ()
    discrete: bool = False

    @classmethod
    def continuous(
        cls, name: str, low: float, high: float, resolution: int, extra: Sequence[float] = ()
    ) -> IssueSpace:
        """``resolution`` evenly spaced points on the scale plus the ``extra`` points in it."""
        if resolution < 2:
            raise InputError(f"resolution must be at least 2, got {resolution}", field="resolution")
        if not high > low:
            raise InputError(f"issue {name!r}: scale high must exceed low", field="scale")
        grid = np.linspace(low, high, resolution)
        pts = np.asarray([p for p in extra if low <= p <= high], dtype=np.float64)
        return cls(name, float(low), float(high), np.unique(np.concatenate([grid, pts])))

    @classmethod
    def options(
        cls, name: str, low: float, high: float, values: Sequence[float], labels: Sequence[str]
    ) -> IssueSpace:
        """A discrete issue whose options sit at ``values`` on the scale."""
        return cls(
            name, float(low), float(high), np.asarray(values, dtype=np.float64),
            tuple(labels), True,
        )

    @property
    def width(self) -> float:
        """Width of the scale, ``R_k``."""
        return self.high - self.low

    def label(self, value: float) -> str:
        """The option label of a value (its number for continuous issues)."""
        if self.labels:
            hit = np.flatnonzero(np.isclose(self.values, value))
            if len(hit):
                return self.labels[int(hit[0])]
        return f"{value:g}"


@dataclass(frozen=True)
class BargainingSpace:
    """Actors' spatial preferences over a product of issues, with red lines and disagreement.

    Arrays are (n_actors, n_issues) unless noted: ``ideal`` positions; ``salience`` weights in
    [0, 1] (0 where an actor takes no position); ``exponent`` (n_actors,) risk exponents;
    ``red_low``/``red_high`` acceptable bounds (±inf where none); ``disagreement_outcome``
    each actor's outcome if no deal (status quo or its stated alternative); ``capability``
    (n_actors,) used as asymmetric-Nash weights.
    """

    actors: tuple[str, ...]
    issues: tuple[IssueSpace, ...]
    ideal: FloatArray
    salience: FloatArray
    exponent: FloatArray
    red_low: FloatArray
    red_high: FloatArray
    disagreement_outcome: FloatArray
    capability: FloatArray
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def spatial(
        cls,
        actors: tuple[str, ...],
        issues: tuple[IssueSpace, ...],
        ideal: FloatArray,
        salience: FloatArray,
        status_quo: FloatArray,
        *,
        exponent: FloatArray | None = None,
        red_low: FloatArray | None = None,
        red_high: FloatArray | None = None,
        alternative: FloatArray | None = None,
        capability: FloatArray | None = None,
    ) -> BargainingSpace:
        """Build from plain arrays; ``alternative`` (NaN = none) overrides the status quo."""
        na, ni = len(actors), len(issues)
        shape = (na, ni)
        dis = np.broadcast_to(np.asarray(status_quo, dtype=np.float64), shape).copy()
        if alternative is not None:
            alt = np.asarray(alternative, dtype=np.float64)
            dis = np.where(np.isnan(alt), dis, alt)
        return cls(
            actors=tuple(actors),
            issues=tuple(issues),
            ideal=np.asarray(ideal, dtype=np.float64).reshape(shape),
            salience=np.asarray(salience, dtype=np.float64).reshape(shape),
            exponent=np.ones(na) if exponent is None else np.asarray(exponent, np.float64),
            red_low=np.full(shape, -np.inf) if red_low is None else np.asarray(red_low, float),
            red_high=np.full(shape, np.inf) if red_high is None else np.asarray(red_high, float),
            disagreement_outcome=dis,
            capability=np.ones(na) if capability is None else np.asarray(capability, float),
        )

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of candidate values per issue."""
        return tuple(len(i.values) for i in self.issues)

    @property
    def size(self) -> int:
        """Number of outcomes in the grid (product of ``shape``)."""
        return int(np.prod(self.shape, dtype=np.int64))

    def issue_utility(self, k: int, x: FloatArray) -> FloatArray:
        """Every actor's utility from issue ``k`` at values ``x``: shape (n_actors, len(x))."""
        iss = self.issues[k]
        dist = np.abs(np.asarray(x, dtype=np.float64)[None, :] - self.ideal[:, k : k + 1])
        frac = np.clip(dist / iss.width, 0.0, 1.0)
        close = 1.0 - frac ** self.exponent[:, None]
        return np.asarray(self.salience[:, k : k + 1] * iss.width * close)

    def allowed(self, k: int, x: FloatArray | None = None) -> BoolArray:
        """Which actors accept which values of issue ``k``: shape (n_actors, n_values)."""
        vals = self.issues[k].values if x is None else np.asarray(x, dtype=np.float64)
        lo = self.red_low[:, k : k + 1]
        hi = self.red_high[:, k : k + 1]
        # Tolerance so a bound typed as 33.3 accepts the grid value 33.300000000000004.
        eps = 1e-9 * max(1.0, self.issues[k].width)
        return np.asarray((vals[None, :] >= lo - eps) & (vals[None, :] <= hi + eps))

    def utility(self, X: FloatArray) -> FloatArray:
        """Utilities of outcomes ``X`` (shape (n, n_issues)) → shape (n, n_actors)."""
        X = np.atleast_2d(np.asarray(X, dtype=np.float64))
        total = np.zeros((X.shape[0], self.n_actors))
        for k in range(self.n_issues):
            total += self.issue_utility(k, X[:, k]).T
        return total

    @cached_property
    def widths(self) -> FloatArray:
        """The issues' scale widths ``R_k``, shape (n_issues,) (built once: the optimisers
        evaluate :meth:`point_utility` thousands of times)."""
        widths = np.array([i.width for i in self.issues])
        widths.setflags(write=False)
        return widths

    def point_utility(self, x: FloatArray) -> FloatArray:
        """Utilities at one outcome ``x`` (n_issues,), shape (n_actors,): the fast scalar path."""
        width = self.widths
        frac = np.clip(np.abs(np.asarray(x)[None, :] - self.ideal) / width, 0.0, 1.0)
        close = 1.0 - frac ** self.exponent[:, None]
        return np.asarray((self.salience * width * close).sum(axis=1))

    def point_jacobian(self, x: FloatArray) -> FloatArray:
        """d u_i / d x_k at one outcome, shape (n_actors, n_issues).

        At an actor's own position the utility has a kink; the subgradient 0 is returned there.
        """
        width = self.widths
        diff = np.asarray(x)[None, :] - self.ideal
        frac = np.abs(diff) / width
        rho = self.exponent[:, None]
        inside = (frac > 0) & (frac < 1)
        safe = np.where(inside, frac, 1.0)
        slope = np.where(inside, rho * safe ** (rho - 1.0), 0.0)
        return np.asarray(-self.salience * slope * np.sign(diff))

    def disagreement(self) -> FloatArray:
        """Each actor's utility at its own disagreement outcome, shape (n_actors,)."""
        out = np.zeros(self.n_actors)
        for k in range(self.n_issues):
            u = self.issue_utility(k, self.disagreement_outcome[:, k])  # (actors, actors)
            out += np.diag(u)
        return out

    def issue_disagreement(self) -> FloatArray:
        """Per-issue disagreement utility, shape (n_actors, n_issues)."""
        out = np.zeros((self.n_actors, self.n_issues))
        for k in range(self.n_issues):
            out[:, k] = np.diag(self.issue_utility(k, self.disagreement_outcome[:, k]))
        return out

    def check_size(self, limit: int = MAX_OUTCOMES) -> None:
        """Raise :class:`InputError` (field ``resolution``) if the grid is too large to
        enumerate."""
        if self.size > limit:
            dims = " × ".join(str(s) for s in self.shape)
            raise InputError(
                f"the outcome grid has {self.size:,} outcomes ({dims}), more than {limit:,}: "
                "lower the resolution or bargain on one track",
                field="resolution",
            )

    def grid_utilities(self) -> FloatArray:
        """Utilities of every grid outcome in C order, shape (size, n_actors)."""
        self.check_size()
        total = np.zeros((*self.shape, self.n_actors))
        for k in range(self.n_issues):
            table = self.issue_utility(k, self.issues[k].values).T  # (n_values, actors)
            idx: list[slice | None] = [None] * self.n_issues
            idx[k] = slice(None)
            total += table[(*idx, slice(None))]
        return total.reshape(self.size, self.n_actors)

    def grid_violations(self) -> IntArray:
        """Number of (actor, issue) red lines each grid outcome breaks, shape (size,)."""
        total = np.zeros(self.shape, dtype=np.intp)
        for k in range(self.n_issues):
            broken = (~self.allowed(k)).sum(axis=0)
            idx: list[slice | None] = [None] * self.n_issues
            idx[k] = slice(None)
            total = total + broken[tuple(idx)]
        return total.reshape(self.size)

    def grid_index(self, flat: IntArray) -> IntArray:
        """Per-issue value indices of flat outcome indices, shape (len(flat), n_issues)."""
        return np.column_stack(np.unravel_index(np.asarray(flat), self.shape)).astype(np.intp)

    def outcomes(self, flat: IntArray) -> FloatArray:
        """Issue values of flat outcome indices, shape (len(flat), n_issues)."""
        idx = self.grid_index(flat)
        cols = [self.issues[k].values[idx[:, k]] for k in range(self.n_issues)]
        return np.column_stack(cols) if cols else np.zeros((len(idx), 0))

    def feasible_box(self) -> tuple[FloatArray, FloatArray]:
        """Per issue, the interval every actor's red lines accept (low > high when empty)."""
        lo = np.array([i.low for i in self.issues], dtype=np.float64)
        hi = np.array([i.high for i in self.issues], dtype=np.float64)
        return np.maximum(lo, self.red_low.max(axis=0)), np.minimum(hi, self.red_high.min(axis=0))
