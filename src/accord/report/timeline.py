"""The timeline of a negotiation: merged events and position statements, dated and sourced,
and how a forecast moved as articles arrived.

* :func:`timeline_rows` — one dated row per merged event (all its sources) and per position
  statement (its article), filtered by actor, issue and dates;
* :func:`forecast_series` — for each publication date, the model drafted from what had been
  published by then (:func:`accord.drafting.draft.draft_model`) and its weighted-median forecast
  per issue (weights capability × salience; the draft's capabilities are equal placeholders, so
  salience decides), with the articles published that day that moved it;
* :func:`plot_forecast_series` — that series as a PNG, one line per issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from accord.drafting.draft import Statement, draft_model
from accord.errors import InputError
from accord.extract.event_merge import MergedEvent
from accord.extract.positions import IssueLexicon, side_of
from accord.extract.registry import ActorRegistry
from accord.solve.spatial.compromise import weighted_median


def timeline_rows(
    events: Sequence[MergedEvent],
    positions: Iterable[Mapping[str, Any]],
    *,
    actor_ids: Sequence[str] = (),
    issue: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    registry: ActorRegistry | None = None,
) -> list[dict[str, Any]]:
    """Dated rows (events: their date, else the first report; statements: the article's
    publication date), oldest first. ``actor_ids`` keeps items involving any of them (an actor
    also matches its side: ``russia`` keeps Putin's statements); ``issue`` keeps statements on
    that issue only (events have no issue and are dropped then)."""
    wanted = set(actor_ids)

    def involved(ids: Iterable[str]) -> bool:
        if not wanted:
            return True
        ids = set(ids)
        if registry is not None:
            ids |= {side_of(registry, i) for i in ids if i in registry}
        return bool(ids & wanted)

    rows: list[dict[str, Any]] = []
    if issue is None:
        for e in events:
            srcs = e.sources
            when = e.date or _first([s.get("published") for s in srcs])
            if when is None or not involved(e.participants):
                continue
            rows.append({
                "date": when.isoformat(), "kind": "event", "what": e.plover,
                "actors": ", ".join(e.participants), "issue": None, "place": e.place,
                "text": srcs[0].get("text") if srcs else None, "n_sources": len(srcs),
                "outlets": "; ".join(sorted({str(s.get("outlet")) for s in srcs
                                             if s.get("outlet")})),
                "urls": " ".join(str(s.get("url")) for s in srcs if s.get("url")),
                "sources": srcs,
            })
    for p in positions:
        when = _first([p.get("published")])
        if when is None or (issue is not None and p.get("issue") != issue):
            continue
        if not p.get("actor_id") or not involved([p["actor_id"]]):
            continue
        what = p["direction"] + (f" of {p['target']}" if p.get("target") else "")
        rows.append({
            "date": when.isoformat(), "kind": "position", "what": what,
            "actors": p["actor_id"], "issue": p.get("issue"), "place": None,
            "text": p.get("text"), "n_sources": 1, "outlets": p.get("outlet") or "",
            "urls": p.get("url") or "",
            "sources": [{"article_id": p.get("article_id"), "published": p.get("published"),
                         "outlet": p.get("outlet"), "url": p.get("url"), "text": p.get("text")}],
        })
    rows = [r for r in rows if (since is None or r["date"] >= since.isoformat())
            and (until is None or r["date"] <= until.isoformat())]
    rows.sort(key=lambda r: (r["date"], r["kind"], r["what"]))
    return rows


@dataclass
class ForecastPoint:
    """The forecast per issue from everything published up to ``as_of``."""

    as_of: dt.date
    forecast: dict[str, float]
    movers: list[dict[str, Any]] = field(default_factory=list)  # articles published that day


def forecast_series(
    statements: Sequence[Statement],
    registry: ActorRegistry,
    lexicon: IssueLexicon,
    *,
    dates: Sequence[dt.date] | None = None,
) -> list[ForecastPoint]:
    """One point per publication date (or per given date) with at least one placed statement."""
    days = sorted(set(dates) if dates is not None
                  else {s.published for s in statements if s.published is not None})
    out: list[ForecastPoint] = []
    previous: dict[str, float] = {}
    for day in days:
        try:
            model = draft_model(statements, registry, lexicon, as_of=day)
        except InputError:
            continue  # nothing placeable yet
        cap = {a.id: a.capability for a in model.actors}
        forecast: dict[str, float] = {}
        for issue in model.issues:
            ps = [p for p in model.positions if p.issue == issue.id]
            forecast[issue.id] = float(weighted_median(
                np.array([p.position for p in ps]),
                np.array([cap[p.actor] * p.salience for p in ps]),
            ))
        moved = {i for i, v in forecast.items() if abs(previous.get(i, np.nan) - v) > 1e-9
                 or i not in previous}
        movers = []
        for s in statements:
            iss = lexicon.resolve(s.issue)
            if s.published == day and iss is not None and iss.id in moved:
                movers.append({"issue": iss.id, "article": s.article, "outlet": s.outlet,
                               "url": s.url, "quote": s.text})
        out.append(ForecastPoint(day, forecast, movers))
        previous = forecast
    return out


def plot_forecast_series(
    series: Sequence[ForecastPoint], path: str | Path, *, title: str | None = None
) -> Path:
    """Forecast per issue against the as-of date (PNG, or SVG by the suffix); dots mark dates
    whose articles moved the issue's forecast."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from accord.report.plots import plot_format, save_figure

    target = Path(path)
    fmt = plot_format(target)
    if not series:
        raise InputError("no forecast to plot: no placeable position statements", field="db")
    issues = sorted({i for p in series for i in p.forecast})
    fig, ax = plt.subplots(figsize=(9, 4.8))
    for issue in issues:
        xs: Any = [p.as_of for p in series if issue in p.forecast]
        ys = [p.forecast[issue] for p in series if issue in p.forecast]
        (line,) = ax.plot(xs, ys, drawstyle="steps-post", label=issue)
        mx: Any = [p.as_of for p in series if any(m["issue"] == issue for m in p.movers)]
        my = [p.forecast[issue] for p in series if any(m["issue"] == issue for m in p.movers)]
        if mx:
            ax.scatter(mx, my, color=line.get_color(), s=18, zorder=3)
    values = [v for p in series for v in p.forecast.values()]
    if values and min(values) >= 0 and max(values) <= 100:
        ax.set_ylim(-5, 105)
    ax.set_ylabel("forecast (issue scale 0–100)")
    ax.set_xlabel("as of (articles published up to this date)")
    ax.set_title(title or "Weighted-median forecast per issue as articles arrived")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.autofmt_xdate()
    fig.tight_layout()
    return save_figure(fig, target, fmt)


def _first(values: Iterable[Any]) -> dt.date | None:
    for v in values:
        if v is None:
            continue
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            continue
    return None


__all__ = ["ForecastPoint", "forecast_series", "plot_forecast_series", "timeline_rows"]
