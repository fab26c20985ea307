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

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import AccordError, InputError
from accord.model.evidence import ArticleText, EvidenceCheck, verify_evidence
from accord.model.io import LoadedModel, ModelFormat, load_located
from accord.model.locate import Loc, ModelFileError, field_path
from accord.model.schema import NegotiationModel


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

    @property
    def ok(self) -> bool:
        """True when the model loaded and has no errors (warnings allowed)."""
        return not self.errors and self.model is not None


class _Collector:
    def __init__(self, loaded: LoadedModel) -> None:
        self.loaded = loaded
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


def check_model(loaded: LoadedModel) -> tuple[list[Finding], list[Finding]]:
    """Cross-field checks of a loaded model: (errors, warnings), each located."""
    m = loaded.model
    c = _Collector(loaded)
    actor_ids = {a.id for a in m.actors}
    issues = {i.id: i for i in m.issues}

    for k, i in enumerate(m.issues):
        lo, hi = i.scale.min, i.scale.max
        if i.status_quo is not None and _outside(i.status_quo, lo, hi):
            c.add(
                ("issues", k, "status_quo"),
                f"status quo {i.status_quo:g} is outside the scale [{lo:g}, {hi:g}]",
            )
        opts = i.scale.option_values()
        if opts is not None and i.status_quo is not None and i.status_quo not in opts:
            c.add(
                ("issues", k, "status_quo"),
                f"status quo {i.status_quo:g} is not one of the options {opts}",
                "error",
            )

    with_positions: set[str] = set()
    for k, p in enumerate(m.positions):
        loc: Loc = ("positions", k)
        if p.actor not in actor_ids:
            c.add(
                (*loc, "actor"),
                f"unknown actor {p.actor!r}; this position is ignored "
                f"in forecasts (actors: {', '.join(sorted(actor_ids))})",
            )
        else:
            with_positions.add(p.actor)
        issue = issues.get(p.issue)
        if issue is None:
            c.add(
                (*loc, "issue"),
                f"unknown issue {p.issue!r}; this position is ignored "
                f"in forecasts (issues: {', '.join(sorted(issues))})",
            )
        # KTAB and BdM files have no place for evidence: warning on every position is noise.
        if not p.evidence and loaded.format is ModelFormat.yaml:
            c.add(loc, f"position of {p.actor!r} on {p.issue!r} cites no evidence")
        if issue is None:
            continue
        lo, hi = issue.scale.min, issue.scale.max
        if _outside(p.position, lo, hi):
            c.add(
                (*loc, "position"),
                f"position {p.position:g} is outside the scale [{lo:g}, {hi:g}] of {p.issue!r}",
            )
        opts = issue.scale.option_values()
        if opts is not None:
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
        if p.alternative is not None and _outside(p.alternative.position, lo, hi):
            c.add(
                (*loc, "alternative", "position"),
                f"alternative {p.alternative.position:g} is outside the scale [{lo:g}, {hi:g}]",
            )
        if p.uncertainty is not None and (
            _outside(p.uncertainty.low, lo, hi) or _outside(p.uncertainty.high, lo, hi)
        ):
            c.add(
                (*loc, "uncertainty"),
                f"uncertainty range [{p.uncertainty.low:g}, "
                f"{p.uncertainty.high:g}] goes outside the scale [{lo:g}, {hi:g}]",
            )
        rl = p.red_line
        if rl is not None:
            for bound in ("lowest_acceptable", "highest_acceptable"):
                v = getattr(rl, bound)
                if v is not None and _outside(v, lo, hi):
                    c.add(
                        (*loc, "red_line", bound),
                        f"red-line bound {v:g} is outside the scale [{lo:g}, {hi:g}]",
                    )
            if not rl.accepts(p.position):
                c.add(
                    (*loc, "red_line"),
                    f"the red line excludes the actor's own position {p.position:g} "
                    f"(acceptable: {_bounds_text(rl.lowest_acceptable, rl.highest_acceptable)})",
                )

    saliences = [p.salience for p in m.positions]
    if len(saliences) > 1 and len(set(saliences)) == 1:
        c.add(
            ("positions",),
            f"all saliences are equal ({saliences[0]:g}): salience then "
            "carries no information; were they estimated?",
        )

    for k, a in enumerate(m.actors):
        if a.id not in with_positions:
            c.add(("actors", k), f"actor {a.id!r} has no positions")
    risks = [a.risk is not None for a in m.actors]
    if any(risks) and not all(risks):
        c.add(
            ("actors",),
            "risk attitude is given for some actors but not all; forecasts "
            "over a mix will stop with an error",
        )
    if all(a.capability == 0 for a in m.actors):
        c.add(("actors",), "every actor has capability 0; no forecast is possible")

    for k, i in enumerate(m.issues):
        total = sum(p.salience for p in m.positions if p.issue == i.id and p.actor in actor_ids)
        if total == 0:
            c.add(
                ("issues", k),
                f"no actor gives issue {i.id!r} any salience; forecasting "
                "it will stop with an error",
            )

    for k, t in enumerate(m.tracks):
        for j, a_id in enumerate(t.actors):
            if a_id not in actor_ids:
                c.add(("tracks", k, "actors", j), f"unknown actor {a_id!r} in track {t.id!r}")
        for j, i_id in enumerate(t.issues):
            if i_id not in issues:
                c.add(("tracks", k, "issues", j), f"unknown issue {i_id!r} in track {t.id!r}")

    for k, pool in enumerate(m.side_payment_pools):
        for role in ("funders", "recipients"):
            for j, a_id in enumerate(getattr(pool, role)):
                if a_id not in actor_ids:
                    c.add(
                        ("side_payment_pools", k, role, j),
                        f"unknown actor {a_id!r} in pool {pool.id!r}",
                    )
                elif m.actor(a_id).utility_per_money is None:
                    c.add(
                        ("side_payment_pools", k, role, j),
                        f"actor {a_id!r} has no utility_per_money, so transfers from pool "
                        f"{pool.id!r} cannot be priced for it",
                    )
        for j, i_id in enumerate(pool.issues):
            if i_id not in issues:
                c.add(
                    ("side_payment_pools", k, "issues", j),
                    f"unknown issue {i_id!r} in pool {pool.id!r}",
                )
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
        if m.money_unit is not None and pool.currency != m.money_unit:
            c.add(
                ("side_payment_pools", k, "currency"),
                f"pool currency {pool.currency!r} differs from the model's money_unit "
                f"{m.money_unit!r}; utility_per_money is per {m.money_unit!r}",
            )
        if not pool.evidence:
            c.add(("side_payment_pools", k), f"pool {pool.id!r} cites no evidence for its size")
    return c.errors, c.warnings


def validate_file(
    path: str | Path, articles: Sequence[ArticleText] | None = None
) -> ValidationReport:
    """Load and check a model file; never raises for bad content (errors are in the report).

    With ``articles`` (cleaned texts, e.g. from the corpus store) every quoted evidence item is
    verified too: a quote missing from its article, or a span that reads something else, is an
    error; an article that is not in the corpus is a warning. ``report.evidence`` holds one
    :class:`EvidenceCheck` per item.
    """
    file = str(path)
    report = ValidationReport(file=file)
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
