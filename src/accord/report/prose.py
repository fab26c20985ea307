"""Plain-language sentences for forecasts and moves: what the report and the workbench print.

The engines record each move with engine vocabulary (``conflict``, ``compromise``, ``compel``,
``bargain``, ``exchange``) and the numbers behind it. These functions turn one move into one
sentence a reader without the papers can follow, and keep the numbers for a "details" view.

>>> move = {"round": 1, "issue": "reconstruction", "kind": "conflict", "counterpart": "uk",
...         "before": 35.0, "after": 85.0,
...         "detail": {"p_actor_prevails": 0.01, "eu_actor_challenging": 0.4,
...                    "eu_counterpart_challenging": 0.9, "counterpart_position": 85.0}}
>>> print(move_sentence(move, "russia", labels={"russia": "Russia", "uk": "the UK"}))
... # doctest: +NORMALIZE_WHITESPACE
Russia moved from 35 to 85 on reconstruction in round 1: it expected to lose a challenge
from the UK (its chance of prevailing was 1%), so it gave way to the UK's position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# Readable names of the engines' detail keys (the rest are shown as they are).
DETAIL_NAMES = {
    "eu_actor_challenging": "expected utility of challenging (mover)",
    "eu_counterpart_challenging": "expected utility of challenging (counterpart)",
    "p_actor_prevails": "probability the mover prevails",
    "p_counterpart_prevails": "probability the counterpart prevails",
    "risk_actor": "risk exponent (mover)",
    "risk_counterpart": "risk exponent (counterpart)",
    "counterpart_position": "counterpart's position",
    "concession": "share of the distance conceded",
    "initiator_p_win": "initiator's probability of winning",
    "initiator_expected_gain": "initiator's expected gain",
    "receiver_p_win_for_initiator": "probability the initiator wins (receiver's view)",
    "receiver_expected_gain": "receiver's expected gain",
    "choice_probability": "probability this bargain was chosen",
    "options": "bargains on offer",
    "as_initiator": "mover initiated (1) or received (0)",
    "bargain_position": "bargained position",
    "gain": "joint gain of the exchange",
    "outcome_before": "forecast before the exchange",
    "shift": "shift on this issue",
    "partner_shift": "shift on the partner issue",
    "partner_issue_index": "partner issue (index)",
}


def fmt_number(value: float) -> str:
    """A position or score as a reader wants it: 35, 35.5, 0.0123 (no trailing zeros)."""
    if value != value:  # NaN
        return "n/a"
    if abs(value - round(value)) < 5e-3:
        return str(int(round(value)))
    if abs(value) >= 10:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.3g}"


def fmt_percent(p: float) -> str:
    """A probability as a percentage (``0.009987`` → ``1%``, ``0.0004`` → ``<0.1%``)."""
    if 0 < p < 0.001:
        return "<0.1%"
    pct = 100.0 * p
    return f"{pct:.0f}%" if pct >= 1 or pct == 0 else f"{pct:.1f}%"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def move_sentence(
    move: Mapping[str, Any],
    actor: str,
    *,
    labels: Mapping[str, str] | None = None,
    issues: Mapping[str, str] | None = None,
) -> str:
    """One sentence explaining ``move`` (a row of ``explain``: round, issue, kind, counterpart,
    before, after, detail) for ``actor``. ``labels`` maps actor ids to names and ``issues``
    issue ids to short names."""
    labels = labels or {}
    who = labels.get(actor, actor)
    issue = (issues or {}).get(move["issue"], move["issue"])
    other_id = move.get("counterpart")
    other = labels.get(other_id, other_id) if other_id else None
    d = move.get("detail") or {}
    head = (
        f"{who} moved from {fmt_number(move['before'])} to {fmt_number(move['after'])} "
        f"on {issue} in round {move['round']}"
    )
    kind = move.get("kind")
    if kind == "conflict" and other:
        p = d.get("p_actor_prevails")
        chance = f" (its chance of prevailing was {fmt_percent(p)})" if p is not None else ""
        why = (
            f"it expected to lose a challenge from {other}{chance}, so it gave way to "
            f"{_possessive(other)} position"
        )
    elif kind == "compromise" and other:
        share = d.get("concession")
        part = f"{fmt_percent(share)} of the way" if share is not None else "part of the way"
        why = (
            f"it met {other} {part}: {other} expected to gain from challenging it and it "
            "expected to lose, but not enough for a full surrender"
        )
    elif kind == "compel" and other:
        why = (
            f"{other} could compel it: resisting would have cost it more than giving in, so "
            f"it took {_possessive(other)} position"
        )
    elif kind == "bargain" and other:
        role = "proposed" if d.get("as_initiator", 0.0) >= 0.5 else "accepted"
        p = d.get("initiator_p_win")
        chance = (
            f"; the initiator's chance of winning a contest was {fmt_percent(p)}"
            if p is not None
            else ""
        )
        why = f"it {role} a bargain with {other}{chance}"
    elif kind == "exchange" and other:
        why = (
            f"it traded votes with {other}: it gave way here in return for {_possessive(other)} "
            "concession on another issue it cares more about, and both gained"
        )
    elif kind == "status-quo":
        why = "it fell back to the status quo"
    else:
        why = "the engine records no reason for this move"
    return f"{head}: {why}."


def detail_rows(detail: Mapping[str, float]) -> list[tuple[str, str]]:
    """The numbers behind a move as (readable name, value) pairs, in the engine's order."""
    return [(DETAIL_NAMES.get(k, k.replace("_", " ")), f"{v:.4g}") for k, v in detail.items()]


def nearest_label(
    value: float, anchors: Sequence[tuple[float, str]], span: float, tolerance: float = 0.05
) -> str:
    """Describe ``value`` on a scale by its anchors: the anchor it sits at (within
    ``tolerance`` × ``span``), or the two it lies between.

    >>> nearest_label(49, [(0, "none"), (50, "half"), (100, "all")], 100)
    "'half'"
    >>> nearest_label(62, [(0, "none"), (50, "half"), (100, "all")], 100)
    "between 'half' (50) and 'all' (100)"
    """
    if not anchors:
        return ""
    ordered = sorted(anchors)
    closest = min(ordered, key=lambda a: abs(a[0] - value))
    if abs(closest[0] - value) <= tolerance * span:
        return f"'{closest[1]}'"
    below = [a for a in ordered if a[0] <= value]
    above = [a for a in ordered if a[0] >= value]
    if below and above:
        lo, hi = below[-1], above[0]
        return f"between '{lo[1]}' ({fmt_number(lo[0])}) and '{hi[1]}' ({fmt_number(hi[0])})"
    a = below[-1] if below else above[0]
    side = "beyond" if below else "short of"
    return f"{side} '{a[1]}' ({fmt_number(a[0])})"
