"""CLI commands for coalitions and apportionment: ``power``, ``game``, ``apportion``."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.commands._common import (
    CsvFlag,
    FormatOption,
    JsonFlag,
    cli_errors,
    echo,
    pick_format,
)
from accord.errors import InputError
from accord.model.games import parse_number_list, read_coalition_values, read_weights
from accord.report.output import OutputFormat, emit, emit_json
from accord.solve.coalition import (
    RULES,
    TUGame,
    banzhaf,
    core_check,
    least_core,
    nucleolus,
    shapley,
    shapley_monte_carlo,
)
from accord.solve.coalition import (
    apportion as apportion_estate,
)
from accord.solve.coalition.voting import WeightedVotingGame


def _ints(text: str, field: str) -> list[int]:
    values = parse_number_list(text, field)
    for i, v in enumerate(values):
        if v.denominator != 1 or v < 0:
            raise InputError(
                f"item {i + 1} ({v}) is not a non-negative integer "
                "(scale decimal weights to integers first)",
                field=field,
            )
    return [int(v) for v in values]


def _names(text: str | None, n: int) -> list[str] | None:
    if text is None:
        return None
    names = [s.strip() for s in text.split(",")]
    if len(names) != n:
        raise InputError(f"{len(names)} names for {n} players", field="--names")
    return names


def _show(value: Fraction | float) -> str:
    return str(value) if isinstance(value, Fraction) else f"{value:.6g}"


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
    if not quota:
        raise InputError("give the winning quota with --quota", field="--quota")
    if file is not None:
        if weights:
            raise InputError("give weights either with --weights or --file, not both",
                             field="--weights")
        player_names, rows = read_weights(file)
    elif weights:
        rows = [_ints(w, "--weights") for w in weights]
        player_names = _names(names, len(rows[0])) or [f"P{i + 1}" for i in range(len(rows[0]))]
    else:
        raise InputError("give the weights with --weights or --file", field="--weights")
    game = WeightedVotingGame(rows, list(quota), player_names)
    result = game.power()
    out = pick_format(fmt, json_flag, csv_flag)
    table_rows: list[dict[str, Any]] = []
    for row, k in zip(result.rows(), range(game.n_players), strict=True):
        row["weights"] = ",".join(str(r[k]) for r in rows)
        table_rows.append(row)
    if out is OutputFormat.json:
        emit_json({"quotas": list(quota), "players": table_rows})
        return
    emit(
        table_rows,
        ["player", "weights", "shapley_shubik", "shapley_shubik_exact", "banzhaf",
         "banzhaf_exact", "swings"],
        out,
        title=f"Weighted voting game, quota {', '.join(map(str, quota))}",
    )


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
    if kind not in ("profit", "cost"):
        raise InputError(f"unknown kind {kind!r}; choose profit or cost", field="--kind")
    read = read_coalition_values(
        file,
        players=[p.strip() for p in players.split(",")] if players else None,
        complete=default is None,
    )
    tu = TUGame.from_values(
        read.names, read.values, kind="cost" if kind == "cost" else "profit", default=default
    )
    sv = shapley(tu)
    bz = banzhaf(tu)
    nu = nucleolus(tu)
    lc = least_core(tu)
    sampled = shapley_monte_carlo(tu, permutations=samples, seed=seed) if samples else None
    rows: list[dict[str, Any]] = []
    for i, name in enumerate(tu.names):
        row: dict[str, Any] = {
            "player": name,
            "shapley": float(sv[i]),
            "shapley_exact": str(sv[i]),
            "banzhaf": float(bz[i]),
            "nucleolus": float(nu.allocation[i]),
            "nucleolus_exact": _show(nu.allocation[i]),
            "least_core": lc.allocation[i],
        }
        if sampled is not None:
            row["shapley_sampled"] = sampled.values[i]
            row["sampled_halfwidth"] = sampled.halfwidth[i]
        rows.append(row)
    check = None
    if allocation is not None:
        check = core_check(tu, parse_number_list(allocation, "--allocation"))
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        doc: dict[str, Any] = {
            "players": rows,
            "kind": tu.kind,
            "least_core_epsilon": lc.epsilon,
            "core_nonempty": lc.epsilon <= 1e-9,
            "nucleolus_exact": nu.exact,
        }
        if check is not None:
            doc["core_check"] = {
                "in_core": check.in_core,
                "efficient": check.efficient,
                "blocking": [{"coalition": list(c), "by": e} for c, e in check.blocking],
            }
        if sampled is not None:
            doc["sampling"] = {"permutations": sampled.permutations,
                               "confidence": sampled.confidence}
        emit_json(doc)
        return
    columns = ["player", "shapley", "banzhaf", "nucleolus", "least_core"]
    if sampled is not None:
        columns += ["shapley_sampled", "sampled_halfwidth"]
    emit(rows, columns, out, title=f"TU game from {file} ({tu.kind})")
    if out is OutputFormat.table:
        core = "non-empty" if lc.epsilon <= 1e-9 else "empty"
        typer.echo(f"least-core epsilon {lc.epsilon:.6g} (core {core}); "
                   f"nucleolus {'exact' if nu.exact else 'floating point'}")
        if check is not None:
            if check.in_core:
                typer.echo("allocation is in the core")
            else:
                blockers = "; ".join(f"{'+'.join(c)} by {e:.6g}" for c, e in check.blocking[:5])
                echo(
                    "allocation is NOT in the core"
                    + ("" if check.efficient else " (it does not split v(N) exactly)")
                    + (f": blocked by {blockers}" if blockers else "")
                )


def apportion(
    estate: Annotated[
        str | None, typer.Option(help="The amount to divide (≥ 0).")
    ] = None,
    claims: Annotated[
        str | None, typer.Option(help="Comma-separated claims (≥ 0).")
    ] = None,
    rule: Annotated[str, typer.Option(help=f"One of: {', '.join(RULES)}, or 'all'.")] = "all",
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
    rules = list(RULES) if rule == "all" else [rule]
    note = None
    if model is not None:
        if estate is not None or claims is not None:
            raise InputError("give either --model/--pool or --estate/--claims", field="--model")
        from accord.model import load_model
        from accord.solve.coalition.pools import apportion_pool

        if pool is None:
            raise InputError("name the pool to divide with --pool", field="--pool")
        loaded = load_model(model)
        results = {r: apportion_pool(loaded, pool, r) for r in rules}
        first = next(iter(results.values()))
        estate_text = f"{first.estate} {first.currency} (pool {first.pool})"
        labels = list(first.recipients)
        claim_values = list(first.claims)
        awards = {r: list(res.awards) for r, res in results.items()}
        if first.covered:
            note = (f"claims total {float(sum(first.claims)):g} ≤ pool {float(first.estate):g}: "
                    f"every claim is paid in full; {float(first.unallocated):g} "
                    f"{first.currency} stays unallocated")
    else:
        if estate is None or claims is None:
            raise InputError("give --estate and --claims (or --model and --pool)",
                             field="--estate" if estate is None else "--claims")
        claim_values = parse_number_list(claims, "--claims")
        labels = _names(names, len(claim_values)) or [
            f"C{i + 1}" for i in range(len(claim_values))
        ]
        awards = {r: apportion_estate(estate, claim_values, r) for r in rules}
        estate_text = estate
    rows: list[dict[str, Any]] = []
    for i, label in enumerate(labels):
        row: dict[str, Any] = {"claimant": label, "claim": float(claim_values[i])}
        for r in rules:
            row[r] = float(awards[r][i])
            row[f"{r}_exact"] = str(awards[r][i])
        rows.append(row)
    out = pick_format(fmt, json_flag, csv_flag)
    if out is OutputFormat.json:
        emit_json({"estate": estate_text, "rules": rules, "awards": rows, "note": note})
        return
    emit(rows, ["claimant", "claim", *rules], out, title=f"Estate {estate_text}")
    if note and out is OutputFormat.table:
        echo(note)


def register(app: typer.Typer) -> None:
    """Add ``power``, ``game`` and ``apportion`` to ``app``."""
    app.command("power")(cli_errors(power))
    app.command("game")(cli_errors(game))
    app.command("apportion")(cli_errors(apportion))
