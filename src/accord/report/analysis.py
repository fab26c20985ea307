"""Everything a model report says, as plain data: forecasts of every engine, the plain-language
explanation of each move, bargaining per track with side payments, apportionment, voting power,
and — with a corpus database — actor dossiers and the quality of the evidence.

The HTML report (:mod:`accord.report.html`) and the web workbench render this structure; neither
computes anything of its own.

>>> from accord.model import load_model
>>> rep = analyse_model(load_model("examples/ukraine-2025/model.yaml"), bargaining=False)
>>> [f.engine for f in rep.issues[0].forecasts][:2]
['compromise', 'median']
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.errors import AccordError
from accord.model.schema import NegotiationModel, Position
from accord.report.prose import detail_rows, fmt_number, move_sentence, nearest_label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from accord.solve.spatial.base import ForecastResult

# Engines run by default, with the settings that make them applicable to any model file.
DEFAULT_ENGINES: tuple[str, ...] = ("compromise", "median", "eum", "smp", "exchange")
ENGINE_PARAMS: dict[str, dict[str, Any]] = {"smp": {"normalise_salience": True}}
ENGINE_NAMES = {
    "compromise": "compromise (weighted mean)",
    "median": "weighted median",
    "eum": "expected utility (BdM)",
    "smp": "KTAB SMP",
    "exchange": "Stokman exchange",
}
# Engines agree when their forecasts lie within this share of the scale of each other's median.
AGREEMENT_TOLERANCE = 0.05


@dataclass
class EngineForecast:
    """One engine's forecast on one issue (``value`` None when the engine failed)."""

    engine: str
    value: float | None
    label: str = ""
    error: str | None = None


@dataclass
class ActorPosition:
    """An actor's stance on an issue as the model states it."""

    actor: str
    label: str
    position: float
    low: float | None
    high: float | None
    salience: float
    red_line: str | None
    n_evidence: int


@dataclass
class IssueReport:
    """One issue: its scale, the positions, each engine's forecast and the words for them."""

    id: str
    question: str
    scale_min: float
    scale_max: float
    anchors: list[tuple[float, str]]
    status_quo: float | None
    positions: list[ActorPosition]
    forecasts: list[EngineForecast]
    agree: list[str]
    disagree: list[str]
    headline: str
    sweep_range: tuple[float, float] | None = None
    red_lines: list[str] = field(default_factory=list)
    track: str | None = None

    @property
    def span(self) -> float:
        """Width of the scale."""
        return self.scale_max - self.scale_min


@dataclass
class Explanation:
    """One move in words, with the numbers behind it."""

    round: int
    actor: str
    issue: str
    engine: str
    sentence: str
    numbers: list[tuple[str, str]]


@dataclass
class TrackBargain:
    """Bargaining over one track (or the whole model): zone, solutions, side payments."""

    track: str | None
    name: str
    zone_exists: bool
    zone_message: str
    binding: list[str]
    conflicts: list[str]
    solutions: list[dict[str, Any]]
    transfers_message: str | None
    payments: list[dict[str, Any]]
    holdouts: list[str]
    notes: list[str]
    plot_svg: str | None = None
    error: str | None = None


@dataclass
class Apportionment:
    """A side-payment pool divided among its claimants by every claims rule."""

    pool: str
    currency: str
    estate: float
    recipients: list[str]
    claims: list[float]
    awards: dict[str, list[float]]
    covered: bool
    unallocated: float


@dataclass
class VotingPower:
    """Shapley–Shubik and Banzhaf indices of capability used as votes (simple majority)."""

    quota: float
    actors: list[str]
    weights: list[float]
    shapley_shubik: list[float]
    banzhaf: list[float]


@dataclass
class EvidenceItem:
    """One piece of evidence behind a model number, with what the corpus says about it."""

    actor: str
    issue: str
    field: str
    quote: str | None
    citation: str | None
    url: str | None
    article_id: int | None
    article_title: str | None
    outlet: str | None
    published: dt.date | None
    flags: list[str]
    story: int | None
    story_stage: str | None
    repairs: int
    start: int | None = None
    end: int | None = None
    after_as_of: bool = False


@dataclass
class Statement:
    """A position statement extracted from an article (for the dossier timelines)."""

    article_id: int
    published: dt.date | None
    issue: str
    direction: str
    text: str
    title: str | None
    url: str | None


@dataclass
class Dossier:
    """One actor: its members, stated positions with their quotes, and statements over time."""

    id: str
    label: str
    kind: str
    capability: float
    description: str | None
    members: list[dict[str, Any]]
    positions: list[tuple[ActorPosition, str, str, list[EvidenceItem]]]
    statements: list[Statement]
    quotes: list[dict[str, Any]]


@dataclass
class EvidenceQuality:
    """Per position: how many items, independent stories and weak copies stand behind it."""

    actor: str
    issue: str
    items: int
    in_corpus: int
    stories: int
    spun: int
    repaired: int
    reposts: int
    not_found: int


@dataclass
class ModelReport:
    """The whole analysis of one model (see :func:`analyse_model`)."""

    name: str
    description: str | None
    disclaimer: str | None
    source: str | None
    generated: str
    as_of: dt.date | None
    engines: list[str]
    issues: list[IssueReport]
    explanations: list[Explanation]
    bargains: list[TrackBargain]
    apportionments: list[Apportionment]
    voting: VotingPower | None
    dossiers: list[Dossier]
    evidence: list[EvidenceItem]
    quality: list[EvidenceQuality]
    trajectories_svg: dict[str, str]
    sweep: dict[str, Any] | None
    notes: list[str]
    corpus: dict[str, int] | None = None
    results: dict[str, ForecastResult] = field(default_factory=dict, repr=False)
    #: Each position against the statements read from articles over time (with a corpus;
    #: :mod:`accord.report.drift`), and its plot as SVG text (None without statements).
    drift: list[Any] = field(default_factory=list)
    drift_svg: str | None = None
    model_as_of: dt.date | None = None  # the model's own date (``as_of`` is the report's)

    def issue(self, issue_id: str) -> IssueReport:
        """The issue section with this id (KeyError if none)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)


def run_forecasts(
    model: NegotiationModel, engines: Sequence[str] = DEFAULT_ENGINES
) -> tuple[dict[str, ForecastResult], dict[str, str]]:
    """Run each engine on the whole model: results by engine, and errors by engine.

    An engine that cannot handle the model (e.g. a scenario outside its assumptions) is reported
    with its error rather than stopping the others.
    """
    from accord.solve.spatial import get_engine
    from accord.solve.spatial.scenario import run_engine, to_scenario

    scenario = to_scenario(model)
    results: dict[str, ForecastResult] = {}
    errors: dict[str, str] = {}
    for name in engines:
        try:
            results[name] = run_engine(get_engine(name, **ENGINE_PARAMS.get(name, {})), scenario)
        except (AccordError, ValueError, FloatingPointError) as exc:
            errors[name] = str(exc)
    return results, errors


def _agreement(values: Mapping[str, float], span: float) -> tuple[list[str], list[str]]:
    """The largest group of engines whose forecasts lie within the tolerance of each other
    (ties: the group nearest the median of all forecasts), and the rest."""
    if not values:
        return [], []
    tol = AGREEMENT_TOLERANCE * span
    ordered = sorted(values, key=lambda e: values[e])
    centre = statistics.median(values.values())
    best: list[str] = []
    for k, first in enumerate(ordered):
        group = [e for e in ordered[k:] if values[e] - values[first] <= tol]
        better = len(group) > len(best) or (
            len(group) == len(best)
            and abs(statistics.median(values[e] for e in group) - centre)
            < abs(statistics.median(values[e] for e in best) - centre)
        )
        if better:
            best = group
    agree = [e for e in values if e in best]
    return agree, [e for e in values if e not in best]


def _red_line_text(p: Position, unit_label: str) -> str | None:
    r = p.red_line
    if r is None:
        return None
    parts = []
    if r.lowest_acceptable is not None:
        parts.append(f"≥ {fmt_number(r.lowest_acceptable)}")
    if r.highest_acceptable is not None:
        parts.append(f"≤ {fmt_number(r.highest_acceptable)}")
    return f"{unit_label}: " + " and ".join(parts)


def issue_headline(issue: IssueReport, labels: Mapping[str, str] | None = None) -> str:
    """The summary sentence of an issue: forecast as a label and number, the engines that agree
    (and those that do not), and the sweep's range when there is one."""
    names = labels or ENGINE_NAMES
    values = {f.engine: f.value for f in issue.forecasts if f.value is not None}
    if not values:
        return f"{issue.question} No engine could forecast this issue."
    centre = float(np.median([values[e] for e in issue.agree]))
    where = nearest_label(centre, issue.anchors, issue.span)
    text = f"Forecast: {fmt_number(centre)}" + (f", {where}" if where else "") + "."
    if issue.sweep_range is not None:
        lo, hi = issue.sweep_range
        text += (
            f" Across the sweep it ranges from {fmt_number(lo)} to {fmt_number(hi)} "
            "(5th–95th percentile of every engine's runs)."
        )
    others = "; ".join(f"{names.get(e, e)} says {fmt_number(values[e])}" for e in issue.disagree)
    if len(values) == 1:
        text += f" Only {names.get(issue.agree[0], issue.agree[0])} could forecast it."
    elif not issue.disagree:
        text += f" All {len(values)} engines agree."
    elif len(issue.agree) == 1:
        text += (
            f" The engines disagree: {names.get(issue.agree[0], issue.agree[0])} "
            f"(quoted) stands nearest the middle; {others}."
        )
    else:
        text += (
            f" {len(issue.agree)} of {len(values)} engines agree ("
            + ", ".join(names.get(e, e) for e in issue.agree)
            + f"); {others}."
        )
    if issue.status_quo is not None:
        shift = centre - issue.status_quo
        if abs(shift) <= AGREEMENT_TOLERANCE * issue.span:
            text += f" That is about the status quo ({fmt_number(issue.status_quo)})."
        else:
            text += (
                f" That is {fmt_number(abs(shift))} points "
                f"{'above' if shift > 0 else 'below'} the status quo "
                f"({fmt_number(issue.status_quo)})."
            )
    return text


def _issue_reports(
    model: NegotiationModel,
    results: Mapping[str, ForecastResult],
    errors: Mapping[str, str],
    sweep_ranges: Mapping[str, tuple[float, float]],
) -> list[IssueReport]:
    labels = {a.id: a.label for a in model.actors}
    track_of = {i: t.id for t in model.tracks for i in t.issues}
    out = []
    for issue in model.issues:
        anchors = [(a.value, a.label) for a in (issue.scale.options or issue.scale.anchors)]
        span = issue.scale.max - issue.scale.min
        positions = []
        red_lines = []
        for p in model.positions:
            if p.issue != issue.id:
                continue
            rl = _red_line_text(p, labels.get(p.actor, p.actor))
            if rl:
                red_lines.append(rl)
            positions.append(
                ActorPosition(
                    actor=p.actor,
                    label=labels.get(p.actor, p.actor),
                    position=p.position,
                    low=p.uncertainty.low if p.uncertainty else None,
                    high=p.uncertainty.high if p.uncertainty else None,
                    salience=p.salience,
                    red_line=rl,
                    n_evidence=len(p.evidence),
                )
            )
        forecasts = []
        values: dict[str, float] = {}
        for engine in [*results, *errors]:
            if engine in results:
                r = results[engine]
                v = float(r.forecast[list(r.dimensions).index(issue.id)])
                values[engine] = v
                forecasts.append(EngineForecast(engine, v, nearest_label(v, anchors, span)))
            else:
                forecasts.append(EngineForecast(engine, None, error=errors[engine]))
        agree, disagree = _agreement(values, span)
        rep = IssueReport(
            id=issue.id,
            question=issue.question,
            scale_min=issue.scale.min,
            scale_max=issue.scale.max,
            anchors=anchors,
            status_quo=issue.status_quo,
            positions=positions,
            forecasts=forecasts,
            agree=agree,
            disagree=disagree,
            headline="",
            sweep_range=sweep_ranges.get(issue.id),
            red_lines=red_lines,
            track=track_of.get(issue.id),
        )
        rep.headline = issue_headline(rep)
        out.append(rep)
    return out


def explanations(
    model: NegotiationModel, results: Mapping[str, ForecastResult]
) -> list[Explanation]:
    """Every recorded move of every engine as a sentence with its numbers, engine by engine."""
    labels = {a.id: a.label for a in model.actors}
    out = []
    for engine, result in results.items():
        for mv in result.moves:
            row = mv.row()
            out.append(
                Explanation(
                    round=mv.round,
                    actor=mv.actor,
                    issue=mv.dimension,
                    engine=engine,
                    sentence=move_sentence(row, mv.actor, labels=labels),
                    numbers=[("kind", mv.kind), *detail_rows(mv.detail)],
                )
            )
    return out


def bargain_tracks(
    model: NegotiationModel, *, plots: bool = True, resolution: int | None = None
) -> list[TrackBargain]:
    """Bargaining with side payments over each track (or the whole model when it has none)."""
    from accord.solve.bargaining.analysis import bargain
    from accord.solve.bargaining.from_model import space_from_model, transfers_from_model

    tracks: list[tuple[str | None, str]] = [(t.id, t.name or t.id) for t in model.tracks] or [
        (None, model.name)
    ]
    out = []
    for track, name in tracks:
        try:
            space = space_from_model(model, track=track, resolution=resolution)
            setup, notes = transfers_from_model(model, space)
            result = bargain(space, transfers=setup)
        except (AccordError, ValueError) as exc:
            out.append(
                TrackBargain(track, name, False, "", [], [], [], None, [], [], [], error=str(exc))
            )
            continue
        t = result.transfers
        svg = None
        if plots and len(result.actors) >= 2:
            from accord.report.svg import bargaining_svg

            svg = bargaining_svg(result, f"{model.name} [{name}]")
        out.append(
            TrackBargain(
                track=track,
                name=name,
                zone_exists=result.zone.exists,
                zone_message=result.zone.message(),
                binding=[c.describe() for c in result.zone.constraints if c.binds],
                conflicts=[c.describe() for c in result.zone.red_line_conflicts],
                solutions=[s.to_dict() for s in result.solutions],
                transfers_message=t.message() if t is not None else None,
                payments=[dict(p) for p in t.payments] if t is not None else [],
                holdouts=[f"{h.actor}: {h.reason}" for h in t.holdouts] if t is not None else [],
                notes=[*notes, *result.notes, *space.notes],
                plot_svg=svg,
            )
        )
    return out


def apportionments(model: NegotiationModel) -> list[Apportionment]:
    """Each pool with claims divided by every claims rule."""
    from accord.solve.coalition.claims import RULES
    from accord.solve.coalition.pools import apportion_pool

    out = []
    for pool in model.side_payment_pools:
        if not pool.claims:
            continue
        by_rule = {rule: apportion_pool(model, pool.id, rule) for rule in RULES}
        first = next(iter(by_rule.values()))
        out.append(
            Apportionment(
                pool=pool.name or pool.id,
                currency=pool.currency,
                estate=float(first.estate),
                recipients=list(first.recipients),
                claims=[float(c) for c in first.claims],
                awards={r: [float(a) for a in p.awards] for r, p in by_rule.items()},
                covered=first.covered,
                unallocated=float(first.unallocated),
            )
        )
    return out


def voting_power(model: NegotiationModel) -> VotingPower | None:
    """Power indices of capability used as votes with a simple-majority quota (more than half
    of the total), for models with 2–60 actors and whole-number capabilities."""
    from accord.solve.coalition.voting import power_indices

    weights = [a.capability for a in model.actors]
    if not 2 <= len(weights) <= 60 or any(w != int(w) for w in weights) or sum(weights) <= 0:
        return None
    quota = int(sum(weights)) // 2 + 1
    res = power_indices([int(w) for w in weights], quota)
    return VotingPower(
        quota=quota,
        actors=[a.label for a in model.actors],
        weights=weights,
        shapley_shubik=[float(x) for x in res.shapley_shubik],
        banzhaf=[float(x) for x in res.banzhaf],
    )


def trajectories_svg(
    model: NegotiationModel, results: Mapping[str, ForecastResult]
) -> dict[str, str]:
    """Position trajectories of each dynamic engine as SVG text (the CLI's ``--plot`` drawing)."""
    import tempfile

    from accord.report.plots import plot_model_trajectories

    out = {}
    with tempfile.TemporaryDirectory(prefix="accord-report-") as tmp:
        for engine, result in results.items():
            if result.history.shape[0] < 2:
                continue  # a static engine: nothing moves
            path = Path(tmp) / f"{engine}.svg"
            plot_model_trajectories(
                result, model, path, title=f"{model.name} — {ENGINE_NAMES.get(engine, engine)}"
            )
            out[engine] = path.read_text(encoding="utf-8")
    return out


def analyse_model(
    model: NegotiationModel,
    *,
    session: Session | None = None,
    source: str | None = None,
    engines: Sequence[str] = DEFAULT_ENGINES,
    sweep: Mapping[str, Any] | None = None,
    as_of: dt.date | None = None,
    bargaining: bool = True,
    plots: bool = True,
) -> ModelReport:
    """Analyse ``model`` for a report: forecasts, explanations, bargaining, apportionment,
    voting power and, given a database ``session``, dossiers and evidence quality.

    ``sweep`` is a sweep's summary (``{"id": …, "ranges": {issue: (low, high)}}``) whose ranges
    are quoted next to the forecasts. ``as_of`` leaves out evidence published after that date.
    """
    results, errors = run_forecasts(model, engines)
    ranges = {k: (float(v[0]), float(v[1])) for k, v in ((sweep or {}).get("ranges") or {}).items()}
    issues = _issue_reports(model, results, errors, ranges)
    notes = [f"{e}: {msg}" for e, msg in errors.items()]
    evidence: list[EvidenceItem] = []
    dossier_extra: dict[str, tuple[list[Statement], list[dict[str, Any]]]] = {}
    corpus = None
    drift: list[Any] = []
    drift_plot = None
    if session is not None:
        from accord.report.drift import drift_panels, position_drift
        from accord.report.evidence import corpus_counts, dossier_corpus, link_evidence

        evidence = link_evidence(model, session, as_of=as_of)
        dossier_extra = dossier_corpus(model, session, as_of=as_of)
        corpus = corpus_counts(session)
        drift = position_drift(model, session, as_of=as_of)
        panels = drift_panels(drift)
        if plots and panels:
            from accord.report.svg import drift_svg

            drift_plot = drift_svg(panels, model.as_of)
    else:
        from accord.report.evidence import unlinked_evidence

        evidence = unlinked_evidence(model)
    quality = evidence_quality(model, evidence)
    return ModelReport(
        name=model.name,
        description=model.description,
        disclaimer=model.disclaimer,
        source=source,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        as_of=as_of,
        engines=list(results),
        issues=issues,
        explanations=explanations(model, results),
        bargains=bargain_tracks(model, plots=plots) if bargaining else [],
        apportionments=apportionments(model),
        voting=voting_power(model),
        dossiers=dossiers(model, issues, evidence, dossier_extra),
        evidence=evidence,
        quality=quality,
        trajectories_svg={},
        sweep=dict(sweep) if sweep else None,
        notes=notes,
        corpus=corpus,
        results=results,
        drift=drift,
        drift_svg=drift_plot,
        model_as_of=model.as_of,
    )


def evidence_quality(
    model: NegotiationModel, evidence: Sequence[EvidenceItem]
) -> list[EvidenceQuality]:
    """One row per position: items, items found in the corpus, independent stories, and how many
    cited articles are spun copies, repaired or reposts."""
    out = []
    for p in model.positions:
        items = [e for e in evidence if e.actor == p.actor and e.issue == p.issue]
        found = [e for e in items if e.article_id is not None and not e.after_as_of]
        stories = {e.story if e.story is not None else -e.article_id for e in found if e.article_id}
        out.append(
            EvidenceQuality(
                actor=p.actor,
                issue=p.issue,
                items=len(items),
                in_corpus=len(found),
                stories=len(stories),
                spun=sum(1 for e in found if "spun-text" in e.flags or e.story_stage == "spin"),
                repaired=sum(1 for e in found if e.repairs > 0 or "encoding-repaired" in e.flags),
                reposts=sum(1 for e in found if e.story_stage == "repost"),
                not_found=sum(1 for e in items if e.quote and e.article_id is None),
            )
        )
    return out


def dossiers(
    model: NegotiationModel,
    issues: Sequence[IssueReport],
    evidence: Sequence[EvidenceItem],
    extra: Mapping[str, tuple[list[Statement], list[dict[str, Any]]]],
) -> list[Dossier]:
    """One dossier per actor: members, positions with the evidence behind them, and (with a
    corpus) its extracted statements over time and its quotes."""
    by_issue = {i.id: i for i in issues}
    out = []
    for a in model.actors:
        positions = []
        for i in issues:
            for pos in i.positions:
                if pos.actor == a.id:
                    items = [e for e in evidence if e.actor == a.id and e.issue == i.id]
                    positions.append((pos, i.id, by_issue[i.id].question, items))
        statements, quotes = extra.get(a.id, ([], []))
        out.append(
            Dossier(
                id=a.id,
                label=a.label,
                kind=str(a.kind),
                capability=a.capability,
                description=a.description,
                members=[m.model_dump(exclude_none=True) for m in a.members],
                positions=positions,
                statements=statements,
                quotes=quotes,
            )
        )
    return out
