"""A short digest of what was extracted: top actors, quotes, figures and events.

Selection rules (so the digest is stable and explainable):

* actors: resolved actors by number of mentions over current articles;
* quotes: for each top actor in turn, its first direct quote of at least six words (article
  order), then its first such indirect one, until ``n_quotes``;
* figures: money amounts, largest first (one line per distinct amount and currency), then
  percentages and counts in article order, until ``n_figures``;
* events: dated events, latest first, then undated ones with the most resolved participants,
  until ``n_events``.

>>> from accord.store.db import open_engine
>>> from sqlalchemy.orm import Session
>>> with Session(open_engine(":memory:")) as s:
...     print(render_digest(build_digest(s)))
No extracted items yet: run `accord extract`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from accord.store.extract_queries import (
    extraction_summary,
    list_events,
    list_figures,
    list_quotes,
    top_actors,
)

MIN_QUOTE_WORDS = 6


@dataclass
class Digest:
    """The digest as plain data (``accord digest --json`` prints it as is)."""

    summary: dict[str, int]
    actors: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "summary": self.summary,
            "actors": self.actors,
            "quotes": self.quotes,
            "figures": self.figures,
            "events": self.events,
        }


def build_digest(
    session: Session,
    *,
    n_actors: int = 8,
    n_quotes: int = 5,
    n_figures: int = 8,
    n_events: int = 8,
    registry: Any | None = None,
) -> Digest:
    """Collect the digest from the store; ``registry`` (optional) supplies actor names."""
    names = _names(registry)
    actors = top_actors(session, n_actors)
    for a in actors:
        a["name"] = names.get(a["actor_id"], a["actor_id"])
    digest = Digest(summary=extraction_summary(session), actors=actors)
    digest.quotes = _pick_quotes(session, [a["actor_id"] for a in actors], n_quotes, names)
    digest.figures = _pick_figures(session, n_figures)
    digest.events = _pick_events(session, n_events, names)
    return digest


def _names(registry: Any | None) -> dict[str, str]:
    if registry is None:
        return {}
    return {actor.id: actor.name for actor in registry}


def _pick_quotes(
    session: Session, actor_ids: list[str], limit: int, names: dict[str, str]
) -> list[dict[str, Any]]:
    quotes = list_quotes(session)
    picked: list[dict[str, Any]] = []
    for kind in ("direct", "indirect"):
        for actor_id in actor_ids:
            if len(picked) >= limit:
                return picked
            if any(q["actor_id"] == actor_id for q in picked):
                continue
            # Scare quotes ("dying march") say little on their own: prefer a full statement.
            theirs = [q for q in quotes if q["actor_id"] == actor_id and q["kind"] == kind]
            q = next((q for q in theirs if len(q["text"].split()) >= MIN_QUOTE_WORDS), None)
            if q is not None:
                picked.append({**q, "name": names.get(actor_id, actor_id)})
    return picked


def _pick_figures(session: Session, limit: int) -> list[dict[str, Any]]:
    figures = list_figures(session)
    money = sorted(
        (f for f in figures if f["kind"] == "money" and f["unit"] not in {"cents"}),
        key=lambda f: -f["value"],
    )
    picked: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for f in money + [f for f in figures if f not in money]:
        key = (f["kind"], f["unit"], f["value"], f["value_high"])
        if key in seen:
            continue
        seen.add(key)
        picked.append(f)
        if len(picked) >= limit:
            break
    return picked


def _pick_events(session: Session, limit: int, names: dict[str, str]) -> list[dict[str, Any]]:
    events = list_events(session)
    dated = sorted((e for e in events if e["date"]), key=lambda e: e["date"], reverse=True)
    undated = sorted(
        (e for e in events if not e["date"]), key=lambda e: -len(e["participants"])
    )
    out = []
    for e in (dated + undated)[:limit]:
        out.append({**e, "names": [names.get(p, p) for p in e["participants"]]})
    return out


def _short(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _money(f: dict[str, Any]) -> str:
    def one(v: float) -> str:
        for div, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(v) >= div:
                return f"{v / div:g} {word}"
        return f"{v:,.0f}" if v == int(v) else f"{v:g}"

    value = one(f["value"]) + (f"–{one(f['value_high'])}" if f["value_high"] else "")
    return f"{value} {f['unit'] or ''}".strip()


def render_digest(digest: Digest) -> str:
    """The digest as plain text (what ``accord digest`` prints)."""
    s = digest.summary
    if not s.get("articles"):
        return "No extracted items yet: run `accord extract`."
    lines = [
        f"Digest of {s['articles']} article(s): {s['mentions']} mentions, {s['quotes']} quotes, "
        f"{s['figures']} figures, {s['dates']} dates, {s['events']} events, "
        f"{s['positions']} positions.",
        "",
        "Top actors (mentions / articles):",
    ]
    lines += [f"  {a['name']}: {a['mentions']} / {a['articles']}" for a in digest.actors]
    lines += ["", "Quotes:"]
    lines += [f"  {q['name']}: “{_short(q['text'])}” [article {q['article_id']}]"
              for q in digest.quotes] or ["  (none)"]
    lines += ["", "Figures:"]
    for f in digest.figures:
        shown = _money(f) if f["kind"] == "money" else _short(f["text"], 60)
        lines.append(f"  {f['kind']}: {shown} — “{f['text']}” [article {f['article_id']}]")
    if not digest.figures:
        lines.append("  (none)")
    lines += ["", "Events:"]
    for e in digest.events:
        when = _at_precision(e["date"], e.get("date_precision"))
        who = ", ".join(e["names"]) or ", ".join(e["participant_texts"]) or "?"
        where = f" in {e['place']}" if e["place"] else ""
        on = f" on {when} (“{e['date_text']}”)" if when else ""
        lines.append(f"  {e['plover']} “{e['trigger']}”: {who}{where}{on} [article "
                     f"{e['article_id']}]")
    if not digest.events:
        lines.append("  (none)")
    return "\n".join(lines)


def _at_precision(value: object, precision: str | None) -> str:
    """A resolved date shown no finer than it is known: 2022, 2025-02, 2025-02-12."""
    if not isinstance(value, dt.date):
        return str(value or "")
    if precision == "year":
        return f"{value.year}"
    if precision == "decade":
        return f"{value.year // 10 * 10}s"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    if precision == "week":
        return f"week of {value.isoformat()}"
    return value.isoformat()
