"""Worker processes that do not outlive the process that started them.

A pool worker whose main process is killed (``kill -9``, the OOM killer) is not told: it
would keep running, holding memory and CPU, for good. :func:`die_with_parent`, run as the
pool's initializer, ends the worker when its parent goes:

* on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment its
  parent exits;
* everywhere, a daemon thread that checks every :data:`WATCH_SECONDS` whether the parent is
  still the process that started the pool, and exits the worker when not (this also covers a
  parent that died before ``prctl`` took effect, and a pool started from a fork server, whose
  workers are the fork server's children: a killed parent that is not yet reaped, a zombie,
  counts as gone).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """End this (worker) process when ``parent_pid``, the process that started it, is gone.

    Call it first thing in the worker (as a ``ProcessPoolExecutor`` initializer, with
    ``os.getpid()`` of the starting process as argument).
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no libc to call: the watchdog alone
            pass
    if not _alive(parent_pid):
        os._exit(1)
    threading.Thread(
        target=_watch, args=(parent_pid, os.getppid()), name="parent-watchdog", daemon=True
    ).start()


def _watch(parent_pid: int, ppid: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != ppid or not _alive(parent_pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs. A killed process that its own parent has not reaped yet is a
    zombie, which ``kill(pid, 0)`` still finds: on Linux its state in /proc tells."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc (not Linux), or gone meanwhile
        return True
    return state not in (b"Z", b"X")


__all__ = ["die_with_parent"]
