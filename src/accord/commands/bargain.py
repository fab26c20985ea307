"""``accord bargain``: zone of agreement, Pareto frontier, bargaining solutions, side payments."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.commands._common import (
    CsvFlag,
    DbOption,
    FormatOption,
    JsonFlag,
    ModelArgument,
    cli_errors,
    echo,
    pick_format,
    print_warning,
    split_list,
)
from accord.commands.model_draft import AsOfOption
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

if TYPE_CHECKING:  # the solvers import SciPy: load them when the command runs, not for --help
    from accord.bargaining import Bargaining


def _fmt_map(values: dict[str, float]) -> str:
    return ", ".join(f"{k}={v:.4g}" for k, v in values.items())


def _print_table(bargaining: Bargaining) -> None:
    result = bargaining.result
    echo(bargaining.header())
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
            bargaining.solution_rows(),
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


@cli_errors
def bargain_cmd(
    file: ModelArgument,
    track: Annotated[
        str | None, typer.Option("--track", "-t", help="Bargain over one track only.")
    ] = None,
    actors: Annotated[
        str | None, typer.Option("--actors", help="Ad-hoc agenda: only these actors ('a,b,c').")
    ] = None,
    issues: Annotated[
        str | None, typer.Option("--issues", help="Ad-hoc agenda: only these issues ('x,y').")
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
        bool, typer.Option("--continuous/--grid-only", help="Polish grid solutions with SLSQP.")
    ] = True,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a frontier plot (.png or .svg).")
    ] = None,
    axes: Annotated[
        str | None, typer.Option("--axes", help="Two actors for the plot axes: 'a,b'.")
    ] = None,
    max_actors: Annotated[
        int,
        typer.Option(
            "--max-actors", min=2,
            help="Refuse more actors in play than this (time grows faster than the square "
            "of the actors).",
        ),
    ] = 1_000,
    as_of: AsOfOption = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Zone of agreement, Pareto frontier, Nash/KS/egalitarian/utilitarian, side payments.

    --actors/--issues narrow the model (or --track) to an ad-hoc agenda, e.g.
    --actors us,russia,ukraine --issues territory,ceasefire.

    A model whose red lines leave no feasible outcome is reported as a result (which red
    line binds), not an error. --as-of DATE bargains over the model as it stood then.
    """
    import accord

    out_fmt = pick_format(fmt, json_flag, csv_flag)
    b = accord.bargain(file, track=track, actors=split_list(actors), issues=split_list(issues),
                       transfers=transfers, resolution=resolution, weighted=weighted,
                       continuous=continuous, as_of=as_of, db=db, max_actors=max_actors,
                       plot=plot, axes=_plot_axes(axes))
    if out_fmt is OutputFormat.json:
        emit_json({**b.to_dict(), **({"plot": str(plot)} if plot is not None else {})})
    elif out_fmt is OutputFormat.csv:
        emit(b.solution_rows(), None, OutputFormat.csv)
    else:
        _print_table(b)
        if b.nash_meaning:
            echo("Nash outcome: " + "; ".join(f"{k} {v}" for k, v in b.nash_meaning.items()))
            for line in b.red_lines:
                print_warning(line)
        if plot is not None:
            echo(f"plot written to {plot}", err=True)


def _plot_axes(axes: str | None) -> list[str] | None:
    """``--axes a,b`` → ``["a", "b"]`` (the library checks there are two)."""
    parts = [p.strip() for p in axes.split(",")] if axes is not None else None
    if parts is not None and (len(parts) != 2 or not all(parts)):
        raise InputError(f"expected two actor ids 'a,b', got {axes!r}", field="--axes")
    return parts


def register(app: typer.Typer) -> None:
    """Add ``accord bargain`` to ``app``."""
    app.command("bargain")(bargain_cmd)
