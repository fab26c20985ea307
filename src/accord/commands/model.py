"""CLI commands for model files: validate, forecast, explain, model schema, model convert.

Each parses its options, makes one call into :mod:`accord` and renders the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

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

model_app = typer.Typer(help="Model files: JSON Schema, format conversion.", no_args_is_help=True)

#: Engine names for --help, without importing the engines (SciPy) to list them.
ENGINE_HELP = "Forecasting engine: compromise, eum, exchange, median, smp"
TrackOption = Annotated[str | None, typer.Option("--track", help="Forecast one track.")]


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

    report = accord.validate(file, db=db)
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
            if report.article_count is not None:
                echo(f"evidence: {report.verified} of {len(report.evidence)} items verified "
                     f"against {report.article_count} articles")
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
    import accord

    f = accord.forecast(file, engine=engine, rounds=rounds, track=track,
                        params=parse_params(param), as_of=as_of, db=db, plot=plot, drift=drift)
    _warn(list(f.warnings))
    _note(f.notes)
    _note(tuple(f.as_of_notes))
    if json_flag:
        emit_json(f.to_dict())
        return
    emit(f.rows(), title=f.header())
    _warn(list(f.red_lines))
    if f.plot is not None:
        echo(f"plot written to {f.plot}")
    if f.drift is not None:
        echo(f"drift plot written to {f.drift} ({f.drift_dates} as-of dates)")


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
