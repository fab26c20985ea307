"""``bargain``: can the parties agree, where, and can money buy a deal? (``accord bargain``)

>>> import accord
>>> b = accord.bargain("examples/ukraine-2025/model.yaml", actors=["us", "russia", "ukraine"],
...                    issues=["territory", "ceasefire"], transfers=True)
>>> b.result.zone.exists, b.result.transfers.opens_zone
(False, True)
>>> b.header().split(":")[0]
'Ukraine 2025 (US–Russia talks) [agenda]'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.model.io import LoadedModel
    from accord.model.schema import NegotiationModel
    from accord.solve.bargaining.analysis import BargainingResult
    from accord.solve.bargaining.space import BargainingSpace


@dataclass
class Bargaining:
    """A bargaining analysis: the model's name, the track (``"agenda"`` for an ad-hoc one), the
    resolution asked for, the outcome ``space`` and the ``result`` (zone of agreement, Pareto
    frontier, solutions, side payments, notes)."""

    model: str
    track: str | None
    resolution: int | None
    space: BargainingSpace
    result: BargainingResult
    #: The model bargained over (with the ad-hoc agenda as a track when there is one).
    source_model: NegotiationModel | None = None
    #: What the Nash outcome means, per issue (the nearest labelled point); empty without one.
    nash_meaning: dict[str, str] = field(default_factory=dict)
    #: One line per red line the Nash outcome crosses.
    red_lines: list[str] = field(default_factory=list)
    #: The frontier plot written (``plot=``), if any.
    plot: Path | None = None

    def header(self) -> str:
        """One line: model [track]: actors, issues, outcomes (grid shape)."""
        shape = " × ".join(str(n) for n in self.space.shape)
        return (
            f"{self.model}{f' [{self.track}]' if self.track else ''}: "
            f"{self.space.n_actors} actors, {self.space.n_issues} issues, "
            f"{self.space.size:,} outcomes ({shape})"
        )

    def solution_rows(self) -> list[dict[str, Any]]:
        """One row per solution: concept, method, outcome, utilities, gains, binding, ties."""

        def text(values: dict[str, float]) -> str:
            return ", ".join(f"{k}={v:.4g}" for k, v in values.items())

        return [
            {
                "concept": s.concept,
                "method": s.method,
                "outcome": text(s.outcome),
                "utilities": text(s.utilities),
                "gains": text(s.gains),
                "binding": "; ".join(s.binding),
                "ties": s.ties,
            }
            for s in self.result.solutions
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the result's record plus model, track, resolution and grid shape."""
        data = self.result.to_dict()
        data["model"] = self.model
        data["track"] = self.track
        data["resolution"] = self.resolution
        data["grid_shape"] = list(self.space.shape)
        return data


def bargain(
    model: str | Path | NegotiationModel | LoadedModel,
    *,
    track: str | None = None,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    transfers: bool = False,
    resolution: int | None = None,
    weighted: bool = False,
    continuous: bool = True,
    as_of: dt.date | str | None = None,
    db: str | Path | None = None,
    max_actors: int | None = 1_000,
    plot: str | Path | None = None,
    axes: Sequence[str] | None = None,
) -> Bargaining:
    """Zone of agreement, Pareto frontier, Nash / Kalai–Smorodinsky / egalitarian /
    utilitarian solutions and, with ``transfers``, the cheapest side payments.

    ``model``: a model file (checked; errors name file, line and field) or a model.
    ``track`` bargains on one track; ``actors``/``issues`` narrow it (or the whole model) to
    an ad-hoc agenda. ``resolution``: grid points per continuous scale (None: the finest up to
    21 within 1,000,000 outcomes). ``weighted``: capability-weighted Nash. ``continuous``
    polishes grid solutions with SLSQP. A model whose red lines leave no feasible outcome is a
    result (``result.zone``), not an error. ``as_of`` bargains over the model as it stood on
    that date (:func:`accord.forecasting.at_date`; ``db`` dates evidence that names an
    article). More than ``max_actors`` actors in play (None: no limit) are an error before any
    grid is built. ``plot`` draws the utilities and the frontier of two actors (``axes``,
    default the first two) to a PNG or SVG file; a bad suffix or pair is refused first.
    """
    pair = _plot_axes(plot, axes)
    from accord.model.agenda import AGENDA_ID, with_agenda
    from accord.model.io import LoadedModel, ModelFormat
    from accord.model.load import errors_in, load_checked
    from accord.solve.bargaining.analysis import bargain as solve
    from accord.solve.bargaining.from_model import space_from_model, transfers_from_model

    source: LoadedModel | NegotiationModel = (
        load_checked(model) if isinstance(model, str | Path) else model
    )
    if as_of is not None:
        from accord.forecasting import at_date

        dated = at_date(source.model if isinstance(source, LoadedModel) else source, as_of,
                        db=db)
        dated_notes = [f"as of {dated.as_of}: {n}" for n in dated.notes]
        source = (LoadedModel(model=dated.model, file=source.file, format=source.format)
                  if isinstance(source, LoadedModel) else dated.model)
    if actors is not None or issues is not None:
        if isinstance(source, LoadedModel):
            source, track = with_agenda(source, actors=actors, issues=issues, track=track)
        else:  # a model not read from a file: nothing to locate errors in
            located = LoadedModel(model=source, file="", format=ModelFormat.yaml)
            source = with_agenda(located, actors=actors, issues=issues, track=track)[0].model
            track = AGENDA_ID
    space = space_from_model(source, track=track, resolution=resolution, max_actors=max_actors)
    setup, notes = transfers_from_model(source, space) if transfers else (None, [])
    file = source.file if isinstance(source, LoadedModel) else None
    try:
        with errors_in(source if isinstance(source, LoadedModel) else None):
            result = solve(space, weighted=weighted, transfers=setup, continuous=continuous)
    except InputError as exc:  # a grid too large
        if exc.file is None:
            exc.file = file
        raise
    result.notes.extend(notes)
    if as_of is not None:
        result.notes.extend(dated_notes)
    negotiation = source.model if isinstance(source, LoadedModel) else source
    out = Bargaining(negotiation.name, track, resolution, space, result, negotiation)
    if any(sol.concept == "nash" for sol in result.solutions):
        from accord.model.interpret import reading

        out.nash_meaning, out.red_lines = reading(negotiation, result.solution("nash").outcome)
    if plot is not None:
        from accord.report.bargain_plot import plot_bargaining

        title = out.model + (f" [{out.track}]" if out.track else "")
        out.plot = plot_bargaining(result, plot, pair, title)
    return out


def _plot_axes(plot: str | Path | None, axes: Sequence[str] | None) -> tuple[str, str] | None:
    """The two actors of the plot's axes, checked with the plot's suffix before any work."""
    if axes is not None and (len(axes) != 2 or not all(axes)):
        raise InputError(f"expected two actor ids, got {list(axes)!r}", field="axes")
    if plot is not None and Path(plot).suffix.lower() not in (".png", ".svg"):
        raise InputError(f"plot file must end in .png or .svg, got {Path(plot).name!r}",
                         field="plot")
    return (axes[0], axes[1]) if axes is not None else None
