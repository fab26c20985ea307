"""Plots as SVG text for embedding in HTML (the same drawings the CLI writes with ``--plot``).

Plots are embedded as ``data:image/svg+xml`` images rather than inline ``<svg>`` elements: an
image cannot run script whatever its text holds, and several matplotlib figures on one page
cannot clash over element ids.

Their text is written as SVG ``<text>`` in the report (``svg.fonttype: none``), not as glyph
outlines: the labels stay text (searchable, selectable, read by screen readers), the figures are
a quarter smaller and quicker to write. The CLI's ``--plot`` files keep matplotlib's default
(outlines: the same look on a machine without the font).
"""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accord.solve.bargaining.analysis import BargainingResult

if TYPE_CHECKING:
    from accord.report.drift import PositionDrift

# pyplot keeps global state: the workbench renders from several threads, one figure at a time.
_PLOT_LOCK = threading.Lock()


def bargaining_svg(result: BargainingResult, title: str = "") -> str:
    """The bargaining plot (:func:`accord.report.bargain_plot.plot_bargaining`) as SVG text."""
    import matplotlib

    from accord.report.bargain_plot import plot_bargaining

    with (
        _PLOT_LOCK,
        matplotlib.rc_context({"svg.fonttype": "none"}),
        tempfile.TemporaryDirectory(prefix="accord-plot-") as tmp,
    ):
        path = Path(tmp) / "bargain.svg"
        plot_bargaining(result, path, None, title)
        return path.read_text(encoding="utf-8")


def drift_svg(drifts: Sequence[PositionDrift], as_of: dt.date | None = None) -> str:
    """The position-drift plot (:func:`accord.report.plots.plot_position_drift`) as SVG text."""
    import matplotlib

    from accord.report.plots import plot_position_drift

    with (
        _PLOT_LOCK,
        matplotlib.rc_context({"svg.fonttype": "none"}),
        tempfile.TemporaryDirectory(prefix="accord-plot-") as tmp,
    ):
        path = Path(tmp) / "drift.svg"
        plot_position_drift(drifts, path, as_of=as_of)
        return path.read_text(encoding="utf-8")


def data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,…`` for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
