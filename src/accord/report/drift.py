"""Position drift for the report: each model position against the positions read from the
articles over time, and which newer statements contradict it.

The statements and their placement on the issue's scale are those of ``accord model check``
(:func:`accord.drafting.check.check_model`): a statement by the position's actor (its registry
id, a member, or anyone of its side) on the same issue, placed by its direction, *supports* the
position when it lands within the tolerance or inside the uncertainty range, else
*contradicts* it. Here every dated statement is kept (not only the newer ones) so the report can
draw them over time; statements published after the model's ``as_of`` are marked ``newer``, and
those after the report's own as-of date are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from accord.model.schema import NegotiationModel

#: Panels drawn in the drift plot (the positions with most newer contradictions first); the
#: table lists every position.
MAX_PANELS = 12


@dataclass(frozen=True)
class DriftPoint:
    """One statement read from an article, placed on the position's scale."""

    published: dt.date
    value: float
    holder: str
    direction: str
    text: str
    supports: bool
    newer: bool  # published after the model's as_of
    article_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    start: int
    end: int


@dataclass
class PositionDrift:
    """One model position and the statements about it, oldest first."""

    actor: str
    label: str
    issue: str
    question: str
    position: float
    low: float | None
    high: float | None
    scale: tuple[float, float]
    points: list[DriftPoint] = field(default_factory=list)
    unmapped: str | None = None  # why statements could not be placed
    tolerance: float = 0.0  # scale points within which a statement supports the position

    @property
    def newer_supporting(self) -> int:
        """Statements after the model's date that support the position."""
        return sum(p.newer and p.supports for p in self.points)

    @property
    def newer_contradicting(self) -> int:
        """Statements after the model's date that contradict the position."""
        return sum(p.newer and not p.supports for p in self.points)


def position_drift(
    model: NegotiationModel,
    session: Session,
    *,
    as_of: dt.date | None = None,
    tolerance: float | None = None,
) -> list[PositionDrift]:
    """One :class:`PositionDrift` per model position (model order), from the current position
    statements in the store, with the packaged (or configured) actor registry and issue
    lexicon. ``as_of`` leaves out statements published after it."""
    from accord.drafting.check import DEFAULT_TOLERANCE, check_model, registry_ids
    from accord.drafting.draft import statements_from_rows
    from accord.extract.positions import IssueLexicon
    from accord.extract.registry import ActorRegistry, side_of
    from accord.extract.registry_location import registry_path
    from accord.store.extract_queries import list_positions, position_holders

    registry, lexicon = ActorRegistry.load(registry_path()), IssueLexicon.load(None)
    # Only statements that check_model can place are read: on an issue of the model that the
    # lexicon places, by a holder who is (or whose side is) one of the model's actors. A corpus
    # holds tens of thousands of statements, most of them on other issues or by other actors;
    # reading and converting all of them took most of the report's time.
    issue_ids = sorted({i.id for p in model.positions
                        if (i := lexicon.resolve(p.issue)) is not None and i.placement})
    wanted = set().union(*(registry_ids(a) for a in model.actors))
    holders = [h for h in position_holders(session)
               if h in wanted or side_of(registry, h) in wanted]
    # Nor statements of undated articles: check_model skips them and a panel has no date to
    # draw them at (a corpus of undated articles listed 21,000 of them for nothing).
    rows = [r for r in list_positions(session, actor_ids=holders, issues=issue_ids, dated=True)
            if r.get("actor_id")] if holders and issue_ids else []
    if as_of is not None:
        rows = [r for r in rows if r["published"] and dt.date.fromisoformat(r["published"])
                <= as_of]
    # The statements carry no database id: find each one's row again by article and span.
    by_span: dict[tuple[str, int, int], dict[str, Any]] = {
        (str(r["content_hash"]), int(r["start"]), int(r["end"])): r for r in rows}
    tolerance = DEFAULT_TOLERANCE if tolerance is None else tolerance
    results = check_model(model, statements_from_rows(rows), registry, lexicon,
                          since=dt.date.min, tolerance=tolerance)
    labels = {a.id: a.label for a in model.actors}
    issues = {i.id: i for i in model.issues}
    out = []
    for position, result in zip(model.positions, results, strict=True):
        issue = issues[position.issue]
        u = position.uncertainty
        drift = PositionDrift(
            actor=position.actor, label=labels.get(position.actor, position.actor),
            issue=position.issue, question=issue.question, position=position.position,
            low=u.low if u else None, high=u.high if u else None,
            scale=(issue.scale.min, issue.scale.max), unmapped=result.unmapped,
            tolerance=tolerance)
        for supports, found in ((True, result.supporting), (False, result.contradicting)):
            for f in found:
                s = f.statement
                if s.published is None:
                    continue
                row = by_span.get((s.content_hash, s.start, s.end), {})
                drift.points.append(DriftPoint(
                    published=s.published, value=f.value, holder=s.actor_id,
                    direction=s.direction, text=s.text, supports=supports,
                    newer=model.as_of is None or s.published > model.as_of,
                    article_id=row.get("article_id"), title=row.get("source"),
                    outlet=s.outlet, url=s.url, start=s.start, end=s.end))
        drift.points.sort(key=lambda p: (p.published, p.article_id or 0, p.start))
        out.append(drift)
    return out


def drift_panels(drifts: Sequence[PositionDrift]) -> list[PositionDrift]:
    """The positions drawn in the plot: those with statements, most newer contradictions
    first, at most :data:`MAX_PANELS`."""
    shown = [d for d in drifts if d.points]
    shown.sort(key=lambda d: (-d.newer_contradicting, -len(d.points), d.actor, d.issue))
    return shown[:MAX_PANELS]


__all__ = ["MAX_PANELS", "DriftPoint", "PositionDrift", "drift_panels", "position_drift"]
