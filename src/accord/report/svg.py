"""Plots as SVG text for embedding in HTML (the same drawings the CLI writes with ``--plot``).

Plots are embedded as ``data:image/svg+xml`` images rather than inline ``<svg>`` elements: an
image cannot run script whatever its text holds, and several matplotlib figures on one page
cannot clash over element ids.
"""

from __future__ import annotations

import base64
import tempfile
import threading
from pathlib import Path

from accord.solve.bargaining.analysis import BargainingResult

# pyplot keeps global state: the workbench renders from several threads, one figure at a time.
_PLOT_LOCK = threading.Lock()


def bargaining_svg(result: BargainingResult, title: str = "") -> str:
    """The bargaining plot (:func:`accord.report.bargain_plot.plot_bargaining`) as SVG text."""
    from accord.report.bargain_plot import plot_bargaining

    with _PLOT_LOCK, tempfile.TemporaryDirectory(prefix="accord-plot-") as tmp:
        path = Path(tmp) / "bargain.svg"
        plot_bargaining(result, path, None, title)
        return path.read_text(encoding="utf-8")


def data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,…`` for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
