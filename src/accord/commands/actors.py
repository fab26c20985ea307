"""CLI commands for the actor registry: list actors, review unresolved names, edit the file.

``accord actors`` lists the registry; ``accord actors candidates`` lists PERSON mentions in the
database that resolve to no actor; ``merge``/``accept``/``ignore`` turn a candidate into an
alias, a new actor or an ignored name, rewriting the registry file (see
docs/extract-actors-quotes.md for how the file is written back).
"""

from __future__ import annotations

import os
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
    print_warning,
)
from accord.extract.registry import KINDS, ActorRegistry, normalise_name
from accord.extract.registry_location import LOCAL_NAME, PACKAGED, registry_path
from accord.report.output import OutputFormat, emit

RegistryOption = Annotated[
    str | None,
    typer.Option(
        "--registry",
        envvar="ACCORD_REGISTRY",
        help="Actor registry YAML (default ./actors.yaml if present, else the packaged 2025 "
        "registry).",
        show_default=False,
    ),
]

ACTOR_COLUMNS = ["id", "name", "kind", "aliases", "roles", "teams", "speaks_for"]
CANDIDATE_COLUMNS = ["name", "count", "articles", "forms", "affiliation", "role", "example"]


def actor_rows(registry: ActorRegistry) -> list[dict[str, Any]]:
    """One plain row per registry actor (what ``accord actors`` prints)."""
    rows = []
    for actor in registry:
        rows.append(
            {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "aliases": [*actor.aliases, *actor.misspellings],
                "demonyms": list(actor.demonyms),
                "roles": [f"{r.title} of {r.of}" if r.of else r.title for r in actor.roles],
                "teams": [t.id for t in registry.teams_of(actor.id)],
                "speaks_for": actor.speaks_for,
                "gender": actor.gender,
            }
        )
    return rows


def candidate_rows(
    db: str | os.PathLike[str] | None,
    registry: ActorRegistry,
    *,
    labels: tuple[str, ...] = ("PERSON",),
    min_count: int = 1,
    context: int = 60,
) -> list[dict[str, Any]]:
    """Unknown people: unresolved mentions grouped one candidate per person (full name,
    titled variants and bare surnames together), most frequent first, with the affiliation and
    role their titles propose and the evidence (:mod:`accord.extract.discovery`).

    Names the analyst ignored, and names the registry now resolves (edited since the last
    extraction), are left out.
    """
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from accord.extract.discovery import MentionText, candidate_dicts, discover_people
    from accord.store.corpus_tables import Article
    from accord.store.db import open_engine
    from accord.store.extract_tables import MentionRow

    engine = open_engine(db)
    mentions: list[MentionText] = []
    with Session(engine) as session:
        query = (
            select(MentionRow, Article.text)
            .join(Article, Article.id == MentionRow.article_id)
            .where(MentionRow.actor_id.is_(None), MentionRow.label.in_(labels))
            .where(Article.is_current.is_(True))
            .order_by(MentionRow.article_id, MentionRow.start)
        )
        for row, text in session.execute(query):
            # Role descriptions that found no holder ("the US envoy") are not names.
            if row.method in ("ignored", "title") or registry.is_ignored(row.text):
                continue
            if registry.find(row.text) is not None:
                continue
            if not normalise_name(row.text):
                continue
            mentions.append(MentionText(row.article_id, text, row.start, row.end, row.label))
    engine.dispose()
    rows = [r for r in candidate_dicts(discover_people(mentions, registry, context=context))
            if int(str(r["count"])) >= min_count]
    return rows


def editable_registry(option: str | None) -> tuple[ActorRegistry, Path]:
    """The registry to edit and where to write it.

    The packaged copy is never edited in place: with no ``--registry`` and no
    ``./actors.yaml``, edits go to a new ``./actors.yaml`` started from the packaged registry.
    """
    path = registry_path(option)
    registry = ActorRegistry.load(path)
    if path.resolve() == PACKAGED.resolve():
        target = Path(LOCAL_NAME)
        registry.path = target
        print_warning(f"writing a new registry {target} (copy of the packaged one)", label="note")
        return registry, target
    return registry, path


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    actors_app = typer.Typer(
        help="The actor registry: list actors, review unresolved names, merge/accept/ignore.",
        invoke_without_command=True,
        no_args_is_help=False,
    )

    @actors_app.callback()
    @cli_errors
    def actors(
        ctx: typer.Context,
        registry: RegistryOption = None,
        fmt: FormatOption = OutputFormat.table,
        json_flag: JsonFlag = False,
        csv_flag: CsvFlag = False,
    ) -> None:
        """List the registry's actors (id, name, kind, aliases, roles, teams, speaks_for)."""
        if ctx.invoked_subcommand is not None:
            ctx.obj = {"registry": registry}
            return
        path = registry_path(registry)
        reg = ActorRegistry.load(path)
        emit(actor_rows(reg), ACTOR_COLUMNS, pick_format(fmt, json_flag, csv_flag),
             title=f"{len(reg)} actors ({path})")

    @actors_app.command("candidates")
    @cli_errors
    def candidates(
        ctx: typer.Context,
        db: DbOption = None,
        registry: RegistryOption = None,
        label: Annotated[
            list[str] | None,
            typer.Option("--label", help="Mention labels to include (repeatable).",
                         show_default="PERSON"),
        ] = None,
        min_count: Annotated[int, typer.Option("--min-count", min=1)] = 1,
        limit: Annotated[int, typer.Option("--limit", min=1)] = 100,
        fmt: FormatOption = OutputFormat.table,
        json_flag: JsonFlag = False,
        csv_flag: CsvFlag = False,
    ) -> None:
        """Unresolved names in the DB's mentions, grouped, with counts and an example."""
        reg = ActorRegistry.load(registry_path(registry or _parent_registry(ctx)))
        rows = candidate_rows(db, reg, labels=tuple(label or ["PERSON"]), min_count=min_count)
        emit(rows[:limit], CANDIDATE_COLUMNS, pick_format(fmt, json_flag, csv_flag),
             title=f"{len(rows)} unresolved names")

    @actors_app.command("merge")
    @cli_errors
    def merge(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="The unresolved name, as printed.")],
        into: Annotated[str, typer.Option("--into", help="Actor id the name refers to.")],
        registry: RegistryOption = None,
    ) -> None:
        """Add NAME as an alias of actor --into (rewrites the registry file)."""
        reg, target = editable_registry(registry or _parent_registry(ctx))
        if reg.add_alias(name, into):
            reg.save(target)
            echo(f"{name!r} is now an alias of {into} ({target})")
        else:
            echo(f"{name!r} already names {into}; {target} unchanged")

    @actors_app.command("accept")
    @cli_errors
    def accept(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="The new actor's canonical name.")],
        kind: Annotated[
            str, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.")
        ] = "person",
        actor_id: Annotated[
            str | None, typer.Option("--id", help="Actor id (default: from the name).")
        ] = None,
        affiliation: Annotated[str | None, typer.Option(
            "--affiliation", help="Actor id the new actor belongs to (e.g. united_states).")
        ] = None,
        role: Annotated[str | None, typer.Option(
            "--role", help="Title of the role held for --affiliation (e.g. 'army secretary').")
        ] = None,
        team: Annotated[str | None, typer.Option(
            "--team", help="Team id to add the new actor to (e.g. us_negotiators).")] = None,
        source: Annotated[str | None, typer.Option(
            "--source", help="Where the role is stated (URL and words).")] = None,
        registry: RegistryOption = None,
    ) -> None:
        """Add NAME as a new actor (rewrites the registry file); with --affiliation/--role a
        dated-less role, with --team a team membership. `accord extract` then re-resolves every
        article (the registry is part of the extraction's configuration)."""
        reg, target = editable_registry(registry or _parent_registry(ctx))
        actor = reg.add_actor(name, kind, actor_id)
        if affiliation or role:
            reg.add_role(actor.id, role or "member", affiliation, source)
        if team is not None:
            reg.add_to_team(actor.id, team)
        reg.save(target)
        extra = "".join([f", {role or 'member'} of {affiliation}" if affiliation or role else "",
                         f", team {team}" if team else ""])
        echo(f"added actor {actor.id} ({actor.name}, {actor.kind}{extra}) to {target}")

    @actors_app.command("ignore")
    @cli_errors
    def ignore(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="The name to stop listing as a candidate.")],
        registry: RegistryOption = None,
    ) -> None:
        """Record NAME in the registry's ignore list (rewrites the registry file)."""
        reg, target = editable_registry(registry or _parent_registry(ctx))
        if reg.add_ignore(name):
            reg.save(target)
            echo(f"ignoring {name!r} ({target})")
        else:
            echo(f"{name!r} is already ignored; {target} unchanged")

    app.add_typer(actors_app, name="actors")


def _parent_registry(ctx: typer.Context) -> str | None:
    """``accord actors --registry X candidates`` passes X down to the subcommand."""
    parent = ctx.parent
    if parent is not None and isinstance(parent.obj, dict):
        value = parent.obj.get("registry")
        return str(value) if value else None
    return None
