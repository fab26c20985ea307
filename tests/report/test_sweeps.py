"""Sweep ranges in the report, read from the sweep tables (``accord sweep --db``)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from tests.report.test_report import MODEL

from accord.errors import InputError
from accord.model import load_model
from accord.report.analysis import analyse_model
from accord.report.sweeps import sweep_summary


@pytest.fixture()
def session() -> Session:
    engine = create_engine("sqlite://")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE sweeps (id INTEGER PRIMARY KEY, model_name TEXT, "
                       "runs INTEGER, status TEXT)"))
        c.execute(text("CREATE TABLE sweep_outcomes (sweep_id INTEGER, run INTEGER, "
                       "engine TEXT, issue TEXT, value REAL, crossed TEXT)"))
        c.execute(text("INSERT INTO sweeps VALUES (3, 'Ukraine 2025', 101, 'done')"))
        rows = [{"r": r, "e": e, "v": float(r) + (10 if e == "eum" else 0)}
                for r in range(101) for e in ("compromise", "eum")]
        c.execute(text("INSERT INTO sweep_outcomes VALUES (3, :r, :e, 'territory', :v, NULL)"),
                  rows)
    return Session(engine)


def test_ranges_are_percentiles_over_runs_and_engines(session: Session) -> None:
    s = sweep_summary(session, "3")
    lo, hi = s["ranges"]["territory"]
    assert lo == pytest.approx(10.0, abs=1) and hi == pytest.approx(100.0, abs=1)
    assert s["by_engine"]["territory"]["compromise"] == pytest.approx((5.0, 95.0))
    rep = analyse_model(load_model(MODEL), sweep=s, bargaining=False)
    assert "Across the sweep it ranges from" in rep.issue("territory").headline


def test_unknown_sweep(session: Session) -> None:
    with pytest.raises(InputError, match=r"no sweep 9 .*sweeps: 3"):
        sweep_summary(session, 9)
    with pytest.raises(InputError, match="holds no sweeps"):
        sweep_summary(Session(create_engine("sqlite://")), 1)
