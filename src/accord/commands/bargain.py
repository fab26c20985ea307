"""``accord bargain``: zone of agreement, Pareto frontier, bargaining solutions, side payments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.commands._common import (
    CsvFlag,
    FormatOption,
    JsonFlag,
    cli_errors,
    echo,
    pick_format,
    print_warning,
)
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

if TYPE_CHECKING:  # the solvers import SciPy: load them when the command runs, not for --help
    from accord.solve.bargaining.analysis import BargainingResult


def _fmt_map(values: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:.4g}" for k, v in values.items())


def solution_rows(result: BargainingResult) -> list[dict[str, Any]]:
    """One row per solution (for table/CSV output)."""
    return [
        {
            "concept": s.concept,
            "method": s.method,
            "outcome": _fmt_map(s.outcome),
            "utilities": _fmt_map(s.utilities),
            "gains": _fmt_map(s.gains),
            "binding": "; ".join(s.binding),
            "ties": s.ties,
        }
        for s in result.solutions
    ]


def _print_table(result: BargainingResult, header: str) -> None:
    echo(header)
    echo("disagreement utilities: " + _fmt_map(result.disagreement))
    if result.weighted:
        echo("Nash weights (capability): " + _fmt_map(result.weights))
    echo(result.zone.message())
    for c in result.zone.red_line_conflicts:
        echo(f"  red-line conflict: {c.describe()}")
    binding = [c for c in result.zone.constraints if c.binds]
    if binding:
        emit(
            [
                {"constraint": c.describe(), "excludes": c.excludes,
                 "alone_excludes": c.only_excludes, "blocks": "yes" if c.blocks else ""}
                for c in binding
            ],
            ["constraint", "excludes", "alone_excludes", "blocks"],
            OutputFormat.table,
            title="Binding constraints (outcomes each excludes; alone = no other constraint does)",
        )
    echo(f"Pareto frontier of the zone: {len(result.frontier_utilities):,} outcomes")
    if result.solutions:
        emit(
            solution_rows(result),
            ["concept", "method", "outcome", "utilities", "binding"],
            OutputFormat.table,
            title="Bargaining solutions",
        )
    t = result.transfers
    if t is not None:
        echo("side payments: " + t.message())
        if t.payments:
            emit(
                [{"pool": p["pool"], "from": p["from"], "to": p["to"], "amount": p["amount"]}
                 for p in t.payments],
                ["pool", "from", "to", "amount"],
                OutputFormat.table,
                title=f"Cheapest transfers{f' ({t.money_unit})' if t.money_unit else ''}",
            )
            if t.outcome is not None:
                echo("  at outcome: " + _fmt_map(t.outcome))
            if t.utilities_after is not None:
                echo("  utilities after transfers: " + _fmt_map(t.utilities_after))
        for h in t.holdouts:
            echo(f"  cannot be brought in: {h.actor} — {h.reason}")
    for note in result.notes:
        echo(f"note: {note}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("bargain")
    @cli_errors
    def bargain_cmd(
        file: Annotated[Path, typer.Argument(help="Model file (YAML, KTAB CSV/XML, BdM CSV).")],
        track: Annotated[
            str | None, typer.Option("--track", "-t", help="Bargain over one track only.")
        ] = None,
        actors: Annotated[
            str | None,
            typer.Option("--actors", help="Ad-hoc agenda: only these actors ('a,b,c')."),
        ] = None,
        issues: Annotated[
            str | None,
            typer.Option("--issues", help="Ad-hoc agenda: only these issues ('x,y')."),
        ] = None,
        transfers: Annotated[
            bool, typer.Option("--transfers", help="Price side payments from the model's pools.")
        ] = False,
        resolution: Annotated[
            int | None,
            typer.Option(
                "--resolution", "-r", min=2,
                help="Grid points per continuous scale (default: the finest up to "
                "21 keeping the grid within 1,000,000 outcomes).",
                show_default=False,
            ),
        ] = None,
        weighted: Annotated[
            bool, typer.Option("--weighted", help="Capability-weighted (asymmetric) Nash.")
        ] = False,
        continuous: Annotated[
            bool,
            typer.Option("--continuous/--grid-only", help="Polish grid solutions with SLSQP."),
        ] = True,
        plot: Annotated[
            Path | None, typer.Option("--plot", help="Write a frontier plot (.png or .svg).")
        ] = None,
        axes: Annotated[
            str | None, typer.Option("--axes", help="Two actors for the plot axes: 'a,b'.")
        ] = None,
        fmt: FormatOption = OutputFormat.table,
        json_flag: JsonFlag = False,
        csv_flag: CsvFlag = False,
    ) -> None:
        """Zone of agreement, Pareto frontier, Nash/KS/egalitarian/utilitarian, side payments.

        --actors/--issues narrow the model (or --track) to an ad-hoc agenda, e.g.
        --actors us,russia,ukraine --issues territory,ceasefire.

        A model whose red lines leave no feasible outcome is reported as a result (which red
        line binds), not an error.
        """
        out_fmt = pick_format(fmt, json_flag, csv_flag)
        plot_axes: tuple[str, str] | None = None
        if axes is not None:
            parts = [p.strip() for p in axes.split(",")]
            if len(parts) != 2 or not all(parts):
                raise InputError(f"expected two actor ids 'a,b', got {axes!r}", field="--axes")
            plot_axes = (parts[0], parts[1])
        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            raise InputError(
                f"plot file must end in .png or .svg, got {plot.name!r}", field="--plot"
            )
        from accord.model.agenda import with_agenda
        from accord.model.load import load_checked
        from accord.solve.bargaining.analysis import bargain
        from accord.solve.bargaining.from_model import space_from_model, transfers_from_model

        loaded = load_checked(file)
        if actors is not None or issues is not None:
            loaded, track = with_agenda(
                loaded,
                actors=[a.strip() for a in actors.split(",")] if actors else None,
                issues=[i.strip() for i in issues.split(",")] if issues else None,
                track=track,
            )
        space = space_from_model(loaded, track=track, resolution=resolution)
        setup = None
        extra_notes: list[str] = []
        if transfers:
            setup, extra_notes = transfers_from_model(loaded, space)
        try:
            result = bargain(space, weighted=weighted, transfers=setup, continuous=continuous)
        except InputError as exc:  # e.g. --weighted with every capability 0
            flag = {"weighted": "--weighted", "resolution": "--resolution"}.get(exc.field or "")
            raise InputError(exc.message, file=str(file), field=flag or exc.field) from None
        result.notes.extend(extra_notes)
        if plot is not None:
            from accord.report.bargain_plot import plot_bargaining

            title = loaded.model.name + (f" [{track}]" if track else "")
            plot_bargaining(result, plot, plot_axes, title)
        if out_fmt is OutputFormat.json:
            data = result.to_dict()
            data["model"] = loaded.model.name
            data["track"] = track
            data["resolution"] = resolution
            data["grid_shape"] = list(space.shape)
            if plot is not None:
                data["plot"] = str(plot)
            emit_json(data)
        elif out_fmt is OutputFormat.csv:
            emit(solution_rows(result), None, OutputFormat.csv)
        else:
            shape = " × ".join(str(n) for n in space.shape)
            header = (
                f"{loaded.model.name}{f' [{track}]' if track else ''}: "
                f"{space.n_actors} actors, {space.n_issues} issues, "
                f"{space.size:,} outcomes ({shape})"
            )
            _print_table(result, header)
            if result.solutions:  # what the Nash outcome means on each scale, and red lines
                from accord.model.interpret import reading

                meaning, crossings = reading(loaded.model, result.solution("nash").outcome)
                echo("Nash outcome: " + "; ".join(f"{k} {v}" for k, v in meaning.items()))
                for line in crossings:
                    print_warning(line)
            if plot is not None:
                echo(f"plot written to {plot}", err=True)
