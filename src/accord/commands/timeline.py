"""`accord timeline`: merged events and position statements in date order, with sources; and
the forecast per issue as articles arrived (`--plot`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from accord.commands._common import (
    CsvFlag,
    DbOption,
    FormatOption,
    JsonFlag,
    cli_errors,
    echo,
    pick_format,
)
from accord.commands.model_draft import LexiconOption, RegistryOption
from accord.report.output import OutputFormat, emit


@cli_errors
def timeline_cmd(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(
        "--actor", help="Only items involving this actor (registry id, name or alias; a "
                        "state also keeps its people's statements).")] = None,
    issue: Annotated[str | None, typer.Option(
        "--issue", help="Only position statements on this issue (lexicon id or alias).")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date.")] = None,
    window: Annotated[int, typer.Option(
        "--window", help="Days apart two reports of one event may date it.")] = 1,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also write a PNG: forecast per issue against as-of dates.")] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
    registry: RegistryOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """One dated row per merged event (all its sources) and per position statement."""
    import accord

    found = accord.timeline(db, actor=actor, issue=issue, since=since, until=until,
                            window=window, plot=plot, registry=registry, lexicon=lexicon)
    out_fmt = pick_format(fmt, json_flag, csv_flag)
    shown: list[dict[str, Any]] = found.rows
    if out_fmt != OutputFormat.json:
        shown = [{k: v for k, v in r.items() if k != "sources"} for r in found.rows]
    emit(shown, ["date", "kind", "what", "actors", "issue", "place", "n_sources", "outlets",
                 "text"], out_fmt, title="Timeline")
    if found.plot is not None:
        echo(f"wrote {found.plot}: {found.plot_dates} as-of dates", err=True)


def register(app: typer.Typer) -> None:
    """Add `timeline` to ``app``."""
    app.command("timeline")(timeline_cmd)
