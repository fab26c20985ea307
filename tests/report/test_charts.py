"""The report's SVG charts (accord.report.charts): well-formed SVG, every point where its data
puts it, hostile text escaped, and no matplotlib imported to draw them."""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.model.load import load_checked
from accord.report.charts import bargaining_chart, drift_chart, nice_ticks
from accord.report.drift import DriftPoint, PositionDrift
from accord.solve.bargaining.analysis import BargainingResult, bargain
from accord.solve.bargaining.from_model import space_from_model, transfers_from_model
from accord.solve.bargaining.space import BargainingSpace, IssueSpace

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def bilateral() -> BargainingResult:
    model = load_checked(MODEL).model
    space = space_from_model(model, track="bilateral")
    setup, _ = transfers_from_model(model, space)
    return bargain(space, transfers=setup)


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
def test_nice_ticks_cover_the_range_at_a_round_step(lo: float, span: float) -> None:
    hi = lo + span
    ticks = nice_ticks(lo, hi)
    assert 2 <= len(ticks) <= 12
    assert all(lo - 1e-6 * span <= t <= hi + 1e-6 * span for t in ticks)
    step = (ticks[-1] - ticks[0]) / (len(ticks) - 1)
    # differences of large tick values carry rounding of about eps × |value|
    tol = 1e-9 + 8 * sys.float_info.epsilon * max(abs(lo), abs(hi)) / step
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < tol * mantissa
    assert all(abs((b - a) / step - 1) < tol for a, b in zip(ticks, ticks[1:], strict=False))


def test_bargaining_chart_labels_and_solutions(bilateral: BargainingResult) -> None:
    svg = bargaining_chart(bilateral, "bilateral")
    texts = _texts(svg)
    assert "utility of us" in texts and "utility of russia" in texts
    for label in ("feasible outcomes", "disagreement point", "Pareto-optimal, outside the zone",
                  "Pareto frontier of the zone", "kalai-smorodinsky (continuous)",
                  "nash (continuous)", "cheapest deal with transfers"):
        assert (label in texts) == (label != "cheapest deal with transfers"
                                    or bool(bilateral.transfers and bilateral.transfers.opens_zone))
    assert texts[0] == "bilateral"
    assert any(t.startswith("zone of agreement: ") for t in texts)


def test_every_point_is_where_its_utilities_put_it() -> None:
    """Two actors, a small grid: each feasible outcome is one dot, at the position a linear map
    of its utilities gives (the same map for every dot), inside the plot frame."""
    issues = tuple(IssueSpace.continuous(n, 0, 100, 6) for n in ("x", "y"))
    space = BargainingSpace.spatial(("a", "b"), issues, np.array([[0.0, 0], [100, 100]]),
                                    np.array([[0.8, 0.2], [0.2, 0.8]]), np.array([50.0, 50.0]))
    result = bargain(space, continuous=False)
    root = ET.fromstring(bargaining_chart(result))
    dots = [(float(c.get("cx", "")), float(c.get("cy", ""))) for c in root.iter(f"{SVG}circle")
            if c.get("fill") == "#bbb" and c.get("r") == "1.5"]
    feas = result.feasible_utilities
    unique = {(round(float(u[0]), 9), round(float(u[1]), 9)) for u in feas}
    assert len(dots) == len(feas) and len(unique) > 3
    # Fit x = a·u + b on two dots and check every other dot lies on the same map (to 0.1 px).
    k = int(np.argmin(feas[:, 0]))
    m = int(np.argmax(feas[:, 0]))
    ax = (dots[m][0] - dots[k][0]) / (feas[m, 0] - feas[k, 0])
    k2, m2 = int(np.argmin(feas[:, 1])), int(np.argmax(feas[:, 1]))
    ay = (dots[m2][1] - dots[k2][1]) / (feas[m2, 1] - feas[k2, 1])
    assert ax > 0 and ay < 0  # utility grows rightwards and upwards
    for (x, y), u in zip(dots, feas, strict=True):
        assert abs(x - (dots[k][0] + ax * (u[0] - feas[k, 0]))) < 0.11
        assert abs(y - (dots[k2][1] + ay * (u[1] - feas[k2, 1]))) < 0.11
    frame = next(r for r in root.iter(f"{SVG}rect") if r.get("stroke") == "#333")
    x0, y0 = float(frame.get("x", "")), float(frame.get("y", ""))
    x1, y1 = x0 + float(frame.get("width", "")), y0 + float(frame.get("height", ""))
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in dots)


def test_large_outcome_sets_are_drawn_as_grid_cells() -> None:
    """Tens of thousands of outcomes: at most one rectangle per grid cell, not one shape per
    outcome, so the SVG stays small."""
    issues = tuple(IssueSpace.continuous(n, 0, 100, 41) for n in ("x", "y", "z"))
    space = BargainingSpace.spatial(
        ("a", "b", "c"), issues, np.array([[0.0, 0, 0], [100, 100, 50], [50, 0, 100]]),
        np.full((3, 3), 1 / 3), np.array([50.0, 50.0, 50.0]))
    result = bargain(space, continuous=False)
    assert len(result.feasible_utilities) == 41 ** 3
    svg = bargaining_chart(result, "three")
    cells = re.findall(r'<rect [^>]*fill="#ccc"', svg)
    assert 0 < len(cells) <= 90 * 90
    assert len(svg) < 400_000
    assert "projection on a × b of 3 actors" in _texts(svg)[0]


def test_hostile_text_is_escaped(bilateral: BargainingResult) -> None:
    svg = bargaining_chart(bilateral, '<script>alert(1)</script> & "x"')
    ET.fromstring(svg)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    drift = PositionDrift("a", '<img src=x onerror=alert(1)>', "i", "Q & <b>?</b>", 20.0,
                          None, None, (0.0, 100.0))
    text = drift_chart([drift])
    ET.fromstring(text)
    assert "<img" not in text and "<b>" not in text


def _point(day: str, value: float, *, supports: bool, newer: bool) -> DriftPoint:
    return DriftPoint(dt.date.fromisoformat(day), value, "ukraine", "wants", "text", supports,
                      newer, 1, "t", "o", None, 0, 4)


def test_drift_chart_marks_and_counts() -> None:
    points = [
        _point("2025-11-20", 10.0, supports=True, newer=False),
        _point("2025-12-10", 60.0, supports=False, newer=True),
        _point("2025-12-10", 60.0, supports=False, newer=True),
        _point("2025-12-10", 60.0, supports=False, newer=True),
        _point("2025-12-12", 15.0, supports=True, newer=True),
    ]
    drifts = [PositionDrift("ukraine", "Ukraine", "territory", "How much territory?", 20.0, 10.0,
                            30.0, (0.0, 100.0), points)] * 3
    svg = drift_chart(drifts, dt.date(2025, 12, 1))
    root = ET.fromstring(svg)
    texts = _texts(svg)
    assert texts.count("Ukraine: How much territory?") == 3
    assert texts.count("×3") == 3  # three statements of one day and value share a marker
    grey = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#999"]
    green = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#2ca02c"]
    crosses = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#d62728"]
    # one marker per (day, value) group per panel, plus one of each in the legend
    assert (len(grey), len(green), len(crosses)) == (3 + 1, 3 + 1, 3 + 1)
    for label in ("model position", "statement before the model", "newer, supports",
                  "newer, contradicts"):
        assert label in texts
    days = [dt.date.fromisoformat(t) for t in texts if re.fullmatch(r"\d{4}-\d\d-\d\d", t)]
    assert len(set(days)) >= 3
    assert all(dt.date(2025, 11, 17) <= d <= dt.date(2025, 12, 15) for d in days)
    # the band of the uncertainty range spans 10..30 of the 0..100 scale (+3 % padding)
    band = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#d9d9d9")
    assert float(band.get("height", "")) == pytest.approx(150 * 20 / 106, abs=0.15)


def test_a_report_draws_its_charts_without_matplotlib(tmp_path: Path) -> None:
    """A new process writing the example model's report never imports matplotlib (its import
    and drawing were a third of the report's CPU)."""
    code = ("import sys; from accord.report.html import write_report; "
            f"write_report({str(MODEL)!r}, {str(tmp_path / 'r.html')!r}); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    assert out[-1] == "False"
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count('alt="bargaining space of ') == 2
