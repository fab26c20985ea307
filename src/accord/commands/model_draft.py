"""`accord model draft` and `accord model check`: from extracted statements to a model, and
back from a model to newer evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from accord.commands._common import DbOption, JsonFlag, cli_errors, echo, print_warning
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
    import accord

    draft = accord.model_draft(output, db=db, as_of=as_of, actors=actors or (),
                               issues=issues or (), merge=merge, registry=registry,
                               lexicon=lexicon)
    echo(f"wrote {output}: {draft.summary()}")


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

    check = accord.model_check(file, db=db, since=since, tolerance=tolerance,
                               registry=registry, lexicon=lexicon)
    for warning in check.warnings:
        print_warning(warning)
    if json_flag:
        emit_json(check.to_dict())
    else:
        _print_check(check.positions, check.n_contradicting)
    if strict and check.n_contradicting:
        print_warning(f"{check.n_contradicting} newer statement(s) contradict the model "
                      "(--strict)")
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
