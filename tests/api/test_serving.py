"""``accord.serve``: the workbench from Python, with the parameters of ``accord serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import accord
from accord.errors import InputError
from accord.store.db import open_engine

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"


def test_missing_database_or_model_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        accord.serve(tmp_path / "none.db")
    assert err.value.field == "db" and "no such database" in str(err.value)
    db = tmp_path / "accord.db"
    open_engine(db).dispose()  # a new, empty corpus database
    with pytest.raises(InputError) as err:
        accord.serve(db, [tmp_path / "none.yaml"])
    assert err.value.field == "model" and "none.yaml" in str(err.value)


def test_serve_runs_the_workbench_and_warns_on_a_public_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from fastapi.testclient import TestClient

    db = tmp_path / "accord.db"
    open_engine(db).dispose()
    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: runs.append((web, kw)))  # no blocking
    started: list[str] = []
    with pytest.warns(UserWarning, match="binding 0.0.0.0: .* read the corpus and edit"):
        accord.serve(db, [MODEL], host="0.0.0.0", port=8123, on_start=started.append)
    assert started == ["accord workbench on http://0.0.0.0:8123/  (Ctrl-C to stop)"]
    web, options = runs[0]
    assert options["host"] == "0.0.0.0" and options["port"] == 8123
    assert TestClient(web).get("/api/models").status_code == 200

    warned: list[str] = []
    accord.serve(db, read_only=True, on_warning=warned.append, on_start=None)
    assert warned == []  # 127.0.0.1: nothing exposed
    accord.serve(db, host="10.0.0.1", read_only=True, on_warning=warned.append, on_start=None)
    assert warned == ["binding 10.0.0.1: anyone who can reach this address can read the corpus "
                      "(the workbench has no login)"]
