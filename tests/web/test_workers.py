"""``accord serve --workers 2``: two server processes on one address, sharing the CSRF secret
(a token issued by one process is accepted by the other) and the registry file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.web.conftest import MODEL, _free_port

from accord.serving import serve


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def test_two_worker_processes_share_tokens_and_registry(
    workbench_db: Path, tmp_path: Path
) -> None:
    from accord.extract.registry_location import PACKAGED

    registry = tmp_path / "actors.yaml"
    shutil.copy(PACKAGED, registry)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "serve", "--db", str(workbench_db), "--model",
         str(MODEL), "--registry", str(registry), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/static/app.css", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr \
                    else "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert len(_children(server.pid)) >= 2  # the workers (and uvicorn's helper)

        names = [f"Somebody Number{i}" for i in range(8)]
        with httpx.Client(base_url=base, timeout=60) as client:
            page = client.get("/candidates").text
            token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page)
            assert token is not None
            for name in names:  # new connections: the requests spread over both processes
                with httpx.Client(base_url=base, timeout=60, cookies=client.cookies) as one:
                    r = one.post("/candidates/ignore", data={"name": name,
                                                              "csrf_token": token[1]})
                    assert r.status_code == 303, r.text
            text = registry.read_text(encoding="utf-8")
            assert all(n in text for n in names)  # every process edits the same file

            # Each process caches the actor page; a merge posted to one of them shows in all
            # (the registry file's signature is part of every cached page's key).
            for _ in range(6):
                assert "Vovochka Workerovich" not in httpx.get(base + "/actors/putin").text
            r = client.post("/candidates/merge", data={"name": "Vovochka Workerovich",
                                                       "into": "putin", "csrf_token": token[1]})
            assert r.status_code == 303, r.text
            for _ in range(6):  # new connections: both processes answer
                assert "Vovochka Workerovich" in httpx.get(base + "/actors/putin").text
            f = client.get("/api/forecast/ukraine-2025", params={"engine": "median"})
            assert f.status_code == 200 and f.json()["engine"] == "median"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_workers_must_be_positive(workbench_db: Path) -> None:
    from accord.errors import InputError

    with pytest.raises(InputError, match="workers"):
        serve(workbench_db, [MODEL], workers=0)
