"""Uncertainty analyses of a model file: sweeps, sensitivity and scenario comparison.

The functions behind ``accord sweep``, ``accord sensitivity`` and ``accord compare`` (also
``accord.sweep``, ``accord.sensitivity``, ``accord.compare``): they take a model (a path or a
:class:`~accord.model.schema.NegotiationModel`), choose where the runs execute
(``workers``/``dask``, see :mod:`accord.parallel`), run the numerics of
:mod:`accord.solve.uncertainty`, and store sweeps in the database when ``db`` is given.

>>> r = sweep("examples/ukraine-2025/model.yaml", engine="compromise", runs=40, seed=3,
...           track="settlement", workers=1)
>>> r.summary().issue("ceasefire", "compromise").point
37.758620689655174
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.model.load import model_errors_in_file
from accord.model.schema import NegotiationModel
from accord.parallel import Executor, get_executor
from accord.solve.uncertainty.sensitivity import SensitivityMethod, SensitivityResult
from accord.solve.uncertainty.sensitivity import sensitivity as _sensitivity
from accord.solve.uncertainty.sweep import DEFAULT_CHUNK, SweepResult, run_sweep

#: Below this many engine runs a sweep stays in this process (a pool costs ~0.5 s to start).
AUTO_POOL_RUNS = 400

ModelSource = str | os.PathLike[str] | NegotiationModel


def load_checked(model: ModelSource) -> tuple[NegotiationModel, str | None]:
    """The model (validated: the first error is raised, located) and its path, if any."""
    if isinstance(model, NegotiationModel):
        return model, None
    from accord.model.io import load_located
    from accord.model.validate import check_model

    loaded = load_located(Path(model))
    errors, _ = check_model(loaded)
    if errors:
        e = errors[0]
        raise InputError(e.message, file=e.file, line=e.line, column=e.column, field=e.field)
    return loaded.model, str(model)


def model_sha256(model: NegotiationModel) -> str:
    """A fingerprint of the model's content (independent of file layout and comments)."""
    text = json.dumps(model.to_data(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_executor(workers: int | None, dask: str | None, engine_runs: int) -> tuple[Executor, bool]:
    """The executor for ``--workers``/``--dask`` (and whether the caller must close it).

    Without either, runs stay in this process for small jobs (< :data:`AUTO_POOL_RUNS` engine
    runs) and use a pool of every CPU otherwise.
    """
    if dask is None and workers is None:
        workers = (os.cpu_count() or 1) if engine_runs >= AUTO_POOL_RUNS else 1
    return get_executor(dask, workers), True


def _one_place(workers: int | None, dask: str | None) -> None:
    if workers is not None and dask is not None:
        raise InputError("give workers or dask, not both", field="workers")


def _prepare(
    model: ModelSource,
    scenario: str | None,
    engine: str | Sequence[str],
    params: dict[str, dict[str, Any]] | None,
    rounds: int | None,
    workers: int | None,
    dask: str | None,
    plot: str | os.PathLike[str] | None,
) -> tuple[NegotiationModel, str | None, dict[str, dict[str, Any]] | None]:
    """Check the options of a sweep or sensitivity run before any work (a plot path of an
    unknown format included); the checked model with its scenario applied, its path, and the
    engine settings with ``rounds``."""
    _one_place(workers, dask)
    if plot is not None:
        from accord.report.plots import plot_format

        plot_format(Path(plot))
    m, path = load_checked(model)
    if scenario is not None:
        from accord.model.scenarios import apply_scenario

        m = apply_scenario(m, scenario)
    return m, path, with_rounds(engine, params, rounds)


@model_errors_in_file
def sweep(
    model: ModelSource,
    *,
    engine: str | Sequence[str] = "eum",
    runs: int = 1000,
    seed: int = 0,
    track: str | None = None,
    method: str = "lhs",
    scenario: str | None = None,
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    db: str | os.PathLike[str] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    rounds: int | None = None,
    plot: str | os.PathLike[str] | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    zone: bool = True,
) -> SweepResult:
    """Monte Carlo sweep of a model file (see :func:`accord.solve.uncertainty.run_sweep`).

    ``params`` are engine settings by engine (``{"eum": {"rounds": 30}}``); ``rounds`` caps
    the rounds of every dynamic engine swept (eum, exchange; smp's turns). With ``db`` (a path
    or SQLAlchemy URL) the sweep is streamed into the database as it runs and its id set on
    the result (``result.sweep_id``); a failed sweep leaves nothing stored. ``plot`` writes
    outcome histograms (PNG or SVG).
    """
    if method not in ("lhs", "random"):
        raise InputError(f"unknown sampling {method!r}; expected lhs or random", field="sampling")
    m, path, params = _prepare(model, scenario, engine, params, rounds, workers, dask, plot)
    engines = engine if isinstance(engine, str) else list(engine)
    n_eng = 5 if engine == "all" else (1 if isinstance(engine, str) else len(engine))
    own = executor is None
    ex = executor if executor is not None else make_executor(workers, dask, runs * n_eng)[0]
    recorder = None
    try:
        if db is not None:
            from accord.solve.uncertainty.sweep import plan_sweep
            from accord.store.db import open_engine
            from accord.store.sweeps import SweepRecorder

            plan = plan_sweep(m, engines, track=track, params=params, zone=zone)
            recorder = SweepRecorder(open_engine(db))
            recorder.start(
                model_name=m.name,
                model_path=path,
                model_sha256=model_sha256(m),
                track=track,
                scenario=scenario,
                engines=plan.engines,
                runs=runs,
                seed=seed,
                method=method,
                executor=getattr(ex, "name", "local"),
                workers=ex.workers,
                inputs=plan.inputs.names,
                actors=plan.inputs.base.scenario.actors,
                issues=plan.inputs.base.scenario.dimensions,
                parameters={"engine_params": plan.params, "chunk_size": chunk_size, "zone": zone},
            )
        result = run_sweep(
            m,
            engines,
            runs=runs,
            seed=seed,
            track=track,
            method=method,  # type: ignore[arg-type]
            executor=ex,
            chunk_size=chunk_size,
            params=params,
            zone=zone,
            on_chunk=recorder.add_chunk if recorder is not None else None,
        )
        result.scenario = scenario
        if recorder is not None:
            recorder.finish(result.summary().to_dict(), result.seconds, result.notes)
            result.sweep_id = recorder.sweep_id
    except BaseException:
        if recorder is not None:
            recorder.abort()
        raise
    finally:
        if own:
            ex.close()
    if plot is not None:
        from accord.report.uncertainty_plots import plot_sweep

        plot_sweep(result, Path(plot), titles={i.id: i.question for i in m.issues})
    return result


def with_rounds(
    engine: str | Sequence[str], params: dict[str, dict[str, Any]] | None, rounds: int | None
) -> dict[str, dict[str, Any]] | None:
    """``params`` with ``rounds`` set on every dynamic engine among ``engine`` (``all``: eum,
    smp and exchange); smp counts turns (``max_turns``)."""
    if rounds is None:
        return params
    out = {name: dict(settings) for name, settings in (params or {}).items()}
    names = ROUNDS_SETTING if engine == "all" else [engine] if isinstance(engine, str) else engine
    for name in names:
        if name in ROUNDS_SETTING:
            out.setdefault(name, {})[ROUNDS_SETTING[name]] = rounds
    return out


#: The setting that caps each dynamic engine's rounds.
ROUNDS_SETTING = {"eum": "rounds", "smp": "max_turns", "exchange": "rounds"}


@model_errors_in_file
def sensitivity(
    model: ModelSource,
    *,
    engine: str = "eum",
    method: SensitivityMethod | str = "sobol",
    runs: int | None = None,
    seed: int = 0,
    track: str | None = None,
    scenario: str | None = None,
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    rounds: int | None = None,
    plot: str | os.PathLike[str] | None = None,
) -> SensitivityResult:
    """Which uncertain inputs move each forecast (:mod:`accord.solve.uncertainty.sensitivity`):
    ``method`` sobol, morris or oat (one at a time); ``rounds`` and ``params`` as in
    :func:`sweep`; ``plot`` writes a tornado chart (PNG or SVG)."""
    m, _, params = _prepare(model, scenario, engine, params, rounds, workers, dask, plot)
    own = executor is None
    if executor is not None:
        ex = executor
    else:
        ex = get_executor(
            dask, 1 if workers is None and dask is None and method == "oat" else workers
        )
    try:
        result = _sensitivity(
            m,
            engine,
            method=method,  # type: ignore[arg-type]  # the solver checks it (field "method")
            runs=runs,
            seed=seed,
            track=track,
            executor=ex,
            params=params,
        )
    finally:
        if own:
            ex.close()
    if plot is not None:
        from accord.report.uncertainty_plots import plot_tornado

        plot_tornado(result, Path(plot))
    return result


@dataclass
class Comparison:
    """Sweeps of the same model under several scenarios (``"base"`` = the model as written)."""

    labels: list[str]
    results: list[SweepResult]

    def rows(self) -> list[dict[str, Any]]:
        """One row per issue × scenario: point, quantiles, mean, red-line crossings, zone."""
        out: list[dict[str, Any]] = []
        issues: list[str] = []
        for r in self.results:
            issues += [i for i in r.issues if i not in issues]
        summaries = [r.summary() for r in self.results]
        for issue in issues:
            for label, r, s in zip(self.labels, self.results, summaries, strict=True):
                if issue not in r.issues:
                    continue
                i = s.issue(issue, r.engines[0])
                crossed = {a: p for a, p in i.red_line_crossed.items() if p > 0}
                out.append(
                    {
                        "issue": issue,
                        "scenario": label,
                        "point": i.point,
                        "p5": i.quantiles["p5"],
                        "p50": i.quantiles["p50"],
                        "p95": i.quantiles["p95"],
                        "mean": i.mean,
                        "red_lines_crossed": ", ".join(
                            f"{a} {p:.0%}" for a, p in sorted(crossed.items())
                        ),
                        "zone": s.zone_probability,
                    }
                )
        return out


@model_errors_in_file
def compare(
    model: ModelSource,
    scenarios: Sequence[str],
    *,
    engine: str = "eum",
    runs: int = 500,
    seed: int = 0,
    track: str | None = None,
    base: bool = True,
    workers: int | None = None,
    dask: str | None = None,
    method: str = "lhs",
    plot: str | os.PathLike[str] | None = None,
) -> Comparison:
    """Sweep the model under each named scenario (and as written, unless ``base=False``) with
    the same seed, so differences come from the scenarios, not from sampling. ``plot`` writes
    the outcome histograms of every scenario overlaid (PNG or SVG; a bad suffix is refused
    before any run): ``accord compare FILE -s a,b --plot PATH``."""
    _one_place(workers, dask)
    if plot is not None:
        from accord.report.plots import plot_format

        plot_format(Path(plot))
    m, _ = load_checked(model)
    from accord.model.scenarios import get_scenario

    for sid in scenarios:
        get_scenario(m, sid)  # unknown ids fail before any run
    if engine == "all":
        raise InputError("compare takes one engine, not all", field="engine")
    labels = (["base"] if base else []) + list(scenarios)
    ex, _ = make_executor(workers, dask, runs * len(labels))
    try:
        results = [
            sweep(
                m,
                engine=engine,
                runs=runs,
                seed=seed,
                track=track,
                method=method,
                scenario=None if label == "base" else label,
                executor=ex,
            )
            for label in labels
        ]
    finally:
        ex.close()
    if plot is not None:
        from accord.report.uncertainty_plots import plot_sweep

        plot_sweep(results[0], Path(plot), results=results, labels=labels)
    return Comparison(labels, results)


def describe_values(result: SweepResult) -> dict[str, Any]:
    """The drawn inputs' quantiles (5/50/95 %), per input, for reports."""
    if result.values.shape[1] == 0:
        return {}
    qs = np.quantile(result.values, [0.05, 0.5, 0.95], axis=0)
    return {
        name: {"p5": float(qs[0, j]), "p50": float(qs[1, j]), "p95": float(qs[2, j])}
        for j, name in enumerate(result.input_names)
    }


def _pct(p: float) -> str:
    return f"{p:.0%}" if p < 0.995 or p == 1 else ">99%"


def summary_rows(result: SweepResult, model: ModelSource) -> list[dict[str, Any]]:
    """One row per issue × engine of a sweep of ``model`` (its scenario applied again): point,
    quantiles, mean (two decimals), what the median means on the issue's scale, and the red
    lines crossed with their odds."""
    from accord.model.interpret import describe_outcome

    m, _ = load_checked(model)
    if result.scenario is not None:
        from accord.model.scenarios import apply_scenario

        m = apply_scenario(m, result.scenario)
    rows = []
    for s in result.summary().issues:
        rows.append(
            {
                "issue": s.issue,
                "engine": s.engine,
                "point": round(s.point, 2),
                **{q: round(s.quantiles[q], 2) for q in ("p5", "p25", "p50", "p75", "p95")},
                "mean": round(s.mean, 2),
                "median means": describe_outcome(m.issue(s.issue), s.median),
                "red lines crossed": ", ".join(
                    f"{a} {_pct(p)}" for a, p in s.red_line_crossed.items() if p > 0
                ),
            }
        )
    return rows


def spread_rows(result: SweepResult) -> list[dict[str, Any]]:
    """With several engines: per issue, how far the engines' forecasts on the same draw are
    apart (median and 95th percentile of max − min) and each engine's median."""
    return [
        {
            "issue": s.issue,
            "engine spread p50": round(s.quantiles["p50"], 2),
            "p95": round(s.quantiles["p95"], 2),
            "engine medians": ", ".join(f"{e} {v:.3g}" for e, v in s.medians.items()),
        }
        for s in result.summary().spread
    ]


def sweep_dict(result: SweepResult) -> dict[str, Any]:
    """The JSON record of a sweep: its settings, drawn inputs' quantiles, summary and notes."""
    return {
        "sweep_id": result.sweep_id,
        "model": result.model_name,
        "track": result.track,
        "scenario": result.scenario,
        "engines": list(result.engines),
        "runs": result.runs,
        "seed": result.seed,
        "sampling": result.method,
        "executor": result.executor,
        "workers": result.workers,
        "seconds": result.seconds,
        "inputs": describe_values(result),
        **result.summary().to_dict(),
        "notes": result.notes,
    }


def sweeps(db: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The sweeps stored in the database (``accord sweep list``), newest first."""
    from accord.store.db import open_engine
    from accord.store.sweeps import list_sweeps

    return list_sweeps(open_engine(db))


def stored_sweep(db: str | os.PathLike[str] | None, sweep_id: int) -> dict[str, Any]:
    """A stored sweep (``accord sweep show ID``): its parameters, summary and notes."""
    from accord.store.db import open_engine
    from accord.store.sweeps import get_sweep

    return get_sweep(open_engine(db), sweep_id)


def stored_outcomes(db: str | os.PathLike[str] | None, sweep_id: int) -> Iterator[dict[str, Any]]:
    """Every outcome of a stored sweep (run, engine, issue, value, crossed), streamed."""
    from accord.store.db import open_engine
    from accord.store.sweeps import get_sweep, iter_outcomes

    database = open_engine(db)
    get_sweep(database, sweep_id)  # an unknown id is an error, not an empty listing
    return iter_outcomes(database, sweep_id)


def stored_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary rows of a stored sweep (as :func:`summary_rows`, without the model's
    reading of the median)."""
    summary = record.get("summary") or {}
    return [
        {
            "issue": s["issue"],
            "engine": s["engine"],
            "point": round(s["point"], 2),
            **{q: round(s[q], 2) for q in ("p5", "p25", "p50", "p75", "p95")},
            "mean": round(s["mean"], 2),
            "red lines crossed": ", ".join(
                f"{a} {_pct(p)}" for a, p in s["red_line_crossed"].items() if p > 0
            ),
        }
        for s in summary.get("issues", [])
    ]


def sensitivity_rows(result: SensitivityResult, top: int | None = None) -> list[dict[str, Any]]:
    """One row per issue × input, ranked: S1/ST with intervals (sobol), mu*/sigma (morris) or
    the forecast at the input's 5 % and 95 % quantiles (oat). With ``top``, only the first
    ``top`` inputs per issue that move it at all."""
    rows = []
    for issue in result.issues:
        for rank, e in enumerate(result.effects[issue], start=1):
            if top is not None and (rank > top or e.score <= 0):
                continue
            row: dict[str, Any] = {"issue": issue, "rank": rank, "input": e.input}
            if result.method == "sobol":
                row |= {"S1": e.first, "S1 ±": e.first_conf, "ST": e.total, "ST ±": e.total_conf}
            elif result.method == "morris":
                row |= {"mu*": e.mu_star, "mu* ±": e.mu_star_conf, "sigma": e.sigma}
            else:
                row |= {"at 5%": e.low, "at 95%": e.high, "swing": e.swing}
            rows.append(row)
    return rows


__all__ = [
    "Comparison",
    "compare",
    "load_checked",
    "sensitivity",
    "sensitivity_rows",
    "spread_rows",
    "stored_outcomes",
    "stored_rows",
    "stored_sweep",
    "summary_rows",
    "sweep",
    "sweep_dict",
    "sweeps",
    "with_rounds",
]
