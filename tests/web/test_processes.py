"""``accord serve --workers N`` gives each process its own listening socket (SO_REUSEPORT): the
kernel spreads new connections over all of them, and a port already in use fails at once."""

from __future__ import annotations

import select
import socket

import pytest
from tests.web.conftest import _free_port

from accord.web.processes import listening_socket, run_processes


def test_connections_spread_over_the_sockets_of_one_port() -> None:
    port = _free_port()
    servers = [listening_socket("127.0.0.1", port) for _ in range(2)]
    clients = []
    accepted = {0: 0, 1: 0}
    try:
        for _ in range(64):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        while sum(accepted.values()) < len(clients):
            ready, _, _ = select.select(servers, [], [], 5)
            assert ready, "a connection was never accepted"
            for s in ready:
                conn, _ = s.accept()
                conn.close()
                accepted[servers.index(s)] += 1
    finally:
        for c in clients:
            c.close()
        for s in servers:
            s.close()
    # Hashed by address: all 64 to one socket has probability 2**-63.
    assert accepted[0] > 0 and accepted[1] > 0, accepted


def test_a_port_in_use_fails_before_any_process_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            run_processes(2, "127.0.0.1", taken.getsockname()[1])
