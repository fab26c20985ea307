"""CLI commands for model files: validate, forecast, explain, model schema, model convert.

Each parses its options, makes one call into :mod:`accord` and renders the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.commands._common import (
    DbOption,
    FormatOption,
    JsonFlag,
    ModelArgument,
    ParamOption,
    RoundsOption,
    cli_errors,
    echo,
    parse_params,
    pick_format,
    print_error,
    print_warning,
)
from accord.commands.model_draft import AsOfOption
from accord.report.output import OutputFormat, emit, emit_json

if TYPE_CHECKING:
    from accord.forecasting import Engine
    from accord.model.load import CheckedModel
    from accord.model.schema import NegotiationModel
    from accord.solve.spatial.base import ForecastResult

model_app = typer.Typer(help="Model files: JSON Schema, format conversion.", no_args_is_help=True)

#: Engine names for --help, without importing the engines (SciPy) to list them.
ENGINE_HELP = "Forecasting engine: compromise, eum, exchange, median, smp"
TrackOption = Annotated[str | None, typer.Option("--track", help="Forecast one track.")]


def _model_and_engine(
    file: Path, engine: str, rounds: int | None, param: list[str] | None
) -> tuple[CheckedModel, Engine]:
    """The checked model (warnings printed) and the engine built with its settings."""
    import accord

    checked = accord.load_checked(file)
    _warn(list(checked.warnings))
    eng = accord.get_engine(engine, model=checked.model, rounds=rounds, **parse_params(param))
    _note(eng.notes)
    return checked, eng


def _dated(model: NegotiationModel, as_of: str | None, db: str | None) -> NegotiationModel:
    """``model`` as of ``as_of`` (notes on stderr), or itself without a date."""
    if as_of is None:
        return model
    from accord.forecasting import at_date

    dated = at_date(model, as_of, db=db)
    for n in dated.notes:
        print_warning(f"as of {dated.as_of}: {n}", label="note")
    return dated.model


def _drift(
    model: NegotiationModel, path: Path | None, engine: str, rounds: int | None,
    track: str | None, param: list[str] | None, db: str | None, until: str | None, title: str,
) -> int:
    """Write the drift plot to ``path`` (when given); the number of as-of dates plotted."""
    if path is None:
        return 0
    from accord.forecasting import forecast_drift, plot_drift

    points = forecast_drift(model, engine=engine, rounds=rounds, track=track,
                            params=parse_params(param), db=db, until=until)
    plot_drift(points, path, title=title)
    return len(points)


def _warn_red_lines(result: ForecastResult, model: NegotiationModel, track: str | None) -> None:
    from accord.model.interpret import reading
    from accord.solve.spatial.scenario import to_scenario

    forecast = dict(zip(result.dimensions, (float(v) for v in result.forecast), strict=True))
    for line in reading(model, forecast, to_scenario(model, track).actors)[1]:
        print_warning(line)


def _warn(findings: list[object]) -> None:
    for f in findings:
        print_warning(f)


def _note(notes: tuple[str, ...]) -> None:
    for n in notes:
        print_warning(n, label="note")


@cli_errors
def validate_cmd(file: ModelArgument, db: DbOption = None, json_flag: JsonFlag = False) -> None:
    """Check a model file: located errors (exit 1) and warnings (exit 0).

    Each line reads file:line:column: field: message. With --db, every quoted evidence item
    is verified against the cleaned texts of the corpus in that database.
    """
    import accord
    from accord.model_files import validation_dict

    articles = accord.Corpus(db, create=False).texts() if db is not None else None
    report = accord.validate(file, articles=articles)
    if json_flag:
        emit_json(validation_dict(report))
    else:
        for f in report.errors:
            print_error(f)
        _warn(list(report.warnings))
        if report.ok and report.model is not None:
            m = report.model
            echo(
                f"{file}: ok — {len(m.actors)} actors, {len(m.issues)} issues, "
                f"{len(m.positions)} positions, {len(m.tracks)} tracks, "
                f"{len(m.side_payment_pools)} side-payment pools, "
                f"{len(report.warnings)} warnings"
            )
            if articles is not None:
                verified = sum(c.status == "ok" for c in report.evidence)
                echo(f"evidence: {verified} of {len(report.evidence)} items verified "
                           f"against {len(articles)} articles")
    if not report.ok:
        raise typer.Exit(1)


@cli_errors
def forecast_cmd(
    file: ModelArgument,
    engine: Annotated[str, typer.Option("--engine", "-e", help=ENGINE_HELP)] = "compromise",
    rounds: RoundsOption = None,
    track: TrackOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write trajectories to PATH.png or .svg.")
    ] = None,
    param: ParamOption = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    drift: Annotated[
        Path | None, typer.Option(
            "--drift", help="Also write PATH.png or .svg: the forecast per issue as of every "
                            "publication date of the model's evidence (up to --as-of).")
    ] = None,
    json_flag: JsonFlag = False,
) -> None:
    """Forecast each issue's outcome: a table per issue, or --json (ForecastResult).

    --as-of DATE forecasts the model as it stood then: evidence published later is left out
    (dated by its `published:` field, else by its article's date in --db).
    """
    from accord.forecasting import drift_format, forecast_rows
    from accord.model.load import errors_in

    if drift is not None:
        drift_format(drift)  # a bad file suffix fails before the forecasts run
    checked, eng = _model_and_engine(file, engine, rounds, param)
    model = _dated(checked.model, as_of, db)
    with errors_in(checked):
        result = eng.forecast(model, track=track)
        n_drift = _drift(checked.model, drift, engine, rounds, track, param, db, as_of,
                         f"{model.name}: {result.engine} forecast as evidence was published")
    if plot is not None:
        from accord.report.plots import plot_model_trajectories

        plot_model_trajectories(result, model, plot, track=track)
    if json_flag:
        emit_json(result.to_dict())
        return
    status = "converged" if result.converged else "not converged"
    name = model.name if track is None else f"{model.name} [{track}]"
    when = f" (as of {model.as_of})" if as_of is not None else ""
    emit(forecast_rows(result, model, track),
         title=f"{name}{when}: {result.engine}, {result.rounds} rounds, {status}")
    _warn_red_lines(result, model, track)
    if plot is not None:
        echo(f"plot written to {plot}")
    if drift is not None:
        echo(f"drift plot written to {drift} ({n_drift} as-of dates)")


@cli_errors
def explain_cmd(
    file: ModelArgument,
    actor: Annotated[str, typer.Option("--actor", "-a", help="Actor id to explain.")],
    engine: Annotated[str, typer.Option("--engine", "-e", help=ENGINE_HELP)] = "eum",
    rounds: Annotated[int | None, typer.Option("--rounds", help="Maximum rounds.")] = None,
    track: Annotated[str | None, typer.Option("--track", help="One track only.")] = None,
    param: ParamOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
) -> None:
    """Why an actor moved, round by round: challenges, bargains, exchanges and the numbers."""
    import accord

    why = accord.explain(file, actor, engine=engine, rounds=rounds, track=track,
                         params=parse_params(param))
    _warn(list(why.warnings))
    _note(why.notes)
    out = pick_format(fmt, json_flag)
    if out is OutputFormat.json:
        emit_json(why.to_dict())
    elif not why.rows:
        echo(f"{actor} did not move under {why.result.engine} ({why.result.rounds} rounds).")
    else:
        emit(why.rows, ["round", "issue", "kind", "counterpart", "before", "after", "why"], out,
             title=f"{actor} under {why.result.engine}")
        if out is OutputFormat.table:
            for line in why.narrative():
                echo(line)


@cli_errors
def schema_cmd(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead.")
    ] = None,
) -> None:
    """Print the model file's JSON Schema (docs/model.schema.json is generated by this)."""
    from accord.files import atomic_write_text
    from accord.model_files import model_schema

    text = json.dumps(model_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)
        echo(f"wrote {output}")


@cli_errors
def convert_cmd(
    source: Annotated[Path, typer.Argument(help="Input model (YAML, KTAB CSV/XML, BdM CSV).")],
    target: Annotated[Path, typer.Argument(help="Output: .yaml, .xml, .csv (KTAB), .bdm.csv")],
    to: Annotated[
        str | None,
        typer.Option("--to", help="Output format: yaml, ktab-csv, ktab-xml, bdm-csv."),
    ] = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="Issue to write (BdM CSV holds one).")
    ] = None,
) -> None:
    """Convert between formats; prints what the target format cannot carry."""
    from accord.model_files import convert

    lost = convert(source, target, to=to, issue=issue)
    echo(f"wrote {target}")
    for item in lost:
        print_warning(item, label="not carried")


def register(app: typer.Typer) -> None:
    """Add validate, forecast, explain and the ``model`` group to ``app``."""
    app.add_typer(model_app, name="model")
    from accord.commands import model_draft

    model_draft.register(model_app)
    app.command("validate")(validate_cmd)
    app.command("forecast")(forecast_cmd)
    app.command("explain")(explain_cmd)
    model_app.command("schema")(schema_cmd)
    model_app.command("convert")(convert_cmd)
