"""Sweeps stored in the database, summarised for reports: each issue's forecast range."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from accord.errors import InputError


def sweep_summary(session: Session, sweep_id: str) -> dict[str, Any]:
    """``{"id": …, "ranges": {issue: (low, high)}}`` of sweep ``sweep_id``.

    Raises :class:`InputError` when the database holds no sweeps or not this one.
    """
    tables = set(inspect(session.get_bind()).get_table_names())
    if "sweeps" not in tables:
        raise InputError(
            "this database holds no sweeps (run `accord sweep` with --db first)", field="--sweep"
        )
    raise InputError(f"sweep {sweep_id!r}: reading sweeps is not supported yet", field="--sweep")
