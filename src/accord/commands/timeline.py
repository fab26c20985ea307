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
from accord.commands.model_draft import (
    LexiconOption,
    RegistryOption,
    load_statements,
    parse_day,
)
from accord.errors import InputError
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
    from sqlalchemy.orm import Session

    from accord.commands.model_draft import _registry_and_lexicon
    from accord.drafting.draft import registry_id
    from accord.extract.event_merge import merge_events
    from accord.report.timeline import forecast_series, plot_forecast_series, timeline_rows
    from accord.store.db import open_engine
    from accord.store.extract_queries import list_events, list_positions

    reg, lex = _registry_and_lexicon(registry, lexicon)
    issue_id = None
    if issue is not None:
        found = lex.resolve(issue)
        if found is None:
            raise InputError(f"unknown issue {issue!r} (ids: {', '.join(lex.issues)})",
                             field="--issue")
        issue_id = found.id
    actor_ids = [registry_id(reg, actor)] if actor else []
    path = "accord.db" if db is None else db
    if "://" not in path and not Path(path).exists():
        raise InputError("no such database (run `accord ingest` and `accord extract` first)",
                         file=path, field="--db")
    with Session(open_engine(path)) as session:
        events = merge_events(list_events(session), window_days=window)
        positions = list_positions(session)
    rows = timeline_rows(events, positions, actor_ids=actor_ids, issue=issue_id,
                         since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                         registry=reg)
    out_fmt = pick_format(fmt, json_flag, csv_flag)
    shown: list[dict[str, Any]] = rows
    if out_fmt != OutputFormat.json:
        shown = [{k: v for k, v in r.items() if k != "sources"} for r in rows]
    emit(shown, ["date", "kind", "what", "actors", "issue", "place", "n_sources", "outlets",
                 "text"], out_fmt, title="Timeline")
    if plot is not None:
        series = forecast_series(load_statements(db), reg, lex)
        plot_forecast_series(series, plot)
        echo(f"wrote {plot}: {len(series)} as-of dates", err=True)


def register(app: typer.Typer) -> None:
    """Add `timeline` to ``app``."""
    app.command("timeline")(timeline_cmd)
