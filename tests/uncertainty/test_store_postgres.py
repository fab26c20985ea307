"""Sweeps stored in the real PostgreSQL server (127.0.0.1:5432, database ``test``), in a schema
of their own that is dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from accord import uncertainty
from accord.store.db import open_engine
from accord.store.sweeps import get_sweep, iter_outcomes, list_sweeps

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture()
def pg_url() -> Iterator[str]:
    schema = f"sweeps_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_a_sweep_streams_into_postgresql(pg_url: str, model_file) -> None:  # type: ignore[no-untyped-def]
    result = uncertainty.sweep(
        model_file, engine="compromise", runs=40, seed=9, db=pg_url, chunk_size=16
    )
    engine = open_engine(pg_url)
    [row] = list_sweeps(engine)
    assert (row["id"], row["runs"], row["status"]) == (result.sweep_id, 40, "done")
    stored = get_sweep(engine, row["id"])
    assert stored["stored_runs"] == 40 and stored["inputs"] == list(result.input_names)
    values = [r["value"] for r in iter_outcomes(engine, row["id"], batch=7)]
    np.testing.assert_allclose(values, result.outcomes[:, 0, 0])
    engine.dispose()
