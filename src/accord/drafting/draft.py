"""Propose a negotiation model from extracted position statements (`accord model draft`).

Plain functions over plain data: the statements come from the store
(:func:`accord.store.extract_queries.list_positions` rows, via :func:`statements_from_rows`),
the principals and teams from the actor registry, the issues and their scales from the issue
lexicon (``scale``, ``status_quo``, ``placement`` in ``issues.yaml``).

* **principals**: the side (state or bloc) of each statement's holder — a person counts for the
  state of their role ("Zelensky" → ukraine); their people (holders and registry teams on that
  side) are the members;
* **positions**: each statement is placed on the issue's scale by its direction (the lexicon's
  ``placement``: "Russia demands territory" → 90); the proposed position is the median of the
  placed statements, and when statements conflict the spread is kept as ``uncertainty``;
* **salience**: 30 + 10 per statement + 10 per red line, at most 90 — how often and how strongly
  the side speaks to the issue;
* every number the draft proposes is listed in the item's ``proposed`` mapping with its basis;
  capabilities are placeholders (nothing in the text measures them) and say so.

Every statement is cited as evidence (content hash, quote, span, publication date, outlet,
URL, the value it places the position at), so ``accord validate --db`` verifies the whole draft
and ``--as-of`` (:mod:`accord.model.as_of`) can take the model back to any earlier date.

>>> from accord.extract.registry import ActorRegistry
>>> from accord.extract.positions import IssueLexicon
>>> s = Statement("putin", "territory", "demands", "Putin demanded the Donbas.", 0, 26,
...               "a.txt", "0" * 64, dt.date(2025, 12, 2), "TASS", None, "demand", "ukraine")
>>> m = draft_model([s], ActorRegistry.default(), IssueLexicon.load(None))
>>> p = m.positions[0]
>>> (p.actor, p.issue, p.position, p.salience, sorted(p.proposed or {}))
('russia', 'territory', 90.0, 40.0, ['position', 'salience'])
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from accord.errors import InputError
from accord.extract.positions import INVERSE_MARK, IssueLexicon, side_of
from accord.extract.positions import Issue as LexiconIssue
from accord.extract.registry import ActorRegistry
from accord.model.schema import (
    Actor,
    ActorKind,
    Anchor,
    Evidence,
    Issue,
    Member,
    NegotiationModel,
    Position,
    Scale,
    Uncertainty,
)

PLACEHOLDER_CAPABILITY = 50.0


@dataclass(frozen=True)
class Statement:
    """One extracted position statement with where and when it was published."""

    actor_id: str
    issue: str
    direction: str
    text: str
    start: int
    end: int
    article: str
    content_hash: str
    published: dt.date | None
    outlet: str | None
    url: str | None
    strength: str | None = None
    target: str | None = None
    cue: str | None = None

    @property
    def inverse(self) -> bool:
        """The statement names its issue's opposite pole (a demand of neutrality on NATO
        membership): its cue ends in the extractor's mark."""
        return bool(self.cue) and str(self.cue).endswith(INVERSE_MARK)

    def evidence(self, value: float | None = None) -> Evidence:
        """This statement as model evidence (verifiable against the store), with its
        publication date and the ``value`` it places the position at."""
        when = self.published.isoformat() if self.published else "undated"
        note = f"{self.actor_id} {self.direction} ({self.strength or 'n/a'}); {when}"
        if self.outlet:
            note += f", {self.outlet}"
        return Evidence(
            article=self.article, content_hash=self.content_hash, start=self.start,
            end=self.end, quote=self.text, url=self.url if _is_url(self.url) else None,
            note=note, published=self.published, value=value,
        )


def statements_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Statement]:
    """Statements from store rows (``list_positions``); rows without a holder are skipped."""
    out = []
    for r in rows:
        if not r.get("actor_id"):
            continue
        published = r.get("published")
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        out.append(Statement(
            r["actor_id"], r["issue"], r["direction"], r["text"], r["start"], r["end"],
            PurePath(str(r.get("article") or r.get("source") or "")).name,
            str(r["content_hash"]), published, r.get("outlet"), r.get("url"),
            r.get("strength"), r.get("target"), r.get("cue"),
        ))
    return out


def published_by(statements: Iterable[Statement], as_of: dt.date | None) -> list[Statement]:
    """Only what was published on or before ``as_of`` (undated articles are left out)."""
    if as_of is None:
        return list(statements)
    return [s for s in statements if s.published is not None and s.published <= as_of]


def draft_model(
    statements: Sequence[Statement],
    registry: ActorRegistry,
    lexicon: IssueLexicon,
    *,
    as_of: dt.date | None = None,
    actors: Sequence[str] = (),
    issues: Sequence[str] = (),
    name: str | None = None,
) -> NegotiationModel:
    """A model proposed from ``statements`` (see the module docs).

    ``actors`` (registry ids or names; a person stands for their side) and ``issues`` (lexicon
    ids or aliases) restrict the draft. Raises :class:`InputError` when nothing is left.
    """
    wanted_sides = {_side(registry, registry_id(registry, a)) for a in actors}
    wanted_issues = set()
    for i in issues:
        found = lexicon.resolve(i)
        if found is None:
            raise InputError(f"unknown issue {i!r} (ids: {', '.join(lexicon.issues)})",
                             field="issues")
        wanted_issues.add(found.id)
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in published_by(statements, as_of):
        issue = lexicon.resolve(s.issue)
        if issue is None or not issue.placement or s.actor_id not in registry:
            continue
        side = _side(registry, s.actor_id)
        if wanted_sides and side not in wanted_sides:
            continue
        if wanted_issues and issue.id not in wanted_issues:
            continue
        groups[(side, issue.id)].append(s)
    if not groups:
        raise InputError(
            "no placeable position statements"
            + (f" published by {as_of.isoformat()}" if as_of else "")
            + " (run `accord extract`; check the actors and issues asked for)", field="db",
        )
    sides = sorted({side for side, _ in groups})
    issue_ids = [i for i in lexicon.issues if any(iid == i for _, iid in groups)]
    model_actors = [_actor(registry, side, [s for (sd, _), ss in groups.items() if sd == side
                                            for s in ss]) for side in sides]
    model_issues = [_issue(lexicon.issues[i]) for i in issue_ids]
    positions = [
        _position(side, lexicon.issues[iid], groups[(side, iid)])
        for side in sides for iid in issue_ids if (side, iid) in groups
    ]
    when = as_of.isoformat() if as_of else "all dates"
    return NegotiationModel.model_validate({
        "name": name or f"Draft from extracted statements ({when})",
        "description": (
            f"Proposed by `accord model draft` from {sum(len(v) for v in groups.values())} "
            f"position statements ({when}). Every number is proposed (see `proposed:`); "
            "check each against its evidence before use."
        ),
        "disclaimer": "Machine draft from news text, not an analyst's judgement.",
        "as_of": as_of,
        "actors": [a.model_dump(by_alias=True, exclude_none=True) for a in model_actors],
        "issues": [i.model_dump(by_alias=True, exclude_none=True) for i in model_issues],
        "positions": [p.model_dump(by_alias=True, exclude_none=True) for p in positions],
    })


def issue_alias(lexicon: IssueLexicon) -> Callable[[str], str | None]:
    """Issue id → the lexicon's canonical id (``nato`` → ``nato_membership``), for merging."""

    def canon(issue_id: str) -> str | None:
        found = lexicon.resolve(issue_id)
        return found.id if found is not None else None

    return canon


def registry_id(registry: ActorRegistry, name_or_id: str) -> str:
    """A registry id from an id, a canonical name or an alias (case-insensitive)."""
    if name_or_id in registry:
        return name_or_id
    low = name_or_id.lower()
    for actor in registry:
        if low in (f.lower() for f in actor.surface_forms()):
            return actor.id
    raise InputError(f"unknown actor {name_or_id!r} (not in the registry)", field="--actors")


def _side(registry: ActorRegistry, actor_id: str) -> str:
    return side_of(registry, actor_id)


def _actor(registry: ActorRegistry, side: str, said: Sequence[Statement]) -> Actor:
    entry = registry.get(side) if side in registry else None
    people = {s.actor_id for s in said if s.actor_id != side}
    for team in registry.teams:
        if team.side == side:
            people.update(team.members)
    members = [
        Member(name=registry.get(p).name, role=_role(registry, p), registry_id=p)
        for p in sorted(people) if p in registry and _side(registry, p) == side
    ]
    kind = ActorKind.state if entry is not None and entry.kind == "state" else (
        ActorKind.coalition if entry is not None and entry.kind == "bloc" else ActorKind.other)
    return Actor(
        id=side, name=entry.name if entry else side, kind=kind,
        capability=PLACEHOLDER_CAPABILITY, registry_id=side, members=members,
        proposed={"capability": "placeholder: news text does not measure clout; set it"},
    )


def _role(registry: ActorRegistry, actor_id: str) -> str | None:
    roles = registry.get(actor_id).roles
    return roles[0].title if roles else None


def _issue(issue: LexiconIssue) -> Issue:
    anchors = [Anchor(value=v, label=label) for v, label in issue.anchors]
    proposed = {"status_quo": "lexicon default (issues.yaml)"} if issue.status_quo is not None \
        else None
    return Issue(
        id=issue.id, question=issue.name, scale=Scale(anchors=anchors),
        status_quo=issue.status_quo, proposed=proposed,
    )


def _position(side: str, issue: LexiconIssue, said: Sequence[Statement]) -> Position:
    placed = sorted(
        ((v, s) for s in said
         if (v := issue.place(s.direction, side, inverse=s.inverse)) is not None),
        key=lambda vs: (vs[1].published or dt.date.min, vs[1].start),
    )
    values = [v for v, _ in placed]
    position = float(statistics.median(values))
    red = sum(1 for s in said if s.strength == "red_line")
    salience = float(min(90, 30 + 10 * len(said) + 10 * red))
    counts: dict[str, int] = defaultdict(int)
    for s in said:
        counts[f"{s.direction} {issue.place(s.direction, side, inverse=s.inverse):g}"] += 1
    tally = ", ".join(f"{k} ×{n}" for k, n in sorted(counts.items()))
    dates = sorted(s.published for s in said if s.published)
    span = f"{dates[0]} to {dates[-1]}" if dates else "undated"
    return Position(
        actor=side, issue=issue.id, position=position, salience=salience,
        uncertainty=Uncertainty(low=min(values), high=max(values)) if len(set(values)) > 1
        else None,
        evidence=[s.evidence(v) for v, s in placed],
        note=f"{len(said)} statement(s) by {', '.join(sorted({s.actor_id for s in said}))}, "
             f"{span}",
        proposed={
            "position": f"median of {len(values)} placed statement(s): {tally}"
                        + (f"; spread {min(values):g}–{max(values):g} kept as uncertainty"
                           if len(set(values)) > 1 else ""),
            "salience": f"30 + 10 × {len(said)} statement(s) + 10 × {red} red line(s), max 90",
        },
    )


def _is_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("http://", "https://")) and " " not in str(url)


__all__ = [
    "PLACEHOLDER_CAPABILITY",
    "Statement",
    "draft_model",
    "issue_alias",
    "published_by",
    "registry_id",
    "statements_from_rows",
]
