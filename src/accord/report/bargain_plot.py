"""Plot a bargaining result: outcomes, Pareto frontier, disagreement point, the solutions.

Two actors' utilities span the axes; with more than two actors the picture is a projection on
the two chosen actors (the frontier drawn is the k-party frontier projected, so points may
look dominated in the projection — the title says so). The file is written atomically (PNG or
SVG, by extension).

>>> from accord.report.bargain_plot import plot_bargaining  # doctest: +SKIP
>>> plot_bargaining(result, "frontier.png")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import numpy as np

# A bare Figure, not pyplot: nothing global to set up or tear down (no backend selection, no
# figure manager), and savefig picks the canvas from the file's format (Agg for PNG, SVG).
# pyplot's import and bookkeeping were ~0.05 s of CPU in a new `accord report` process.
from matplotlib.figure import Figure
from matplotlib.layout_engine import TightLayoutEngine

from accord.errors import InputError
from accord.solve.bargaining.analysis import BargainingResult

_MARKERS = {
    "nash": ("*", "tab:red"),
    "kalai-smorodinsky": ("D", "tab:blue"),
    "egalitarian": ("s", "tab:green"),
    "utilitarian": ("^", "tab:purple"),
}
_MAX_BACKGROUND = 20_000


def plot_bargaining(
    result: BargainingResult,
    path: str | Path,
    axes: tuple[str, str] | None = None,
    title: str = "",
) -> Path:
    """Draw ``result`` to ``path`` (.png or .svg); ``axes`` picks the two actors shown."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in (".png", ".svg"):
        raise InputError(f"plot file must end in .png or .svg, got {path.name!r}", field="plot")
    actors = result.actors
    pair = axes or (actors[0], actors[1])
    for a in pair:
        if a not in actors:
            raise InputError(
                f"unknown actor {a!r} for the plot axes; actors: {', '.join(actors)}",
                field="axes",
            )
    i, j = actors.index(pair[0]), actors.index(pair[1])
    fig = Figure(figsize=(7, 6))
    ax = fig.subplots()
    feas = result.feasible_utilities
    if len(feas):
        step = max(1, len(feas) // _MAX_BACKGROUND)
        ax.scatter(feas[::step, i], feas[::step, j], s=3, c="0.8", label="feasible outcomes",
                   rasterized=True)
    outer = result.frontier_outside_zone_utilities
    if len(outer):
        order = np.lexsort((-outer[:, j], outer[:, i]))
        ax.plot(outer[order, i], outer[order, j], ".", c="0.55", ms=4,
                label="Pareto-optimal, outside the zone")
    front = result.frontier_utilities
    if len(front):
        order = np.lexsort((-front[:, j], front[:, i]))
        if len(actors) == 2:
            ax.plot(front[order, i], front[order, j], ".-", c="0.25", ms=4, lw=0.8,
                    label="Pareto frontier of the zone")
        else:
            # A k-party frontier projected on two axes is a cloud, not a curve.
            ax.scatter(front[:, i], front[:, j], s=6, c="0.25",
                       label="Pareto frontier of the zone (projected)")
    d = result.disagreement
    ax.scatter([d[pair[0]]], [d[pair[1]]], marker="o", s=60, facecolors="none",
               edgecolors="k", label="disagreement point")
    ax.axvline(d[pair[0]], c="0.6", lw=0.6, ls="--")
    ax.axhline(d[pair[1]], c="0.6", lw=0.6, ls="--")
    shown: set[str] = set()
    for sol in reversed(result.solutions):  # continuous (last) wins over grid
        if sol.concept in shown:
            continue
        shown.add(sol.concept)
        marker, colour = _MARKERS[sol.concept]
        ax.scatter([sol.utilities[pair[0]]], [sol.utilities[pair[1]]], marker=marker, s=110,
                   c=colour, edgecolors="k", zorder=5, label=f"{sol.concept} ({sol.method})")
    t = result.transfers
    if t is not None and t.opens_zone and t.utilities_after is not None:
        ax.scatter([t.utilities_after[pair[0]]], [t.utilities_after[pair[1]]], marker="P",
                   s=110, c="tab:orange", edgecolors="k", zorder=5,
                   label="cheapest deal with transfers")
    ax.set_xlabel(f"utility of {pair[0]}")
    ax.set_ylabel(f"utility of {pair[1]}")
    head = title or "Bargaining space"
    if len(actors) > 2:
        head += f" — projection on {pair[0]} × {pair[1]} of {len(actors)} actors"
    ax.set_title(head + "\n" + textwrap.fill(result.zone.message(), 90), fontsize=9)
    ax.legend(fontsize=7, loc="best")
    # The same layout as ``fig.tight_layout()``, applied once: that method leaves a
    # placeholder layout engine on the figure, and any engine makes ``savefig`` draw the
    # whole figure an extra time before drawing it for real (a fifth of a plot's time).
    TightLayoutEngine().execute(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".plot-", suffix=ext, dir=path.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, format=ext[1:], dpi=130)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
