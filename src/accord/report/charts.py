"""The report's two data plots — the bargaining space and the position drift — written as SVG
documents directly, without matplotlib.

The report used to draw them with matplotlib (the CLI's ``--plot`` files still are): importing
matplotlib and drawing the two bargaining plots were about a third of a new ``accord report``
process's CPU, for figures made of a few hundred shapes. Here they are plain SVG text with the
same content — the same series, markers, colours and labels — and every label is an escaped
``<text>`` element (searchable, selectable, read by screen readers). The feasible outcomes, up to
hundreds of thousands of points, are drawn as the cells of a fine grid that hold at least one
outcome, so the file stays small whatever the grid size.

>>> from accord.report.charts import nice_ticks
>>> nice_ticks(0.0, 1.0)
[0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from markupsafe import escape

from accord.report.drift import PositionDrift
from accord.solve.bargaining.analysis import BargainingResult

# The colours and markers of the matplotlib plots (bargain_plot.py, plots.py).
_SOLUTION_MARKS = {
    "nash": ("star", "#d62728"),
    "kalai-smorodinsky": ("diamond", "#1f77b4"),
    "egalitarian": ("square", "#2ca02c"),
    "utilitarian": ("triangle", "#9467bd"),
}
_TRANSFER_MARK = ("plus", "#ff7f0e")
_FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'
_GRID_CELLS = 90  # feasible outcomes: cells per axis of the occupancy grid
_MAX_POINTS = 3000  # frontier points drawn at most (every k-th beyond that)


def _star() -> tuple[tuple[float, float], ...]:
    points = []
    for k in range(10):
        r = 0.75 if k % 2 == 0 else 0.3
        a = math.pi / 2 + k * math.pi / 5
        points.append((r * math.cos(a), -r * math.sin(a)))
    return tuple(points)


# Filled marker outlines as offsets from the centre, in units of the marker's size.
_SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "star": _star(),
    "diamond": ((0, -0.6), (0.45, 0), (0, 0.6), (-0.45, 0)),
    "square": ((-0.45, -0.45), (0.45, -0.45), (0.45, 0.45), (-0.45, 0.45)),
    "triangle": ((0, -0.6), (0.6, 0.48), (-0.6, 0.48)),
    "plus": ((-0.2, -0.6), (0.2, -0.6), (0.2, -0.2), (0.6, -0.2), (0.6, 0.2), (0.2, 0.2),
             (0.2, 0.6), (-0.2, 0.6), (-0.2, 0.2), (-0.6, 0.2), (-0.6, -0.2), (-0.2, -0.2)),
}


def nice_ticks(lo: float, hi: float, target: int = 6) -> list[float]:
    """Tick values at round steps (1, 2, 2.5 or 5 × a power of ten) covering ``[lo, hi]``,
    about ``target`` of them."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, target - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw * 0.999)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


def _label(value: float) -> str:
    """A tick label: no trailing zeros, at most three decimals."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class _Frame:
    """A plot area in the SVG and the data ranges it shows."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, v: float) -> float:
        lo, hi = self.x_range
        return self.left + self.width * (v - lo) / (hi - lo)

    def y(self, v: float) -> float:
        lo, hi = self.y_range
        return self.top + self.height * (1.0 - (v - lo) / (hi - lo))

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _padded(values: Sequence[float], pad: float = 0.05) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    span = hi - lo
    return lo - pad * span, hi + pad * span


def _text(x: float, y: float, s: str, size: float = 10, anchor: str = "start",
          extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f"{escape(s)}</text>")


def _marker(kind: str, x: float, y: float, colour: str, size: float = 7.0,
            edge: str | None = "#000") -> str:
    """One marker centred on (x, y): circle, ring, star, diamond, square, triangle, plus, cross;
    the filled shapes other than the circle get an ``edge`` outline unless it is None."""
    s = size
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s / 2:.1f}" fill="{colour}"/>'
    if kind == "ring":
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s / 2:.1f}" fill="none" '
                f'stroke="{colour}" stroke-width="1.3"/>')
    if kind == "cross":
        h = s / 2
        return (f'<path d="M{x - h:.1f},{y - h:.1f}L{x + h:.1f},{y + h:.1f}M{x - h:.1f},'
                f'{y + h:.1f}L{x + h:.1f},{y - h:.1f}" stroke="{colour}" stroke-width="1.5"/>')
    shape = _SHAPES.get(kind)
    if shape is None:
        raise ValueError(f"unknown marker {kind!r}")
    points = " ".join(f"{x + dx * s:.1f},{y + dy * s:.1f}" for dx, dy in shape)
    outline = f' stroke="{edge}" stroke-width="0.8"' if edge else ""
    return f'<polygon points="{points}" fill="{colour}"{outline}/>'


def _swatch(kind: str, colour: str, size: float,
            edge: str | None = "#000") -> Callable[[float, float], str]:
    """A legend entry's marker, drawn where the legend puts it."""
    def draw(x: float, y: float) -> str:
        return _marker(kind, x, y, colour, size, edge)
    return draw


def _axes(frame: _Frame, x_ticks: Sequence[tuple[float, str]],
          y_ticks: Sequence[tuple[float, str]], grid: bool = False) -> list[str]:
    """The frame, tick marks and tick labels (and light grid lines when ``grid``)."""
    f = frame
    parts = [f'<rect x="{f.left:.1f}" y="{f.top:.1f}" width="{f.width:.1f}" '
             f'height="{f.height:.1f}" fill="none" stroke="#333" stroke-width="0.8"/>']
    for v, label in x_ticks:
        x = f.x(v)
        if grid:
            parts.append(f'<line x1="{x:.1f}" y1="{f.top:.1f}" x2="{x:.1f}" y2="{f.bottom:.1f}" '
                         'stroke="#000" stroke-opacity="0.1"/>')
        parts.append(f'<line x1="{x:.1f}" y1="{f.bottom:.1f}" x2="{x:.1f}" '
                     f'y2="{f.bottom + 4:.1f}" stroke="#333"/>')
        parts.append(_text(x, f.bottom + 15, label, 9, "middle"))
    for v, label in y_ticks:
        y = f.y(v)
        if grid:
            parts.append(f'<line x1="{f.left:.1f}" y1="{y:.1f}" x2="{f.right:.1f}" y2="{y:.1f}" '
                         'stroke="#000" stroke-opacity="0.1"/>')
        parts.append(f'<line x1="{f.left - 4:.1f}" y1="{y:.1f}" x2="{f.left:.1f}" y2="{y:.1f}" '
                     'stroke="#333"/>')
        parts.append(_text(f.left - 6, y + 3, label, 9, "end"))
    return parts


def _legend(entries: Sequence[tuple[Callable[[float, float], str], str]], left: float,
            top: float, width: float) -> tuple[list[str], float]:
    """Legend entries (a marker drawer and a label) in rows across ``width``; the parts and the
    height used."""
    parts: list[str] = []
    column = 230.0
    per_row = max(1, int(width // column))
    for k, (draw, label) in enumerate(entries):
        x = left + column * (k % per_row)
        y = top + 16 * (k // per_row) + 8
        parts.append(draw(x + 8, y - 3))
        parts.append(_text(x + 20, y + 1, label, 9))
    rows = math.ceil(len(entries) / per_row) if entries else 0
    return parts, 16.0 * rows + 6


def _document(width: float, height: float, parts: Sequence[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label)}" '
            f'{_FONT}><rect width="100%" height="100%" fill="#fff"/>' + "".join(parts) + "</svg>")


def bargaining_chart(result: BargainingResult, title: str = "",
                     axes: tuple[str, str] | None = None) -> str:
    """The bargaining space of ``result`` on two actors' utilities (``axes``, by default the
    first two): feasible outcomes, the Pareto frontier inside and outside the zone of agreement,
    the disagreement point, each bargaining solution and the cheapest deal with transfers — the
    content of :func:`accord.report.bargain_plot.plot_bargaining` — as an SVG document."""
    actors = result.actors
    pair = axes or (actors[0], actors[1])
    i, j = actors.index(pair[0]), actors.index(pair[1])
    d = result.disagreement
    feas = result.feasible_utilities
    outer = result.frontier_outside_zone_utilities
    front = result.frontier_utilities
    shown: dict[str, tuple[str, tuple[float, float]]] = {}
    for sol in reversed(result.solutions):  # the continuous solution (last) wins over the grid
        if sol.concept not in shown:
            shown[sol.concept] = (sol.method, (sol.utilities[pair[0]], sol.utilities[pair[1]]))
    t = result.transfers
    deal = (
        (t.utilities_after[pair[0]], t.utilities_after[pair[1]])
        if t is not None and t.opens_zone and t.utilities_after is not None else None
    )
    xs = [d[pair[0]]] + [u[0] for _, u in shown.values()] + ([deal[0]] if deal else [])
    ys = [d[pair[1]]] + [u[1] for _, u in shown.values()] + ([deal[1]] if deal else [])
    for block in (feas, outer, front):
        if len(block):
            xs += [float(block[:, i].min()), float(block[:, i].max())]
            ys += [float(block[:, j].min()), float(block[:, j].max())]

    head = title or "Bargaining space"
    if len(actors) > 2:
        head += f" — projection on {pair[0]} × {pair[1]} of {len(actors)} actors"
    lines = [head, *textwrap.wrap(result.zone.message(), 90)]
    width = 720.0
    top = 14.0 + 14.0 * len(lines) + 8
    frame = _Frame(64.0, top, width - 64.0 - 20.0, 400.0, _padded(xs), _padded(ys))
    parts = [_text(width / 2, 18 + 14 * k, line, 11 if k == 0 else 9, "middle",
                   ' font-weight="bold"' if k == 0 else "") for k, line in enumerate(lines)]
    legend: list[tuple[Callable[[float, float], str], str]] = []

    if len(feas) > _MAX_POINTS:
        # Occupied cells of a fine grid, each column's consecutive cells one rectangle: what a
        # scatter of every outcome shows, in a few hundred shapes instead of one per outcome.
        counts, x_edges, y_edges = np.histogram2d(
            feas[:, i], feas[:, j], bins=_GRID_CELLS, range=[frame.x_range, frame.y_range])
        cw = frame.width / _GRID_CELLS
        for a in range(_GRID_CELLS):
            filled = np.flatnonzero(counts[a])
            if not len(filled):
                continue
            breaks = np.flatnonzero(np.diff(filled) > 1)
            for first, last in zip(np.r_[filled[0], filled[breaks + 1]],
                                   np.r_[filled[breaks], filled[-1]], strict=True):
                y_top = frame.y(float(y_edges[last + 1]))
                parts.append(f'<rect x="{frame.x(float(x_edges[a])):.1f}" y="{y_top:.1f}" '
                             f'width="{cw + 0.3:.1f}" '
                             f'height="{frame.y(float(y_edges[first])) - y_top + 0.3:.1f}" '
                             'fill="#ccc"/>')
    elif len(feas):
        parts += [_marker("circle", frame.x(float(u[i])), frame.y(float(u[j])), "#bbb", 3)
                  for u in feas]
    if len(feas):
        legend.append((_swatch("circle", "#bbb", 5), "feasible outcomes"))
    parts.append(f'<line x1="{frame.x(d[pair[0]]):.1f}" y1="{frame.top:.1f}" '
                 f'x2="{frame.x(d[pair[0]]):.1f}" y2="{frame.bottom:.1f}" stroke="#999" '
                 'stroke-width="0.7" stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{frame.left:.1f}" y1="{frame.y(d[pair[1]]):.1f}" '
                 f'x2="{frame.right:.1f}" y2="{frame.y(d[pair[1]]):.1f}" stroke="#999" '
                 'stroke-width="0.7" stroke-dasharray="4 3"/>')
    if len(outer):
        step = max(1, len(outer) // _MAX_POINTS)
        parts += [_marker("circle", frame.x(float(u[i])), frame.y(float(u[j])), "#8c8c8c", 4)
                  for u in outer[::step]]
        legend.append((_swatch("circle", "#8c8c8c", 4),
                       "Pareto-optimal, outside the zone"))
    if len(front):
        if len(actors) == 2:
            order = np.lexsort((-front[:, j], front[:, i]))
            pts = " ".join(f"{frame.x(float(u[i])):.1f},{frame.y(float(u[j])):.1f}"
                           for u in front[order])
            parts.append(f'<polyline points="{pts}" fill="none" stroke="#404040" '
                         'stroke-width="0.9"/>')
            label = "Pareto frontier of the zone"
        else:
            label = "Pareto frontier of the zone (projected)"  # a cloud, not a curve
        step = max(1, len(front) // _MAX_POINTS)
        parts += [_marker("circle", frame.x(float(u[i])), frame.y(float(u[j])), "#404040", 4)
                  for u in front[::step]]
        legend.append((_swatch("circle", "#404040", 4), label))
    parts.append(_marker("ring", frame.x(d[pair[0]]), frame.y(d[pair[1]]), "#000", 10))
    legend.append((_swatch("ring", "#000", 10), "disagreement point"))
    for concept in reversed(list(shown)):  # the order of result.solutions
        method, (ux, uy) = shown[concept]
        kind, colour = _SOLUTION_MARKS.get(concept, ("circle", "#000"))
        parts.append(_marker(kind, frame.x(ux), frame.y(uy), colour, 13))
        legend.append((_swatch(kind, colour, 11),
                       f"{concept} ({method})"))
    if deal is not None:
        kind, colour = _TRANSFER_MARK
        parts.append(_marker(kind, frame.x(deal[0]), frame.y(deal[1]), colour, 13))
        legend.append((_swatch(kind, colour, 11),
                       "cheapest deal with transfers"))

    x_ticks = [(v, _label(v)) for v in nice_ticks(*frame.x_range)]
    y_ticks = [(v, _label(v)) for v in nice_ticks(*frame.y_range)]
    parts += _axes(frame, x_ticks, y_ticks)
    parts.append(_text(frame.left + frame.width / 2, frame.bottom + 32, f"utility of {pair[0]}",
                       10, "middle"))
    cy = frame.top + frame.height / 2
    parts.append(_text(16, cy, f"utility of {pair[1]}", 10, "middle",
                       f' transform="rotate(-90 16 {cy:.1f})"'))
    legend_parts, legend_height = _legend(legend, frame.left, frame.bottom + 44, frame.width)
    parts += legend_parts
    return _document(width, frame.bottom + 44 + legend_height, parts, head)


_DRIFT_GROUPS = (
    ("before the model", "circle", "#999"),
    ("supports", "circle", "#2ca02c"),
    ("contradicts", "cross", "#d62728"),
)
_DAY_PAD = 3  # days of room left and right of the dated statements


def _date_ticks(first: int, last: int, target: int = 5) -> list[int]:
    """Day ordinals for date ticks: month starts over long spans, round day steps otherwise."""
    span = last - first
    if span > 120:
        start = dt.date.fromordinal(first)
        months: list[int] = []
        y, m = start.year, start.month
        while True:
            day = dt.date(y, m, 1).toordinal()
            if day > last:
                break
            if day >= first:
                months.append(day)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        keep = max(1, math.ceil(len(months) / target))
        return months[::keep]
    step = next(s for s in (1, 2, 5, 7, 14, 30) if s * (target - 1) >= span or s == 30)
    return list(range(first + (-first) % step, last + 1, step)) or [first]


def drift_chart(drifts: Sequence[PositionDrift], as_of: dt.date | None = None,
                title: str | None = None) -> str:
    """Each model position against the statements read from articles over time, one panel per
    actor and issue — the content of :func:`accord.report.plots.plot_position_drift` — as an SVG
    document: the model's value (solid line) and uncertainty range (band), statements at their
    publication date and implied value (grey before the model's date; newer ones green when
    they support it, red crosses when they contradict it; ``×n`` for n statements of one day
    and value) and the model's date (dotted line)."""
    cols = 1 if len(drifts) <= 1 else 2
    rows = max(1, math.ceil(len(drifts) / cols))
    panel_w, panel_h, gap = 420.0, 150.0, 70.0
    head_h = 34.0
    width = cols * (panel_w + 60) + 20
    parts = [_text(width / 2, 20, title or "Model positions against the statements in the "
                   "articles", 12, "middle", ' font-weight="bold"')]
    for k, d in enumerate(drifts):
        left = 60 + (k % cols) * (panel_w + 60)
        top = head_h + 30 + (k // cols) * (panel_h + gap)
        days = [p.published.toordinal() for p in d.points]
        if as_of is not None:
            days.append(as_of.toordinal())
        first, last = (min(days), max(days)) if days else (0, 1)
        lo, hi = d.scale
        pad = 0.03 * (hi - lo)
        frame = _Frame(left, top, panel_w, panel_h,
                       (first - _DAY_PAD, last + _DAY_PAD), (lo - pad, hi + pad))
        heading = textwrap.wrap(f"{d.label}: {d.question}", 72)[:2]
        for n, line in enumerate(heading):
            parts.append(_text(left + panel_w / 2, top - 8 - 12 * (len(heading) - 1 - n), line,
                               9, "middle"))
        if d.low is not None and d.high is not None:
            parts.append(f'<rect x="{frame.left:.1f}" y="{frame.y(d.high):.1f}" '
                         f'width="{frame.width:.1f}" '
                         f'height="{max(0.0, frame.y(d.low) - frame.y(d.high)):.1f}" '
                         'fill="#d9d9d9"/>')
        x_ticks = [(float(o), dt.date.fromordinal(o).isoformat())
                   for o in (_date_ticks(first, last) if days else [])]
        y_ticks = [(v, _label(v)) for v in nice_ticks(lo, hi, 5)]
        parts += _axes(frame, x_ticks, y_ticks, grid=True)
        py = frame.y(d.position)
        parts.append(f'<line x1="{frame.left:.1f}" y1="{py:.1f}" x2="{frame.right:.1f}" '
                     f'y2="{py:.1f}" stroke="#000" stroke-width="1.2"/>')
        if as_of is not None:
            ax = frame.x(as_of.toordinal())
            parts.append(f'<line x1="{ax:.1f}" y1="{frame.top:.1f}" x2="{ax:.1f}" '
                         f'y2="{frame.bottom:.1f}" stroke="#000" stroke-dasharray="1.5 2.5"/>')
        groups = (
            [p for p in d.points if not p.newer],
            [p for p in d.points if p.newer and p.supports],
            [p for p in d.points if p.newer and not p.supports],
        )
        for points, (_, kind, colour) in zip(groups, _DRIFT_GROUPS, strict=True):
            # Statements of one day that imply the same value share a marker and a count.
            same = Counter((p.published, p.value) for p in points)
            for (day, value), count in same.items():
                x, y = frame.x(day.toordinal()), frame.y(value)
                parts.append(_marker(kind, x, y, colour, 6))
                if count > 1:
                    parts.append(_text(x + 5, y - 4, f"×{count}", 8, extra=f' fill="{colour}"'))
        parts.append(_text(left - 40, top + panel_h / 2, "position", 9, "middle",
                           f' transform="rotate(-90 {left - 40:.1f} {top + panel_h / 2:.1f})"'))
    bottom = head_h + 30 + rows * (panel_h + gap) - gap + 30
    entries: list[tuple[Callable[[float, float], str], str]] = [
        (lambda x, y: f'<line x1="{x - 7:.1f}" y1="{y:.1f}" x2="{x + 7:.1f}" y2="{y:.1f}" '
         'stroke="#000" stroke-width="1.2"/>', "model position"),
        (_swatch("circle", "#999", 6), "statement before the model"),
        (_swatch("circle", "#2ca02c", 6), "newer, supports"),
        (_swatch("cross", "#d62728", 6), "newer, contradicts"),
    ]
    legend, legend_height = _legend(entries, 20, bottom, width - 40)
    parts += legend
    return _document(width, bottom + legend_height + 4, parts,
                     title or "Model positions against the statements in the articles")


__all__ = ["bargaining_chart", "drift_chart", "nice_ticks"]
