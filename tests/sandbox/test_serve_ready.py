"""``sandbox serve`` says it is listening only when a request sent at once gets an answer."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path


def test_a_request_sent_right_after_the_listening_line_is_answered(tmp_path: Path) -> None:
    db = str(tmp_path / "serve.db")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reconciler", "sandbox", "serve", "--port", "0", "--db", db],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, line
        # Frozen right after the line, the server does no more start-up work: a client that
        # connects now must be queued by a listening socket, not refused.
        proc.send_signal(signal.SIGSTOP)
        try:
            client = socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=10)
        finally:
            proc.send_signal(signal.SIGCONT)
        with client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert client.recv(16).startswith(b"HTTP/1.1 ")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
