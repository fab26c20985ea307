"""Static outcome models: the compromise (weighted mean) and the weighted median (Black).

Both weigh each actor by capability × salience on each issue. They are the baselines every
bargaining engine is compared with, and the per-round summaries the dynamic engines report.
This module also holds the input checks shared by the spatial engines, so that every engine
refuses the same bad scenarios with the same clear message.

>>> import numpy as np
>>> weighted_median(np.array([4.0, 7.0, 10.0]), np.array([0.248, 0.093, 0.336]))
7.0
"""

from __future__ import annotations

from typing import Any

import numpy as np

from accord.errors import InputError
from accord.solve.spatial.base import FloatArray, ForecastResult, SpatialScenario

# Relative slack on "cumulative weight reaches half": weights such as 0.1 + 0.2 do not sum to
# exactly 0.3 in floating point, and a tie that is exact on paper must stay a tie.
_HALF_SLACK = 1e-12


def check_scenario(scenario: SpatialScenario) -> None:
    """Refuse scenarios no spatial engine can play, with a one-line :class:`InputError`.

    Checked: array shapes agree with the actor and dimension names; no NaN or infinity;
    capability and salience are non-negative; salience is at most 1 (the scenario's 0–1 scale);
    and every dimension has some capability × salience weight (otherwise the weighted outcome
    is 0/0).

    >>> import numpy as np
    >>> s = SpatialScenario(("a",), ("d",), np.ones(1), np.ones((1, 1)), np.zeros((1, 1)))
    >>> check_scenario(s)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: salience: dimension 'd' has no weight: every actor's capability \
× salience is 0, so no outcome is defined
    """
    n, d = scenario.n_actors, scenario.n_dimensions
    if n == 0:
        raise InputError("the scenario has no actors", field="actors")
    if d == 0:
        raise InputError("the scenario has no dimensions (issues)", field="dimensions")
    expected: dict[str, tuple[int, ...]] = {
        "capability": (n,),
        "position": (n, d),
        "salience": (n, d),
    }
    arrays: dict[str, FloatArray | None] = {
        "capability": scenario.capability,
        "position": scenario.position,
        "salience": scenario.salience,
        "risk": scenario.risk,
        "scale_min": scenario.scale_min,
        "scale_max": scenario.scale_max,
    }
    expected["risk"] = (n,)
    expected["scale_min"] = (d,)
    expected["scale_max"] = (d,)
    for name, arr in arrays.items():
        if arr is None:
            continue
        if np.shape(arr) != expected[name]:
            raise InputError(
                f"expected shape {expected[name]} for {n} actors × {d} dimensions, "
                f"got {np.shape(arr)}",
                field=name,
            )
        if not np.all(np.isfinite(arr)):
            raise InputError("contains NaN or infinity", field=name)
    if np.any(scenario.capability < 0):
        raise InputError("capability must be >= 0", field="capability")
    if np.any(scenario.salience < 0) or np.any(scenario.salience > 1):
        raise InputError(
            "salience must lie in [0, 1] (model files' 0–100 / 100)", field="salience"
        )
    weight = actor_weights(scenario)
    for k, name in enumerate(scenario.dimensions):
        if not float(weight[:, k].sum()) > 0.0:
            raise InputError(
                f"dimension {name!r} has no weight: every actor's capability × salience is 0, "
                "so no outcome is defined",
                field="salience",
            )


def actor_weights(scenario: SpatialScenario) -> FloatArray:
    """Capability × salience, shape (n_actors, n_dimensions)."""
    return np.asarray(scenario.capability[:, None] * scenario.salience, dtype=np.float64)


def weighted_mean(position: FloatArray, weight: FloatArray) -> float:
    """The compromise outcome Σ w·x / Σ w on one dimension.

    >>> weighted_mean(np.array([0.0, 10.0]), np.array([1.0, 3.0]))
    7.5
    """
    total = float(weight.sum())
    if not total > 0.0:
        raise InputError("weights sum to zero: the weighted mean is undefined", field="salience")
    return float(np.dot(position, weight) / total)


def weighted_median(position: FloatArray, weight: FloatArray) -> float:
    """Black's median on one dimension: the lowest position whose cumulative weight reaches half.

    Positions are sorted ascending; the first position at which the running sum of weights
    reaches half of the total (``>=``, so an exact tie picks the lower of the two middle
    positions) is the median. It is always one of the actors' positions.

    >>> weighted_median(np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    1.0
    """
    total = float(weight.sum())
    if not total > 0.0:
        raise InputError("weights sum to zero: the weighted median is undefined", field="salience")
    order = np.argsort(position, kind="stable")
    cumulative = np.cumsum(weight[order])
    k = int(np.searchsorted(cumulative, total / 2.0 - _HALF_SLACK * total, side="left"))
    return float(position[order][min(k, len(order) - 1)])


def round_outcomes(result: ForecastResult, scenario: SpatialScenario) -> dict[str, FloatArray]:
    """Weighted median and weighted mean of every row of ``result.history``.

    Returns ``{"median": (rounds + 1, d), "mean": (rounds + 1, d)}`` — what a dynamic engine
    forecast after each round ("the median actor position after round r").
    """
    weight = actor_weights(scenario)
    rows, _, d = result.history.shape
    median = np.empty((rows, d))
    mean = np.empty((rows, d))
    for t in range(rows):
        for k in range(d):
            median[t, k] = weighted_median(result.history[t, :, k], weight[:, k])
            mean[t, k] = weighted_mean(result.history[t, :, k], weight[:, k])
    return {"median": median, "mean": mean}


def _static_result(
    engine: str, scenario: SpatialScenario, forecast: FloatArray, parameters: dict[str, Any]
) -> ForecastResult:
    return ForecastResult(
        engine=engine,
        actors=scenario.actors,
        dimensions=scenario.dimensions,
        history=np.asarray(scenario.position, dtype=np.float64)[None, :, :].copy(),
        forecast=forecast,
        converged=True,
        moves=[],
        parameters=parameters,
    )


class CompromiseModel:
    """The compromise model: outcome = capability × salience weighted mean of positions.

    No bargaining takes place (history has one row, no moves); the forecast per dimension is
    Σ c_i s_i x_i / Σ c_i s_i (Stokman & van Oosten 1994; Achen's "compromise model").

    >>> from accord.solve.spatial.base import SpatialScenario
    >>> s = SpatialScenario(("a", "b"), ("d",), np.array([1.0, 3.0]),
    ...                     np.array([[0.0], [10.0]]), np.array([[1.0], [1.0]]))
    >>> CompromiseModel().run(s).forecast.tolist()
    [7.5]
    """

    name = "compromise"

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Forecast each dimension as the weighted mean of positions."""
        check_scenario(scenario)
        weight = actor_weights(scenario)
        forecast = np.array(
            [weighted_mean(scenario.position[:, k], weight[:, k]) for k in range(weight.shape[1])]
        )
        return _static_result(self.name, scenario, forecast, {"weight": "capability*salience"})


class WeightedMedianModel:
    """Black's median voter: the position where cumulative capability × salience reaches half.

    Tie rule: positions sorted ascending, the first whose cumulative weight is ``>=`` half the
    total wins, so an exact 50/50 split picks the lower position. See :func:`weighted_median`.
    """

    name = "median"

    def run(self, scenario: SpatialScenario) -> ForecastResult:
        """Forecast each dimension as the weighted median of positions."""
        check_scenario(scenario)
        weight = actor_weights(scenario)
        forecast = np.array(
            [weighted_median(scenario.position[:, k], weight[:, k]) for k in range(weight.shape[1])]
        )
        return _static_result(
            self.name,
            scenario,
            forecast,
            {"weight": "capability*salience", "tie": "lower position at exactly half"},
        )
