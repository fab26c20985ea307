"""The deadline in threads other than the main one (where a Dask worker runs its tasks)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from accord.corpus.limits import ArticleTimeout, deadline


def in_thread(fn: Callable[[], object]) -> object:
    """``fn()`` in a new thread: its return value, or the exception it raised."""
    out: list[object] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    return out[0]


def busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_deadline_interrupts_python_code_in_another_thread() -> None:
    def slow() -> str:
        started = time.monotonic()
        try:
            with deadline(0.05):
                busy(10)
        except ArticleTimeout:
            return f"stopped after {time.monotonic() - started:.2f}"
        return "ran to the end"

    result = in_thread(slow)
    assert isinstance(result, str) and result.startswith("stopped after 0.0"), result


def test_a_swallowed_timeout_is_raised_again() -> None:
    def swallowing() -> int:
        caught = 0
        try:
            with deadline(0.02):
                while True:
                    try:
                        busy(5)
                    except ArticleTimeout:
                        caught += 1
                        if caught == 2:
                            raise
        except ArticleTimeout:
            return caught
        return -1

    assert in_thread(swallowing) == 2


def test_a_block_that_ends_in_time_is_never_interrupted_afterwards() -> None:
    """Blocks ending right around their deadline, many times: the timeout either comes out
    of the ``with`` statement or not at all, never later in the caller's code."""

    def many() -> tuple[int, int]:
        timed_out = 0
        for i in range(400):
            try:
                with deadline(0.002):
                    busy(0.001 + (i % 5) * 0.0005)
            except ArticleTimeout:
                timed_out += 1
            busy(0.001)  # the caller's own code: a late timeout would land here
        return timed_out, 400

    result = in_thread(many)
    assert isinstance(result, tuple), result  # no ArticleTimeout escaped
    assert 0 < result[0] < 400


def test_no_deadline_for_zero() -> None:
    def unlimited() -> str:
        with deadline(0):
            busy(0.05)
        return "done"

    assert in_thread(unlimited) == "done"
