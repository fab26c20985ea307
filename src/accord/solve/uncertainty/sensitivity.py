"""Which uncertain inputs move each issue's forecast most: Sobol, Morris and one-at-a-time.

Sobol and Morris are SALib's (Herman & Usher 2017; Iwanaga, Usher & Herman 2022): Saltelli's
extension of the Sobol sequence with Jansen/Saltelli estimators of first-order (S1) and total
(ST) indices and bootstrap confidence intervals (``SALib.sample.sobol`` /
``SALib.analyze.sobol``), and Morris elementary effects with mu*, its bootstrap interval and
sigma (``SALib.sample.morris`` / ``SALib.analyze.morris``). Both work on the unit cube of
quantiles, mapped through each input's distribution, so every input varies over its own
distribution. One-at-a-time ("oat") moves each input alone from its 5 % to its 95 % quantile,
the others at their points: the bars of a tornado plot.

``runs`` is SALib's base sample size N: Sobol evaluates N·(d + 2) models (a power of two is
best), Morris N trajectories of d + 1 models; one-at-a-time always 2·d + 1.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError
from accord.model.schema import NegotiationModel
from accord.parallel import Executor
from accord.solve.uncertainty.sweep import DEFAULT_CHUNK, engine_list, evaluate, plan_sweep

FloatArray = NDArray[np.float64]
SensitivityMethod = Literal["sobol", "morris", "oat"]
METHODS: tuple[str, ...] = ("sobol", "morris", "oat")
DEFAULT_RUNS = {"sobol": 64, "morris": 20, "oat": 0}
OAT_LOW, OAT_HIGH = 0.05, 0.95


@dataclass(frozen=True)
class InputEffect:
    """How much one input moves one issue's forecast.

    Sobol: ``first``/``total`` (S1/ST) with 95 % interval half-widths ``*_conf``. Morris:
    ``mu_star``, ``mu_star_conf``, ``sigma`` (in scale points). One-at-a-time: the forecast
    with the input at its 5 % (``low``) and 95 % (``high``) quantile, and ``swing`` = |high − low|.
    """

    input: str
    first: float | None = None
    first_conf: float | None = None
    total: float | None = None
    total_conf: float | None = None
    mu_star: float | None = None
    mu_star_conf: float | None = None
    sigma: float | None = None
    low: float | None = None
    high: float | None = None
    swing: float | None = None

    @property
    def score(self) -> float:
        """What the inputs are ranked by: ST, mu* or the swing."""
        for v in (self.total, self.mu_star, self.swing):
            if v is not None and np.isfinite(v):
                return float(v)
        return 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (fields the method does not produce are left out)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class SensitivityResult:
    """Per issue, the inputs ranked by effect (largest first)."""

    method: str
    engine: str
    issues: tuple[str, ...]
    inputs: tuple[str, ...]
    point: dict[str, float]
    effects: dict[str, list[InputEffect]]
    evaluations: int
    seconds: float
    seed: int
    notes: list[str] = field(default_factory=list)

    def top(self, issue: str, n: int = 5) -> list[InputEffect]:
        """The ``n`` inputs that move ``issue`` most."""
        return self.effects[issue][:n]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record."""
        return {
            "method": self.method,
            "engine": self.engine,
            "evaluations": self.evaluations,
            "seconds": self.seconds,
            "seed": self.seed,
            "point": self.point,
            "inputs": list(self.inputs),
            "effects": {k: [e.to_dict() for e in v] for k, v in self.effects.items()},
            "notes": self.notes,
        }


def sensitivity(
    model: NegotiationModel,
    engine: str = "eum",
    *,
    method: SensitivityMethod = "sobol",
    runs: int | None = None,
    seed: int = 0,
    track: str | None = None,
    executor: Executor | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> SensitivityResult:
    """Rank the uncertain inputs of ``model`` by their effect on each issue under ``engine``.

    >>> from accord.model import load_model
    >>> r = sensitivity(load_model("examples/ukraine-2025/model.yaml"), "compromise",
    ...                 method="oat", track="settlement")
    >>> r.top("territory", 1)[0].input
    'position[russia,territory]'
    """
    if method not in METHODS:
        raise InputError(
            f"unknown method {method!r}; expected one of {', '.join(METHODS)}", field="method"
        )
    names = engine_list(engine)
    if len(names) != 1:
        raise InputError("sensitivity takes one engine, not all", field="engine")
    t0 = time.perf_counter()
    plan = plan_sweep(model, names, track=track, params=params, zone=False)
    inputs = plan.inputs
    d = inputs.dimension
    if d == 0:
        raise InputError(
            "the model has no uncertain inputs: give some capability, salience, position or red "
            "line a distribution (docs/model-file.md, 'Uncertain inputs')",
            field="model",
        )
    issues = inputs.base.scenario.dimensions
    n = DEFAULT_RUNS[method] if runs is None else runs
    if method != "oat" and n < 2:
        raise InputError(f"must be at least 2, not {n}", field="runs")
    problem = {"num_vars": d, "names": list(inputs.names), "bounds": [[0.0, 1.0]] * d}
    point_y, _ = evaluate(plan, inputs.points()[None, :])
    point = {k: float(point_y[0, 0, j]) for j, k in enumerate(issues)}
    notes: list[str] = []

    if method == "oat":
        pts = inputs.points()
        rows = np.tile(pts, (2 * d, 1))
        for j, inp in enumerate(inputs.inputs):
            lo, hi = inp.distribution.ppf(np.array([OAT_LOW, OAT_HIGH]))
            rows[2 * j, j], rows[2 * j + 1, j] = lo, hi
        y, failures = evaluate(plan, rows, executor, chunk_size)
        effects = {}
        for k, issue in enumerate(issues):
            eff = [
                InputEffect(
                    inp.name,
                    low=float(y[2 * j, 0, k]),
                    high=float(y[2 * j + 1, 0, k]),
                    swing=float(abs(y[2 * j + 1, 0, k] - y[2 * j, 0, k])),
                )
                for j, inp in enumerate(inputs.inputs)
            ]
            effects[issue] = sorted(eff, key=lambda e: -e.score)
        evaluations = rows.shape[0] + 1
    else:
        if method == "sobol":
            from SALib.analyze import sobol as analyze
            from SALib.sample import sobol as sample

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SALib's "N should be a power of 2" advice
                unit = sample.sample(problem, n, calc_second_order=False, seed=seed)
        else:
            from SALib.analyze import morris as analyze
            from SALib.sample import morris as sample

            unit = sample.sample(problem, n, num_levels=4, seed=seed)
        unit = np.clip(unit, 0.0, 1.0)
        y, failures = evaluate(plan, inputs.values(unit), executor, chunk_size)
        effects = {}
        for k, issue in enumerate(issues):
            col = y[:, 0, k]
            if not np.all(np.isfinite(col)):
                notes.append(f"{issue}: some runs failed; their outcomes replaced by the point")
                col = np.where(np.isfinite(col), col, point[issue])
            if float(np.ptp(col)) <= 1e-12:
                effects[issue] = [
                    InputEffect(name, 0.0, 0.0, 0.0, 0.0)
                    if method == "sobol"
                    else InputEffect(name, mu_star=0.0, mu_star_conf=0.0, sigma=0.0)
                    for name in inputs.names
                ]
                notes.append(f"{issue}: no input moves the forecast")
                continue
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if method == "sobol":
                    si = analyze.analyze(problem, col, calc_second_order=False, seed=seed)
                    eff = [
                        InputEffect(
                            name,
                            first=float(si["S1"][j]),
                            first_conf=float(si["S1_conf"][j]),
                            total=float(si["ST"][j]),
                            total_conf=float(si["ST_conf"][j]),
                        )
                        for j, name in enumerate(inputs.names)
                    ]
                else:
                    si = analyze.analyze(problem, unit, col, num_levels=4, seed=seed)
                    eff = [
                        InputEffect(
                            name,
                            mu_star=float(si["mu_star"][j]),
                            mu_star_conf=float(si["mu_star_conf"][j]),
                            sigma=float(si["sigma"][j]),
                        )
                        for j, name in enumerate(inputs.names)
                    ]
            effects[issue] = sorted(eff, key=lambda e: -e.score)
        evaluations = unit.shape[0] + 1
    if failures:
        notes.append(f"{len(failures)} run(s) failed, first: {failures[0][2]}")
    return SensitivityResult(
        method=method,
        engine=names[0],
        issues=tuple(issues),
        inputs=tuple(inputs.names),
        point=point,
        effects=effects,
        evaluations=evaluations,
        seconds=time.perf_counter() - t0,
        seed=seed,
        notes=notes,
    )
