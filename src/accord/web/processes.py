"""Several workbench server processes on one address, each with its own listening socket
(``SO_REUSEPORT``), so that the kernel spreads the connections evenly between them.

uvicorn's own ``workers=N`` shares one listening socket between the processes: whichever is
idle first accepts, and under 50 keep-alive clients the split came out 33/17, 31/19 and 41/9
(bench/bench_web.py), so the busier process set the latency tail. With a socket per process
the kernel assigns each new connection to a process by a hash of its addresses. Linux only
(``SO_REUSEPORT`` spreads connections this way there).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import types

#: The application factory each process runs (it reads its settings from the environment).
FACTORY = "accord.web.app:app_from_environment"


def listening_socket(host: str, port: int, *, listen: bool = True) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` with ``SO_REUSEPORT`` (listening unless
    ``listen`` is False)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        if listen:
            sock.listen(2048)
    except BaseException:
        sock.close()
        raise
    return sock


def _serve_one(host: str, port: int) -> None:
    import uvicorn

    sock = listening_socket(host, port)
    config = uvicorn.Config(FACTORY, factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


class _Stop(Exception):
    pass


def _stop(signum: int, frame: types.FrameType | None) -> None:
    raise _Stop


def run_processes(workers: int, host: str, port: int) -> int:
    """Run ``workers`` server processes on ``host``:``port`` until interrupted (SIGINT or
    SIGTERM, passed on to them) or until one of them exits; the exit code of the first to
    exit (0 when stopped by a signal).

    The address is bound here first (not listening), so a port in use fails at once with
    :class:`OSError` instead of in each process."""
    listening_socket(host, port, listen=False).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_serve_one, args=(host, port), daemon=False)
             for _ in range(workers)]
    previous = signal.signal(signal.SIGTERM, _stop)
    code = 0
    try:
        for p in procs:
            p.start()
        while all(p.is_alive() for p in procs):
            procs[0].join(0.5)
        code = next((p.exitcode or 0) for p in procs if not p.is_alive())
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for p in procs:
            if p.is_alive():
                p.terminate()  # SIGTERM: uvicorn closes its connections and exits
        for p in procs:
            p.join(15)
            if p.is_alive():
                p.kill()
                p.join()
    return code
