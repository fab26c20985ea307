"""What-if: change one actor's salience, position or capability on a copy of the model, rerun
every engine and compare with the forecasts of the model as written. The model file is never
written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.errors import InputError
from accord.model.schema import NegotiationModel


@dataclass
class WhatIf:
    """The change made and, per issue and engine, the forecast before and after."""

    changes: list[str]
    rows: list[dict[str, Any]]
    errors: dict[str, str]


def number(text: str | None, field: str) -> float | None:
    """A form field as a number (empty = not given)."""
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"expected a number, got {text!r}", field=field) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"expected a finite number, got {text!r}", field=field)
    return value


def changed_model(
    model: NegotiationModel,
    *,
    actor: str,
    issue: str | None = None,
    position: float | None = None,
    salience: float | None = None,
    capability: float | None = None,
) -> tuple[NegotiationModel, list[str]]:
    """A validated copy of ``model`` with the change applied, and the change in words."""
    data = model.model_dump(mode="json", by_alias=True)
    labels = {a.id: a.label for a in model.actors}
    if actor not in labels:
        raise InputError(f"unknown actor {actor!r}; actors: {', '.join(labels)}", field="actor")
    changes = []
    if capability is not None:
        for a in data["actors"]:
            if a["id"] == actor:
                before = float(model.actor(actor).capability)  # a distribution's point
                changes.append(f"{labels[actor]}'s capability {before:g} → {capability:g}")
                a["capability"] = capability
    if position is not None or salience is not None:
        if not issue:
            raise InputError("name the issue whose position or salience changes", field="issue")
        found = [p for p in data["positions"] if p["actor"] == actor and p["issue"] == issue]
        if not found:
            raise InputError(f"{actor} states no position on {issue!r}", field="issue")
        p = found[0]
        if position is not None:
            changes.append(
                f"{labels[actor]}'s position on {issue} "
                f"{_point(model, actor, issue, 'position'):g} → {position:g}"
            )
            p["position"] = position
            u = p.get("uncertainty")
            if u and not u["low"] <= position <= u["high"]:
                p["uncertainty"] = None  # the analyst's range no longer brackets the position
        if salience is not None:
            changes.append(
                f"{labels[actor]}'s salience on {issue} "
                f"{_point(model, actor, issue, 'salience'):g} → {salience:g}"
            )
            p["salience"] = salience
    if not changes:
        raise InputError("nothing to change: give a position, salience or capability",
                         field="actor")
    from pydantic import ValidationError

    try:
        return NegotiationModel.model_validate(data), changes
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "model"
        raise InputError(f"{where}: {err['msg']}", field="what-if") from None


def _point(model: NegotiationModel, actor: str, issue: str, name: str) -> float:
    """The point value of a position's field (a distribution's most likely value)."""
    pos = model.position_of(actor, issue)
    return float(getattr(pos, name)) if pos is not None else float("nan")


def run_whatif(
    model: NegotiationModel | None,
    base: Mapping[str, Any],
    **change: Any,
) -> WhatIf:
    """Rerun the engines of ``base`` (engine → result on ``model``) on the changed model."""
    from accord.report.analysis import run_forecasts

    if model is None:
        raise InputError("no model loaded", field="model")
    new_model, changes = changed_model(model, **change)
    results, errors = run_forecasts(new_model, list(base))
    rows = []
    for d, issue in enumerate(model.issues):
        for engine, before in base.items():
            after = results.get(engine)
            b = float(before.forecast[list(before.dimensions).index(issue.id)])
            a = None
            if after is not None:
                a = float(after.forecast[list(after.dimensions).index(issue.id)])
            rows.append({"issue": issue.id, "question": issue.question, "engine": engine,
                         "before": b, "after": a, "change": None if a is None else a - b})
        del d
    return WhatIf(changes, rows, errors)
