"""Spatial forecasting engines: compromise, weighted median, EUM, SMP and exchange.

``ENGINES`` maps each engine's name to its class; :func:`get_engine` builds one with explicit
parameters.

>>> get_engine("eum", rounds=3).rounds
3
"""

from __future__ import annotations

from typing import Any

from accord.errors import InputError
from accord.solve.spatial.base import Engine, ForecastResult, Move, SpatialScenario
from accord.solve.spatial.compromise import (
    CompromiseModel,
    WeightedMedianModel,
    round_outcomes,
    weighted_mean,
    weighted_median,
)
from accord.solve.spatial.eum import ExpectedUtilityModel
from accord.solve.spatial.exchange import ExchangeModel
from accord.solve.spatial.smp import SpatialModelOfPolitics

ENGINES: dict[str, type] = {
    "compromise": CompromiseModel,
    "median": WeightedMedianModel,
    "eum": ExpectedUtilityModel,
    "exchange": ExchangeModel,
    "smp": SpatialModelOfPolitics,
}


def get_engine(name: str, **params: Any) -> Engine:
    """Build the engine called ``name`` ("compromise", "median", "eum", "smp", "exchange").

    Unknown names and parameters raise :class:`InputError` naming what is allowed.
    """
    if name not in ENGINES:
        raise InputError(
            f"unknown engine {name!r}; expected one of {', '.join(sorted(ENGINES))}",
            field="engine",
        )
    try:
        engine: Engine = ENGINES[name](**params)
    except TypeError as exc:
        raise InputError(f"bad parameters for engine {name!r}: {exc}", field="engine") from exc
    return engine


__all__ = [
    "ENGINES",
    "CompromiseModel",
    "Engine",
    "ExchangeModel",
    "ExpectedUtilityModel",
    "ForecastResult",
    "Move",
    "SpatialModelOfPolitics",
    "SpatialScenario",
    "WeightedMedianModel",
    "get_engine",
    "round_outcomes",
    "weighted_mean",
    "weighted_median",
]
