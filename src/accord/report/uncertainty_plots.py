"""Plots of uncertainty results: outcome distributions of a sweep, tornado charts of inputs.

Same conventions as :mod:`accord.report.plots`: Agg backend, PNG or SVG by suffix, written
atomically.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # must precede pyplot import: headless rendering only

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from accord.report.plots import plot_format, save_figure  # noqa: E402
from accord.solve.uncertainty.sensitivity import SensitivityResult  # noqa: E402
from accord.solve.uncertainty.sweep import SweepResult  # noqa: E402


def plot_sweep(
    result: SweepResult,
    path: str | Path,
    *,
    titles: Mapping[str, str] | None = None,
    results: Sequence[SweepResult] | None = None,
    labels: Sequence[str] | None = None,
) -> Path:
    """Histogram of every issue's outcomes, one panel per issue, one colour per engine.

    With ``results`` (and ``labels``) the panels overlay several sweeps instead — one colour
    per scenario (``accord compare``). The point forecast of each series is a dashed line,
    the 5–95 % range a shaded band.
    """
    path = Path(path)
    fmt = plot_format(path)
    series: list[tuple[str, SweepResult, int]] = []
    if results is not None:
        names = list(labels) if labels is not None else [r.scenario or "base" for r in results]
        series = [(n, r, 0) for n, r in zip(names, results, strict=True)]
    else:
        series = [(e, result, i) for i, e in enumerate(result.engines)]
    issues = result.issues
    n = len(issues)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(6.4 * cols, 3.0 * rows), squeeze=False, constrained_layout=True
    )
    cmap = plt.get_cmap("tab10")
    for k, issue in enumerate(issues):
        ax = axes[k // cols][k % cols]
        lo, hi = float(result.scale_min[k]), float(result.scale_max[k])
        bins = np.linspace(lo, hi, 41)
        for s, (name, res, e) in enumerate(series):
            if issue not in res.issues:
                continue
            kk = res.issues.index(issue)
            x = res.outcomes[:, e, kk]
            x = x[np.isfinite(x)]
            colour = cmap(s % cmap.N)
            ax.hist(np.clip(x, lo, hi), bins=bins, alpha=0.45, color=colour, label=name)
            if len(x):
                q5, q95 = np.quantile(x, [0.05, 0.95])
                ax.axvspan(q5, q95, color=colour, alpha=0.08)
            ax.axvline(float(res.point[e, kk]), color=colour, linestyle="--", linewidth=1)
        ax.set_xlim(lo, hi)
        ax.set_title(titles.get(issue, issue) if titles else issue, fontsize=10)
        ax.set_xlabel("outcome on the issue's scale")
        ax.set_ylabel("runs")
        ax.grid(True, alpha=0.3)
    for extra in range(n, rows * cols):
        axes[extra // cols][extra % cols].set_visible(False)
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside right upper", fontsize=8)
    what = "scenarios" if results is not None else ", ".join(result.engines)
    fig.suptitle(
        f"{result.model_name}: outcome distributions over {result.runs:,} runs ({what}); "
        "dashed = point forecast, band = 5–95 %",
        fontsize=10,
    )
    return save_figure(fig, path, fmt)


def plot_tornado(result: SensitivityResult, path: str | Path, *, top: int = 10) -> Path:
    """Tornado chart per issue: the inputs that move it most, largest at the top.

    One-at-a-time: a bar from the forecast with the input at its 5 % quantile to the one at
    its 95 %, around the point forecast. Sobol: total (ST, with its interval) and first-order
    (S1) indices. Morris: mu* with its interval.
    """
    path = Path(path)
    fmt = plot_format(path)
    issues = [i for i in result.issues if any(e.score > 0 for e in result.effects[i])]
    issues = issues or list(result.issues)
    n = len(issues)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(6.8 * cols, 0.45 * top * rows + 1.2 * rows),
        squeeze=False,
        constrained_layout=True,
    )
    for k, issue in enumerate(issues):
        ax = axes[k // cols][k % cols]
        effects = [e for e in result.effects[issue][:top]][::-1]
        y = np.arange(len(effects))
        names = [e.input for e in effects]
        if result.method == "oat":
            point = result.point[issue]
            for j, e in enumerate(effects):
                lo_v = e.low if e.low is not None else point
                hi_v = e.high if e.high is not None else point
                ax.barh(j, lo_v - point, left=point, color="tab:blue", alpha=0.7)
                ax.barh(j, hi_v - point, left=point, color="tab:orange", alpha=0.7)
            ax.axvline(point, color="black", linewidth=1)
            ax.set_xlabel(f"forecast (point {point:.3g}); blue = input at 5 %, orange = at 95 %")
        elif result.method == "sobol":
            total = [e.total or 0.0 for e in effects]
            conf = [e.total_conf or 0.0 for e in effects]
            first = [e.first or 0.0 for e in effects]
            ax.barh(y, total, xerr=conf, color="tab:orange", alpha=0.6, label="total (ST)")
            ax.barh(y, first, height=0.4, color="tab:blue", alpha=0.9, label="first-order (S1)")
            ax.set_xlabel("Sobol index (share of the forecast's variance)")
            ax.legend(fontsize=7, loc="lower right")
        else:
            mu = [e.mu_star or 0.0 for e in effects]
            conf = [e.mu_star_conf or 0.0 for e in effects]
            ax.barh(y, mu, xerr=conf, color="tab:green", alpha=0.7)
            ax.set_xlabel("Morris mu* (scale points)")
        ax.set_yticks(y, names, fontsize=7)
        ax.set_title(issue, fontsize=10)
        ax.grid(True, axis="x", alpha=0.3)
    for extra in range(n, rows * cols):
        axes[extra // cols][extra % cols].set_visible(False)
    fig.suptitle(
        f"{result.engine}: which inputs move each forecast ({result.method}, "
        f"{result.evaluations:,} runs)",
        fontsize=10,
    )
    return save_figure(fig, path, fmt)
