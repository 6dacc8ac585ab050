"""Run the sandbox: in a daemon thread (embedded in the CLI, tests) or in the foreground.

``start_sandbox`` binds the socket itself, so the base URL is known before uvicorn starts and
port 0 picks a free loopback port; it returns once uvicorn accepts connections. A database
that cannot be opened or a port that cannot be bound is a ``SandboxStartError``: one message
naming the file or the port and what to do, never a traceback.
"""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from reconciler.errors import ReconcilerError
from reconciler.sandbox import lists_store
from reconciler.sandbox.account import ensure_portal_id
from reconciler.sandbox.app import build_app
from reconciler.sandbox.faults import Settings
from reconciler.sandbox.seed import CALLING_APP_ID, seed_demo
from reconciler.sandbox.store import Store

DEFAULT_DB = Path(".reconciler") / "sandbox.db"


def default_db_path() -> Path:
    """``RECONCILER_SANDBOX_DB`` or ``.reconciler/sandbox.db`` under the working directory."""
    return Path(os.environ.get("RECONCILER_SANDBOX_DB") or DEFAULT_DB)


class SandboxStartError(ReconcilerError):
    """The sandbox cannot start: its database file or its port is unusable."""


OTHER_DB = "point --db or RECONCILER_SANDBOX_DB at another file"


def open_store(db_path: Path, portal_id: int | None = None) -> Store:
    """Open the portal's database; a file that does not exist yet gets the demo portal.

    The portal id is fixed per database: ``portal_id`` chooses it for a new one (else random);
    naming another for an existing database raises ``PortalIdError``.
    """
    first_use = not Path(db_path).exists()
    with _database(db_path) as store:
        try:
            ensure_portal_id(store, portal_id)
            if first_use:
                seed_demo(store)
        except BaseException:
            store.close()
            raise
    return store


def reset_portal(db_path: Path, *, seed: str = "demo") -> None:
    """Empty the portal and, with ``seed="demo"``, load the demo portal again."""
    with _database(db_path) as store:
        try:
            if seed == "demo":
                seed_demo(store)
            else:
                store.clear()
                lists_store.reset(store, demo=False)
        finally:
            store.close()


@contextmanager
def _database(db_path: Path) -> Iterator[Store]:
    """``Store(db_path)``, with SQLite's and the file system's refusals (while opening it and
    while the caller first uses it) turned into one message naming the file."""
    try:
        yield Store(db_path)
    except sqlite3.DatabaseError as exc:
        if type(exc) is sqlite3.DatabaseError:  # "file is not a database", "... malformed"
            raise SandboxStartError(
                f"{db_path} is not a sandbox database (SQLite: {exc}): {OTHER_DB}, or move this"
                " file away to get a new demo portal in its place"
            ) from None
        reason = "it is a folder" if Path(db_path).is_dir() else f"SQLite: {exc}"
        raise SandboxStartError(
            f"cannot use the sandbox database {db_path} ({reason}): {OTHER_DB} in a"
            " folder you can write to"
        ) from None
    except OSError as exc:  # creating its folder failed
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = f"{exc.filename} is a file, not a folder"
        raise SandboxStartError(
            f"cannot create the sandbox database {db_path} ({reason}): {OTHER_DB}"
            " in a folder you can write to"
        ) from None


def _config(
    db_path: Path,
    *,
    token: str | None,
    rate_limit: int | None,
    latency_ms: int,
    app_id: int,
    portal_id: int | None,
) -> tuple[Store, uvicorn.Config]:
    store = open_store(db_path, portal_id)
    settings = Settings(
        token=token, rate_limit=rate_limit or None, latency_ms=latency_ms, app_id=app_id
    )
    config = uvicorn.Config(
        build_app(store, settings),
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    return store, config


class RunningSandbox:
    """A sandbox served from a daemon thread; ``stop()`` (or leaving ``with``) shuts it down."""

    def __init__(
        self, server: uvicorn.Server, thread: threading.Thread, store: Store, base_url: str
    ) -> None:
        self._server = server
        self._thread = thread
        self._store = store
        self.base_url = base_url
        self.db_path = store.path

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._store.close()

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_sandbox(
    db_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str | None = None,
    rate_limit: int | None = 190,
    latency_ms: int = 0,
    app_id: int = CALLING_APP_ID,
    portal_id: int | None = None,
) -> RunningSandbox:
    """Serve the sandbox over ``db_path`` in a daemon thread; returns once it accepts requests."""
    sock, store, config = _bound(
        host,
        port,
        db_path,
        token=token,
        rate_limit=rate_limit,
        latency_ms=latency_ms,
        app_id=app_id,
        portal_id=portal_id,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="reconciler-sandbox", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            store.close()
            raise RuntimeError(f"the sandbox did not start on {_url(host, sock)}")
        time.sleep(0.002)
    return RunningSandbox(server, thread, store, _url(host, sock))


def _bound(
    host: str, port: int, db_path: Path, **settings: Any
) -> tuple[socket.socket, Store, uvicorn.Config]:
    """The listening socket, then the store and config (the socket closed if those fail)."""
    sock = _bind(host, port)
    try:
        store, config = _config(db_path, **settings)
    except BaseException:
        sock.close()
        raise
    return sock, store, config


def _bind(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
    # listener says so, and without it every keep-alive response stalls ~40 ms (Nagle).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    except OSError as exc:
        raise SandboxStartError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        raise SandboxStartError(_bind_message(host, port, exc)) from None
    return sock


def _bind_message(host: str, port: int, exc: Exception) -> str:
    where = f"{host}:{port}"
    code = exc.errno if isinstance(exc, OSError) else None
    if code == errno.EADDRINUSE:
        return (
            f"cannot listen on {where}: the port is in use (another sandbox or program):"
            " stop it, or choose another --port (0 picks a free one)"
        )
    if code == errno.EACCES:
        return f"cannot listen on {where}: permission denied: choose a --port above 1023"
    if isinstance(exc, OverflowError):
        return f"cannot listen on {where}: a port is a number from 0 to 65535"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot listen on {where}: {reason}: check --host (e.g. 127.0.0.1 or 0.0.0.0)"


def _url(host: str, sock: socket.socket) -> str:
    url_host = f"[{host}]" if ":" in host else host
    return f"http://{url_host}:{sock.getsockname()[1]}"


def serve_forever(
    db_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    rate_limit: int | None = 190,
    latency_ms: int = 0,
    app_id: int = CALLING_APP_ID,
    portal_id: int | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; ``on_ready`` gets the base URL."""
    sock, store, config = _bound(
        host,
        port,
        db_path,
        token=token,
        rate_limit=rate_limit,
        latency_ms=latency_ms,
        app_id=app_id,
        portal_id=portal_id,
    )
    # Listen before saying so: a client that connects while uvicorn still starts is queued,
    # not refused (uvicorn listens again on the same socket).
    sock.listen()
    if on_ready is not None:
        on_ready(_url(host, sock))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()
