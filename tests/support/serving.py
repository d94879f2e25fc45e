"""`drukwerk serve` started for a test, on a free port, as a user starts it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(project: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """The server process for the project folder and its address, once it listens;
    stopped (SIGTERM) at the end unless the test stopped it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-browser", "--port", str(port)],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    address = f"http://localhost:{port}/"
    try:
        first = server.stdout.readline()
        assert address in first, first
        yield server, address
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        server.stdout.close()
