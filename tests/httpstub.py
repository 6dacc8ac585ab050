"""A tiny HTTP/1.1 server on a raw socket, for answers no real server gives on purpose.

A handler turns each request into a ``Reply``: raw bytes sent in chunks with a pause between
them (a trickle of one byte at a time), a 429 with any ``Retry-After``, or a request forwarded
to the sandbox after a hold. One thread per connection; keep-alive is honoured.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx


@dataclass
class StubRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE") and not self.path.endswith(
            "/batch/read"
        )


@dataclass
class Reply:
    chunks: list[bytes]
    pause: float = 0.0
    close: bool = False

    @classmethod
    def http(
        cls,
        status: int,
        body: bytes = b"{}",
        headers: dict[str, str] | None = None,
        *,
        trickle: float = 0.0,
        trickle_from: str = "body",
    ) -> Reply:
        """A whole answer; with ``trickle``, one byte per ``trickle`` seconds from the body on
        (``trickle_from="start"``: from the status line on)."""
        head = f"HTTP/1.1 {status} X\r\n"
        fields = {"Content-Type": "application/json", **(headers or {})}
        fields["Content-Length"] = str(len(body))
        head += "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
        raw = head.encode("latin-1") + body
        if not trickle:
            return cls([raw])
        split = 0 if trickle_from == "start" else len(head)
        return cls([raw[:split], *(raw[i : i + 1] for i in range(split, len(raw)))], trickle)


Handler = Callable[[StubRequest], Reply]


@dataclass
class StubServer:
    handler: Handler
    requests: list[StubRequest] = field(default_factory=list)
    connections: int = 0

    def __post_init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            buffer = b""
            while not self._stop.is_set():
                request, buffer = _read_request(conn, buffer)
                if request is None:
                    return
                self.requests.append(request)
                reply = self.handler(request)
                for i, chunk in enumerate(reply.chunks):
                    if i and reply.pause and self._stop.wait(reply.pause):
                        return
                    conn.sendall(chunk)
                if reply.close:
                    return


def _read_request(conn: socket.socket, buffer: bytes) -> tuple[StubRequest | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        data = conn.recv(65536)
        if not data:
            return None, b""
        buffer += data
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        data = conn.recv(65536)
        if not data:
            return None, b""
        rest += data
    return StubRequest(method, target, headers, rest[:length]), rest[length:]


@contextlib.contextmanager
def stub_server(handler: Handler) -> Iterator[StubServer]:
    server = StubServer(handler)
    try:
        yield server
    finally:
        server.close()


def forward(base_url: str, request: StubRequest) -> Reply:
    """Send ``request`` on to ``base_url`` and answer with what came back."""
    headers = {k: v for k, v in request.headers.items() if k in ("authorization", "content-type")}
    answer = httpx.request(
        request.method, base_url + request.target, headers=headers, content=request.body, timeout=60
    )
    passed = {
        k: v
        for k, v in answer.headers.items()
        if k.lower().startswith(("x-hubspot", "retry-after"))
    }
    return Reply.http(answer.status_code, answer.content, passed)


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
