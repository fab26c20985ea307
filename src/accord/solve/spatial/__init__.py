"""Spatial forecasting engines: compromise, weighted median, EUM, SMP and exchange.

``ENGINES`` maps each engine's name to its class; :func:`get_engine` builds one with explicit
parameters. The SMP engine is imported lazily so the others work while it is unavailable.

>>> get_engine("eum", rounds=3).rounds
3
"""

from __future__ import annotations

from typing import Any

from accord.errors import AccordError
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

ENGINES: dict[str, type] = {
    "compromise": CompromiseModel,
    "median": WeightedMedianModel,
    "eum": ExpectedUtilityModel,
    "exchange": ExchangeModel,
}

try:  # SMP lives in its own module, written separately; keep the other engines usable without it
    from accord.solve.spatial.smp import SpatialModelOfPolitics
except ImportError:  # pragma: no cover - depends on the SMP module being present
    pass
else:
    ENGINES["smp"] = SpatialModelOfPolitics


def get_engine(name: str, **params: Any) -> Engine:
    """Build the engine called ``name`` ("compromise", "median", "eum", "smp", "exchange").

    Unknown names and parameters raise :class:`AccordError` naming what is allowed.
    """
    if name == "smp" and "smp" not in ENGINES:
        try:
            from accord.solve.spatial.smp import SpatialModelOfPolitics as smp_engine
        except ImportError as exc:
            raise AccordError(f"the SMP engine is not available: {exc}", field="engine") from exc
        ENGINES["smp"] = smp_engine
    if name not in ENGINES:
        raise AccordError(
            f"unknown engine {name!r}; expected one of {', '.join(sorted(ENGINES))}",
            field="engine",
        )
    try:
        engine: Engine = ENGINES[name](**params)
    except TypeError as exc:
        raise AccordError(f"bad parameters for engine {name!r}: {exc}", field="engine") from exc
    return engine


__all__ = [
    "ENGINES",
    "CompromiseModel",
    "Engine",
    "ExchangeModel",
    "ExpectedUtilityModel",
    "ForecastResult",
    "Move",
    "SpatialScenario",
    "WeightedMedianModel",
    "get_engine",
    "round_outcomes",
    "weighted_mean",
    "weighted_median",
]
