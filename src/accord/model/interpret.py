"""Read an outcome against the model: the nearest labelled point of the scale, crossed red lines.

Used by ``accord forecast``, ``accord bargain`` and ``accord sweep`` so a number comes with what
it means ("57 ≈ fighting frozen on the current line, nothing recognised") and with a warning
when it lies where an actor said it would never go.

>>> from accord.model import load_model
>>> m = load_model("examples/ukraine-2025/model.yaml")
>>> describe_outcome(m.issue("territory"), 57)
'57 ≈ fighting frozen on the current line, nothing recognised'
>>> [c.message() for c in red_line_crossings(m, {"territory": 57})]
["territory = 57 crosses russia's red line (acceptable: at least 75)"]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from accord.model.schema import Anchor, Issue, NegotiationModel


def nearest_anchor(issue: Issue, value: float) -> Anchor | None:
    """The labelled point (option or anchor) of ``issue`` closest to ``value`` (first on a tie).

    None when the scale has no labels.
    """
    labelled = list(issue.scale.options or []) + list(issue.scale.anchors)
    if not labelled:
        return None
    return min(labelled, key=lambda a: abs(a.value - value))


def describe_outcome(issue: Issue, value: float) -> str:
    """``"57 ≈ label"`` (``=`` when exactly on the labelled point), or just the number."""
    anchor = nearest_anchor(issue, value)
    shown = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if anchor is None:
        return shown
    sign = "=" if abs(anchor.value - value) < 1e-9 else "≈"
    return f"{shown} {sign} {anchor.label}"


@dataclass(frozen=True)
class RedLineCrossing:
    """An outcome outside an actor's stated red line on an issue."""

    actor: str
    issue: str
    value: float
    lowest_acceptable: float | None
    highest_acceptable: float | None

    def message(self) -> str:
        """One line for a warning."""
        lo, hi = self.lowest_acceptable, self.highest_acceptable
        if lo is not None and hi is not None:
            bounds = f"{lo:g} to {hi:g}"
        elif lo is not None:
            bounds = f"at least {lo:g}"
        else:
            bounds = f"at most {hi:g}"
        return (
            f"{self.issue} = {self.value:.3g} crosses {self.actor}'s red line "
            f"(acceptable: {bounds})"
        )


def red_line_crossings(
    model: NegotiationModel,
    outcomes: Mapping[str, float],
    actors: Iterable[str] | None = None,
    *,
    tolerance: float = 1e-9,
) -> list[RedLineCrossing]:
    """Every (actor, issue) red line that ``outcomes`` (issue id → value) crosses.

    ``actors`` limits the check to the actors in play (a track, an agenda); default all.
    """
    allowed = None if actors is None else set(actors)
    out: list[RedLineCrossing] = []
    for p in model.positions:
        rl = p.red_line
        if (
            rl is None
            or p.issue not in outcomes
            or (allowed is not None and p.actor not in allowed)
        ):
            continue
        v = float(outcomes[p.issue])
        lo, hi = rl.lowest_acceptable, rl.highest_acceptable
        if (lo is not None and v < lo - tolerance) or (hi is not None and v > hi + tolerance):
            out.append(
                RedLineCrossing(
                    p.actor,
                    p.issue,
                    v,
                    None if lo is None else float(lo),
                    None if hi is None else float(hi),
                )
            )
    return out


def reading(
    model: NegotiationModel, outcomes: Mapping[str, float], actors: Iterable[str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """What an outcome means: per issue the nearest labelled point (:func:`describe_outcome`),
    and one warning line per red line it crosses (:func:`red_line_crossings`).

    >>> from accord.model import load_model
    >>> meaning, warnings = reading(load_model("examples/ukraine-2025/model.yaml"), {"nato": 30})
    >>> meaning["nato"], len(warnings)
    ('30 ≈ membership off the table indefinitely, not renounced', 1)
    """
    issues = {i.id: i for i in model.issues}
    meaning = {k: describe_outcome(issues[k], float(v)) for k, v in outcomes.items() if k in issues}
    return meaning, [c.message() for c in red_line_crossings(model, outcomes, actors)]
