"""Shared inputs and results of the spatial forecasting engines.

Every engine is a small object with explicit parameters and a ``run(scenario)`` method that
returns a :class:`ForecastResult` — plain arrays and records, no I/O. Engines never import
from corpus, extract, store or web; :mod:`accord.model` builds scenarios from model files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError, ModelError

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SpatialScenario:
    """Actors with capability, and for each issue (dimension) a position and a salience.

    ``position`` and ``salience`` have shape (n_actors, n_dimensions). Positions are on each
    dimension's scale (``scale_min``..``scale_max``, 0–100 by default); salience is a weight in
    [0, 1] (a model file's 0–100 salience divided by 100). ``risk`` is an optional per-actor
    risk attitude (engine-specific meaning; None means the engine estimates it).
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    capability: FloatArray
    position: FloatArray
    salience: FloatArray
    scale_min: FloatArray | None = None
    scale_max: FloatArray | None = None
    risk: FloatArray | None = None
    name: str = ""

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def n_dimensions(self) -> int:
        """Number of issues (dimensions)."""
        return len(self.dimensions)


@dataclass(frozen=True)
class Move:
    """One recorded step of the bargaining: who moved where, why, and the numbers behind it.

    ``kind`` is engine-specific vocabulary: e.g. ``"conflict"``, ``"compromise"``,
    ``"compel"``, ``"status-quo"`` (EUM), ``"bargain"`` (SMP), ``"exchange"`` (Stokman).
    """

    round: int
    actor: str
    dimension: str
    before: float
    after: float
    kind: str
    counterpart: str | None = None
    detail: dict[str, float] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The move as one row of an explanation: round, issue, kind, counterpart, before,
        after and the numbers (``detail``); the actor is the caller's."""
        return {
            "round": self.round,
            "issue": self.dimension,
            "kind": self.kind,
            "counterpart": self.counterpart,
            "before": self.before,
            "after": self.after,
            "detail": dict(self.detail),
        }


@dataclass
class ForecastResult:
    """What an engine returns.

    ``history`` has shape (rounds + 1, n_actors, n_dimensions): row 0 is the input positions.
    ``forecast`` is the engine's predicted outcome per dimension.
    """

    engine: str
    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    history: FloatArray
    forecast: FloatArray
    converged: bool
    moves: list[Move] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        """Number of rounds played (history rows minus the starting row)."""
        return int(self.history.shape[0]) - 1

    def trajectory(self, actor: str) -> FloatArray:
        """Positions of ``actor`` over time, shape (rounds + 1, n_dimensions)."""
        return self.history[:, self.actors.index(actor), :]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of everything in the result."""
        return {
            "engine": self.engine,
            "actors": list(self.actors),
            "dimensions": list(self.dimensions),
            "forecast": {d: float(v) for d, v in zip(self.dimensions, self.forecast, strict=True)},
            "converged": self.converged,
            "rounds": self.rounds,
            "history": self.history.tolist(),
            "moves": [m.__dict__ for m in self.moves],
            "parameters": self.parameters,
        }


class Engine(Protocol):
    """Anything with ``run(scenario) -> ForecastResult``."""

    name: str

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Play the model on ``scenario``."""
        ...


def actor_limit(max_actors: int | None) -> int | None:
    """``max_actors`` checked: a whole number of at least 2, or None for no limit."""
    if max_actors is None:
        return None
    if isinstance(max_actors, bool) or not isinstance(max_actors, int) or max_actors < 2:
        raise InputError(
            f"must be a whole number of at least 2 (or none), got {max_actors!r}",
            field="max_actors",
        )
    return max_actors


def check_actor_limit(n_actors: int, max_actors: int | None, what: str, cost: str) -> None:
    """Refuse, before any array is allocated, more actors than ``what`` is limited to.

    ``cost`` says why the limit exists ("memory grows with the square of the actors").

    >>> check_actor_limit(3000, 2000, "the eum engine", "memory grows with the square")
    Traceback (most recent call last):
    ...
    accord.errors.ModelError: actors: 3,000 actors in play; the eum engine is limited to 2,000 ...
    """
    if max_actors is not None and n_actors > max_actors:
        raise ModelError(
            f"{n_actors:,} actors in play; {what} is limited to {max_actors:,} ({cost}); "
            "raise max_actors to try anyway, or analyse fewer actors",
            loc=("actors",),
        )
