"""The negotiation model file: actors, issues, positions, tracks and side-payment pools.

A model is plain data validated by pydantic 2. It is written as YAML (see docs/model-file.md
and the exported JSON Schema docs/model.schema.json) and can also be read from KTAB's CSV/XML
scenario files and Bueno de Mesquita's CSV (:mod:`accord.model.formats`).

Field-level rules (types, ranges, finiteness, unknown keys) live here, so that every error
pydantic reports can be mapped back to a YAML line and column. Cross-references and
"suspicious but legal" patterns are checked in :mod:`accord.model.validate`.

>>> m = NegotiationModel.model_validate({
...     "name": "toy",
...     "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 2}],
...     "issues": [{"id": "x", "question": "How much?"}],
...     "positions": [{"actor": "a", "issue": "x", "position": 10, "salience": 50},
...                   {"actor": "b", "issue": "x", "position": 90, "salience": 50}],
... })
>>> m.actor("b").capability
2.0
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from accord.errors import InputError

# Distribution types are re-exported: solvers read model types from this module only.
from accord.model.distributions import Distribution as Distribution
from accord.model.distributions import Triangular as Triangular
from accord.model.distributions import distribution_of as distribution_of
from accord.model.distributions import uncertain

SCHEMA_VERSION = 1

ILLUSTRATIVE = (
    "Illustrative analyst's model: capabilities and saliences are judgements, not measurements; "
    "a forecast from it is an exploration of the stated assumptions, not a prediction."
)


class _Strict(BaseModel):
    """Base for every model-file object: unknown keys are errors and NaN/inf are rejected.

    ``extra="forbid"`` turns a typo such as ``salince:`` into an error at its line instead of a
    silently ignored key; ``allow_inf_nan=False`` makes ``.nan`` / ``.inf`` a validation error,
    so no engine ever sees a NaN.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)


Id = str


class ActorKind(StrEnum):
    """What sort of party an actor is (informational; engines do not use it)."""

    state = "state"
    government = "government"
    international_organization = "international-organization"
    coalition = "coalition"
    delegation = "delegation"
    person = "person"
    company = "company"
    creditors = "creditors"
    group = "group"
    other = "other"


class Member(_Strict):
    """A person or body inside an actor (a negotiating team, a delegation member)."""

    name: str = Field(min_length=1, description="Name as it appears in the sources.")
    role: str | None = Field(default=None, description="Role in the team, e.g. 'special envoy'.")
    registry_id: int | str | None = Field(
        default=None,
        description="Actor id in the extraction registry (`accord actors`), if linked.",
    )


class Actor(_Strict):
    """A party to the negotiation.

    ``capability`` is the actor's clout (resources it can bring to bear), on any non-negative
    scale shared by all actors of the model: only ratios matter to the engines.
    ``utility_per_money`` is the transfer rate used by side-payment bargaining: how many units
    of utility the actor gains from one unit of money (the model's ``money_unit``), where the
    actor's utility on an issue is ``salience/100 × (scale points gained)``. Leave it empty
    for actors that cannot trade money for concessions.
    """

    id: Id = Field(min_length=1, pattern=r"^\S(.*\S)?$", description="Unique id, used in refs.")
    name: str | None = Field(default=None, description="Display name (defaults to the id).")
    kind: ActorKind = Field(default=ActorKind.other, description="What sort of party this is.")
    capability: Annotated[float, uncertain(ge=0)] = Field(
        description="Clout: resources the actor can commit (>= 0); a number or a distribution."
    )
    risk: float | None = Field(
        default=None,
        ge=-1,
        le=1,
        description="Risk attitude in [-1, 1] (-1 averse ... 1 acceptant); empty = engine decides.",
    )
    members: list[Member] = Field(default_factory=list, description="Teams and delegations.")
    registry_id: int | str | None = Field(
        default=None,
        description="Actor id in the extraction registry (`accord actors`), if linked.",
    )
    utility_per_money: Annotated[float, uncertain(ge=0)] | None = Field(
        default=None,
        description="Utility gained per unit of money (model money_unit); empty = no transfers.",
    )
    description: str | None = None
    proposed: dict[str, str] | None = Field(
        default=None,
        description="Numbers proposed by `accord model draft`, field -> basis; an analyst who "
        "accepts a number removes its key (a field still listed may be redrafted).",
    )

    @property
    def label(self) -> str:
        """The display name, or the id when no name is given."""
        return self.name or self.id


class Anchor(_Strict):
    """A labelled point on an issue's scale (e.g. 0 = 'no territory ceded')."""

    value: float
    label: str = Field(min_length=1)


class Scale(_Strict):
    """An issue's scale: continuous between ``min`` and ``max`` (0–100 by default).

    ``anchors`` label points of a continuous scale; ``options`` make the issue discrete: every
    position, status quo, alternative and red-line bound must then be one of the option values.
    """

    min: float = 0.0
    max: float = 100.0
    anchors: list[Anchor] = Field(default_factory=list)
    options: list[Anchor] | None = Field(
        default=None, description="Discrete options; positions must be one of these values."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.max > self.min:
            raise ValueError(f"scale max ({self.max}) must be greater than min ({self.min})")
        for a in [*self.anchors, *(self.options or [])]:
            if not self.min <= a.value <= self.max:
                raise ValueError(
                    f"anchor/option {a.label!r} at {a.value} is outside the scale "
                    f"[{self.min}, {self.max}]"
                )
        return self

    def option_values(self) -> list[float] | None:
        """The allowed values of a discrete issue, or None for a continuous one."""
        return None if self.options is None else [o.value for o in self.options]


class Issue(_Strict):
    """A question on the table, with its scale and status quo (reference point)."""

    id: Id = Field(min_length=1, pattern=r"^\S(.*\S)?$")
    question: str = Field(min_length=1, description="The question, e.g. 'Who controls Donbas?'")
    scale: Scale = Field(default_factory=lambda: Scale())
    status_quo: float | None = Field(
        default=None, description="Reference point on the scale: the outcome if nothing is agreed."
    )
    unit: str | None = Field(default=None, description="What the scale measures, if not an index.")
    description: str | None = None
    proposed: dict[str, str] | None = Field(
        default=None,
        description="Numbers proposed by `accord model draft`, field -> basis; an analyst who "
        "accepts a number removes its key (a field still listed may be redrafted).",
    )


class Evidence(_Strict):
    """Why a number is what it is: an extracted quotation or a free-text citation.

    Either an extracted item — ``article`` (source file name) or ``content_hash`` (the sha256
    of the article's cleaned text) plus the ``quote``, optionally with its character span
    ``start``/``end`` in the cleaned text so the link can be verified — or a ``citation``
    (free text) with an optional ``url``.
    """

    article: str | None = Field(default=None, description="Source file name of the article.")
    content_hash: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="sha256 (hex) of the article's cleaned text.",
    )
    start: int | None = Field(default=None, ge=0, description="Span start in the cleaned text.")
    end: int | None = Field(
        default=None, ge=0, description="Span end (exclusive) in the cleaned text."
    )
    quote: str | None = Field(default=None, min_length=1, description="The quoted text, verbatim.")
    citation: str | None = Field(default=None, min_length=1, description="Free-text citation.")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    note: str | None = Field(default=None, description="How the quote supports the number.")
    published: dt.date | None = Field(
        default=None,
        description="When the source was published (YYYY-MM-DD); `--as-of` leaves out evidence "
        "published later (without it, the article's date in the corpus is used).",
    )
    value: float | None = Field(
        default=None,
        description=(
            "The value this item alone supports (e.g. the position one quote implies); "
            "conflicting values give a position its range in sweeps."
        ),
    )

    @model_validator(mode="after")
    def _kind(self) -> Evidence:
        extracted = self.article is not None or self.content_hash is not None
        if extracted and self.quote is None:
            raise ValueError("evidence from an article needs the quoted text in 'quote'")
        if not extracted and self.citation is None and self.url is None:
            raise ValueError(
                "evidence needs an article (article or content_hash, plus quote) or a citation/url"
            )
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end' of the span, or neither")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"span end ({self.end}) must be after start ({self.start})")
        return self


class RedLine(_Strict):
    """Outcomes the actor says it will never accept: anything below ``lowest_acceptable`` or
    above ``highest_acceptable`` on the issue's scale (give one bound or both)."""

    lowest_acceptable: Annotated[float, uncertain()] | None = None
    highest_acceptable: Annotated[float, uncertain()] | None = None
    statement: str | None = Field(default=None, description="The red line in the actor's words.")
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bounds(self) -> RedLine:
        lo, hi = self.lowest_acceptable, self.highest_acceptable
        if lo is None and hi is None:
            raise ValueError("a red line needs lowest_acceptable, highest_acceptable or both")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"lowest_acceptable ({lo}) is above highest_acceptable ({hi})")
        return self

    def accepts(self, value: float) -> bool:
        """True if ``value`` is inside the acceptable bounds."""
        lo, hi = self.lowest_acceptable, self.highest_acceptable
        return (lo is None or value >= lo) and (hi is None or value <= hi)


class Alternative(_Strict):
    """The actor's stated alternative to agreement (BATNA), as a point on the issue's scale.

    Bargaining uses it as the actor's disagreement point on this issue instead of the status quo.
    """

    position: float
    description: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Uncertainty(_Strict):
    """The range the analyst thinks the actor's true position lies in."""

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uncertainty:
        if self.low > self.high:
            raise ValueError(f"uncertainty low ({self.low}) is above high ({self.high})")
        return self


class Position(_Strict):
    """One actor's stance on one issue: where it stands and how much it cares (0–100)."""

    actor: Id
    issue: Id
    position: Annotated[float, uncertain()] = Field(
        description="Where the actor stands on the issue's scale; a number or a distribution."
    )
    salience: Annotated[float, uncertain(ge=0, le=100)] = Field(
        description="How much the issue matters, 0–100; a number or a distribution."
    )
    uncertainty: Uncertainty | None = None
    red_line: RedLine | None = None
    alternative: Alternative | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    note: str | None = None
    proposed: dict[str, str] | None = Field(
        default=None,
        description="Numbers proposed by `accord model draft`, field -> basis; an analyst who "
        "accepts a number removes its key (a field still listed may be redrafted).",
    )

    @model_validator(mode="after")
    def _within_uncertainty(self) -> Position:
        u = self.uncertainty
        if u is not None and not u.low <= self.position <= u.high:
            raise ValueError(
                f"position {self.position} is outside its uncertainty range [{u.low}, {u.high}]"
            )
        return self


class Track(_Strict):
    """Issues and actors negotiated together (e.g. a bilateral agenda vs a settlement)."""

    id: Id = Field(min_length=1, pattern=r"^\S(.*\S)?$")
    name: str | None = None
    issues: list[Id] = Field(min_length=1)
    actors: list[Id] = Field(min_length=1)
    description: str | None = None


class Claim(_Strict):
    """What one recipient claims from a pool, in the pool's currency (for the claims rules)."""

    recipient: Id = Field(min_length=1)
    amount: float = Field(ge=0, description="The claim, in the pool's currency.")
    evidence: list[Evidence] = Field(default_factory=list)


class SidePaymentPool(_Strict):
    """Money that can change hands to buy concessions: who funds it, who may receive it.

    ``size`` is in ``currency`` (which should match the model's ``money_unit`` for transfers
    to be priced by actors' ``utility_per_money``).
    """

    id: Id = Field(min_length=1, pattern=r"^\S(.*\S)?$")
    name: str | None = None
    size: Annotated[float, uncertain(gt=0)] = Field(
        description="Total money available, in ``currency``; a number or a distribution."
    )
    currency: str = Field(min_length=1, description="e.g. 'USD bn'.")
    funders: list[Id] = Field(min_length=1)
    recipients: list[Id] = Field(min_length=1)
    issues: list[Id] = Field(
        default_factory=list, description="Issues it may buy concessions on (empty = any)."
    )
    claims: list[Claim] = Field(
        default_factory=list,
        description="Recipients' claims on the pool, used by `accord apportion --model`.",
    )
    description: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Change(_Strict):
    """One edit of a scenario: the object it targets and the fields it sets.

    The target is an actor (``actor``), an issue (``issue``), one actor's position on one
    issue (``actor`` + ``issue``), a side-payment pool (``pool``) or a track (``track``).
    ``set`` maps field names of that object to new values (numbers, distributions, mappings);
    ``null`` removes an optional field (e.g. ``red_line: null`` drops a red line).
    """

    actor: Id | None = None
    issue: Id | None = None
    pool: Id | None = None
    track: Id | None = None
    set: dict[str, Any] = Field(min_length=1, description="Field name → new value (null = drop).")

    @model_validator(mode="after")
    def _one_target(self) -> Change:
        given = [k for k in ("actor", "issue", "pool", "track") if getattr(self, k) is not None]
        if not given:
            raise ValueError("a change needs a target: actor, issue, actor + issue, pool or track")
        if len(given) > 1 and set(given) != {"actor", "issue"}:
            raise ValueError(
                f"a change targets one object; got {', '.join(given)} "
                "(only actor + issue together name a position)"
            )
        return self

    @property
    def target(self) -> tuple[str, str]:
        """(kind, id) of the target: ('position', 'actor/issue'), ('actor', id), …"""
        if self.actor is not None and self.issue is not None:
            return ("position", f"{self.actor}/{self.issue}")
        for kind in ("actor", "issue", "pool", "track"):
            value = getattr(self, kind)
            if value is not None:
                return (kind, str(value))
        raise AssertionError("validated change without a target")  # pragma: no cover


class Scenario(_Strict):
    """A named "what if": an overlay applied to the model before solving.

    Applied in this order: ``remove_actors`` (with their positions, and out of tracks and
    pools), ``add_actors``, ``add_pools``, ``add_positions``, then each of ``changes``. The result
    is validated as a whole model (:func:`accord.model.scenarios.apply_scenario`).
    """

    id: Id = Field(min_length=1, pattern=r"^\S(.*\S)?$")
    name: str | None = Field(default=None, description="e.g. 'EU leaves the talks'.")
    description: str | None = None
    remove_actors: list[Id] = Field(default_factory=list)
    add_actors: list[Actor] = Field(default_factory=list)
    add_pools: list[SidePaymentPool] = Field(default_factory=list)
    add_positions: list[Position] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def label(self) -> str:
        """The display name, or the id when no name is given."""
        return self.name or self.id


class NegotiationModel(_Strict):
    """A whole negotiation model (the YAML file's top level)."""

    schema_version: int = Field(default=SCHEMA_VERSION, alias="schema", ge=1, le=SCHEMA_VERSION)
    name: str = Field(min_length=1)
    description: str | None = None
    disclaimer: str | None = Field(
        default=None, description="e.g. 'illustrative, not a prediction'."
    )
    money_unit: str | None = Field(
        default=None, description="Unit of utility_per_money, e.g. 'USD bn'."
    )
    as_of: dt.date | None = Field(
        default=None,
        description="The date the model describes: `accord model check` looks for evidence "
        "published after it.",
    )
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    positions: list[Position] = Field(default_factory=list)
    tracks: list[Track] = Field(default_factory=list)
    side_payment_pools: list[SidePaymentPool] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description="Scenario parameters carried from imported files (e.g. KTAB XML settings).",
    )
    scenarios: list[Scenario] = Field(
        default_factory=list,
        description="Named what-if overlays (`accord compare MODEL --scenarios a,b`).",
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> NegotiationModel:
        for what, ids in (
            ("actor", [a.id for a in self.actors]),
            ("issue", [i.id for i in self.issues]),
            ("track", [t.id for t in self.tracks]),
            ("side-payment pool", [p.id for p in self.side_payment_pools]),
            ("scenario", [s.id for s in self.scenarios]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"duplicate {what} id {i!r}")
                seen.add(i)
        pairs: set[tuple[str, str]] = set()
        for p in self.positions:
            if (p.actor, p.issue) in pairs:
                raise ValueError(f"two positions for actor {p.actor!r} on issue {p.issue!r}")
            pairs.add((p.actor, p.issue))
        return self

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (KeyError if none)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def track(self, track_id: str) -> Track:
        """The track with this id (KeyError if none)."""
        for t in self.tracks:
            if t.id == track_id:
                return t
        raise KeyError(track_id)

    def in_play(self, track: str | None = None) -> tuple[list[str], list[str]]:
        """Actor ids and issue ids in play: the whole model, or one track's (in model order).

        An unknown track, or a track naming unknown actors or issues, is an
        :class:`~accord.errors.InputError` naming the field ``track``.
        """
        if track is None:
            return [a.id for a in self.actors], [i.id for i in self.issues]
        try:
            t = self.track(track)
        except KeyError:
            known = ", ".join(t.id for t in self.tracks) or "(the model has no tracks)"
            raise InputError(f"unknown track {track!r}; tracks: {known}", field="track") from None
        actor_set, issue_set = set(t.actors), set(t.issues)
        actors = [a.id for a in self.actors if a.id in actor_set]
        issues = [i.id for i in self.issues if i.id in issue_set]
        missing = sorted((actor_set - set(actors)) | (issue_set - set(issues)))
        if missing:
            raise InputError(
                f"track {track!r} names unknown actors/issues: {', '.join(missing)}",
                field=f"tracks[{track}]",
            )
        return actors, issues

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id (KeyError if none)."""
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise KeyError(scenario_id)

    def position_of(self, actor_id: str, issue_id: str) -> Position | None:
        """The actor's position on the issue, or None if the model gives none."""
        for p in self.positions:
            if p.actor == actor_id and p.issue == issue_id:
                return p
        return None

    def to_data(self) -> dict[str, Any]:
        """Plain data for YAML/JSON output: defaults and empty fields left out."""
        data: dict[str, Any] = self.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
        )
        data = {"schema": self.schema_version, **data}
        return data


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the model file (what docs/model.schema.json holds)."""
    schema: dict[str, Any] = NegotiationModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://accord.invalid/model.schema.json"
    schema["title"] = "accord negotiation model"
    return schema
