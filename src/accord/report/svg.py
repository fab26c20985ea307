"""Plots as SVG text for embedding in HTML: the bargaining space and the position drift.

They are drawn by :mod:`accord.report.charts` (SVG written directly: the same content as the
CLI's matplotlib ``--plot`` files, without importing or running matplotlib in a report), and
embedded as ``data:image/svg+xml`` images rather than inline ``<svg>`` elements: an image cannot
run script whatever its text holds. Their labels are SVG ``<text>`` (searchable, selectable,
read by screen readers).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from accord.solve.bargaining.analysis import BargainingResult

if TYPE_CHECKING:
    from accord.report.drift import PositionDrift


def bargaining_svg(result: BargainingResult, title: str = "") -> str:
    """The bargaining plot of ``result`` (:func:`accord.report.charts.bargaining_chart`) as
    SVG text."""
    from accord.report.charts import bargaining_chart

    return bargaining_chart(result, title)


def drift_svg(drifts: Sequence[PositionDrift], as_of: dt.date | None = None) -> str:
    """The position-drift plot (:func:`accord.report.charts.drift_chart`) as SVG text."""
    from accord.report.charts import drift_chart

    return drift_chart(drifts, as_of)


def data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,…`` for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
