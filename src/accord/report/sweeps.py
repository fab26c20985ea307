"""Sweeps stored in the database (``accord sweep --db``), summarised for reports: for each issue
the range of the forecasts across the sweep's runs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from accord.errors import InputError

# The range quoted for an issue: these percentiles of the forecasts over runs and engines.
RANGE_PERCENTILES = (5.0, 95.0)


def sweep_summary(session: Session, sweep_id: str | int) -> dict[str, Any]:
    """``{"id", "model", "runs", "engines", "ranges": {issue: (p5, p95)}, "by_engine": …}`` of
    the stored sweep ``sweep_id``.

    Raises :class:`InputError` when the database holds no sweeps or not this one.
    """
    tables = set(inspect(session.get_bind()).get_table_names())
    if "sweeps" not in tables or "sweep_outcomes" not in tables:
        raise InputError(
            "this database holds no sweeps (run `accord sweep` with --db first)", field="--sweep"
        )
    try:
        sid = int(sweep_id)
    except (TypeError, ValueError):
        raise InputError(f"a sweep id is a number, got {sweep_id!r}", field="--sweep") from None
    row = session.execute(
        text("SELECT id, model_name, runs, status FROM sweeps WHERE id = :i"), {"i": sid}
    ).first()
    if row is None:
        known = [r[0] for r in session.execute(text("SELECT id FROM sweeps ORDER BY id"))]
        raise InputError(
            f"no sweep {sid} in this database (sweeps: {', '.join(map(str, known)) or 'none'})",
            field="--sweep",
        )
    values: dict[str, list[float]] = defaultdict(list)
    by_engine: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for engine, issue, value in session.execute(
        text("SELECT engine, issue, value FROM sweep_outcomes "
             "WHERE sweep_id = :i AND value IS NOT NULL"),
        {"i": sid},
    ):
        values[issue].append(float(value))
        by_engine[issue][engine].append(float(value))
    lo, hi = RANGE_PERCENTILES

    def span(xs: list[float]) -> tuple[float, float]:
        a = np.asarray(xs)
        return float(np.percentile(a, lo)), float(np.percentile(a, hi))

    return {
        "id": sid,
        "model": row[1],
        "runs": int(row[2]),
        "status": row[3],
        "percentiles": RANGE_PERCENTILES,
        "ranges": {issue: span(xs) for issue, xs in values.items()},
        "by_engine": {issue: {e: span(xs) for e, xs in engines.items()}
                      for issue, engines in by_engine.items()},
    }
