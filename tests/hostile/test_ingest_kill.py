"""kill -9 of ``accord ingest --workers 2`` leaves no pool worker running (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import accord

PARAGRAPH = (
    "Envoys from both sides met in Geneva on Monday {i} to discuss a ceasefire, the exchange of "
    "prisoners and the return of children, officials said after the talks ended late at night.\n"
)


def wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def running(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kill -9 test on Linux")
def test_kill_9_of_the_main_process_ends_its_pool_workers(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(600):
        (folder / f"{n:04d}.txt").write_text(
            "".join(PARAGRAPH.format(i=n * 100 + i) for i in range(40))
        )
    main = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "ingest", str(folder), "--db", str(db_path),
         "--workers", "2", "--no-cluster"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        parent = psutil.Process(main.pid)
        assert wait_for(lambda: len(parent.children()) >= 2, 120), "no pool workers started"
        workers = parent.children(recursive=True)
        assert main.poll() is None, "the ingest finished before it could be killed"
        os.kill(main.pid, signal.SIGKILL)
        main.wait(timeout=30)
        assert wait_for(lambda: not any(running(w) for w in workers), 15), [
            w.pid for w in workers if running(w)
        ]
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
    # The database is consistent: a plain re-run completes the ingest.
    summary = accord.Corpus(db_path).ingest([folder], workers=1, cluster=False)
    assert summary.errors == [] and summary.added + summary.unchanged == 600
