"""Workers end with the process that started them: the liveness check behind
:func:`accord.parallel.orphans.die_with_parent` (the end-to-end case, a pooled ingest killed
with ``kill -9``, is in ``tests/corpus/test_concurrency.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from accord.parallel.orphans import _alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_process_not_yet_reaped_counts_as_gone() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert _alive(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        # not reaped yet: a zombie, which kill(pid, 0) still finds
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(proc.pid):
            time.sleep(0.01)
        assert not _alive(proc.pid)
        os.kill(proc.pid, 0)  # the zombie is still there
    finally:
        proc.kill()
        proc.wait()
    assert not _alive(proc.pid)  # reaped


def test_this_process_is_alive() -> None:
    assert _alive(os.getpid())
