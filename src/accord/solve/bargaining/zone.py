"""The zone of possible agreement and the constraints that shape or block it.

The zone is every grid outcome that breaks no red line and leaves every actor at least its
disagreement utility. Constraints are the (actor, issue) red lines and each actor's
participation ("individual rationality") constraint ``u_i >= d_i``. A constraint *binds* when
it alone excludes some outcome that every other constraint accepts; when the zone is empty,
such a constraint *blocks* the deal: relaxing it alone would open a zone.

>>> import numpy as np
>>> from accord.solve.bargaining.space import BargainingSpace, IssueSpace
>>> s = BargainingSpace.spatial(("a", "b"), (IssueSpace.continuous("x", 0, 100, 11),),
...     np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([50.0]),
...     red_low=np.array([[-np.inf], [70.0]]), red_high=np.array([[30.0], [np.inf]]))
>>> z = analyse_zone(s)
>>> z.exists, [c.describe() for c in z.constraints if c.blocks]
(False, [])
>>> z.red_line_conflicts[0].describe()
"a's red line on x (≤ 30) and b's (≥ 70) leave no acceptable outcome"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.solve.bargaining.solutions import GAIN_TOL
from accord.solve.bargaining.space import BargainingSpace

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Constraint:
    """One constraint and how many grid outcomes it excludes.

    ``kind`` is ``"red line"`` (``issue`` and ``bound`` set) or ``"disagreement"``
    (the actor's participation constraint). ``excludes`` counts outcomes breaking it;
    ``only_excludes`` those it alone excludes (all other constraints hold there).
    """

    kind: str
    actor: str
    issue: str | None
    bound: str | None
    excludes: int
    only_excludes: int
    blocks: bool

    @property
    def binds(self) -> bool:
        """True if relaxing this constraint alone would add outcomes to the zone."""
        return self.only_excludes > 0

    def describe(self) -> str:
        """One line, e.g. ``"ru's red line on nato (≤ 10)"``."""
        if self.kind == "red line":
            return f"{self.actor}'s red line on {self.issue} ({self.bound})"
        return f"{self.actor}'s participation ({self.bound}: no worse than no deal)"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "kind": self.kind, "actor": self.actor, "issue": self.issue, "bound": self.bound,
            "excludes": self.excludes, "only_excludes": self.only_excludes,
            "binds": self.binds, "blocks": self.blocks,
        }


@dataclass(frozen=True)
class RedLineConflict:
    """Two actors' red lines on one issue that no value satisfies together."""

    issue: str
    low_actor: str
    low: float
    high_actor: str
    high: float

    def describe(self) -> str:
        """One line naming both red lines."""
        return (
            f"{self.high_actor}'s red line on {self.issue} (≤ {self.high:g}) and "
            f"{self.low_actor}'s (≥ {self.low:g}) leave no acceptable outcome"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "issue": self.issue, "low_actor": self.low_actor, "low": self.low,
            "high_actor": self.high_actor, "high": self.high, "message": self.describe(),
        }


@dataclass(frozen=True)
class Zone:
    """The zone of possible agreement on the grid.

    ``share`` is the zone's fraction of all grid outcomes; ``volume`` the same fraction of the
    outcome space's volume (product of the scale widths of continuous issues, times the number
    of options of discrete ones) — a grid estimate of the continuous volume.
    """

    exists: bool
    n_outcomes: int
    n_feasible: int
    n_zone: int
    share: float
    volume: float
    feasible: BoolArray
    zone: BoolArray
    constraints: tuple[Constraint, ...]
    red_line_conflicts: tuple[RedLineConflict, ...] = field(default=())

    def message(self) -> str:
        """A one-line verdict, e.g. "no zone of agreement: ru's red line on nato binds"."""
        if self.exists:
            return (
                f"zone of agreement: {self.n_zone:,} of {self.n_outcomes:,} outcomes "
                f"({self.share:.2%})"
            )
        if self.red_line_conflicts:
            c = self.red_line_conflicts[0]
            return (
                f"no zone of agreement: {c.high_actor}'s and {c.low_actor}'s red lines on "
                f"{c.issue} bind (no outcome satisfies both)"
            )
        blocking = [c for c in self.constraints if c.blocks]
        if blocking:
            names = "; ".join(
                f"{c.actor}'s red line on {c.issue} binds" if c.kind == "red line"
                else f"{c.actor} does better without a deal at every acceptable outcome "
                "the other constraints allow"
                for c in blocking
            )
            return f"no zone of agreement: {names}"
        return "no zone of agreement: several constraints bind together (none alone)"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (without the per-outcome masks)."""
        return {
            "exists": self.exists, "message": self.message(), "outcomes": self.n_outcomes,
            "feasible_outcomes": self.n_feasible, "zone_outcomes": self.n_zone,
            "share": self.share, "volume": self.volume,
            "constraints": [c.to_dict() for c in self.constraints if c.excludes > 0],
            "red_line_conflicts": [c.to_dict() for c in self.red_line_conflicts],
        }


def red_line_conflicts(space: BargainingSpace) -> tuple[RedLineConflict, ...]:
    """Issues where the actors' red lines share no acceptable value (on the grid)."""
    out: list[RedLineConflict] = []
    for k, iss in enumerate(space.issues):
        if space.allowed(k).all(axis=0).any():
            continue
        lo = space.red_low[:, k]
        hi = space.red_high[:, k]
        i_lo, i_hi = int(np.argmax(lo)), int(np.argmin(hi))
        out.append(
            RedLineConflict(
                iss.name, space.actors[i_lo], float(lo[i_lo]), space.actors[i_hi], float(hi[i_hi])
            )
        )
    return tuple(out)


def _bound_text(lo: float, hi: float) -> str:
    if np.isfinite(lo) and np.isfinite(hi):
        return f"{lo:g}–{hi:g}"
    if np.isfinite(lo):
        return f"≥ {lo:g}"
    return f"≤ {hi:g}"


def analyse_zone(
    space: BargainingSpace,
    utilities: FloatArray | None = None,
    disagreement: FloatArray | None = None,
) -> Zone:
    """Zone of agreement on the grid and, for every constraint, what it excludes."""
    U = space.grid_utilities() if utilities is None else utilities
    d = space.disagreement() if disagreement is None else disagreement
    n = U.shape[0]
    broken_red = space.grid_violations()
    ir_ok = U >= d[None, :] - GAIN_TOL
    broken_ir = (~ir_ok).sum(axis=1)
    broken = broken_red + broken_ir
    feasible = broken_red == 0
    zone = broken == 0
    exists = bool(zone.any())
    single = broken == 1
    idx = space.grid_index(np.flatnonzero(single))
    constraints: list[Constraint] = []
    for k, iss in enumerate(space.issues):
        bad = ~space.allowed(k)  # (actors, values)
        excl_counts = _count_per_value(space, k) @ bad.T.astype(np.int64)
        only = np.bincount(idx[:, k], minlength=len(iss.values)) @ bad.T.astype(np.int64)
        for i, actor in enumerate(space.actors):
            lo, hi = float(space.red_low[i, k]), float(space.red_high[i, k])
            if not (np.isfinite(lo) or np.isfinite(hi)):
                continue
            constraints.append(
                Constraint(
                    "red line", actor, iss.name, _bound_text(lo, hi), int(excl_counts[i]),
                    int(only[i]), (not exists) and int(only[i]) > 0,
                )
            )
    for i, actor in enumerate(space.actors):
        only_i = int(np.count_nonzero(single & ~ir_ok[:, i]))
        constraints.append(
            Constraint(
                "disagreement", actor, None, f"u ≥ {d[i]:.4g}",
                int(np.count_nonzero(~ir_ok[:, i])),
                only_i, (not exists) and only_i > 0,
            )
        )
    volume_total = 1.0
    for iss in space.issues:
        volume_total *= len(iss.values) if iss.discrete else iss.width
    share = float(zone.sum()) / n if n else 0.0
    return Zone(
        exists=exists,
        n_outcomes=n,
        n_feasible=int(feasible.sum()),
        n_zone=int(zone.sum()),
        share=share,
        volume=share * volume_total,
        feasible=feasible,
        zone=zone,
        constraints=tuple(constraints),
        red_line_conflicts=red_line_conflicts(space),
    )


def _count_per_value(space: BargainingSpace, k: int) -> NDArray[np.int64]:
    """How many grid outcomes take each value of issue k (the product of the other sizes)."""
    others = space.size // len(space.issues[k].values)
    return np.full(len(space.issues[k].values), others, dtype=np.int64)
