"""Validate a model file: located errors, and warnings for suspicious but legal models.

Errors make a model unusable (bad YAML, wrong types, NaN, duplicate keys or ids, a position
that is not one of a discrete issue's options). Warnings flag what an analyst should look at
before trusting a forecast: all saliences equal, an actor with no positions, a position with
no evidence, references to unknown actors or issues, values outside the scale, a red line
that excludes the actor's own position, issues nobody cares about, transfers nobody can price.

>>> report = validate_file("examples/ukraine-2025/model.yaml")  # doctest: +SKIP
>>> report.ok, len(report.warnings)  # doctest: +SKIP
(True, 0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import AccordError, InputError
from accord.model.distributions import Discrete, distribution_of
from accord.model.evidence import ArticleText, EvidenceCheck, verify_evidence
from accord.model.io import LoadedModel, ModelFormat, load_located
from accord.model.locate import Loc, ModelFileError, field_path
from accord.model.scenarios import apply_scenario
from accord.model.schema import Issue, NegotiationModel, Position, SidePaymentPool


@dataclass
class Finding:
    """One located problem: ``str()`` gives ``file:line:col: field: message``."""

    message: str
    file: str
    field: str
    line: int | None = None
    column: int | None = None
    severity: str = "warning"

    def __str__(self) -> str:
        return str(
            AccordError(
                self.message, file=self.file, line=self.line, column=self.column, field=self.field
            )
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ValidationReport:
    """Everything found in one file. ``ok`` is False when there is any error."""

    file: str
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    model: NegotiationModel | None = None
    evidence: list[EvidenceCheck] = field(default_factory=list)
    #: The number of articles the evidence was checked against (None: not checked).
    article_count: int | None = None

    @property
    def ok(self) -> bool:
        """True when the model loaded and has no errors (warnings allowed)."""
        return not self.errors and self.model is not None

    @property
    def verified(self) -> int:
        """The evidence items whose quote was found in their article."""
        return sum(c.status == "ok" for c in self.evidence)


class _Checks:
    """The model under check, its ids, and the findings so far (in the order found)."""

    def __init__(self, loaded: LoadedModel) -> None:
        self.loaded = loaded
        self.model = loaded.model
        self.actor_ids = {a.id for a in self.model.actors}
        self.issues = {i.id: i for i in self.model.issues}
        self.errors: list[Finding] = []
        self.warnings: list[Finding] = []

    def add(self, loc: Loc, message: str, severity: str = "warning") -> None:
        line, col = self.loaded.locate(loc)
        f = Finding(message, self.loaded.file, field_path(loc), line, col, severity)
        (self.errors if severity == "error" else self.warnings).append(f)


def _bounds_text(lo: float | None, hi: float | None) -> str:
    if lo is None:
        return f"at most {hi:g}"
    if hi is None:
        return f"at least {lo:g}"
    return f"{lo:g} to {hi:g}"


def _outside(value: float, lo: float, hi: float) -> bool:
    return value < lo or value > hi


# -- issues ---------------------------------------------------------------------------------


def _status_quo_in_scale(c: _Checks, k: int, i: Issue) -> None:
    lo, hi = i.scale.min, i.scale.max
    if i.status_quo is not None and _outside(i.status_quo, lo, hi):
        c.add(
            ("issues", k, "status_quo"),
            f"status quo {i.status_quo:g} is outside the scale [{lo:g}, {hi:g}]",
        )


def _status_quo_is_an_option(c: _Checks, k: int, i: Issue) -> None:
    opts = i.scale.option_values()
    if opts is not None and i.status_quo is not None and i.status_quo not in opts:
        c.add(
            ("issues", k, "status_quo"),
            f"status quo {i.status_quo:g} is not one of the options {opts}",
            "error",
        )


def _issue_has_salience(c: _Checks, k: int, i: Issue) -> None:
    m = c.model
    total = sum(p.salience for p in m.positions if p.issue == i.id and p.actor in c.actor_ids)
    if total == 0:
        c.add(
            ("issues", k),
            f"no actor gives issue {i.id!r} any salience; forecasting it will stop with an error",
        )


# -- positions (rules on a position whose issue is known get that issue) ---------------------


def _position_actor_known(c: _Checks, loc: Loc, p: Position) -> None:
    if p.actor not in c.actor_ids:
        c.add(
            (*loc, "actor"),
            f"unknown actor {p.actor!r}; this position is ignored "
            f"in forecasts (actors: {', '.join(sorted(c.actor_ids))})",
        )


def _position_issue_known(c: _Checks, loc: Loc, p: Position) -> None:
    if p.issue not in c.issues:
        c.add(
            (*loc, "issue"),
            f"unknown issue {p.issue!r}; this position is ignored "
            f"in forecasts (issues: {', '.join(sorted(c.issues))})",
        )


def _position_cites_evidence(c: _Checks, loc: Loc, p: Position) -> None:
    # KTAB and BdM files have no place for evidence: warning on every position is noise.
    if not p.evidence and c.loaded.format is ModelFormat.yaml:
        c.add(loc, f"position of {p.actor!r} on {p.issue!r} cites no evidence")


def _position_in_scale(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    lo, hi = issue.scale.min, issue.scale.max
    if _outside(p.position, lo, hi):
        c.add(
            (*loc, "position"),
            f"position {p.position:g} is outside the scale [{lo:g}, {hi:g}] of {p.issue!r}",
        )


def _position_is_an_option(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    opts = issue.scale.option_values()
    if opts is None:
        return
    for sub, value in (
        ("position", p.position),
        ("alternative", p.alternative.position if p.alternative else None),
    ):
        if value is not None and value not in opts:
            c.add(
                (*loc, sub),
                f"{value:g} is not one of the options {opts} of discrete issue {p.issue!r}",
                "error",
            )


def _alternative_in_scale(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    lo, hi = issue.scale.min, issue.scale.max
    if p.alternative is not None and _outside(p.alternative.position, lo, hi):
        c.add(
            (*loc, "alternative", "position"),
            f"alternative {p.alternative.position:g} is outside the scale [{lo:g}, {hi:g}]",
        )


def _uncertainty_in_scale(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    lo, hi = issue.scale.min, issue.scale.max
    if p.uncertainty is not None and (
        _outside(p.uncertainty.low, lo, hi) or _outside(p.uncertainty.high, lo, hi)
    ):
        c.add(
            (*loc, "uncertainty"),
            f"uncertainty range [{p.uncertainty.low:g}, "
            f"{p.uncertainty.high:g}] goes outside the scale [{lo:g}, {hi:g}]",
        )


def _red_line_consistent(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    rl = p.red_line
    if rl is None:
        return
    lo, hi = issue.scale.min, issue.scale.max
    for bound in ("lowest_acceptable", "highest_acceptable"):
        v = getattr(rl, bound)
        if v is not None and _outside(v, lo, hi):
            c.add(
                (*loc, "red_line", bound),
                f"red-line bound {v:g} is outside the scale [{lo:g}, {hi:g}]",
            )
    if not rl.accepts(float(p.position)):
        c.add(
            (*loc, "red_line"),
            f"the red line excludes the actor's own position {p.position:g} "
            f"(acceptable: {_bounds_text(rl.lowest_acceptable, rl.highest_acceptable)})",
        )


def _saliences_differ(c: _Checks) -> None:
    saliences = [float(p.salience) for p in c.model.positions]
    if len(saliences) > 1 and len(set(saliences)) == 1:
        c.add(
            ("positions",),
            f"all saliences are equal ({saliences[0]:g}): salience then "
            "carries no information; were they estimated?",
        )


# -- actors ---------------------------------------------------------------------------------


def _actors_have_positions(c: _Checks) -> None:
    with_positions = {p.actor for p in c.model.positions if p.actor in c.actor_ids}
    for k, a in enumerate(c.model.actors):
        if a.id not in with_positions:
            c.add(("actors", k), f"actor {a.id!r} has no positions")


def _risk_all_or_none(c: _Checks) -> None:
    risks = [a.risk is not None for a in c.model.actors]
    if any(risks) and not all(risks):
        c.add(
            ("actors",),
            "risk attitude is given for some actors but not all; forecasts "
            "over a mix will stop with an error",
        )


def _some_capability(c: _Checks) -> None:
    if all(a.capability == 0 for a in c.model.actors):
        c.add(("actors",), "every actor has capability 0; no forecast is possible")


# -- tracks and side-payment pools ----------------------------------------------------------


def _track_references_known(c: _Checks) -> None:
    for k, t in enumerate(c.model.tracks):
        for j, a_id in enumerate(t.actors):
            if a_id not in c.actor_ids:
                c.add(("tracks", k, "actors", j), f"unknown actor {a_id!r} in track {t.id!r}")
        for j, i_id in enumerate(t.issues):
            if i_id not in c.issues:
                c.add(("tracks", k, "issues", j), f"unknown issue {i_id!r} in track {t.id!r}")


def _pool_members_priced(c: _Checks, k: int, pool: SidePaymentPool) -> None:
    for role in ("funders", "recipients"):
        for j, a_id in enumerate(getattr(pool, role)):
            if a_id not in c.actor_ids:
                c.add(
                    ("side_payment_pools", k, role, j),
                    f"unknown actor {a_id!r} in pool {pool.id!r}",
                )
            elif c.model.actor(a_id).utility_per_money is None:
                c.add(
                    ("side_payment_pools", k, role, j),
                    f"actor {a_id!r} has no utility_per_money, so transfers from pool "
                    f"{pool.id!r} cannot be priced for it",
                )


def _pool_issues_known(c: _Checks, k: int, pool: SidePaymentPool) -> None:
    for j, i_id in enumerate(pool.issues):
        if i_id not in c.issues:
            c.add(
                ("side_payment_pools", k, "issues", j),
                f"unknown issue {i_id!r} in pool {pool.id!r}",
            )


def _pool_claims_valid(c: _Checks, k: int, pool: SidePaymentPool) -> None:
    claimed: set[str] = set()
    for j, claim in enumerate(pool.claims):
        if claim.recipient not in pool.recipients:
            c.add(
                ("side_payment_pools", k, "claims", j, "recipient"),
                f"{claim.recipient!r} claims on pool {pool.id!r} but is not one of its "
                f"recipients ({', '.join(pool.recipients)})",
                "error",
            )
        elif claim.recipient in claimed:
            c.add(
                ("side_payment_pools", k, "claims", j, "recipient"),
                f"{claim.recipient!r} has two claims on pool {pool.id!r}",
                "error",
            )
        claimed.add(claim.recipient)
        if not claim.evidence:
            c.add(
                ("side_payment_pools", k, "claims", j),
                f"the claim of {claim.recipient!r} on pool {pool.id!r} cites no evidence",
            )


def _pool_currency_matches(c: _Checks, k: int, pool: SidePaymentPool) -> None:
    unit = c.model.money_unit
    if unit is not None and pool.currency != unit:
        c.add(
            ("side_payment_pools", k, "currency"),
            f"pool currency {pool.currency!r} differs from the model's money_unit "
            f"{unit!r}; utility_per_money is per {unit!r}",
        )


def _pool_cites_evidence(c: _Checks, k: int, pool: SidePaymentPool) -> None:
    if not pool.evidence:
        c.add(("side_payment_pools", k), f"pool {pool.id!r} cites no evidence for its size")


def _distributions_in_scale(c: _Checks, loc: Loc, p: Position, issue: Issue) -> None:
    """Distributions of a position's numbers: inside the scale, on the options if discrete."""
    lo, hi = issue.scale.min, issue.scale.max
    opts = issue.scale.option_values()
    fields: list[tuple[Loc, float | None]] = [((*loc, "position"), p.position)]
    if p.red_line is not None:
        fields += [
            ((*loc, "red_line", "lowest_acceptable"), p.red_line.lowest_acceptable),
            ((*loc, "red_line", "highest_acceptable"), p.red_line.highest_acceptable),
        ]
    for where, value in fields:
        dist = distribution_of(value)
        if dist is None:
            continue
        low, high = dist.support
        if opts is not None and where[-1] == "position":
            if not isinstance(dist, Discrete) or any(v not in opts for v in dist.values):
                c.add(
                    where,
                    f"issue {p.issue!r} is discrete: a position distribution must be "
                    f"{{values: [...]}} over its options {opts}",
                    "error",
                )
        elif low < lo or high > hi:
            c.add(
                where,
                f"the distribution reaches [{low:g}, {high:g}], outside the scale "
                f"[{lo:g}, {hi:g}]",
                "error",
            )


def _scenarios_apply(c: _Checks) -> None:
    """Every scenario names things the model has and leaves a valid model."""
    for k, sc in enumerate(c.model.scenarios):
        try:
            apply_scenario(c.model, sc)
        except InputError as exc:
            sub = exc.field.removeprefix(f"scenarios[{sc.id}]") if exc.field else ""
            where: Loc = ("scenarios", k)
            for part in re.findall(r"\.(\w+)|\[(\d+)\]", sub):
                where = (*where, part[0] if part[0] else int(part[1]))
            c.add(where, f"scenario {sc.id!r}: {exc.message}", "error")


# Rules run in this order, so findings come out in the order a reader meets them in the file.
_ISSUE_RULES = (_status_quo_in_scale, _status_quo_is_an_option)
_POSITION_RULES = (_position_actor_known, _position_issue_known, _position_cites_evidence)
_POSITION_ON_ISSUE_RULES = (
    _position_in_scale,
    _position_is_an_option,
    _alternative_in_scale,
    _uncertainty_in_scale,
    _red_line_consistent,
    _distributions_in_scale,
)
_MODEL_RULES = (
    _saliences_differ,
    _actors_have_positions,
    _risk_all_or_none,
    _some_capability,
)
_POOL_RULES = (
    _pool_members_priced,
    _pool_issues_known,
    _pool_claims_valid,
    _pool_currency_matches,
    _pool_cites_evidence,
)


def check_model(loaded: LoadedModel) -> tuple[list[Finding], list[Finding]]:
    """Cross-field checks of a loaded model: (errors, warnings), each located.

    Each rule is one function above; this runs them over the issues, positions, actors,
    tracks and side-payment pools.
    """
    c = _Checks(loaded)
    m = c.model
    for k, i in enumerate(m.issues):
        for issue_rule in _ISSUE_RULES:
            issue_rule(c, k, i)
    for k, p in enumerate(m.positions):
        loc: Loc = ("positions", k)
        for position_rule in _POSITION_RULES:
            position_rule(c, loc, p)
        issue = c.issues.get(p.issue)
        if issue is not None:
            for on_issue_rule in _POSITION_ON_ISSUE_RULES:
                on_issue_rule(c, loc, p, issue)
    for model_rule in _MODEL_RULES:
        model_rule(c)
    for k, i in enumerate(m.issues):
        _issue_has_salience(c, k, i)
    _track_references_known(c)
    for k, pool in enumerate(m.side_payment_pools):
        for pool_rule in _POOL_RULES:
            pool_rule(c, k, pool)
    _scenarios_apply(c)
    return c.errors, c.warnings


def validate_file(
    path: str | Path, articles: Sequence[ArticleText] | None = None
) -> ValidationReport:
    """Load and check a model file; never raises for bad content (errors are in the report).

    With ``articles`` (cleaned texts, e.g. from the corpus store) every quoted evidence item is
    verified too: a quote missing from its article, or a span that reads something else, is an
    error; an article that is not in the corpus is a warning. ``report.evidence`` holds one
    :class:`EvidenceCheck` per item, ``report.article_count`` the number of ``articles``.
    """
    file = str(path)
    report = ValidationReport(
        file=file, article_count=len(articles) if articles is not None else None
    )
    try:
        loaded = load_located(path)
    except ModelFileError as exc:
        report.errors = [_finding(e) for e in exc.errors]
        return report
    except InputError as exc:
        report.errors = [_finding(exc)]
        return report
    report.model = loaded.model
    report.errors, report.warnings = check_model(loaded)
    if articles is not None:
        report.evidence = verify_evidence(loaded.model, articles)
        for check in report.evidence:
            if check.status in ("ok", "citation"):
                continue
            line, col = loaded.locate(check.loc)
            f = Finding(
                check.message,
                file,
                field_path(check.loc),
                line,
                col,
                "error" if check.is_error else "warning",
            )
            (report.errors if check.is_error else report.warnings).append(f)
    return report


def _finding(e: InputError) -> Finding:
    return Finding(e.message, e.file or "", e.field or "", e.line, e.column, "error")
