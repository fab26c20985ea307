"""A deadline for a block of Python code running in any thread, not only the main one.

:func:`accord.corpus.limits.deadline` interrupts the main thread with ``SIGALRM``; a signal
cannot reach any other thread, and a Dask worker runs its tasks in a thread pool. Here one
watchdog thread per process keeps the deadlines of every thread that asked for one and, when a
deadline passes, raises the exception in that thread with ``PyThreadState_SetAsyncExc`` (then
again each second until the block ends, should something swallow it). Like the signal, this
interrupts Python code between two bytecodes, not a single long call into C.

The exception must never reach the thread after its block has ended (it would hit the code
that called the block, e.g. Dask's task runner). The block's end and the watchdog's firing
are ordered by two flags, each set by one side and read by the other (Python statements run
one at a time under the GIL, so this is Dekker's mutual exclusion):

* the thread sets ``done``, then waits while ``firing`` is set, then clears any exception
  still pending for it;
* the watchdog sets ``firing``, raises only if ``done`` is not set, then clears ``firing``.

Either the watchdog saw ``done`` and raised nothing, or it raised before the thread stopped
waiting, and the thread then clears what was not yet delivered. An exception delivered while
the block ends comes out of the ``with`` statement, exactly as if the deadline had passed one
bytecode earlier.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_REPEAT = 1.0  # seconds between two raises in a thread that swallowed the first


class _Armed:
    """One thread's deadline: where, when, and the two flags of the module docstring."""

    __slots__ = ("done", "due", "exc", "fired", "firing", "thread_id")

    def __init__(self, thread_id: int, due: float, exc: type[BaseException]) -> None:
        self.thread_id = thread_id
        self.due = due
        self.exc = exc
        self.done = False
        self.firing = False
        self.fired = False


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> int:
    """Raise ``exc`` in the thread ``thread_id`` at its next bytecode (``None``: take back a
    pending one); how many threads it reached."""
    value = ctypes.py_object(exc) if exc is not None else None
    return int(ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), value))


class _Watchdog:
    """The thread that raises in threads whose deadline passed (started on first use)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, _Armed] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, exc: type[BaseException]) -> tuple[int, _Armed]:
        armed = _Armed(threading.get_ident(), time.monotonic() + seconds, exc)
        with self._cond:
            token = next(self._tokens)
            self._armed[token] = armed
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="accord-deadline", daemon=True
                )
                self._thread.start()
            self._cond.notify()
        return token, armed

    def disarm(self, token: int, armed: _Armed) -> None:
        armed.done = True
        while armed.firing:
            time.sleep(0)
        if armed.fired:
            # Anything still pending is taken back; the watchdog forgets the entry itself
            # (taking its lock here could be interrupted by that very exception).
            _set_async_exc(armed.thread_id, None)
            return
        with self._cond:
            self._armed.pop(token, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                wait: float | None = None
                for token, armed in list(self._armed.items()):
                    if armed.done:
                        del self._armed[token]
                        continue
                    if armed.due <= now:
                        self._fire(armed)
                        armed.due = now + _REPEAT
                    left = armed.due - now
                    wait = left if wait is None else min(wait, left)
                self._cond.wait(wait)

    @staticmethod
    def _fire(armed: _Armed) -> None:
        armed.firing = True
        if not armed.done:
            armed.fired = True
            _set_async_exc(armed.thread_id, armed.exc)
        armed.firing = False


_WATCHDOG = _Watchdog()


def _reset_after_fork() -> None:
    # A forked child has no watchdog thread, and its lock may have been held by the parent's.
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_reset_after_fork)


@contextmanager
def thread_deadline(seconds: float, exc: type[BaseException]) -> Iterator[None]:
    """Raise ``exc`` (a class; raised without arguments) in the calling thread once the block
    has run ``seconds``, then again each second until it ends.

    >>> import time
    >>> class Late(BaseException): ...
    >>> try:
    ...     with thread_deadline(0.05, Late):
    ...         while True:
    ...             time.sleep(0.001)
    ... except Late:
    ...     print("stopped")
    stopped
    """
    token, armed = _WATCHDOG.arm(seconds, exc)
    try:
        yield
    finally:
        _WATCHDOG.disarm(token, armed)
