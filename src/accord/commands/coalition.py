"""CLI commands for coalitions and apportionment: ``power``, ``game``, ``apportion``.

Each parses its options, makes one call into :mod:`accord` and renders the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.commands._common import CsvFlag, FormatOption, JsonFlag, cli_errors, echo, pick_format
from accord.report.output import OutputFormat, emit, emit_json

#: The claims rules (accord.solve.coalition.RULES), named here so --help needs no solver import.
RULES_HELP = "One of: proportional, cea, cel, talmud, or 'all'."


def power(
    weights: Annotated[
        list[str] | None,
        typer.Option(
            "--weights", "-w",
            help="Comma-separated integer weights; repeat for a double/triple majority.",
        ),
    ] = None,
    quota: Annotated[
        list[int] | None,
        typer.Option("--quota", "-q", help="Winning quota; one per weight vector."),
    ] = None,
    names: Annotated[str | None, typer.Option(help="Comma-separated player names.")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="CSV with name,weight[,weight_2,…] (instead of --weights)."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Exact Shapley–Shubik and Banzhaf power of a weighted voting game.

    Example: accord power --quota 39 --weights 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1
    """
    import accord

    result = accord.power(weights, quota, names=names, file=file)
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        emit_json(result.to_dict())
        return
    emit(result.rows(), ["player", "weights", "shapley_shubik", "shapley_shubik_exact",
                         "banzhaf", "banzhaf_exact", "swings"], out,
         title=f"Weighted voting game, quota {', '.join(map(str, result.quotas))}")


def game(
    file: Annotated[Path, typer.Argument(help="CSV of coalition,value rows (A+B,3).")],
    kind: Annotated[
        str, typer.Option(help="'profit' (values to share) or 'cost' (costs to share).")
    ] = "profit",
    players: Annotated[
        str | None, typer.Option(help="Comma-separated player order (default: as in the file).")
    ] = None,
    default: Annotated[
        str | None,
        typer.Option(help="Value of unlisted coalitions (default: every coalition required)."),
    ] = None,
    allocation: Annotated[
        str | None, typer.Option(help="Comma-separated allocation to test for core membership.")
    ] = None,
    samples: Annotated[
        int, typer.Option(help="Also estimate Shapley from N sampled orders (0 = off).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed for --samples.")] = 0,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Shapley, Banzhaf, nucleolus and least core of a TU game from a coalition-value file.

    Example: accord game examples/games/lemaire.csv
    """
    import accord

    sol = accord.game(file, kind=kind, players=players, default=default, allocation=allocation,
                      samples=samples, seed=seed)
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        emit_json(sol.to_dict())
        return
    columns = ["player", "shapley", "banzhaf", "nucleolus", "least_core"]
    if sol.sampled is not None:
        columns += ["shapley_sampled", "sampled_halfwidth"]
    emit(sol.rows(), columns, out, title=f"TU game from {file} ({sol.game.kind})")
    if out is OutputFormat.table:
        typer.echo(f"least-core epsilon {sol.least_core.epsilon:.6g} "
                   f"(core {'non-empty' if sol.core_nonempty else 'empty'}); "
                   f"nucleolus {'exact' if sol.nucleolus.exact else 'floating point'}")
        check = sol.core_check
        if check is not None and check.in_core:
            typer.echo("allocation is in the core")
        elif check is not None:
            blockers = "; ".join(f"{'+'.join(c)} by {e:.6g}" for c, e in check.blocking[:5])
            echo("allocation is NOT in the core"
                 + ("" if check.efficient else " (it does not split v(N) exactly)")
                 + (f": blocked by {blockers}" if blockers else ""))


def apportion(
    estate: Annotated[
        str | None, typer.Option(help="The amount to divide (≥ 0).")
    ] = None,
    claims: Annotated[
        str | None, typer.Option(help="Comma-separated claims (≥ 0).")
    ] = None,
    rule: Annotated[str, typer.Option(help=RULES_HELP)] = "all",
    names: Annotated[str | None, typer.Option(help="Comma-separated claimant names.")] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Negotiation model file whose pool to divide."),
    ] = None,
    pool: Annotated[
        str | None, typer.Option("--pool", help="Side-payment pool id (with --model).")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """Divide an estate among claimants by a claims rule (exact arithmetic).

    Example: accord apportion --estate 200 --claims 100,200,300 --rule talmud

    Or a model's side-payment pool among the recipients that claim on it:
    accord apportion --model examples/ukraine-2025/model.yaml --pool reconstruction_fund
    """
    import accord

    result = accord.apportion(estate, claims, rule=rule, names=names, model=model, pool=pool)
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        emit_json(result.to_dict())
        return
    emit(result.rows, ["claimant", "claim", *result.rules], out,
         title=f"Estate {result.estate}")
    if result.note and out is OutputFormat.table:
        echo(result.note)


def register(app: typer.Typer) -> None:
    """Add ``power``, ``game`` and ``apportion`` to ``app``."""
    app.command("power")(cli_errors(power))
    app.command("game")(cli_errors(game))
    app.command("apportion")(cli_errors(apportion))
