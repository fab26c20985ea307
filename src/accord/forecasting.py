"""Forecasts from a model: engines built with the model's own settings, ``forecast``, ``explain``.

The names behind ``accord forecast`` and ``accord explain``:

>>> import accord
>>> f = accord.forecast("../shared/fixtures/bdm/eu_emissions.csv", engine="compromise")
>>> round(float(f.result.forecast[0]), 2)
7.39
>>> eum = accord.get_engine("eum", rounds=2)
>>> why = eum.explain("../shared/fixtures/bdm/eu_emissions.csv", "Belgium")
>>> why.rows[0]["kind"], why.rows[0]["counterpart"]
('compromise', 'France')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.model.as_of import AsOfModel
    from accord.model.load import CheckedModel
    from accord.model.schema import NegotiationModel
    from accord.model.validate import Finding
    from accord.solve.spatial.base import Engine as Solver
    from accord.solve.spatial.base import ForecastResult, SpatialScenario



def as_model(model: str | Path | NegotiationModel) -> NegotiationModel:
    """``model`` itself, or the checked model in the file it names."""
    return _source(model)[0]


def _source(model: str | Path | NegotiationModel) -> tuple[NegotiationModel, CheckedModel | None]:
    """``model`` and, when it names a file, the checked model read from it (which locates a
    :class:`~accord.errors.ModelError` at its line: :func:`accord.model.load.errors_in`)."""
    if isinstance(model, str | Path):
        from accord.model.load import load_checked

        loaded = load_checked(model)
        return loaded.model, loaded
    return model, None


def engine_names() -> list[str]:
    """The forecasting engines, by name.

    >>> engine_names()
    ['compromise', 'eum', 'exchange', 'median', 'smp']
    """
    from accord.solve.spatial import ENGINES

    return sorted(ENGINES)


@dataclass(frozen=True)
class Engine:
    """A forecasting engine with its settings: ``forecast(model)`` and ``explain(model, actor)``.

    Build one with :func:`get_engine`. ``solver`` is the numerical engine
    (:mod:`accord.solve.spatial`), ``notes`` what the model's settings asked for and the engine
    cannot do.
    """

    name: str
    solver: Solver
    notes: tuple[str, ...] = ()

    def scenario(
        self, model: str | Path | NegotiationModel, *, track: str | None = None
    ) -> SpatialScenario:
        """The engine's input built from ``model`` (or one ``track`` of it)."""
        from accord.model.load import errors_in
        from accord.solve.spatial.scenario import to_scenario

        checked, loaded = _source(model)
        with errors_in(loaded):
            return to_scenario(checked, track)

    def forecast(
        self, model: str | Path | NegotiationModel, *, track: str | None = None
    ) -> ForecastResult:
        """Play the engine on ``model`` (or one ``track``): forecast, history and moves."""
        from accord.model.load import errors_in
        from accord.solve.spatial.scenario import run_engine, to_scenario

        checked, loaded = _source(model)
        with errors_in(loaded):
            return run_engine(self.solver, to_scenario(checked, track))

    def explain(
        self,
        model: str | Path | NegotiationModel,
        actor: str,
        *,
        track: str | None = None,
    ) -> Explanation:
        """Why ``actor`` moved, round by round (see :class:`Explanation`)."""
        from accord.errors import InputError
        from accord.model.load import errors_in
        from accord.solve.spatial.scenario import run_engine, to_scenario

        checked, loaded = _source(model)
        with errors_in(loaded):
            scenario = to_scenario(checked, track)
        if actor not in scenario.actors:
            raise InputError(
                f"unknown actor {actor!r}; actors: {', '.join(scenario.actors)}", field="actor"
            )
        with errors_in(loaded):
            result = run_engine(self.solver, scenario)
        return Explanation(actor, result, explain_rows(result, actor))


def get_engine(
    name: str = "compromise",
    *,
    model: str | Path | NegotiationModel | None = None,
    rounds: int | None = None,
    **params: Any,
) -> Engine:
    """Engine ``name`` (``compromise``, ``median``, ``eum``, ``smp``, ``exchange``).

    ``rounds`` caps the rounds of dynamic engines; ``model`` supplies the settings its file
    carries (a KTAB XML scenario's ``<ModelParameters>`` and seed for ``smp``); ``params``
    are engine parameters by name and win over the model's settings.

    >>> get_engine("smp", model="../shared/fixtures/ktab/dummyData_3Dim.xml").solver.seed
    3707583219545544125
    """
    from accord.solve.spatial.configure import engine_settings, make_engine

    parameters = as_model(model).parameters if model is not None else None
    solver = make_engine(name, rounds=rounds, model_parameters=parameters, params=params)
    return Engine(name, solver, tuple(engine_settings(name, parameters)[1]))


def at_date(
    model: str | Path | NegotiationModel,
    as_of: dt.date | str,
    *,
    db: str | Path | None = None,
) -> AsOfModel:
    """``model`` as it stood on ``as_of``: only evidence published on or before it
    (:func:`accord.model.as_of.model_as_of`). Evidence is dated by its own ``published``, else
    by the publication date of the article it names in the corpus ``db`` (when given).
    ``accord forecast|bargain FILE --as-of DATE [--db DB]``."""
    from accord.model.as_of import model_as_of, parse_as_of

    day = parse_as_of(as_of, "as_of")
    assert day is not None
    dates = None
    if db is not None:
        from accord.corpus_db import Corpus

        dates = Corpus(db, create=False).publication_dates()
    return model_as_of(as_model(model), day, dates=dates)


@dataclass
class Forecast:
    """A forecast as ``accord forecast`` shows it (from :func:`forecast`).

    ``result`` is the engine's run (forecast, history, moves) and ``model`` the model it
    played: as of ``as_of`` when a date was given. ``warnings`` are the findings of checking
    the model file, ``notes`` what the model's settings asked of the engine and it cannot do,
    ``as_of_notes`` what the date left out or changed ("as of DATE: …"), ``red_lines`` the
    red lines the forecast crosses. ``plot`` and ``drift`` are the images written, if any, and
    ``drift_dates`` the number of as-of dates the drift plot shows.
    """

    result: ForecastResult
    model: NegotiationModel
    track: str | None = None
    as_of: dt.date | None = None
    warnings: list[Finding] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    as_of_notes: list[str] = field(default_factory=list)
    red_lines: list[str] = field(default_factory=list)
    plot: Path | None = None
    drift: Path | None = None
    drift_dates: int = 0

    def header(self) -> str:
        """One line: model [track] (as of DATE): engine, rounds, converged or not."""
        name = self.model.name if self.track is None else f"{self.model.name} [{self.track}]"
        when = f" (as of {self.model.as_of})" if self.as_of is not None else ""
        status = "converged" if self.result.converged else "not converged"
        return f"{name}{when}: {self.result.engine}, {self.result.rounds} rounds, {status}"

    def rows(self) -> list[dict[str, Any]]:
        """One row per issue (:func:`forecast_rows`): the table ``accord forecast`` prints."""
        return forecast_rows(self.result, self.model, self.track)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the result's record (``accord forecast --json``)."""
        return self.result.to_dict()


def forecast(
    model: str | Path | NegotiationModel,
    *,
    engine: str = "compromise",
    rounds: int | None = None,
    track: str | None = None,
    params: dict[str, Any] | None = None,
    as_of: dt.date | str | None = None,
    db: str | Path | None = None,
    plot: str | Path | None = None,
    drift: str | Path | None = None,
) -> Forecast:
    """Forecast each issue of ``model`` (a file or a model) with ``engine``: ``accord forecast
    FILE --engine E --rounds N --track T -p k=v``.

    The run is ``get_engine(engine, model=model, rounds=rounds, **params).forecast(model,
    track=track)``. ``as_of`` forecasts the model as it stood on that date (:func:`at_date`;
    ``db`` dates evidence that names an article): ``--as-of DATE --db DB``. ``plot`` writes
    the actors' trajectories (PNG or SVG); ``drift`` the forecast as of every publication
    date of the evidence up to ``as_of`` (:func:`forecast_drift`, :func:`plot_drift`). A bad
    image suffix is refused before anything runs.

    >>> f = forecast("../shared/fixtures/bdm/eu_emissions.csv")
    >>> round(float(f.result.forecast[0]), 2), f.rows()[0]["who moved"]
    (7.39, 'nobody')
    >>> f.header()
    'eu_emissions: compromise, 0 rounds, converged'
    >>> uk = forecast("examples/ukraine-2025/model.yaml", track="settlement", as_of="2025-11-30")
    >>> uk.header().split(": ")[0]
    'Ukraine 2025 (US–Russia talks) [settlement] (as of 2025-11-30)'
    >>> uk.as_of_notes, uk.red_lines[0]  # its evidence is dated only by a corpus (db=)
    ([], "territory = 57 crosses russia's red line (acceptable: at least 75)")
    """
    from accord.model.load import errors_in

    if drift is not None:
        drift_format(drift)
    if plot is not None:
        from accord.report.plots import plot_format

        plot_format(Path(plot))
    checked, loaded = _source(model)
    eng = get_engine(engine, model=checked, rounds=rounds, **(params or {}))
    played: NegotiationModel = checked
    day: dt.date | None = None
    dated_notes: list[str] = []
    if as_of is not None:
        dated = at_date(checked, as_of, db=db)
        played, day = dated.model, dated.as_of
        dated_notes = [f"as of {dated.as_of}: {n}" for n in dated.notes]
    drift_dates = 0
    with errors_in(loaded):
        result = eng.forecast(played, track=track)
        if drift is not None:
            points = forecast_drift(checked, engine=engine, rounds=rounds, track=track,
                                    params=params, db=db, until=as_of)
            plot_drift(points, drift, title=f"{played.name}: {result.engine} forecast as "
                                            "evidence was published")
            drift_dates = len(points)
    if plot is not None:
        from accord.report.plots import plot_model_trajectories

        plot_model_trajectories(result, played, plot, track=track)
    return Forecast(
        result, played, track, day,
        warnings=list(loaded.warnings) if loaded is not None else [],
        notes=eng.notes,
        as_of_notes=dated_notes,
        red_lines=red_line_readings(result, played, track),
        plot=Path(plot) if plot is not None else None,
        drift=Path(drift) if drift is not None else None,
        drift_dates=drift_dates,
    )


def red_line_readings(
    result: ForecastResult, model: NegotiationModel, track: str | None = None
) -> list[str]:
    """One line per red line the forecast crosses (:func:`accord.model.interpret.reading`)."""
    from accord.model.interpret import reading
    from accord.solve.spatial.scenario import to_scenario

    forecast = dict(zip(result.dimensions, (float(v) for v in result.forecast), strict=True))
    return reading(model, forecast, to_scenario(model, track).actors)[1]


@dataclass
class Explanation:
    """``actor``'s moves under one engine: ``rows`` (round, issue, kind, counterpart, before,
    after, why, detail) and the whole ``result``; from :func:`explain`, also the ``warnings``
    of checking the model file and the engine's ``notes`` (settings it cannot honour)."""

    actor: str
    result: ForecastResult
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    def narrative(self) -> list[str]:
        """One sentence per move, for readers who prefer prose to a table."""
        out = []
        for r in self.rows:
            with_whom = f" with {r['counterpart']}" if r["counterpart"] else ""
            because = f" ({r['why']})" if r["why"] else ""
            out.append(
                f"Round {r['round']}: on {r['issue']}, {self.actor} moved {r['before']:.4g} → "
                f"{r['after']:.4g} by {r['kind']}{with_whom}{because}."
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: actor, engine, moves, the actor's trajectory and the dimensions."""
        return {
            "actor": self.actor,
            "engine": self.result.engine,
            "moves": self.rows,
            "trajectory": self.result.trajectory(self.actor).tolist(),
            "dimensions": list(self.result.dimensions),
        }


def explain(
    model: str | Path | NegotiationModel,
    actor: str,
    *,
    engine: str = "eum",
    rounds: int | None = None,
    track: str | None = None,
    params: dict[str, Any] | None = None,
) -> Explanation:
    """Why ``actor`` moved under ``engine``: ``accord explain FILE --actor A``.

    >>> explain("../shared/fixtures/bdm/eu_emissions.csv", "Belgium", rounds=1).narrative()[0][:50]
    'Round 1: on eu_emissions, Belgium moved 7 → 8.416 '
    """
    from accord.model.load import errors_in

    checked, loaded = _source(model)
    eng = get_engine(engine, model=checked, rounds=rounds, **(params or {}))
    with errors_in(loaded):
        why = eng.explain(checked, actor, track=track)
    why.notes = eng.notes
    why.warnings = list(loaded.warnings) if loaded is not None else []
    return why


def explain_rows(result: ForecastResult, actor: str) -> list[dict[str, Any]]:
    """The recorded moves of ``actor`` as rows (round, issue, kind, counterpart, before, after,
    why, detail). When the engine records no reasons, rows are read off the trajectory."""
    import numpy as np

    rows: list[dict[str, Any]] = []
    for mv in result.moves:
        if mv.actor != actor:
            continue
        why = ", ".join(f"{k}={v:.4g}" for k, v in mv.detail.items())
        row = mv.row()
        rows.append({**{k: v for k, v in row.items() if k != "detail"}, "why": why,
                     "detail": row["detail"]})
    if result.moves:  # the engine explains its moves: trust it, even if this actor has none
        return rows
    traj = result.trajectory(actor)
    for r in range(1, traj.shape[0]):
        for d, dim in enumerate(result.dimensions):
            if not np.isclose(traj[r - 1, d], traj[r, d], rtol=0.0, atol=1e-9):
                rows.append(
                    {
                        "round": r,
                        "issue": dim,
                        "kind": "moved",
                        "counterpart": None,
                        "before": float(traj[r - 1, d]),
                        "after": float(traj[r, d]),
                        "why": "engine recorded no reason",
                        "detail": {},
                    }
                )
    return rows


@dataclass
class DriftPoint:
    """The forecast per issue of the model as it stood on ``as_of``; ``moved_by`` lists the
    evidence published that day (issue, actor, quote, article, url) and ``notes`` what the
    date left out."""

    as_of: dt.date
    forecast: dict[str, float]
    moved_by: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"as_of": self.as_of.isoformat(), "forecast": self.forecast,
                "moved_by": self.moved_by, "notes": self.notes}


def forecast_drift(
    model: str | Path | NegotiationModel,
    *,
    engine: str = "compromise",
    rounds: int | None = None,
    track: str | None = None,
    params: dict[str, Any] | None = None,
    dates: list[dt.date] | None = None,
    db: str | Path | None = None,
    until: dt.date | str | None = None,
) -> list[DriftPoint]:
    """How the forecast moved as evidence was published: ``engine``'s forecast of ``model``
    as of every publication date of its evidence (or of each of ``dates``), oldest first.
    Dates before any position has evidence, and after ``until``, are skipped.
    ``accord forecast FILE --drift PNG [--as-of UNTIL] [--db DB]``.

    >>> pts = forecast_drift("examples/ukraine-2025/model.yaml", dates=[dt.date(2025, 12, 1)],
    ...                      db=None)
    >>> pts[0].as_of, round(pts[0].forecast["territory"], 1)
    (datetime.date(2025, 12, 1), 57.0)
    """
    from accord.errors import InputError
    from accord.model.as_of import evidence_date, evidence_days, model_as_of, parse_as_of

    checked = as_model(model)
    stamps = None
    if db is not None:
        from accord.corpus_db import Corpus

        stamps = Corpus(db, create=False).publication_dates()
    days = sorted(set(dates)) if dates is not None else evidence_days(checked, stamps)
    last = parse_as_of(until, "as_of")
    if last is not None:
        days = [d for d in days if d <= last]
    out: list[DriftPoint] = []
    for day in days:
        try:
            dated = model_as_of(checked, day, dates=stamps)
        except InputError:
            continue  # no position had evidence yet
        eng = get_engine(engine, model=dated.model, rounds=rounds, **(params or {}))
        result = eng.forecast(dated.model, track=track)
        moved_by = [
            {"issue": p.issue, "actor": p.actor, "quote": e.quote or e.citation,
             "article": e.article, "url": e.url}
            for p in checked.positions for e in p.evidence
            if evidence_date(e, stamps) == day
        ]
        out.append(DriftPoint(
            day, {d: float(v) for d, v in zip(result.dimensions, result.forecast, strict=True)},
            moved_by, dated.notes,
        ))
    return out


def drift_format(path: str | Path) -> str:
    """The image format of a drift plot path (png or svg); an error naming ``drift`` for any
    other suffix."""
    from accord.errors import InputError
    from accord.report.plots import plot_format

    try:
        return plot_format(Path(path))
    except InputError as exc:
        exc.field = "drift"
        raise


def plot_drift(points: list[DriftPoint], path: str | Path, *, title: str | None = None) -> Path:
    """The forecast per issue against the as-of date (PNG or SVG); dots mark the dates whose
    evidence concerned the issue."""
    from accord.errors import InputError
    from accord.report.timeline import ForecastPoint, plot_forecast_series

    drift_format(path)
    if not points:
        raise InputError("no forecast to plot: no position has dated evidence "
                         "(give evidence a `published:` date, or --db with the articles)",
                         field="--drift")
    series = [ForecastPoint(p.as_of, p.forecast, p.moved_by) for p in points]
    return plot_forecast_series(series, path, title=title)


def forecast_rows(
    result: ForecastResult, model: NegotiationModel, track: str | None = None
) -> list[dict[str, Any]]:
    """One row per issue: forecast, status quo, spread of the stakeholders' final positions
    and who moved (start → end); what ``accord forecast`` prints."""
    import numpy as np

    from accord.model.interpret import reading
    from accord.solve.spatial.scenario import to_scenario

    scenario = to_scenario(model, track)
    salience = scenario.salience
    forecast = dict(zip(result.dimensions, (float(v) for v in result.forecast), strict=True))
    meaning = reading(model, forecast, scenario.actors)[0]
    rows = []
    for d, dim in enumerate(result.dimensions):
        stake = salience[:, d] > 0
        final = result.history[-1, stake, d]
        start, end = result.history[0, :, d], result.history[-1, :, d]
        # Actors with salience 0 sit at the status quo only to fill the matrix: not movers.
        moved = [
            f"{a} {start[k]:.4g}→{end[k]:.4g}"
            for k, a in enumerate(result.actors)
            if stake[k] and not np.isclose(start[k], end[k], rtol=0.0, atol=1e-9)
        ]
        rows.append(
            {
                "issue": dim,
                "forecast": round(float(result.forecast[d]), 4),
                "nearest anchor": meaning[dim],
                "status quo": model.issue(dim).status_quo,
                "spread": float(final.max() - final.min()),
                "who moved": "; ".join(moved) if moved else "nobody",
            }
        )
    return rows
