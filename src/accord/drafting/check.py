"""Check a model's positions against newer evidence (`accord model check`).

For every position of the model: the statements published after the model's date (its
``as_of``, or a date the caller gives) by the position's actor — its registry id, its members,
or anyone whose side it is — on the same issue (model ids map to lexicon issues through the
lexicon's ``aliases``: ``nato`` → ``nato_membership``). Each statement is placed on the scale
by its direction (the lexicon's ``placement``) and **supports** the position when it lands
within ``tolerance`` points of it or inside its uncertainty range, else **contradicts** it.
Positions with no evidence at all, and evidence that no longer verifies against the corpus,
are listed too.

>>> from accord.extract.registry import ActorRegistry
>>> from accord.extract.positions import IssueLexicon
>>> from accord.drafting.draft import Statement
>>> from accord.model.schema import NegotiationModel
>>> m = NegotiationModel.model_validate({"name": "m", "as_of": "2025-11-01",
...     "actors": [{"id": "ru", "capability": 1, "registry_id": "russia"}],
...     "issues": [{"id": "territory", "question": "?"}],
...     "positions": [{"actor": "ru", "issue": "territory", "position": 30, "salience": 50}]})
>>> s = Statement("putin", "territory", "demands", "Putin demanded the Donbas.", 0, 26,
...               "a.txt", "0" * 64, dt.date(2025, 12, 2), "TASS", None, "demand", "ukraine")
>>> r = check_model(m, [s], ActorRegistry.default(), IssueLexicon.load(None))[0]
>>> (r.actor, r.issue, len(r.contradicting), len(r.supporting), r.no_evidence)
('ru', 'territory', 1, 0, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from accord.drafting.draft import Statement
from accord.extract.positions import IssueLexicon, side_of
from accord.extract.registry import ActorRegistry
from accord.model.evidence import ArticleText, EvidenceCheck, verify_evidence
from accord.model.schema import NegotiationModel, Position

DEFAULT_TOLERANCE = 20.0


@dataclass(frozen=True)
class Finding:
    """One newer statement and the scale value its direction implies."""

    statement: Statement
    value: float


@dataclass
class PositionCheck:
    """What newer evidence says about one model position."""

    actor: str
    issue: str
    position: float
    supporting: list[Finding] = field(default_factory=list)
    contradicting: list[Finding] = field(default_factory=list)
    no_evidence: bool = False
    broken: list[EvidenceCheck] = field(default_factory=list)
    unmapped: str | None = None  # why newer evidence could not be looked for

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output (every statement with date, outlet and URL)."""

        def row(f: Finding) -> dict[str, object]:
            s = f.statement
            return {"holder": s.actor_id, "direction": s.direction, "implies": f.value,
                    "quote": s.text, "published": s.published.isoformat() if s.published
                    else None, "outlet": s.outlet, "url": s.url, "article": s.article,
                    "start": s.start, "end": s.end}

        return {
            "actor": self.actor, "issue": self.issue, "position": self.position,
            "supporting": [row(f) for f in self.supporting],
            "contradicting": [row(f) for f in self.contradicting],
            "no_evidence": self.no_evidence,
            "broken_evidence": [c.message for c in self.broken],
            "unmapped": self.unmapped,
        }


def check_model(
    model: NegotiationModel,
    statements: Sequence[Statement],
    registry: ActorRegistry,
    lexicon: IssueLexicon,
    *,
    since: dt.date | None = None,
    articles: Sequence[ArticleText] | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[PositionCheck]:
    """One :class:`PositionCheck` per model position, in model order.

    ``since`` defaults to the model's ``as_of``; with neither, every dated statement counts.
    ``articles`` (the corpus texts) turn on the check of the model's own evidence.
    """
    since = since or model.as_of
    broken: dict[int, list[EvidenceCheck]] = {}
    if articles is not None:
        for c in verify_evidence(model, articles):
            if c.is_error and c.loc[0] == "positions":
                broken.setdefault(int(c.loc[1]), []).append(c)
    actors = {a.id: a for a in model.actors}
    out = []
    for k, p in enumerate(model.positions):
        result = PositionCheck(p.actor, p.issue, p.position, no_evidence=not _has_evidence(p),
                               broken=broken.get(k, []))
        issue = lexicon.resolve(p.issue)
        ids = registry_ids(actors[p.actor]) if p.actor in actors else set()
        if issue is None or not issue.placement:
            result.unmapped = f"issue {p.issue!r} has no placement in the issue lexicon"
        elif not ids:
            result.unmapped = f"actor {p.actor!r} has no registry_id"
        else:
            low, high = (p.uncertainty.low, p.uncertainty.high) if p.uncertainty else (
                p.position, p.position)
            for s in statements:
                if s.issue != issue.id or s.published is None:
                    continue
                if since is not None and s.published <= since:
                    continue
                side = side_of(registry, s.actor_id)
                if s.actor_id not in ids and side not in ids:
                    continue
                value = issue.place(s.direction, side, inverse=s.inverse)
                if value is None:
                    continue
                near = abs(value - p.position) <= tolerance or low <= value <= high
                (result.supporting if near else result.contradicting).append(Finding(s, value))
            for found in (result.supporting, result.contradicting):
                found.sort(key=lambda f: (f.statement.published or dt.date.min, f.statement.start))
        out.append(result)
    return out


def registry_ids(actor: object) -> set[str]:
    """The registry ids whose statements count for a model actor: its own and its members'."""
    ids: set[str] = set()
    rid = getattr(actor, "registry_id", None)
    if rid is not None:
        ids.add(str(rid))
    for m in getattr(actor, "members", []):
        if m.registry_id is not None:
            ids.add(str(m.registry_id))
    return ids


def _has_evidence(p: Position) -> bool:
    return bool(p.evidence) or bool(p.red_line and p.red_line.evidence) or bool(
        p.alternative and p.alternative.evidence)


__all__ = ["DEFAULT_TOLERANCE", "Finding", "PositionCheck", "check_model"]
