"""The workbench parses the model and registry files once and again only when a file changes
(what keeps a page from re-reading YAML on every request), sets its session cookie once,
runs its handlers on a few threads and keeps what it loaded out of the garbage collector's way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import MODEL

from accord.web.app import create_app


def _bump_mtime(path: Path) -> None:
    """Move the file's modification time a second on, as a later edit would."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_model_is_parsed_once_and_reloaded_when_the_file_changes(
    workbench_db: Path, tmp_path: Path
) -> None:
    model = tmp_path / "ukraine.yaml"
    shutil.copy(MODEL, model)
    client = TestClient(create_app(workbench_db, [model]))
    wb = client.app.state.workbench  # type: ignore[attr-defined]
    before = client.get("/api/forecast/ukraine", params={"engine": "median"}).json()
    parsed = wb.entry("ukraine").model
    assert client.get("/api/forecast/ukraine", params={"engine": "median"}).json() == before
    assert wb.entry("ukraine").model is parsed  # not parsed again

    text = model.read_text(encoding="utf-8")
    assert "  capability: 100\n  registry_id: united_states" in text
    model.write_text(text.replace("  capability: 100\n  registry_id: united_states",
                                  "  capability: 1\n  registry_id: united_states"),
                     encoding="utf-8")
    _bump_mtime(model)
    after = client.get("/api/forecast/ukraine", params={"engine": "median"}).json()
    assert wb.entry("ukraine").model is not parsed
    assert next(a for a in wb.entry("ukraine").model.actors if a.id == "us").capability == 1
    assert after["forecast"] != before["forecast"]


def test_registry_is_parsed_once_and_reloaded_when_the_file_changes(
    workbench_db: Path, tmp_path: Path
) -> None:
    from accord.extract.registry import ActorRegistry
    from accord.extract.registry_location import PACKAGED

    registry = tmp_path / "actors.yaml"
    shutil.copy(PACKAGED, registry)
    client = TestClient(create_app(workbench_db, [MODEL], registry=registry))
    wb = client.app.state.workbench  # type: ignore[attr-defined]
    assert client.get("/actors/putin").status_code == 200
    assert wb.registry() is wb.registry()
    assert client.get("/actors/rick_sanchez").status_code == 404

    # Another program (here: the library, as `accord actors accept` does) edits the file.
    edited = ActorRegistry.load(registry)
    edited.add_actor("Rick Sanchez", "person")
    edited.save(registry)
    _bump_mtime(registry)
    assert client.get("/actors/rick_sanchez").status_code == 200
    assert "Rick Sanchez" in client.get("/actors").text


def test_session_cookie_is_set_once(workbench_db: Path) -> None:
    client = TestClient(create_app(workbench_db, [MODEL], read_only=True))
    first = client.get("/articles")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith("accord_session=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert "set-cookie" not in client.get("/articles").headers  # the browser sent it back
    assert first.headers["content-security-policy"].startswith("default-src 'none'")


def test_handlers_run_on_a_few_threads(workbench_db: Path) -> None:
    import anyio.to_thread

    from accord.web.app import HANDLER_THREADS

    with TestClient(create_app(workbench_db, [MODEL], read_only=True)) as client:
        assert client.get("/articles").status_code == 200
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == HANDLER_THREADS


def test_static_files_come_from_memory_and_follow_edits(
    workbench_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.web import app as app_module

    home = tmp_path / "web"
    shutil.copytree(app_module.HERE / "static", home / "static")
    shutil.copytree(app_module.HERE / "templates", home / "templates")
    monkeypatch.setattr(app_module, "HERE", home)
    client = TestClient(create_app(workbench_db))
    css = home / "static" / "app.css"
    r = client.get("/static/app.css")
    assert r.status_code == 200 and r.content == css.read_bytes()
    assert r.headers["content-type"] == "text/css; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    again = client.get("/static/app.css", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    css.write_text("body { color: red }\n", encoding="utf-8")
    _bump_mtime(css)
    edited = client.get("/static/app.css", headers={"If-None-Match": r.headers["etag"]})
    assert edited.status_code == 200 and edited.text == "body { color: red }\n"
    for name in ("nope.css", "..%2Fapp.py", "%2E%2E%2F%2E%2E%2Fapp.py"):
        assert client.get(f"/static/{name}").status_code == 404


def test_what_the_server_loaded_is_frozen_while_it_serves(workbench_db: Path) -> None:
    """The objects loaded at start-up are moved out of the cyclic collector's way while the
    application runs (``gc.freeze``), and handed back when it stops."""
    import gc

    before = gc.get_freeze_count()
    with TestClient(create_app(workbench_db, [MODEL], read_only=True)) as client:
        assert gc.get_freeze_count() > max(before, 10_000)
        assert client.get("/articles").status_code == 200
    assert gc.get_freeze_count() == 0
