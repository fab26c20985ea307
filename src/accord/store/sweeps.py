"""Store sweeps as they run, list them and read them back (for reports and the web workbench).

:class:`SweepRecorder` writes a sweep's row first (status ``running``), then each chunk of runs
in its own transaction as the chunk arrives (bulk Core inserts: no ORM objects, flat memory),
and the summary last (status ``done``). If the sweep fails, :meth:`SweepRecorder.abort` deletes
it whole: a stored sweep is either complete or absent.

>>> from accord.store.db import open_engine
>>> database = open_engine(":memory:")
>>> list_sweeps(database)
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, insert, select, update

from accord.errors import InputError
from accord.store.sweep_tables import Sweep, SweepOutcome, SweepRun


class SweepRecorder:
    """Streams one sweep into the database (see the module docstring)."""

    def __init__(self, database: Engine) -> None:
        self.database = database
        self.sweep_id: int | None = None
        self._engines: tuple[str, ...] = ()
        self._issues: tuple[str, ...] = ()
        self._actors: tuple[str, ...] = ()

    def start(
        self,
        *,
        model_name: str,
        model_path: str | None,
        model_sha256: str,
        track: str | None,
        scenario: str | None,
        engines: tuple[str, ...],
        runs: int,
        seed: int,
        method: str,
        executor: str,
        workers: int,
        inputs: list[str],
        actors: tuple[str, ...],
        issues: tuple[str, ...],
        parameters: dict[str, Any],
    ) -> int:
        """Insert the sweep's row (status ``running``); returns its id."""
        self._engines, self._issues, self._actors = engines, issues, actors
        with self.database.begin() as conn:
            result = conn.execute(
                insert(Sweep).values(
                    created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    status="running",
                    model_name=model_name,
                    model_path=model_path,
                    model_sha256=model_sha256,
                    track=track,
                    scenario=scenario,
                    engines=list(engines),
                    runs=runs,
                    seed=seed,
                    method=method,
                    executor=executor,
                    workers=workers,
                    inputs=inputs,
                    actors=list(actors),
                    issues=list(issues),
                    parameters=parameters,
                    notes=[],
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            self.sweep_id = int(key[0])
        return self.sweep_id

    def add_chunk(self, chunk: Any, values: np.ndarray) -> None:
        """Write one chunk's runs and outcomes in one transaction.

        ``chunk`` has ``start`` and arrays ``outcomes`` (runs × engines × issues), ``crossed``
        (runs × engines × actors × issues) and ``zone`` (runs,; -1 = not tested), as
        :class:`accord.solve.uncertainty.sweep.ChunkResult`.
        """
        sid = self.sweep_id
        if sid is None:
            raise RuntimeError("start() the sweep first")
        n = chunk.outcomes.shape[0]
        runs = [
            {
                "sweep_id": sid,
                "run": chunk.start + r,
                "inputs": [float(v) for v in values[r]],
                "zone": None if chunk.zone[r] < 0 else bool(chunk.zone[r]),
            }
            for r in range(n)
        ]
        outcomes = []
        for r in range(n):
            for e, eng in enumerate(self._engines):
                for k, issue in enumerate(self._issues):
                    v = float(chunk.outcomes[r, e, k])
                    who = [a for i, a in enumerate(self._actors) if chunk.crossed[r, e, i, k]]
                    outcomes.append(
                        {
                            "sweep_id": sid,
                            "run": chunk.start + r,
                            "engine": eng,
                            "issue": issue,
                            "value": v if np.isfinite(v) else None,
                            "crossed": ",".join(who) or None,
                        }
                    )
        with self.database.begin() as conn:
            conn.execute(insert(SweepRun), runs)
            conn.execute(insert(SweepOutcome), outcomes)

    def finish(self, summary: dict[str, Any], seconds: float, notes: list[str]) -> None:
        """Store the summary and mark the sweep done."""
        with self.database.begin() as conn:
            conn.execute(
                update(Sweep)
                .where(Sweep.id == self.sweep_id)
                .values(
                    status="done",
                    seconds=seconds,
                    summary=summary,
                    notes=list(notes),
                )
            )

    def abort(self) -> None:
        """Delete the sweep and everything written for it so far."""
        if self.sweep_id is None:
            return
        with self.database.begin() as conn:
            for table in (SweepOutcome, SweepRun):
                conn.execute(delete(table).where(table.sweep_id == self.sweep_id))
            conn.execute(delete(Sweep).where(Sweep.id == self.sweep_id))
        self.sweep_id = None


def list_sweeps(database: Engine) -> list[dict[str, Any]]:
    """One record per stored sweep, newest first: id, when, model, track, engines, runs, …"""
    with database.connect() as conn:
        rows = conn.execute(select(Sweep).order_by(Sweep.id.desc())).mappings().all()
    return [
        {
            "id": r["id"],
            "created": r["created_at"].isoformat(timespec="seconds"),
            "status": r["status"],
            "model": r["model_name"],
            "track": r["track"],
            "scenario": r["scenario"],
            "engines": ",".join(r["engines"]),
            "runs": r["runs"],
            "seed": r["seed"],
            "method": r["method"],
            "inputs": len(r["inputs"]),
            "executor": f"{r['executor']}×{r['workers']}",
            "seconds": None if r["seconds"] is None else round(r["seconds"], 2),
        }
        for r in rows
    ]


def get_sweep(database: Engine, sweep_id: int) -> dict[str, Any]:
    """The stored sweep: its parameters, summary and notes; :class:`InputError` if none."""
    with database.connect() as conn:
        row = conn.execute(select(Sweep).where(Sweep.id == sweep_id)).mappings().first()
        if row is None:
            raise InputError(f"no sweep with id {sweep_id}", field="sweep")
        stored = conn.execute(
            select(func.count()).select_from(SweepRun).where(SweepRun.sweep_id == sweep_id)
        ).scalar_one()
    out = dict(row)
    out["created_at"] = row["created_at"].isoformat(timespec="seconds")
    out["stored_runs"] = int(stored)
    return out


def iter_outcomes(
    database: Engine, sweep_id: int, *, batch: int = 10_000
) -> Iterator[dict[str, Any]]:
    """Every stored outcome of a sweep (run, engine, issue, value, crossed), streamed."""
    with database.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            select(
                SweepOutcome.run,
                SweepOutcome.engine,
                SweepOutcome.issue,
                SweepOutcome.value,
                SweepOutcome.crossed,
            )
            .where(SweepOutcome.sweep_id == sweep_id)
            .order_by(SweepOutcome.run, SweepOutcome.engine, SweepOutcome.issue)
        )
        for row in result.mappings():
            yield dict(row)
