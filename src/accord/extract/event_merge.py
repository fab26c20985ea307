"""One event reported by several articles becomes one merged event with all its sources.

Two extracted events (from any articles) are the same event when they have the same PLOVER
type, share a participant (registry ids), have dates no more than ``window_days`` apart, and do
not name different places (a place given on one side only is no objection). Undated events are
never merged: without a date, "Putin met Witkoff" in June and in December look alike. Merging is
transitive (union–find), and every merged event keeps its members.

Plain data in and out: the rows are the dictionaries of
:func:`accord.store.extract_queries.list_events` (``plover``, ``participants``, ``date``,
``place``, ``article_id``, ``published``, ``outlet``, ``url``, ``text`` …).

>>> a = {"plover": "CONSULT", "participants": ["putin", "witkoff"], "date": "2025-12-02",
...      "place": "Moscow", "article_id": 1, "text": "Putin met Witkoff."}
>>> b = dict(a, participants=["witkoff", "kushner", "putin"], place=None, article_id=2)
>>> c = dict(a, date="2025-08-06", article_id=3)
>>> [(m.date.isoformat(), m.participants, len(m.members)) for m in merge_events([a, b, c])]
[('2025-08-06', ['putin', 'witkoff'], 1), ('2025-12-02', ['kushner', 'putin', 'witkoff'], 2)]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_WINDOW_DAYS = 1


@dataclass
class MergedEvent:
    """An event with every article that reported it (``members`` are the extracted rows)."""

    plover: str
    date: dt.date | None
    participants: list[str]
    place: str | None
    members: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def sources(self) -> list[dict[str, Any]]:
        """One entry per reporting article: id, publication date, outlet, URL, sentence."""
        seen: dict[Any, dict[str, Any]] = {}
        for m in self.members:
            seen.setdefault(m.get("article_id"), {
                "article_id": m.get("article_id"), "published": m.get("published"),
                "outlet": m.get("outlet"), "url": m.get("url"), "text": m.get("text"),
            })
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON/CSV output."""
        return {
            "plover": self.plover, "date": self.date.isoformat() if self.date else None,
            "participants": self.participants, "place": self.place,
            "n_sources": len(self.sources), "sources": self.sources,
        }


def merge_events(
    rows: Sequence[Mapping[str, Any]], *, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[MergedEvent]:
    """Merge ``rows`` into events (see the module docs), in date order (undated last)."""
    parent = list(range(len(rows)))
    place = [_place(r.get("place")) for r in rows]  # per group root

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        """Join two groups unless they name different places (no chaining Moscow to Miami
        through a report that names neither)."""
        ri, rj = find(i), find(j)
        if ri == rj or (place[ri] and place[rj] and place[ri] != place[rj]):
            return
        parent[rj] = ri
        place[ri] = place[ri] or place[rj]

    dated = sorted(
        (i for i, r in enumerate(rows) if _date(r.get("date")) is not None),
        key=lambda i: _date(rows[i].get("date")) or dt.date.min,
    )
    for a_pos, i in enumerate(dated):
        di = _date(rows[i].get("date"))
        assert di is not None
        for j in dated[a_pos + 1:]:
            dj = _date(rows[j].get("date"))
            assert dj is not None
            if (dj - di).days > window_days:
                break
            if _same(rows[i], rows[j]):
                union(i, j)
    for i, r in enumerate(rows):
        published = _date(r.get("published"))
        if _date(r.get("date")) is not None or published is None:
            continue
        best: tuple[int, int] | None = None
        for j in dated:
            dj = _date(rows[j].get("date"))
            assert dj is not None
            lag = (published - dj).days
            if 0 <= lag <= window_days + 1 and _same(r, rows[j]) and len(
                set(r.get("participants") or []) & set(rows[j].get("participants") or [])
            ) >= 2 and (best is None or lag < best[0]):
                best = (lag, j)
        if best is not None:
            union(best[1], i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    merged = [_merged([rows[i] for i in members]) for members in groups.values()]
    merged.sort(key=lambda m: (m.date is None, m.date or dt.date.min, m.plover, m.participants))
    return merged


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if a.get("plover") != b.get("plover"):
        return False
    if not set(a.get("participants") or []) & set(b.get("participants") or []):
        return False
    pa, pb = _place(a.get("place")), _place(b.get("place"))
    return pa is None or pb is None or pa == pb


def _merged(members: list[Mapping[str, Any]]) -> MergedEvent:
    dates = Counter(d for m in members if (d := _date(m.get("date"))) is not None)
    places = Counter(p for m in members if (p := m.get("place")))
    participants = sorted({p for m in members for p in (m.get("participants") or [])})
    return MergedEvent(
        plover=str(members[0].get("plover")),
        date=min(dates, key=lambda d: (-dates[d], d)) if dates else None,
        participants=participants,
        place=places.most_common(1)[0][0] if places else None,
        members=members,
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _place(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip().lower()
    return text[4:] if text.startswith("the ") else text


__all__ = ["DEFAULT_WINDOW_DAYS", "MergedEvent", "merge_events"]
