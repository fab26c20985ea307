"""CLI commands for the actor registry: list actors, review unresolved names, edit the file.

``accord actors`` lists the registry; ``accord actors candidates`` lists PERSON mentions in the
database that resolve to no actor; ``merge``/``accept``/``ignore`` turn a candidate into an
alias, a new actor or an ignored name, rewriting the registry file (see
docs/extract-actors-quotes.md for how the file is written back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accord.commands._common import (
    CsvFlag,
    DbOption,
    FormatOption,
    JsonFlag,
    RegistryOption,
    cli_errors,
    echo,
    pick_format,
    print_warning,
)
from accord.report.output import OutputFormat, emit

if TYPE_CHECKING:
    from accord.registry import RegistryEdit

ACTOR_COLUMNS = ["id", "name", "kind", "aliases", "roles", "teams", "speaks_for"]
CANDIDATE_COLUMNS = ["name", "count", "articles", "forms", "affiliation", "role", "example"]
#: Kinds of actor ``accept --kind`` takes (accord.extract.actors.KINDS, without importing it).
KINDS_HELP = "One of: person, state, organisation, bloc."

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
    import accord
    from accord.extract.registry_location import registry_path

    rows = accord.actors(registry)
    emit(rows, ACTOR_COLUMNS, pick_format(fmt, json_flag, csv_flag),
         title=f"{len(rows)} actors ({registry_path(registry)})")


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
    import accord

    with accord.Corpus(db) as corpus:
        rows = corpus.candidates(label=label or ["PERSON"], min_count=min_count,
                                 registry=registry or _parent_registry(ctx))
    emit(rows[:limit], CANDIDATE_COLUMNS, pick_format(fmt, json_flag, csv_flag),
         title=f"{len(rows)} unresolved names")


def _report(edit: RegistryEdit) -> None:
    if edit.created:
        print_warning(f"writing a new registry {edit.path} (copy of the packaged one)",
                      label="note")


@actors_app.command("merge")
@cli_errors
def merge(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The unresolved name, as printed.")],
    into: Annotated[str, typer.Option("--into", help="Actor id the name refers to.")],
    registry: RegistryOption = None,
) -> None:
    """Add NAME as an alias of actor --into (rewrites the registry file)."""
    import accord

    edit = accord.merge(name, into, registry=registry or _parent_registry(ctx))
    _report(edit)
    if edit.changed:
        echo(f"{name!r} is now an alias of {into} ({edit.path})")
    else:
        echo(f"{name!r} already names {into}; {edit.path} unchanged")


@actors_app.command("accept")
@cli_errors
def accept(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The new actor's canonical name.")],
    kind: Annotated[str, typer.Option("--kind", help=KINDS_HELP)] = "person",
    id: Annotated[
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
    import accord

    edit = accord.accept(name, kind=kind, id=id, affiliation=affiliation, role=role, team=team,
                         source=source, registry=registry or _parent_registry(ctx))
    _report(edit)
    assert edit.actor is not None
    extra = "".join([f", {role or 'member'} of {affiliation}" if affiliation or role else "",
                     f", team {team}" if team else ""])
    echo(f"added actor {edit.actor.id} ({edit.actor.name}, {edit.actor.kind}{extra}) to "
         f"{edit.path}")


@actors_app.command("ignore")
@cli_errors
def ignore(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The name to stop listing as a candidate.")],
    registry: RegistryOption = None,
) -> None:
    """Record NAME in the registry's ignore list (rewrites the registry file)."""
    import accord

    edit = accord.ignore(name, registry=registry or _parent_registry(ctx))
    _report(edit)
    if edit.changed:
        echo(f"ignoring {name!r} ({edit.path})")
    else:
        echo(f"{name!r} is already ignored; {edit.path} unchanged")


def _parent_registry(ctx: typer.Context) -> str | None:
    """``accord actors --registry X candidates`` passes X down to the subcommand."""
    parent = ctx.parent
    if parent is not None and isinstance(parent.obj, dict):
        value = parent.obj.get("registry")
        return str(value) if value else None
    return None


def register(app: typer.Typer) -> None:
    """Add the ``accord actors`` group to ``app``."""
    app.add_typer(actors_app, name="actors")
