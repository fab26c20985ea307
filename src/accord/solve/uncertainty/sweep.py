"""Monte Carlo over a model's uncertain inputs: every engine on every draw, in chunks.

:func:`run_sweep` draws the uncertain inputs (:mod:`.inputs`, :mod:`.sampling`), sends chunks
of runs to an executor (:mod:`accord.parallel`), and collects per run and engine the forecast
of every issue, which actors' red lines it crosses, and whether a zone of agreement exists
(:mod:`.zone`) — without money, or only once side payments within the model's pools are
made. Every run depends only on its drawn values, so a sweep gives identical results for a
given seed on one process, a local pool or a Dask cluster, whatever the chunk size.

>>> from accord.model import load_model
>>> r = run_sweep(load_model("examples/ukraine-2025/model.yaml"), engines=["compromise"],
...               runs=50, seed=7, track="settlement")
>>> r.outcomes.shape        # runs × engines × issues
(50, 1, 6)
>>> round(r.summary().issue("territory", "compromise").point, 2)
57.01
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.errors import AccordError, InputError
from accord.model.schema import NegotiationModel
from accord.parallel import Executor, LocalExecutor
from accord.solve.spatial import get_engine
from accord.solve.spatial.scenario import run_engine
from accord.solve.uncertainty.inputs import InputSet, input_set
from accord.solve.uncertainty.sampling import Method, unit_design
from accord.solve.uncertainty.zone import zone_exists, zone_with_transfers

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Per-run zone codes: not tested, no zone, a zone without money, a zone only with side payments.
ZONE_UNTESTED, ZONE_NONE, ZONE, ZONE_WITH_TRANSFERS = -1, 0, 1, 2

ALL_ENGINES: tuple[str, ...] = ("eum", "smp", "compromise", "median", "exchange")
#: SMP needs each actor's saliences to sum to ≤ 100 % (KTAB); sweeps normalise them.
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {"smp": {"normalise_salience": True}}
#: Runs per chunk: large enough that shipping a chunk costs little next to running it.
DEFAULT_CHUNK = 64


def engine_list(engine: str | Sequence[str]) -> tuple[str, ...]:
    """``"all"`` → every engine; ``"eum"`` → ``("eum",)``; a list is kept (checked)."""
    names = (
        ALL_ENGINES
        if engine == "all"
        else ((engine,) if isinstance(engine, str) else tuple(engine))
    )
    for n in names:
        if n not in ALL_ENGINES:
            raise AccordError(
                f"unknown engine {n!r}; expected one of {', '.join(ALL_ENGINES)} or all",
                field="engine",
            )
    if not names:
        raise AccordError("no engine given", field="engine")
    return names


@dataclass(frozen=True)
class SweepPlan:
    """Everything a worker needs, shipped once per worker (``shared``)."""

    inputs: InputSet
    engines: tuple[str, ...]
    params: dict[str, dict[str, Any]]
    zone: bool
    options: tuple[FloatArray | None, ...]


@dataclass
class ChunkResult:
    """What one chunk of runs sends back: compact arrays only."""

    start: int
    outcomes: FloatArray  # (runs, engines, issues); NaN where the engine failed
    crossed: BoolArray  # (runs, engines, actors, issues)
    zone: NDArray[np.int8]  # (runs,): ZONE, ZONE_WITH_TRANSFERS, ZONE_NONE or ZONE_UNTESTED
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (run, engine, message)


def run_chunk(plan: SweepPlan, chunk: tuple[int, FloatArray]) -> ChunkResult:
    """Run every engine on every draw of one chunk (the work a worker does)."""
    start, values = chunk
    base = plan.inputs.base
    n_runs = values.shape[0]
    n_act, n_iss = base.scenario.position.shape
    engines = [get_engine(e, **plan.params.get(e, {})) for e in plan.engines]
    outcomes = np.full((n_runs, len(engines), n_iss), np.nan)
    crossed = np.zeros((n_runs, len(engines), n_act, n_iss), dtype=bool)
    zone = np.full(n_runs, ZONE_UNTESTED, dtype=np.int8)
    failures: list[tuple[int, str, str]] = []
    s0 = base.scenario
    lo_s = s0.scale_min if s0.scale_min is not None else np.zeros(n_iss)
    hi_s = s0.scale_max if s0.scale_max is not None else np.full(n_iss, 100.0)
    eps = 1e-9 * np.maximum(1.0, hi_s - lo_s)
    exponent = None
    if s0.risk is not None:
        from accord.solve.bargaining.space import risk_exponent

        exponent = np.array([risk_exponent(float(r)) for r in s0.risk])
    for r in range(n_runs):
        draw = plan.inputs.draw(values[r])
        for e, engine in enumerate(engines):
            try:
                res = run_engine(engine, draw.scenario)
            except AccordError as exc:
                failures.append((start + r, plan.engines[e], exc.message))
                continue
            x = res.forecast
            outcomes[r, e] = x
            crossed[r, e] = (x[None, :] < draw.red_low - eps) | (x[None, :] > draw.red_high + eps)
        if plan.zone:
            s = draw.scenario
            args = (s.position, s.salience, base.disagreement, draw.red_low, draw.red_high)
            if zone_exists(*args, lo_s, hi_s, exponent=exponent, options=plan.options):
                zone[r] = ZONE
            elif draw.pools and zone_with_transfers(
                *args, lo_s, hi_s, draw.rates, draw.pools, exponent=exponent, options=plan.options
            ):
                zone[r] = ZONE_WITH_TRANSFERS
            else:
                zone[r] = ZONE_NONE
    return ChunkResult(start, outcomes, crossed, zone, failures)


@dataclass
class SweepResult:
    """All runs of a sweep as arrays, plus what produced them.

    ``values`` (runs × inputs) are the drawn inputs; ``outcomes`` (runs × engines × issues)
    the forecasts; ``crossed`` (runs × engines × actors × issues) whether the forecast is
    outside that actor's (drawn) red line; ``zone`` (runs,) whether a zone of agreement exists:
    1 without money, 2 only with side payments within the pools, 0 none, -1 not tested;
    ``side_payments`` whether the model has pools that apply (so 2 is possible); ``point``
    (engines × issues) the forecast at the point inputs.
    """

    model_name: str
    track: str | None
    engines: tuple[str, ...]
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    input_names: tuple[str, ...]
    values: FloatArray
    outcomes: FloatArray
    crossed: BoolArray
    zone: NDArray[np.int8]
    point: FloatArray
    seed: int
    method: str
    scale_min: FloatArray
    scale_max: FloatArray
    red_low: FloatArray
    red_high: FloatArray
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    executor: str = "local"
    workers: int = 1
    scenario: str | None = None
    sweep_id: int | None = None
    side_payments: bool = False

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.outcomes.shape[0])

    def summary(self, bins: int = 20) -> Any:
        """Quantiles, means, histograms, red-line and zone probabilities (:class:`SweepSummary`)."""
        from accord.solve.uncertainty.summary import summarise

        return summarise(self, bins=bins)


ChunkSink = Callable[[ChunkResult, FloatArray], None]


def plan_sweep(
    model: NegotiationModel,
    engines: str | Sequence[str] = "eum",
    *,
    track: str | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    zone: bool = True,
) -> SweepPlan:
    """The shared part of a sweep: uncertain inputs, engines with their settings."""
    names = engine_list(engines)
    merged = {k: dict(v) for k, v in DEFAULT_PARAMS.items()}
    for k, v in (params or {}).items():
        merged.setdefault(k, {}).update(v)
    for n in names:
        get_engine(n, **merged.get(n, {}))  # bad settings fail here, not in a worker
    inputs = input_set(model, track)
    _, issue_ids = model.in_play(track)
    options = tuple(
        None
        if model.issue(i).scale.options is None
        else np.array(model.issue(i).scale.option_values(), dtype=np.float64)
        for i in issue_ids
    )
    use_zone = zone and inputs.base.has_status_quo and len(inputs.base.scenario.actors) >= 2
    return SweepPlan(inputs, names, merged, use_zone, options)


def evaluate(
    plan: SweepPlan,
    values: FloatArray,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> tuple[FloatArray, list[tuple[int, str, str]]]:
    """Every engine's forecast for each row of input ``values``: (rows, engines, issues)."""
    n = values.shape[0]
    s0 = plan.inputs.base.scenario
    out = np.empty((n, len(plan.engines), s0.n_dimensions))
    failures: list[tuple[int, str, str]] = []
    chunks = ((start, values[start : start + chunk_size]) for start in range(0, n, chunk_size))
    own = executor is None
    ex: Executor = LocalExecutor(workers=1) if executor is None else executor
    try:
        for res in ex.map_chunks(run_chunk, chunks, shared=plan):
            out[res.start : res.start + res.outcomes.shape[0]] = res.outcomes
            failures.extend(res.failures)
    finally:
        if own:
            ex.close()
    return out, failures


def run_sweep(
    model: NegotiationModel,
    engines: str | Sequence[str] = "eum",
    *,
    runs: int = 1000,
    seed: int = 0,
    track: str | None = None,
    method: Method = "lhs",
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    params: dict[str, dict[str, Any]] | None = None,
    zone: bool = True,
    on_chunk: ChunkSink | None = None,
) -> SweepResult:
    """Monte Carlo sweep of ``model`` (or one ``track``) with one engine, a list, or ``"all"``.

    Args:
        runs, seed, method: how many draws, from which seed, by Latin hypercube ("lhs") or
            plain random sampling ("random").
        executor: where runs execute (default: this process); see :mod:`accord.parallel`.
        chunk_size: runs per chunk sent to a worker.
        params: engine settings by engine name, e.g. ``{"eum": {"rounds": 8}}``.
        zone: test for a zone of agreement on every draw (needs status quo or alternatives).
        on_chunk: called in run order with each :class:`ChunkResult` and its drawn values,
            e.g. to stream runs into a database.

    Identical results for a given seed whatever the executor, its worker count or the chunk
    size: the design is drawn here, and each run depends only on its own draw.
    """
    if runs < 1:
        raise InputError(f"must be at least 1, not {runs}", field="runs")
    if chunk_size < 1:
        raise InputError(f"must be at least 1, not {chunk_size}", field="chunk_size")
    t0 = time.perf_counter()
    plan = plan_sweep(model, engines, track=track, params=params, zone=zone)
    inputs = plan.inputs
    values = inputs.values(unit_design(runs, inputs.dimension, seed, method))
    s0 = inputs.base.scenario
    n_e, n_a, n_i = len(plan.engines), s0.n_actors, s0.n_dimensions
    outcomes = np.empty((runs, n_e, n_i))
    crossed = np.empty((runs, n_e, n_a, n_i), dtype=bool)
    zone_arr = np.empty(runs, dtype=np.int8)
    failures: list[tuple[int, str, str]] = []

    point = run_chunk(plan, (0, inputs.points()[None, :]))
    if point.failures:
        _, eng, msg = point.failures[0]
        raise InputError(f"engine {eng!r} fails on the point inputs: {msg}", field="engine")

    def chunks() -> Iterator[tuple[int, FloatArray]]:
        for start in range(0, runs, chunk_size):
            yield start, values[start : start + chunk_size]

    own = executor is None
    ex: Executor = LocalExecutor(workers=1) if executor is None else executor
    try:
        for res in ex.map_chunks(run_chunk, chunks(), shared=plan):
            stop = res.start + res.outcomes.shape[0]
            outcomes[res.start : stop] = res.outcomes
            crossed[res.start : stop] = res.crossed
            zone_arr[res.start : stop] = res.zone
            failures.extend(res.failures)
            if on_chunk is not None:
                on_chunk(res, values[res.start : stop])
    finally:
        if own:
            ex.close()
    notes = list(inputs.notes)
    if inputs.dimension == 0:
        notes.append("no uncertain inputs: every run is the point forecast")
    if not plan.zone and zone:
        notes.append(
            "zone of agreement not tested: bargaining needs two actors and a status quo "
            "or stated alternative on every issue"
        )
    if failures:
        notes.append(
            f"{len(failures)} engine run(s) failed (outcome left empty), first: "
            f"run {failures[0][0]} {failures[0][1]}: {failures[0][2]}"
        )
    return SweepResult(
        model_name=model.name,
        track=track,
        engines=plan.engines,
        actors=s0.actors,
        issues=s0.dimensions,
        input_names=tuple(inputs.names),
        values=values,
        outcomes=outcomes,
        crossed=crossed,
        zone=zone_arr,
        point=point.outcomes[0],
        seed=seed,
        method=method,
        scale_min=s0.scale_min if s0.scale_min is not None else np.zeros(n_i),
        scale_max=s0.scale_max if s0.scale_max is not None else np.full(n_i, 100.0),
        red_low=inputs.base.red_low,
        red_high=inputs.base.red_high,
        failures=failures,
        notes=notes,
        seconds=time.perf_counter() - t0,
        executor=getattr(ex, "name", "local"),
        workers=ex.workers,
        side_payments=plan.zone and bool(inputs.base.pools),
    )
