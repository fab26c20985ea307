"""Small inline SVG figures drawn from results: an issue's scale with positions, ranges and
forecasts, and position trajectories over the rounds.

Every piece of text is escaped; colours and geometry are attributes, never ``style``, so the
figures render under a Content-Security-Policy without ``unsafe-inline``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from accord.report.analysis import IssueReport
from accord.report.prose import fmt_number

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
)
ENGINE_MARKS = {"compromise": "#000", "median": "#555", "eum": "#b00", "smp": "#06c",
                "exchange": "#080"}


def colour(index: int) -> str:
    """The colour of actor number ``index`` (the same in every figure of a report)."""
    return PALETTE[index % len(PALETTE)]


def scale_svg(issue: IssueReport, colours: Mapping[str, str], width: int = 720) -> Markup:
    """The issue's scale: anchors as ticks with their labels, each actor's position (a dot, its
    uncertainty range as a bar, salience as the dot's size) and each engine's forecast."""
    left, right = 20, width - 20
    lo, hi = issue.scale_min, issue.scale_max

    def x(v: float) -> float:
        return left + (right - left) * (v - lo) / (hi - lo)

    rows = len(issue.positions)
    axis_y = 40 + 22 * rows
    height = axis_y + 30 + 14 * len(issue.anchors)
    parts = [
        f'<svg class="scale" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(issue.question)}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#333"/>',
    ]
    for f in issue.forecasts:
        if f.value is None:
            continue
        fx = x(f.value)
        mark = ENGINE_MARKS.get(f.engine, "#000")
        parts.append(
            f'<line x1="{fx:.1f}" y1="18" x2="{fx:.1f}" y2="{axis_y}" stroke="{mark}" '
            f'stroke-dasharray="4 3"><title>{escape(f.engine)}: {fmt_number(f.value)}</title>'
            "</line>"
        )
    if issue.status_quo is not None:
        sx = x(issue.status_quo)
        parts.append(
            f'<polygon points="{sx - 6:.1f},{axis_y + 12} {sx + 6:.1f},{axis_y + 12} '
            f'{sx:.1f},{axis_y + 2}" fill="#999"><title>status quo '
            f"{fmt_number(issue.status_quo)}</title></polygon>"
        )
    for k, p in enumerate(issue.positions):
        y = 34 + 22 * k
        c = colours.get(p.actor, "#333")
        if p.low is not None and p.high is not None:
            parts.append(
                f'<line x1="{x(p.low):.1f}" y1="{y}" x2="{x(p.high):.1f}" y2="{y}" '
                f'stroke="{c}" stroke-width="3" stroke-opacity="0.45"/>'
            )
        r = 3 + 5 * p.salience / 100.0
        px = x(p.position)
        anchor = "end" if px > (left + right) / 2 else "start"
        tx = px - r - 4 if anchor == "end" else px + r + 4
        parts.append(
            f'<circle cx="{px:.1f}" cy="{y}" r="{r:.1f}" fill="{c}"><title>'
            f"{escape(p.label)}: {fmt_number(p.position)}, salience {fmt_number(p.salience)}"
            f'</title></circle><text x="{tx:.1f}" y="{y + 4}" text-anchor="{anchor}" '
            f'font-size="11">{escape(p.label)} {fmt_number(p.position)}</text>'
        )
    for k, (v, label) in enumerate(sorted(issue.anchors)):
        ax = x(v)
        ty = axis_y + 26 + 14 * k
        anchor = "end" if ax > (left + right) * 0.66 else ("start" if ax < width / 3 else "middle")
        parts.append(
            f'<line x1="{ax:.1f}" y1="{axis_y - 4}" x2="{ax:.1f}" y2="{ty - 10}" stroke="#bbb"/>'
            f'<text x="{ax:.1f}" y="{ty}" font-size="10" fill="#444" text-anchor="{anchor}">'
            f"{fmt_number(v)} · {escape(label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def trajectory_svg(
    history: Sequence[Sequence[float]],
    actors: Sequence[str],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    scale: tuple[float, float],
    forecast: float | None = None,
    title: str = "",
    width: int = 340,
    height: int = 170,
) -> Markup:
    """Positions over the rounds for one issue (``history``: rounds+1 rows × actors)."""
    n = len(history)
    left, right, top, bottom = 34, width - 8, 18, height - 22
    lo, hi = scale

    def px(r: int) -> float:
        return left + (right - left) * (r / max(1, n - 1))

    def py(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    parts = [
        f'<svg class="traj" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="12" font-size="11" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#333"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="9" text-anchor="end">{fmt_number(hi)}'
        f'</text><text x="{left - 4}" y="{bottom}" font-size="9" text-anchor="end">'
        f"{fmt_number(lo)}</text>",
        f'<text x="{right}" y="{height - 6}" font-size="9" text-anchor="end">round {n - 1}'
        "</text>",
    ]
    if forecast is not None:
        parts.append(
            f'<line x1="{left}" y1="{py(forecast):.1f}" x2="{right}" y2="{py(forecast):.1f}" '
            f'stroke="#000" stroke-dasharray="4 3"><title>forecast {fmt_number(forecast)}'
            "</title></line>"
        )
    for k, a in enumerate(actors):
        pts = " ".join(f"{px(r):.1f},{py(float(history[r][k])):.1f}" for r in range(n))
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{colours.get(a, "#333")}" '
            f'stroke-width="1.6"><title>{escape(labels.get(a, a))}</title></polyline>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
