"""CLI commands for extraction: ``accord extract``, ``quotes``, ``figures``, ``events``,
``positions`` and ``digest``.

Thin wrappers over :mod:`accord.extract.pipeline`, :mod:`accord.store.extract_queries` and
:mod:`accord.extract.digest`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.orm import Session

from accord.commands._common import (
    CsvFlag,
    DaskOption,
    DbOption,
    FormatOption,
    JsonFlag,
    cli_errors,
    pick_format,
    start_executor,
)
from accord.errors import AccordError
from accord.report.output import OutputFormat, emit, emit_json

RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="Actor registry YAML (default: $ACCORD_REGISTRY, ./actors.yaml, else packaged).",
        show_default=False,
    ),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="Issue lexicon YAML (default: the packaged one).",
                 show_default=False),
]
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help="Only items of this actor (registry id, name or alias)."),
]


def _registry(path: Path | None) -> Any:
    from accord.extract.registry import ActorRegistry
    from accord.extract.registry_location import registry_path

    return ActorRegistry.load(registry_path(path))


def _actor_ids(name: str | None, registry_file: Path | None) -> list[str]:
    """Registry ids for ``--actor`` (an id, a name or an alias); [] when no such actor."""
    if not name:
        return []
    registry = _registry(registry_file)
    if name in registry:
        return [name]
    actor = registry.find(name)
    return [actor.id] if actor is not None else []


def _engine(db: str | None) -> Any:
    from accord.store.db import open_engine

    return open_engine(db)


def extract(
    db: DbOption = None,
    registry: RegistryOption = None,
    lexicon: LexiconOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract every article.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="nlp.pipe batch size.")]
    = 16,
    n_process: Annotated[
        int, typer.Option("--n-process", min=1, help="Parser processes for nlp.pipe.")
    ] = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar.")]
    = True,
    dask: DaskOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Extract mentions, quotes, figures, dates, events and positions from new or changed
    articles (incremental: unchanged articles with an unchanged configuration are skipped)."""
    from accord.extract.nlp import load_pipeline
    from accord.extract.pipeline import Extractor, extract_articles
    from accord.extract.positions import IssueLexicon

    engine = _engine(db)
    extractor = Extractor(
        load_pipeline(),
        _registry(registry),
        IssueLexicon.load(lexicon),
        batch_size=batch_size,
        n_process=n_process,
    )
    executor = start_executor(dask)
    if progress:
        bar = Progress(
            TextColumn("[bold]extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        with bar:
            task = bar.add_task("extract", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = extract_articles(
                engine, extractor, force=force, progress=tick, executor=executor
            )
    else:
        report = extract_articles(engine, extractor, force=force, executor=executor)
    if executor is not None:
        executor.close()
    if json_flag:
        emit_json(
            {
                "current": report.current,
                "processed": report.processed,
                "unchanged": report.unchanged,
                "seconds": round(report.seconds, 3),
                "counts": report.counts,
            }
        )
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
    """List quotes (direct and indirect) with their speakers.

    ``--actor`` matches the registry actor (id, name or alias) or, failing that, any speaker
    whose text contains the name.
    """
    from accord.store.extract_queries import list_quotes

    ids = _actor_ids(actor, registry)
    with Session(_engine(db)) as session:
        rows = list_quotes(session, actor_ids=ids, speaker=actor if actor and not ids else None)
    emit(rows, ["article_id", "actor_id", "speaker", "kind", "text"],
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
    from accord.store.extract_queries import list_figures

    if kind is not None and kind not in {"money", "percent", "count", "ratio"}:
        raise AccordError(f"unknown kind {kind!r}; allowed: money, percent, count, ratio",
                          field="--kind")
    with Session(_engine(db)) as session:
        rows = list_figures(session, kind=kind)
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
    from accord.extract.events import PLOVER_TYPES
    from accord.store.extract_queries import list_events

    if plover is not None and plover.upper() not in PLOVER_TYPES:
        raise AccordError(
            f"unknown PLOVER type {plover!r}; allowed: {', '.join(sorted(PLOVER_TYPES))}",
            field="--type",
        )
    ids = _actor_ids(actor, registry)
    if actor and not ids:
        raise AccordError(f"no actor {actor!r} in the registry", field="--actor")
    with Session(_engine(db)) as session:
        rows = list_events(session, plover=plover, actor_ids=ids)
    columns = ["article_id", "plover", "trigger", "participants", "place", "date",
               "date_precision", "date_text"]
    emit(rows, columns,
         pick_format(fmt, json_flag, csv_flag), title="Events")


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
    from accord.store.extract_queries import list_positions

    ids = _actor_ids(actor, registry)
    if actor and not ids:
        raise AccordError(f"no actor {actor!r} in the registry", field="--actor")
    with Session(_engine(db)) as session:
        rows = list_positions(session, actor_ids=ids, issue=issue)
    emit(rows, ["article_id", "actor_id", "issue", "direction", "target", "strength", "text"],
         pick_format(fmt, json_flag, csv_flag), title="Positions")


def digest(
    db: DbOption = None,
    registry: RegistryOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Items per section.")] = 5,
    json_flag: JsonFlag = False,
) -> None:
    """Print a short digest: top actors, quotes, figures and events."""
    from accord.extract.digest import build_digest, render_digest

    with Session(_engine(db)) as session:
        result = build_digest(
            session, n_actors=top, n_quotes=top, n_figures=top, n_events=top,
            registry=_registry(registry),
        )
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
