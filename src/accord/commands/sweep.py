"""CLI commands for uncertainty: ``sweep`` (``sweep list|show``), ``sensitivity``, ``compare``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.commands._common import (
    CsvFlag,
    DbOption,
    FormatOption,
    JsonFlag,
    cli_errors,
    echo,
    parse_params,
    pick_format,
    print_warning,
)
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

if TYPE_CHECKING:  # SciPy, SALib and the engines load when a command runs, not for --help
    from accord.solve.uncertainty.sweep import SweepResult

ENGINES_HELP = "eum, smp, compromise, median, exchange, or all."
EngineOption = Annotated[str, typer.Option("--engine", "-e", help=ENGINES_HELP)]
TrackOption = Annotated[
    str | None, typer.Option("--track", help="Only this track's actors and issues.")
]
SeedOption = Annotated[
    int, typer.Option("--seed", help="Seed of the draws (same seed, same runs).")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Local worker processes (default: 1 for small jobs, else every CPU).",
        show_default=False,
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Run on Dask: a scheduler address (tcp://host:8786) or local:N for a LocalCluster.",
        show_default=False,
    ),
]
ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="Engine setting name=value, or engine.name=value with --engine all (repeatable).",
    ),
]


def _engine_params(engine: str, items: list[str] | None) -> dict[str, dict[str, Any]]:
    """``-p name=value`` (for ``engine``) and ``-p engine.name=value`` → settings by engine."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in parse_params(items).items():
        name, dot, setting = key.partition(".")
        if dot:
            out.setdefault(name, {})[setting] = value
        elif engine == "all":
            raise InputError(f"with --engine all, name the engine: -p eum.{key}=…", field="--param")
        else:
            out.setdefault(engine, {})[key] = value
    return out


def _sweep_header(result: SweepResult) -> str:
    track = f" [{result.track}]" if result.track else ""
    scen = f" under scenario {result.scenario!r}" if result.scenario else ""
    stored = f"sweep {result.sweep_id}: " if result.sweep_id is not None else ""
    return (
        f"{stored}{result.runs:,} runs of {result.model_name}{track}{scen} "
        f"({', '.join(result.engines)}); {len(result.input_names)} uncertain inputs, "
        f"{result.method} sampling, seed {result.seed}, {result.executor}×{result.workers}, "
        f"{result.seconds:.1f} s"
    )


def _render_sweep(result: SweepResult, target: str, out: OutputFormat) -> None:
    from accord import uncertainty

    if out is OutputFormat.json:
        emit_json(uncertainty.sweep_dict(result))
        return
    rows = uncertainty.summary_rows(result, target)
    if out is OutputFormat.csv:
        emit(rows, fmt=out)
        return
    echo(_sweep_header(result))
    emit(rows, SUMMARY_COLUMNS, title="Outcome distributions")
    summary = result.summary()
    if summary.zone_probability is not None:
        echo(_zone_line(summary.zone_probability, summary.zone_probability_without_transfers))
    spread = uncertainty.spread_rows(result)
    if spread:
        emit(spread, title="Disagreement between engines (max − min on the same draw)")
    for note in result.notes:
        print_warning(note, label="note")


def _zone_line(zone: float, without_transfers: float | None) -> str:
    """The zone-of-agreement line; names side payments only when the model has pools."""
    if without_transfers is None:
        return ("zone of agreement (bargaining; the model has no side-payment pools) in "
                f"{zone:.1%} of runs")
    return (f"zone of agreement (bargaining, side payments from the model's pools allowed) in "
            f"{zone:.1%} of runs; without side payments in {without_transfers:.1%}")


SUMMARY_COLUMNS = [
    "issue", "engine", "point", "p5", "p25", "p50", "p75", "p95", "mean", "median means",
    "red lines crossed",
]


@cli_errors
def sweep_cmd(
    target: Annotated[
        str, typer.Argument(help="Model file to sweep, or 'list' / 'show' for stored sweeps.")
    ],
    sweep_id: Annotated[
        int | None, typer.Argument(help="With 'show': the sweep id.", show_default=False)
    ] = None,
    engine: EngineOption = "eum",
    runs: Annotated[int, typer.Option("--runs", "-n", help="Number of draws.")] = 1000,
    seed: SeedOption = 0,
    track: TrackOption = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Apply this named scenario first.")
    ] = None,
    sampling: Annotated[
        str, typer.Option("--sampling", help="lhs (Latin hypercube) or random.")
    ] = "lhs",
    rounds: Annotated[
        int | None, typer.Option("--rounds", help="Maximum rounds (eum, smp, exchange).")
    ] = None,
    param: ParamOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write outcome histograms to PATH.png/.svg.")
    ] = None,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Keep the sweep in the database.")
    ] = True,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Monte Carlo over the model's uncertain inputs: outcome distributions per issue and
    engine, red-line risks, odds of a zone of agreement. `accord sweep list` and
    `accord sweep show ID` read stored sweeps."""
    from accord import uncertainty

    out = pick_format(fmt, json_flag, csv_flag)
    if target == "list":
        emit(uncertainty.sweeps(db), fmt=out, title="Stored sweeps")
        return
    if target == "show":
        if sweep_id is None:
            raise InputError("give the id: accord sweep show ID", field="sweep")
        _show(db, sweep_id, out)
        return
    if sweep_id is not None:
        raise InputError(f"unexpected argument {sweep_id} after the model file", field="sweep")
    result = uncertainty.sweep(
        target, engine=engine, runs=runs, seed=seed, track=track, method=sampling,
        scenario=scenario, workers=workers, dask=dask, db=db if store else None,
        params=_engine_params(engine, param), rounds=rounds, plot=plot,
    )
    _render_sweep(result, target, out)
    if plot is not None and out is OutputFormat.table:
        echo(f"plot written to {plot}")


def _show(db: str | None, sweep_id: int, out: OutputFormat) -> None:
    from accord import uncertainty

    if out is OutputFormat.csv:
        emit(uncertainty.stored_outcomes(db, sweep_id), ["run", "engine", "issue", "value",
                                                          "crossed"], fmt=out)
        return
    record = uncertainty.stored_sweep(db, sweep_id)
    if out is OutputFormat.json:
        emit_json(record)
        return
    echo(
        f"sweep {record['id']} ({record['status']}, {record['created_at']}): "
        f"{record['runs']:,} runs of {record['model_name']}"
        + (f" [{record['track']}]" if record["track"] else "")
        + f", engines {', '.join(record['engines'])}, {record['method']} seed "
        f"{record['seed']}, {len(record['inputs'])} uncertain inputs"
    )
    emit(uncertainty.stored_rows(record), title="Outcome distributions")
    zone = (record.get("summary") or {}).get("zone_probability")
    if zone is not None:
        echo(f"zone of agreement in {zone:.1%} of runs")


@cli_errors
def sensitivity_cmd(
    file: Annotated[Path, typer.Argument(help="Model file with uncertain inputs.")],
    engine: EngineOption = "eum",
    method: Annotated[
        str, typer.Option("--method", "-m", help="sobol, morris or oat (one at a time).")
    ] = "sobol",
    runs: Annotated[
        int | None,
        typer.Option(
            "--runs", "-n", help="Base sample size N (sobol 64, morris 20).", show_default=False
        ),
    ] = None,
    seed: SeedOption = 0,
    track: TrackOption = None,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Apply first.")] = None,
    top: Annotated[int, typer.Option("--top", help="Inputs shown per issue.")] = 5,
    rounds: Annotated[int | None, typer.Option("--rounds", help="Maximum rounds.")] = None,
    param: ParamOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a tornado chart to PATH.png/.svg.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Which uncertain inputs move each issue's forecast most (Sobol and Morris via SALib,
    or one at a time), with confidence intervals; --plot draws a tornado chart."""
    from accord import uncertainty

    result = uncertainty.sensitivity(
        file, engine=engine, method=method, runs=runs, seed=seed, track=track,
        scenario=scenario, workers=workers, dask=dask, params=_engine_params(engine, param),
        rounds=rounds, plot=plot,
    )
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        emit_json(result.to_dict())
        return
    rows = uncertainty.sensitivity_rows(result, top=top if out is OutputFormat.table else None)
    if out is OutputFormat.csv:
        emit(rows, fmt=out)
        return
    echo(
        f"{result.method} sensitivity of {result.engine} forecasts: {len(result.inputs)} "
        f"uncertain inputs, {result.evaluations:,} runs, {result.seconds:.1f} s"
    )
    emit(rows, title=f"Top {top} inputs per issue (issues no input moves are left out)")
    for note in result.notes:
        print_warning(note, label="note")
    if plot is not None:
        echo(f"plot written to {plot}")


@cli_errors
def compare_cmd(
    file: Annotated[Path, typer.Argument(help="Model file with named scenarios.")],
    scenarios: Annotated[
        str, typer.Option("--scenarios", "-s", help="Comma-separated scenario ids.")
    ],
    engine: EngineOption = "eum",
    runs: Annotated[int, typer.Option("--runs", "-n", help="Draws per scenario.")] = 500,
    seed: SeedOption = 0,
    track: TrackOption = None,
    base: Annotated[
        bool, typer.Option("--base/--no-base", help="Include the model as written.")
    ] = True,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Overlaid histograms to PATH.png/.svg.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Each issue's outcome distribution under each scenario, side by side (same draws)."""
    from accord import uncertainty

    ids = [s.strip() for s in scenarios.split(",") if s.strip()]
    if not ids:
        raise InputError("name at least one scenario", field="--scenarios")
    comparison = uncertainty.compare(
        file,
        ids,
        engine=engine,
        runs=runs,
        seed=seed,
        track=track,
        base=base,
        workers=workers,
        dask=dask,
        plot=plot,
    )
    rows = comparison.rows()
    out = pick_format(fmt, json_flag, csv_flag)
    if out is not OutputFormat.table:
        emit(rows, fmt=out)
        return
    for r in rows:
        for k in ("point", "p5", "p50", "p95", "mean"):
            r[k] = round(r[k], 2)
        r["zone"] = "" if r["zone"] is None else f"{r['zone']:.0%}"
    echo(f"{engine}: {runs:,} runs per scenario, seed {seed}")
    emit(rows, title="Outcome distributions by scenario")
    if plot is not None:
        echo(f"plot written to {plot}")


def register(app: typer.Typer) -> None:
    """Add ``sweep``, ``sensitivity`` and ``compare`` to the ``accord`` app."""
    app.command("sweep")(sweep_cmd)
    app.command("sensitivity")(sensitivity_cmd)
    app.command("compare")(compare_cmd)
