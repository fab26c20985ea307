"""CLI commands for model files: validate, forecast, explain, model schema, model convert."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from accord.commands._common import (
    DbOption,
    FormatOption,
    JsonFlag,
    cli_errors,
    echo,
    err_console,
    pick_format,
    print_error,
    print_warning,
)
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

ROUNDS_PARAMETER_NAMES = ("rounds", "max_rounds", "max_turns")

ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="Engine parameter name=value (repeatable), e.g. -p normalise_salience=true.",
    ),
]

# KTAB XML <ModelParameters> element → SMP engine keyword, so `accord forecast x.xml --engine smp`
# plays the scenario with the settings its author chose.
KTAB_TO_SMP = {
    "VictoryProbModel": "victory_model",
    "PCEModel": "pce_model",
    "StateTransitions": "state_transition",
    "VotingRule": "voting_rule",
    "BigRAdjust": "big_r_adjust",
    "BigRRange": "big_r_range",
    "ThirdPartyCommit": "third_party_commit",
    "InterVecBrgn": "bargain_interpolation",
    "BargnModel": "bargain_model",
}


def _registry() -> dict[str, Any]:
    """The engines available now (the registry is filled in as engines land)."""
    try:
        from accord.solve.spatial import ENGINES
    except ImportError:
        return {}
    return dict(ENGINES)


def _accepted(factory: Any) -> set[str] | None:
    """Keyword names the engine factory accepts, or None if it takes **kwargs / is opaque."""
    try:
        sig = inspect.signature(factory)
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values()):
        return None
    return set(sig.parameters)


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``--param name=value`` pairs; values are read as YAML scalars (true, 3, 0.5, text)."""
    import yaml

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"expected name=value, got {item!r}", field="--param")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        if isinstance(value, dict | list):
            raise InputError(f"{key}: expected a single value, got {raw!r}", field="--param")
        out[key.strip()] = value
    return out


def make_engine(
    name: str,
    rounds: int | None,
    model_parameters: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Any:
    """Build engine ``name`` from the registry, passing --rounds, KTAB settings it accepts and
    explicit ``--param`` values (which win over settings read from the file)."""
    engines = _registry()
    if name not in engines:
        available = ", ".join(sorted(engines)) or "none yet"
        raise InputError(f"unknown engine {name!r}; available: {available}", field="--engine")
    from accord.solve.spatial import get_engine

    accepted = _accepted(engines[name])
    params: dict[str, Any] = {}
    if rounds is not None:
        if rounds < 1:
            raise InputError(f"must be at least 1, got {rounds}", field="--rounds")
        key = next((k for k in ROUNDS_PARAMETER_NAMES if accepted and k in accepted), None)
        if key is None:
            raise InputError(f"engine {name!r} does not take a number of rounds", field="--rounds")
        params[key] = rounds
    ktab = model_parameters.get("ktab")
    if name == "smp" and isinstance(ktab, dict):
        for src, dst in KTAB_TO_SMP.items():
            value = (ktab.get("ModelParameters") or {}).get(src)
            if value is not None and (accepted is None or dst in accepted):
                params[dst] = value
        seed = ktab.get("prngSeed")
        if seed and (accepted is None or "seed" in accepted):
            params["seed"] = int(seed)
        if ktab.get("IdealAdjustment"):
            err_console.print(
                "note: the scenario's IdealAdjustment pairs are not used by the smp engine",
                highlight=False,
            )
    for key, value in (extra or {}).items():
        if accepted is not None and key not in accepted:
            allowed = ", ".join(sorted(accepted - {"self"}))
            raise InputError(
                f"engine {name!r} has no parameter {key!r}; it takes: {allowed}", field="--param"
            )
        params[key] = value
    return get_engine(name, **params)


def _engine_help() -> str:
    names = sorted(_registry())
    return "Forecasting engine: " + (", ".join(names) if names else "(none registered yet)")


def _moved(result: Any, scenario: Any, d: int) -> str:
    """Actors with a stake in dimension ``d`` whose position changed, start → end.

    Actors with salience 0 there (no stated position) are left out: the engine places them at
    the status quo only to fill the matrix, and they carry no weight.
    """
    start, end = result.history[0, :, d], result.history[-1, :, d]
    moved = [
        f"{a} {start[k]:.4g}→{end[k]:.4g}"
        for k, a in enumerate(result.actors)
        if scenario.salience[k, d] > 0 and not np.isclose(start[k], end[k], rtol=0.0, atol=1e-9)
    ]
    return "; ".join(moved) if moved else "nobody"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    model_app = typer.Typer(
        help="Model files: JSON Schema, format conversion.", no_args_is_help=True
    )
    app.add_typer(model_app, name="model")
    from accord.commands import model_draft

    model_draft.register(model_app)

    @app.command("validate")
    @cli_errors
    def validate_cmd(
        file: Annotated[Path, typer.Argument(help="Model file (YAML, KTAB CSV/XML, BdM CSV).")],
        db: DbOption = None,
        json_flag: JsonFlag = False,
    ) -> None:
        """Check a model file: located errors (exit 1) and warnings (exit 0).

        Each line reads file:line:column: field: message. With --db, every quoted evidence item
        is verified against the cleaned texts of the corpus in that database.
        """
        from accord.model.locate import field_path
        from accord.model.validate import validate_file

        articles = corpus_articles(db) if db is not None else None
        report = validate_file(file, articles)
        if json_flag:
            emit_json(
                {
                    "file": str(file),
                    "ok": report.ok,
                    "errors": [f.to_dict() for f in report.errors],
                    "warnings": [f.to_dict() for f in report.warnings],
                    "evidence": [
                        {
                            "field": field_path(c.loc),
                            "status": c.status,
                            "message": c.message,
                            "span": list(c.span) if c.span else None,
                        }
                        for c in report.evidence
                    ],
                }
            )
        else:
            for f in report.errors:
                print_error(f)
            for f in report.warnings:
                print_warning(f)
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
                    typer.echo(
                        f"evidence: {verified} of {len(report.evidence)} items verified against "
                        f"{len(articles)} articles"
                    )
        if not report.ok:
            raise typer.Exit(1)

    @app.command("forecast")
    @cli_errors
    def forecast_cmd(
        file: Annotated[Path, typer.Argument(help="Model file (YAML, KTAB CSV/XML, BdM CSV).")],
        engine: Annotated[str, typer.Option("--engine", "-e", help=_engine_help())] = "compromise",
        rounds: Annotated[
            int | None, typer.Option("--rounds", help="Maximum rounds (dynamic engines).")
        ] = None,
        track: Annotated[str | None, typer.Option("--track", help="Forecast one track.")] = None,
        plot: Annotated[
            Path | None, typer.Option("--plot", help="Write trajectories to PATH.png or .svg.")
        ] = None,
        param: ParamOption = None,
        json_flag: JsonFlag = False,
    ) -> None:
        """Forecast each issue's outcome: a table per issue, or --json (ForecastResult)."""
        from accord.solve.spatial.scenario import run_engine, to_scenario

        model = load_checked(file)
        scenario = to_scenario(model, track)
        eng = make_engine(engine, rounds, model.parameters, parse_params(param))
        result = run_engine(eng, scenario)
        labels = {a.id: a.label for a in model.actors}
        if plot is not None:
            from accord.report.plots import plot_trajectories

            plot_trajectories(
                result,
                plot,
                labels=labels,
                titles={i.id: i.question for i in model.issues},
                scale={i.id: (i.scale.min, i.scale.max) for i in model.issues},
                active=scenario.salience > 0,
                title=f"{scenario.name} — {result.engine}",
            )
        if json_flag:
            emit_json(result.to_dict())
            return
        from accord.model.interpret import reading

        meaning, crossings = reading(
            model, dict(zip(result.dimensions, result.forecast, strict=True)), scenario.actors
        )
        rows = []
        for d, dim in enumerate(result.dimensions):
            final = result.history[-1, scenario.salience[:, d] > 0, d]  # stakeholders only
            issue = model.issue(dim)
            rows.append(
                {
                    "issue": dim,
                    "forecast": round(float(result.forecast[d]), 4),
                    "nearest anchor": meaning[dim],
                    "status quo": issue.status_quo,
                    "spread": float(final.max() - final.min()),
                    "who moved": _moved(result, scenario, d),
                }
            )
        emit(
            rows,
            title=f"{scenario.name}: {result.engine}, {result.rounds} rounds, "
            f"{'converged' if result.converged else 'not converged'}",
        )
        for line in crossings:
            print_warning(line)
        if plot is not None:
            echo(f"plot written to {plot}")

    @app.command("explain")
    @cli_errors
    def explain_cmd(
        file: Annotated[Path, typer.Argument(help="Model file (YAML, KTAB CSV/XML, BdM CSV).")],
        actor: Annotated[str, typer.Option("--actor", "-a", help="Actor id to explain.")],
        engine: Annotated[str, typer.Option("--engine", "-e", help=_engine_help())] = "eum",
        rounds: Annotated[int | None, typer.Option("--rounds", help="Maximum rounds.")] = None,
        track: Annotated[str | None, typer.Option("--track", help="One track only.")] = None,
        param: ParamOption = None,
        fmt: FormatOption = OutputFormat.table,
        json_flag: JsonFlag = False,
    ) -> None:
        """Why an actor moved, round by round: challenges, bargains, exchanges and the numbers."""
        from accord.solve.spatial.scenario import run_engine, to_scenario

        model = load_checked(file)
        scenario = to_scenario(model, track)
        if actor not in scenario.actors:
            raise InputError(
                f"unknown actor {actor!r}; actors: {', '.join(scenario.actors)}", field="--actor"
            )
        eng = make_engine(engine, rounds, model.parameters, parse_params(param))
        result = run_engine(eng, scenario)
        rows = explain_rows(result, actor)
        out = pick_format(fmt, json_flag)
        if out is OutputFormat.json:
            emit_json(
                {
                    "actor": actor,
                    "engine": result.engine,
                    "moves": rows,
                    "trajectory": result.trajectory(actor).tolist(),
                    "dimensions": list(result.dimensions),
                }
            )
            return
        if not rows:
            echo(f"{actor} did not move under {result.engine} ({result.rounds} rounds).")
            return
        emit(
            rows,
            ["round", "issue", "kind", "counterpart", "before", "after", "why"],
            out,
            title=f"{actor} under {result.engine}",
        )
        if out is OutputFormat.table:
            for line in narrative(rows, actor):
                echo(line)

    @model_app.command("schema")
    @cli_errors
    def schema_cmd(
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to a file instead.")
        ] = None,
    ) -> None:
        """Print the model file's JSON Schema (docs/model.schema.json is generated by this)."""
        from accord.files import atomic_write_text
        from accord.model.schema import json_schema

        text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            atomic_write_text(output, text)
            echo(f"wrote {output}")

    @model_app.command("convert")
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
        from accord.model.io import ModelFormat, load_model, save_model

        fmt = None
        if to is not None:
            try:
                fmt = ModelFormat(to)
            except ValueError:
                raise InputError(
                    f"unknown format {to!r}; use one of {', '.join(f.value for f in ModelFormat)}",
                    field="--to",
                ) from None
        if target.resolve() == source.resolve():
            raise InputError("refusing to overwrite the input file", file=str(target))
        model = load_model(source)
        lost = save_model(model, target, fmt, issue)
        echo(f"wrote {target}")
        for item in lost:
            print_warning(item, label="not carried")


def corpus_articles(db: str) -> list[Any]:
    """Cleaned texts of the current articles in the corpus database ``db``."""
    from sqlalchemy.orm import Session

    from accord.model.evidence import ArticleText
    from accord.store.corpus_queries import current_articles
    from accord.store.db import open_engine

    if "://" not in db and not Path(db).is_file():
        # open_engine would create an empty database: say so instead of verifying nothing.
        raise InputError("no such database (run `accord ingest` first)", file=db, field="--db")
    with Session(open_engine(db)) as session:
        return [
            ArticleText(name=Path(a.source_path).name, content_hash=a.content_hash, text=a.text)
            for a in current_articles(session)
        ]


def load_checked(file: Path) -> Any:
    """Load a model for forecasting: located errors stop, warnings go to stderr."""
    from accord.model.io import load_located
    from accord.model.locate import ModelFileError
    from accord.model.validate import check_model

    loaded = load_located(file)
    errors, warnings = check_model(loaded)
    if errors:
        raise ModelFileError(
            [
                InputError(e.message, file=e.file, line=e.line, column=e.column, field=e.field)
                for e in errors
            ]
        )
    for w in warnings:
        print_warning(w)
    return loaded.model


def explain_rows(result: Any, actor: str) -> list[dict[str, Any]]:
    """The recorded moves of ``actor`` as rows (round, issue, kind, counterpart, before, after,
    why). When the engine records no reasons, rows are read off the trajectory instead."""
    rows: list[dict[str, Any]] = []
    for mv in result.moves:
        if mv.actor != actor:
            continue
        why = ", ".join(f"{k}={v:.4g}" for k, v in mv.detail.items())
        rows.append(
            {
                "round": mv.round,
                "issue": mv.dimension,
                "kind": mv.kind,
                "counterpart": mv.counterpart,
                "before": mv.before,
                "after": mv.after,
                "why": why,
                "detail": dict(mv.detail),
            }
        )
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


def narrative(rows: list[dict[str, Any]], actor: str) -> list[str]:
    """One sentence per move, for readers who prefer prose to a table."""
    out = []
    for r in rows:
        with_whom = f" with {r['counterpart']}" if r["counterpart"] else ""
        because = f" ({r['why']})" if r["why"] else ""
        out.append(
            f"Round {r['round']}: on {r['issue']}, {actor} moved {r['before']:.4g} → "
            f"{r['after']:.4g} by {r['kind']}{with_whom}{because}."
        )
    return out
