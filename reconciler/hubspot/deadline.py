"""A deadline for a whole HTTP exchange, and a way to abandon the exchanges in flight.

httpx bounds each connect, read and write, not a request: a server trickling one byte a
second kept ``plan`` alive forever. The client sets a per-thread deadline around each send
(``Deadlines.bound``); a network backend under httpx gives every socket operation of that
send at most the time left, so connect, upload, headers and body together end by the deadline.
``Deadlines.abort`` shuts the socket of every exchange in flight, which wakes their blocked
reads at once: the second Ctrl-C reports now instead of after the slowest answer.

httpx has no public hook for a network backend; ``install`` sets httpcore's documented
``network_backend`` on the pools httpx built (its default transport and any proxy mounts).
The tests that trickle a response over HTTP fail if that ever stops working.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

CHUNK = 64 * 1024


class Deadlines:
    """Per-thread deadlines (``time.monotonic`` seconds) and the streams they govern."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._streams: set[_Stream] = set()
        self.aborted = False
        self.installed = False

    @contextmanager
    def bound(self, deadline: float) -> Iterator[None]:
        self._local.deadline = deadline
        try:
            yield
        finally:
            self._local.deadline = None

    def time_left(self, timeout: float | None, error: type[Exception]) -> float | None:
        """A socket operation's timeout: httpx's, cut to what is left of the deadline."""
        if self.aborted:
            raise httpcore.ReadError("the request was abandoned")
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise error("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def abort(self) -> None:
        """Shut every open socket: blocked reads return at once; nothing new connects."""
        self.aborted = True
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            sock = stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                # The plain socket's shutdown, also under TLS: the fd, not the TLS state.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def track(self, stream: _Stream) -> None:
        with self._lock:
            self._streams.add(stream)

    def forget(self, stream: _Stream) -> None:
        with self._lock:
            self._streams.discard(stream)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, deadlines: Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def _wrap(self, stream: httpcore.NetworkStream) -> httpcore.NetworkStream:
        wrapped = _Stream(stream, self._deadlines)
        self._deadlines.track(wrapped)
        return wrapped

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = self._deadlines.time_left(timeout, httpcore.ConnectTimeout)
        return self._wrap(self._inner.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = self._deadlines.time_left(timeout, httpcore.ConnectTimeout)
        return self._wrap(self._inner.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadlines: Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadlines.time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), CHUNK):
            left = self._deadlines.time_left(timeout, httpcore.WriteTimeout)
            self._inner.write(buffer[start : start + CHUNK], left)

    def close(self) -> None:
        self._deadlines.forget(self)
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = self._deadlines.time_left(timeout, httpcore.ConnectTimeout)
        upgraded = self._inner.start_tls(ssl_context, server_hostname, left)
        self._deadlines.forget(self)
        wrapped = _Stream(upgraded, self._deadlines)
        self._deadlines.track(wrapped)
        return wrapped

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def install(client: httpx.Client) -> Deadlines:
    """Put the deadline backend under every connection pool of ``client``."""
    deadlines = Deadlines()
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if isinstance(inner, httpcore.NetworkBackend):
            pool._network_backend = _Backend(inner, deadlines)  # type: ignore[union-attr]
            deadlines.installed = True
    return deadlines
