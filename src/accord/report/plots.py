"""Plots of forecast results: position trajectories, one panel per issue, one line per actor.

Rendering uses matplotlib's Agg backend (no display needed) and the file is written atomically,
so a failed or interrupted plot never leaves a half-written image.

>>> from accord.report.plots import plot_trajectories
>>> plot_trajectories(result, "forecast.svg")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # must precede pyplot import: headless rendering only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.files import atomic_write_bytes  # noqa: E402
from accord.solve.spatial.base import ForecastResult  # noqa: E402

if TYPE_CHECKING:
    from accord.model.schema import NegotiationModel
    from accord.report.drift import PositionDrift

PLOT_FORMATS = ("png", "svg")
_PAD = _dt.timedelta(days=3)  # room left and right of the dated statements
MAX_LEGEND_ACTORS = 30


def plot_trajectories(
    result: ForecastResult,
    path: str | Path,
    *,
    labels: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    scale: Mapping[str, tuple[float, float]] | None = None,
    active: NDArray[np.bool_] | None = None,
    title: str | None = None,
) -> Path:
    """Draw every actor's position over the rounds, one panel per issue; return the path.

    ``labels`` maps actor ids to display names, ``titles`` issue ids to panel titles and
    ``scale`` issue ids to (min, max) y-limits. ``active`` (n_actors × n_issues) marks who has
    a stake in each issue: actors without one (salience 0) are not drawn in that panel. The
    format follows the suffix (.png or .svg).
    The forecast of each issue is drawn as a dashed horizontal line.
    """
    path = Path(path)
    fmt = plot_format(path)
    n = len(result.dimensions)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(6.4 * cols, 3.6 * rows), squeeze=False, constrained_layout=True
    )
    rounds = list(range(result.history.shape[0]))
    # One colour per actor across all panels (panels may skip actors without a stake).
    cmap = plt.get_cmap("tab10" if len(result.actors) <= 10 else "tab20")
    colours = [cmap(a % cmap.N) for a in range(len(result.actors))]
    names = [labels.get(a, a) if labels else a for a in result.actors]
    try:
        for d, dim in enumerate(result.dimensions):
            ax = axes[d // cols][d % cols]
            for a in range(len(result.actors)):
                if active is not None and not active[a, d]:
                    continue
                ax.plot(rounds, result.history[:, a, d], marker="o", markersize=3, color=colours[a])
            value = float(result.forecast[d])
            # One shared legend for all panels, so the number goes on the panel, not the legend.
            ax.axhline(value, color="black", linestyle="--", linewidth=1)
            ax.annotate(
                f"forecast {value:.4g}",
                xy=(1.0, value),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 3),
                textcoords="offset points",
                ha="right",
                fontsize=8,
            )
            ax.set_title(titles.get(dim, dim) if titles else dim, fontsize=10)
            ax.set_xlabel("round")
            ax.set_ylabel("position")
            if scale and dim in scale:
                lo, hi = scale[dim]
                pad = 0.03 * (hi - lo)
                ax.set_ylim(lo - pad, hi + pad)
            if len(rounds) > 1:
                ax.set_xticks(_ticks(len(rounds)))
            ax.grid(True, alpha=0.3)
        for extra in range(n, rows * cols):
            axes[extra // cols][extra % cols].set_visible(False)
        heading = title or f"{result.engine}: position trajectories"
        if len(result.actors) <= MAX_LEGEND_ACTORS:
            handles = [
                Line2D([], [], color=c, marker="o", markersize=3, label=n)
                for c, n in zip(colours, names, strict=True)
            ]
            handles.append(Line2D([], [], color="black", linestyle="--", label="forecast"))
            fig.legend(handles=handles, loc="outside right upper", fontsize=8)
        else:  # a legend of hundreds of actors hides the plot; say why it is missing
            heading += f" ({len(result.actors)} actors, legend omitted)"
        fig.suptitle(heading, fontsize=11)
    except BaseException:
        plt.close(fig)
        raise
    return save_figure(fig, path, fmt)


def plot_model_trajectories(
    result: ForecastResult,
    model: NegotiationModel,
    path: str | Path,
    *,
    track: str | None = None,
    title: str | None = None,
) -> Path:
    """:func:`plot_trajectories` of a forecast of ``model`` (on ``track``): actors by label,
    panels by issue question on the issue's scale, actors without a stake left out; the title
    defaults to "model [track] — engine"."""
    from accord.solve.spatial.scenario import to_scenario

    name = model.name if track is None else f"{model.name} [{track}]"
    return plot_trajectories(
        result,
        path,
        labels={a.id: a.label for a in model.actors},
        titles={i.id: i.question for i in model.issues},
        scale={i.id: (i.scale.min, i.scale.max) for i in model.issues},
        active=to_scenario(model, track).salience > 0,
        title=title if title is not None else f"{name} — {result.engine}",
    )


def plot_position_drift(
    drifts: Sequence[PositionDrift],
    path: str | Path,
    *,
    as_of: _dt.date | None = None,
    title: str | None = None,
) -> Path:
    """Each model position against the positions read from articles over time, one panel per
    actor and issue: the model's value (solid line) and uncertainty range (band), every
    statement at its publication date and implied value — newer ones that support it as green
    dots, that contradict it as red crosses, older ones grey — and the model's date (dotted
    line, ``as_of``). The format follows the suffix (.png or .svg)."""
    import matplotlib.dates as mdates

    path = Path(path)
    fmt = plot_format(path)
    n = max(1, len(drifts))
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(6.4 * cols, 3.0 * rows), squeeze=False, constrained_layout=True
    )
    try:
        for k, d in enumerate(drifts):
            ax = axes[k // cols][k % cols]
            ax.axhline(d.position, color="black", linewidth=1.2)
            if d.low is not None and d.high is not None:
                ax.axhspan(d.low, d.high, color="0.85", zorder=0)
            groups = (
                ([p for p in d.points if not p.newer], "o", "0.6", "before the model"),
                ([p for p in d.points if p.newer and p.supports], "o", "#2ca02c", "supports"),
                ([p for p in d.points if p.newer and not p.supports], "x", "#d62728",
                 "contradicts"),
            )
            for points, marker, colour, _ in groups:
                # Statements of one day that imply the same value share a marker and a count.
                same = Counter((p.published, p.value) for p in points)
                if same:
                    ax.scatter([day for day, _ in same], [v for _, v in same],
                               marker=marker, color=colour, s=28, zorder=3)
                for (day, v), count in same.items():
                    if count > 1:
                        ax.annotate(f"×{count}", xy=(day, v), xytext=(4, 3),
                                    textcoords="offset points", fontsize=7, color=colour)
            days = [p.published for p in d.points] + ([as_of] if as_of is not None else [])
            if days:
                ax.set_xlim(min(days) - _PAD, max(days) + _PAD)
            if as_of is not None:
                ax.axvline(as_of, color="black", linestyle=":", linewidth=1)
            lo, hi = d.scale
            pad = 0.03 * (hi - lo)
            ax.set_ylim(lo - pad, hi + pad)
            ax.set_title(f"{d.label}: {d.question}", fontsize=9)
            ax.set_ylabel("position")
            # matplotlib.dates has no type hints
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=6))  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
            ax.tick_params(axis="x", labelsize=7, labelrotation=20)
            ax.grid(True, alpha=0.3)
        for extra in range(len(drifts), rows * cols):
            axes[extra // cols][extra % cols].set_visible(False)
        handles = [
            Line2D([], [], color="black", label="model position"),
            Line2D([], [], color="0.6", marker="o", linestyle="",
                   label="statement before the model"),
            Line2D([], [], color="#2ca02c", marker="o", linestyle="", label="newer, supports"),
            Line2D([], [], color="#d62728", marker="x", linestyle="", label="newer, contradicts"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8)
        fig.suptitle(title or "Model positions against the statements in the articles",
                     fontsize=11)
    except BaseException:
        plt.close(fig)
        raise
    return save_figure(fig, path, fmt)


def plot_format(path: Path) -> str:
    """The image format a plot path asks for by its suffix (png or svg); a located error
    (field ``plot``) for any other."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise InputError(
            f"plot format {fmt or '(none)'!r} not supported; use .png or .svg",
            file=str(path),
            field="plot",
        )
    return fmt


def save_figure(fig: Figure, path: Path, fmt: str) -> Path:
    """Render ``fig`` as ``fmt``, close it, and write the file atomically; return the path."""
    try:
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=110)
    finally:
        plt.close(fig)
    atomic_write_bytes(path, buf.getvalue())
    return path


def _ticks(n_rounds: int) -> Sequence[int]:
    step = max(1, math.ceil((n_rounds - 1) / 10))
    return list(range(0, n_rounds, step))
