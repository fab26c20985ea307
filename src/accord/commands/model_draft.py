"""`accord model draft` and `accord model check`: from extracted statements to a model, and
back from a model to newer evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.commands._common import DbOption, JsonFlag, cli_errors, echo, print_warning
from accord.errors import InputError
from accord.report.output import emit_json

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Only evidence published on or before this date (YYYY-MM-DD).",
                 show_default=False),
]
RegistryOption = Annotated[
    Path | None,
    typer.Option("--registry", show_default=False,
                 help="Actor registry YAML (default: $ACCORD_REGISTRY, ./actors.yaml, else "
                      "packaged)."),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option("--lexicon", help="Issue lexicon YAML (default: the packaged one).",
                 show_default=False),
]


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An ISO date from a CLI option, or a located error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not an ISO date (YYYY-MM-DD): {value!r}", field=option) from None


def load_statements(db: str | None) -> list[Any]:
    """Every current position statement in the store (:class:`~accord.drafting.draft.Statement`)."""
    from sqlalchemy.orm import Session

    from accord.drafting.draft import statements_from_rows
    from accord.store.db import open_engine
    from accord.store.extract_queries import list_positions

    path = "accord.db" if db is None else db
    if "://" not in path and not Path(path).exists():
        raise InputError("no such database (run `accord ingest` and `accord extract` first)",
                         file=path, field="--db")
    with Session(open_engine(path)) as session:
        return statements_from_rows(list_positions(session))


def _registry_and_lexicon(registry: Path | None, lexicon: Path | None) -> tuple[Any, Any]:
    from accord.extract.positions import IssueLexicon
    from accord.extract.registry import ActorRegistry
    from accord.extract.registry_location import registry_path

    return ActorRegistry.load(registry_path(registry)), IssueLexicon.load(lexicon)


@cli_errors
def draft_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Draft model file to write.")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    actors: Annotated[list[str] | None, typer.Option(
        "--actors", help="Only these actors (registry id, name or alias; repeatable).")] = None,
    issues: Annotated[list[str] | None, typer.Option(
        "--issues", help="Only these issues (lexicon id or alias; repeatable).")] = None,
    merge: Annotated[Path | None, typer.Option(
        "--merge", help="An analyst's model: keep its values and comments, fill only what "
                        "is missing or still marked proposed.")] = None,
    registry: RegistryOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Propose a model from the extracted position statements (every number marked
    `proposed:` with its basis, every statement cited as evidence)."""
    from accord.drafting.draft import draft_model, issue_alias
    from accord.files import atomic_write_text
    from accord.model.io import format_yaml
    from accord.model.merge import merge_into

    reg, lex = _registry_and_lexicon(registry, lexicon)
    day = parse_day(as_of, "--as-of")
    model = draft_model(load_statements(db), reg, lex, as_of=day, actors=actors or [],
                        issues=issues or [])
    if merge is not None:
        text, report = merge_into(merge.read_text(encoding="utf-8"), model, str(merge),
                                  issue_alias=issue_alias(lex))
        atomic_write_text(output, text)
        echo(f"wrote {output}: {report}")
        return
    atomic_write_text(output, format_yaml(model))
    echo(f"wrote {output}: {len(model.actors)} actors, {len(model.issues)} issues, "
         f"{len(model.positions)} positions, "
         f"{sum(len(p.evidence) for p in model.positions)} evidence items")


@cli_errors
def check_cmd(
    file: Annotated[Path, typer.Argument(help="Model file (YAML).")],
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Evidence newer than this date (default: the model's as_of).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when newer evidence contradicts a position.")] = False,
    tolerance: Annotated[float, typer.Option(
        "--tolerance", help="Scale points within which a statement supports a position.")
    ] = 20.0,
    json_flag: JsonFlag = False,
    registry: RegistryOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Per position: newer evidence that supports or contradicts it (quotes and dates),
    positions with no evidence, evidence that no longer verifies."""
    import accord
    from accord.drafting.check import check_model

    reg, lex = _registry_and_lexicon(registry, lexicon)
    checked = accord.load_checked(file)
    for warning in checked.warnings:
        print_warning(warning)
    model = checked.model
    articles = accord.Corpus("accord.db" if db is None else db, create=False).texts()
    results = check_model(model, load_statements(db), reg, lex, since=parse_day(since, "--since"),
                          articles=articles, tolerance=tolerance)
    n_contra = sum(len(r.contradicting) for r in results)
    if json_flag:
        emit_json({"file": str(file), "since": str(parse_day(since, "--since")
                                                 or model.as_of or ""),
                   "positions": [r.to_dict() for r in results]})
    else:
        _print_check(results, n_contra)
    if strict and n_contra:
        print_warning(f"{n_contra} newer statement(s) contradict the model (--strict)")
        raise typer.Exit(1)



def _print_check(results: list[Any], n_contra: int) -> None:
    for r in results:
        head = f"{r.actor} on {r.issue} at {r.position:g}:"
        parts = [f"{len(r.supporting)} supporting", f"{len(r.contradicting)} contradicting"]
        if r.no_evidence:
            parts.append("no evidence")
        if r.broken:
            parts.append(f"{len(r.broken)} evidence item(s) no longer verify")
        echo(f"{head} {', '.join(parts)}")
        for label, found in (("supports", r.supporting), ("contradicts", r.contradicting)):
            for f in found:
                s = f.statement
                echo(f"  {label} ({s.direction} → {f.value:g}) {s.published} "
                     f"{s.outlet or s.article}: {s.text[:160]}")
        for c in r.broken:
            echo(f"  broken evidence: {c.message}")
        if r.unmapped:
            echo(f"  not checked: {r.unmapped}")
    echo(f"{len(results)} positions: "
         f"{sum(len(r.supporting) for r in results)} supporting, {n_contra} contradicting, "
         f"{sum(r.no_evidence for r in results)} without evidence, "
         f"{sum(len(r.broken) for r in results)} broken evidence items")


def register(model_app: typer.Typer) -> None:
    """Add `draft` and `check` to the `accord model` group."""
    model_app.command("draft")(draft_cmd)
    model_app.command("check")(check_cmd)
