"""What a sweep says: per issue and engine, the spread of outcomes and the risks in it.

Per issue × engine: the point forecast, quantiles 5/25/50/75/95, mean, standard deviation, a
histogram over the issue's scale, and for each actor with a red line on the issue the share of
runs whose outcome crosses it. Per sweep: the share of runs with a zone of agreement (counting
runs where side payments within the model's pools buy one) and, when the model has pools, the
share with a zone without money. With more than one engine, per issue: the spread between
engines (max − min of the engines' outcomes on the same draw) as quantiles, and the range of
the engines' medians.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from accord.solve.uncertainty.sweep import SweepResult

FloatArray = NDArray[np.float64]

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class IssueSummary:
    """One issue under one engine."""

    issue: str
    engine: str
    point: float
    mean: float
    sd: float
    quantiles: dict[str, float]
    histogram: list[int]
    bin_edges: list[float]
    red_line_crossed: dict[str, float]  # actor → share of runs crossing its red line here
    runs: int

    @property
    def median(self) -> float:
        """The 50 % quantile."""
        return self.quantiles["p50"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "issue": self.issue,
            "engine": self.engine,
            "point": self.point,
            "mean": self.mean,
            "sd": self.sd,
            **self.quantiles,
            "histogram": self.histogram,
            "bin_edges": self.bin_edges,
            "red_line_crossed": self.red_line_crossed,
            "runs": self.runs,
        }


@dataclass(frozen=True)
class EngineSpread:
    """How far the engines disagree on one issue."""

    issue: str
    quantiles: dict[str, float]  # of per-run max − min across engines
    medians: dict[str, float]  # engine → median outcome

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "issue": self.issue,
            **{f"spread_{k}": v for k, v in self.quantiles.items()},
            "medians": self.medians,
        }


@dataclass(frozen=True)
class SweepSummary:
    """Everything :func:`summarise` computes.

    ``zone_probability`` counts a run when some outcome is acceptable to all, with side
    payments if the model has pools that apply; ``zone_probability_without_transfers`` (None
    without such pools) counts only runs where no money is needed.
    """

    runs: int
    issues: list[IssueSummary]
    zone_probability: float | None
    spread: list[EngineSpread] = field(default_factory=list)
    failed_runs: int = 0
    zone_probability_without_transfers: float | None = None

    def issue(self, issue: str, engine: str) -> IssueSummary:
        """The summary of ``issue`` under ``engine`` (KeyError if none)."""
        for s in self.issues:
            if s.issue == issue and s.engine == engine:
                return s
        raise KeyError((issue, engine))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "runs": self.runs,
            "zone_probability": self.zone_probability,
            "zone_probability_without_transfers": self.zone_probability_without_transfers,
            "failed_runs": self.failed_runs,
            "issues": [s.to_dict() for s in self.issues],
            "engine_spread": [s.to_dict() for s in self.spread],
        }


def _qname(q: float) -> str:
    return f"p{round(q * 100):d}"


def summarise(result: SweepResult, bins: int = 20) -> SweepSummary:
    """Summary statistics of a sweep (see the module docstring)."""
    out: list[IssueSummary] = []
    has_red = np.isfinite(result.red_low) | np.isfinite(result.red_high)  # (actors, issues)
    for e, engine in enumerate(result.engines):
        for k, issue in enumerate(result.issues):
            col = result.outcomes[:, e, k]
            ok = np.isfinite(col)
            x = col[ok]
            lo, hi = float(result.scale_min[k]), float(result.scale_max[k])
            counts, edges = np.histogram(np.clip(x, lo, hi), bins=bins, range=(lo, hi))
            qs = np.quantile(x, QUANTILES) if len(x) else np.full(len(QUANTILES), np.nan)
            crossed = {
                actor: float(result.crossed[ok, e, a, k].mean()) if len(x) else float("nan")
                for a, actor in enumerate(result.actors)
                if has_red[a, k]
            }
            out.append(
                IssueSummary(
                    issue=issue,
                    engine=engine,
                    point=float(result.point[e, k]),
                    mean=float(x.mean()) if len(x) else float("nan"),
                    sd=float(x.std()) if len(x) else float("nan"),
                    quantiles={_qname(q): float(v) for q, v in zip(QUANTILES, qs, strict=True)},
                    histogram=[int(c) for c in counts],
                    bin_edges=[float(b) for b in edges],
                    red_line_crossed=crossed,
                    runs=int(ok.sum()),
                )
            )
    spread: list[EngineSpread] = []
    if len(result.engines) > 1:
        for k, issue in enumerate(result.issues):
            block = result.outcomes[:, :, k]
            ok = np.all(np.isfinite(block), axis=1)
            width = block[ok].max(axis=1) - block[ok].min(axis=1)
            qs = np.quantile(width, QUANTILES) if len(width) else np.full(len(QUANTILES), np.nan)
            spread.append(
                EngineSpread(
                    issue=issue,
                    quantiles={_qname(q): float(v) for q, v in zip(QUANTILES, qs, strict=True)},
                    medians={
                        eng: float(np.nanmedian(block[:, e]))
                        for e, eng in enumerate(result.engines)
                    },
                )
            )
    tested = result.zone >= 0
    zone_p = float((result.zone[tested] >= 1).mean()) if tested.any() else None
    zone_p_free = None
    if result.side_payments and tested.any():
        zone_p_free = float((result.zone[tested] == 1).mean())
    failed = int(np.any(~np.isfinite(result.outcomes), axis=(1, 2)).sum())
    return SweepSummary(result.runs, out, zone_p, spread, failed, zone_p_free)
