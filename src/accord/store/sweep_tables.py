"""ORM tables of uncertainty sweeps: one row per sweep, one per run, one per run × engine × issue.

``sweeps`` holds what was run (model, track, scenario, engines, sampling, seed, executor) and,
once finished, the summary (:meth:`accord.solve.uncertainty.summary.SweepSummary.to_dict`);
``sweep_runs`` the drawn inputs of each run (a JSON list in the order of ``sweeps.inputs``) and
whether a zone of agreement existed; ``sweep_outcomes`` each engine's forecast of each issue
and the actors whose red line it crosses. Rows are written chunk by chunk as runs finish, so a
sweep of any size is stored in flat memory; a sweep that fails is deleted whole.

The schema is created by migration ``0004_sweeps``; ``tests/uncertainty/test_store.py`` checks
that the migration and these classes never drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from accord.store.base import Base


class Sweep(Base):
    """One Monte Carlo sweep of a model: its parameters and, when done, its summary."""

    __tablename__ = "sweeps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # running | done
    model_name: Mapped[str] = mapped_column(Text)
    model_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    model_sha256: Mapped[str] = mapped_column(String(64))
    track: Mapped[str | None] = mapped_column(String(128), nullable=True)
    scenario: Mapped[str | None] = mapped_column(String(128), nullable=True)
    engines: Mapped[list[str]] = mapped_column(JSON)
    runs: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(16))
    executor: Mapped[str] = mapped_column(String(64))
    workers: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    inputs: Mapped[list[str]] = mapped_column(JSON)
    actors: Mapped[list[str]] = mapped_column(JSON)
    issues: Mapped[list[str]] = mapped_column(JSON)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    notes: Mapped[list[str]] = mapped_column(JSON)


class SweepRun(Base):
    """One run of a sweep: its drawn inputs and whether a zone of agreement existed."""

    __tablename__ = "sweep_runs"

    sweep_id: Mapped[int] = mapped_column(
        ForeignKey("sweeps.id", ondelete="CASCADE"), primary_key=True
    )
    run: Mapped[int] = mapped_column(Integer, primary_key=True)
    inputs: Mapped[list[float]] = mapped_column(JSON)
    zone: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class SweepOutcome(Base):
    """One engine's forecast of one issue in one run (NULL when the engine failed)."""

    __tablename__ = "sweep_outcomes"

    sweep_id: Mapped[int] = mapped_column(
        ForeignKey("sweeps.id", ondelete="CASCADE"), primary_key=True
    )
    run: Mapped[int] = mapped_column(Integer, primary_key=True)
    engine: Mapped[str] = mapped_column(String(16), primary_key=True)
    issue: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    crossed: Mapped[str | None] = mapped_column(Text, nullable=True)  # actor ids, comma-separated
