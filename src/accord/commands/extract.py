"""CLI commands for extraction: ``accord extract``, ``quotes``, ``figures``, ``events``,
``positions`` and ``digest``.

Each parses its options, calls one :class:`accord.Corpus` method and renders the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.commands._common import (
    ActorOption,
    CsvFlag,
    DaskOption,
    DbOption,
    FormatOption,
    JsonFlag,
    RegistryOption,
    cli_errors,
    pick_format,
    progress_bar,
)
from accord.report.output import OutputFormat, emit, emit_json

LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="Issue lexicon YAML (default: the packaged one).",
                 show_default=False),
]


def extract(
    db: DbOption = None,
    registry: RegistryOption = None,
    lexicon: LexiconOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract every article.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="nlp.pipe batch size.")]
    = 16,
    n_process: Annotated[
        int, typer.Option("--n-process", min=1, help="Worker processes that parse and extract "
                                               "(each loads the spaCy pipeline once).")
    ] = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar.")]
    = True,
    dask: DaskOption = None,
    learned_positions: Annotated[bool, typer.Option(
        "--learned-positions",
        help="Add the learned pass's position statements where the rules state none "
             "(README: its cross-validated precision is below the rules').")] = False,
    json_flag: JsonFlag = False,
) -> None:
    """Extract mentions, quotes, figures, dates, events and positions from new or changed
    articles (incremental: unchanged articles with an unchanged configuration are skipped)."""
    import accord

    with progress_bar("extract", "articles", progress) as update:
        report = accord.Corpus(db).extract(
            registry=registry, lexicon=lexicon, force=force, batch_size=batch_size,
            n_process=n_process, progress=update and (lambda done, total: update(done, total)),
            dask=dask, learned_positions=learned_positions,
        )
    if json_flag:
        emit_json({"current": report.current, "processed": report.processed,
                   "unchanged": report.unchanged, "seconds": round(report.seconds, 3),
                   "counts": report.counts})
        return
    counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
    typer.echo(
        f"extracted {report.processed} of {report.current} current article(s) "
        f"({report.unchanged} unchanged) in {report.seconds:.1f}s"
        + (f": {counts}" if report.processed else "")
    )


def quotes(
    actor: ActorOption = None,
    db: DbOption = None,
    registry: RegistryOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List quotes (direct and indirect) with their speakers and on whose behalf they speak.

    ``--actor`` matches the registry actor (id, name or alias) — its own quotes and those its
    spokespeople speak for it — or, failing that, any speaker whose text contains the name.
    """
    import accord

    rows = accord.Corpus(db).quotes(actor=actor, registry=registry)
    emit(rows, ["article_id", "actor_id", "speaker", "on_behalf_of", "kind", "text"],
         pick_format(fmt, json_flag, csv_flag), title="Quotes")


def figures(
    kind: Annotated[
        str | None, typer.Option("--kind", help="money, percent, count or ratio.")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List figures: money amounts, percentages, counts, ratios and ranges, normalised."""
    import accord

    rows = accord.Corpus(db).figures(kind=kind)
    emit(rows, ["article_id", "kind", "value", "value_high", "unit", "text"],
         pick_format(fmt, json_flag, csv_flag), title="Figures")


def events(
    plover: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type (CONSULT, AGREE, ...).")
    ] = None,
    actor: ActorOption = None,
    db: DbOption = None,
    registry: RegistryOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List events (meetings, calls, talks, proposals, sanctions ...) typed with PLOVER."""
    import accord

    rows = accord.Corpus(db).events(plover=plover, actor=actor, registry=registry)
    columns = ["article_id", "plover", "trigger", "participants", "place", "date",
               "date_precision", "date_text"]
    emit(rows, columns, pick_format(fmt, json_flag, csv_flag), title="Events")


def positions(
    actor: ActorOption = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue id.")] = None,
    db: DbOption = None,
    registry: RegistryOption = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List position statements: who wants, offers or refuses what."""
    import accord

    rows = accord.Corpus(db).positions(actor=actor, issue=issue, registry=registry)
    emit(rows, ["article_id", "actor_id", "speaker", "issue", "direction", "target", "strength",
                "text"],
         pick_format(fmt, json_flag, csv_flag), title="Positions")


def digest(
    db: DbOption = None,
    registry: RegistryOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Items per section.")] = 5,
    json_flag: JsonFlag = False,
) -> None:
    """Print a short digest: top actors, quotes, figures and events."""
    import accord
    from accord.extract.digest import render_digest

    result = accord.Corpus(db).digest(top=top, registry=registry)
    if json_flag:
        emit_json(result.to_dict())
    else:
        typer.echo(render_digest(result))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("extract")(cli_errors(extract))
    app.command("quotes")(cli_errors(quotes))
    app.command("figures")(cli_errors(figures))
    app.command("events")(cli_errors(events))
    app.command("positions")(cli_errors(positions))
    app.command("digest")(cli_errors(digest))
