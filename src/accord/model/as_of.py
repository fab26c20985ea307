"""A model as it stood on a date: only the evidence published on or before it (``--as-of``).

A model's inputs carry evidence, and evidence carries its publication date — the item's own
``published`` (``accord model draft`` writes it for every statement it cites), or the date of
the article it names in a corpus (``dates``: article file name or content hash → publication
date, e.g. :meth:`accord.Corpus.publication_dates`). :func:`model_as_of` keeps what was known
on the day:

* a position (red line, stated alternative) whose every evidence item is dated after the day
  is left out — nothing published by then supported it;
* evidence dated after the day is dropped; when the later items carried a ``value`` and earlier
  ones do too, the position becomes the median of the earlier values (the rule of
  ``accord model draft``), with their spread as the uncertainty range;
* inputs without evidence, or whose evidence has no date, are the analyst's judgement and are
  kept as written;
* actors whose every position is left out, and issues left without positions, are left out
  too (and out of tracks, side-payment pools and the scenarios that change them); actors that
  never had positions (a pool's funders) stay. The model's ``as_of`` becomes the day.

>>> import datetime as dt
>>> m = NegotiationModel.model_validate({"name": "m", "actors": [
...     {"id": "a", "capability": 1}, {"id": "b", "capability": 1}],
...     "issues": [{"id": "i", "question": "?"}], "positions": [
...     {"actor": "a", "issue": "i", "position": 60, "salience": 50, "evidence": [
...         {"citation": "x", "value": 20, "published": "2025-11-01"},
...         {"citation": "y", "value": 80, "published": "2025-12-01"},
...         {"citation": "z", "value": 100, "published": "2025-12-02"}]},
...     {"actor": "b", "issue": "i", "position": 10, "salience": 50, "evidence": [
...         {"citation": "w", "published": "2025-12-05"}]}]})
>>> early = model_as_of(m, dt.date(2025, 11, 15))
>>> [(p.actor, p.position) for p in early.model.positions], early.model.as_of
([('a', 20.0)], datetime.date(2025, 11, 15))
>>> early.notes[1]
'b on i: left out (its 1 evidence item(s) are dated after 2025-11-15)'
>>> model_as_of(m, dt.date(2025, 12, 1)).model.positions[0].position
50.0
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from accord.errors import InputError
from accord.model.schema import Evidence, NegotiationModel


@dataclass
class AsOfModel:
    """The model as of ``as_of`` and one note per input it changed or left out."""

    model: NegotiationModel
    as_of: dt.date
    notes: list[str] = field(default_factory=list)


def evidence_date(
    item: Evidence, dates: Mapping[str, dt.date] | None = None
) -> dt.date | None:
    """The publication date of one evidence item: its own ``published``, else the date of the
    article it names (by content hash, then file name) in ``dates``; None when unknown."""
    if item.published is not None:
        return item.published
    if dates:
        for key in (item.content_hash, PurePath(item.article).name if item.article else None):
            if key and key in dates:
                return dates[key]
    return None


def _split(
    evidence: Sequence[Evidence], day: dt.date, dates: Mapping[str, dt.date] | None
) -> tuple[list[Evidence], list[Evidence]]:
    """(known on the day — dated by then or undated, published later)."""
    known: list[Evidence] = []
    later: list[Evidence] = []
    for e in evidence:
        when = evidence_date(e, dates)
        (later if when is not None and when > day else known).append(e)
    return known, later


def _dump(items: Sequence[Evidence]) -> list[dict[str, Any]]:
    return [e.model_dump(by_alias=True, exclude_none=True, mode="json") for e in items]


def model_as_of(
    model: NegotiationModel,
    as_of: dt.date,
    *,
    dates: Mapping[str, dt.date] | None = None,
) -> AsOfModel:
    """``model`` with only the evidence published on or before ``as_of`` (see the module docs).

    Raises :class:`InputError` (field ``as_of``) when no position is left.
    """
    day = as_of.isoformat()
    notes: list[str] = []
    data = model.model_dump(by_alias=True, exclude_none=True, mode="json")
    kept: list[dict[str, Any]] = []
    for p, raw in zip(model.positions, data["positions"], strict=True):
        where = f"{p.actor} on {p.issue}"
        known, later = _split(p.evidence, as_of, dates)
        if later and not known:
            notes.append(f"{where}: left out (its {len(later)} evidence item(s) are dated "
                         f"after {day})")
            continue
        if later:
            raw["evidence"] = _dump(known)
            values = [e.value for e in known if e.value is not None]
            if values and any(e.value is not None for e in later):
                before = p.position
                raw["position"] = float(statistics.median(values))
                if len(set(values)) > 1:
                    raw["uncertainty"] = {"low": min(values), "high": max(values)}
                else:
                    raw.pop("uncertainty", None)
                notes.append(f"{where}: {_show(before)} → {raw['position']:g} (median of "
                             f"{len(values)} value(s) published by {day}; {len(later)} later "
                             "item(s) left out)")
            else:
                notes.append(f"{where}: {len(later)} later evidence item(s) left out")
            unc = raw.get("uncertainty")
            if unc and isinstance(raw["position"], int | float) and not (
                unc["low"] <= raw["position"] <= unc["high"]
            ):
                raw.pop("uncertainty")
        for part, label in (("red_line", "red line"), ("alternative", "stated alternative")):
            obj = getattr(p, part)
            if obj is None:
                continue
            k, lat = _split(obj.evidence, as_of, dates)
            if lat and not k:
                raw.pop(part)
                notes.append(f"{where}: {label} left out (its evidence is dated after {day})")
            elif lat:
                raw[part]["evidence"] = _dump(k)
        kept.append(raw)
    if not kept:
        raise InputError(f"no position of {model.name!r} has evidence published by {day}",
                         field="as_of")
    had = {p.actor for p in model.positions}
    still = {r["actor"] for r in kept}
    gone = sorted(had - still)
    data["positions"] = kept
    if gone:
        from accord.model.scenarios import remove_actors

        notes.append(f"actor(s) without positions by {day} left out: {', '.join(gone)}")
        remove_actors(data, set(gone))
    live = {(r["issue"]) for r in kept}
    dropped = [i["id"] for i in data["issues"] if i["id"] not in live]
    if dropped or gone:
        if dropped:
            notes.append(f"issue(s) without positions by {day} left out: {', '.join(dropped)}")
        data["issues"] = [i for i in data["issues"] if i["id"] in live]
        tracks = []
        for t in data.get("tracks", []):
            t["issues"] = [i for i in t["issues"] if i in live]
            if t["issues"]:
                tracks.append(t)
            else:
                notes.append(f"track {t['id']} left out: none of its issues has positions")
        data["tracks"] = tracks
        scenarios = []
        for s in data.get("scenarios", []):
            changes = [*s.get("changes", []), *s.get("add_positions", [])]
            issues = {c.get("issue") for c in changes}
            actors = {c.get("actor") for c in changes} | set(s.get("remove_actors", []))
            if issues & set(dropped) or actors & set(gone):
                notes.append(f"scenario {s['id']} left out: it changes what the date left out")
            else:
                scenarios.append(s)
        data["scenarios"] = scenarios
    data["as_of"] = day
    return AsOfModel(NegotiationModel.model_validate(data), as_of, notes)


def evidence_days(
    model: NegotiationModel, dates: Mapping[str, dt.date] | None = None
) -> list[dt.date]:
    """Every distinct publication date of the model's position evidence, oldest first."""
    days = set()
    for p in model.positions:
        for obj in (p, p.red_line, p.alternative):
            for e in getattr(obj, "evidence", None) or []:
                when = evidence_date(e, dates)
                if when is not None:
                    days.add(when)
    return sorted(days)


def parse_as_of(value: dt.date | str | None, name: str = "as_of") -> dt.date | None:
    """A date from a ``date`` or ISO text (``YYYY-MM-DD``); errors name ``name``."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"expected a date YYYY-MM-DD, got {value!r}", field=name) from None


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else "a distribution"


__all__ = ["AsOfModel", "evidence_date", "evidence_days", "model_as_of", "parse_as_of"]
