"""Commands end when they should (issue 14, items 7 and 10): Ctrl-C stops retries at once, a
second Ctrl-C in apply still prints the report, a trickling server cannot keep plan alive, and
every retry is one line with its attempt count and wait.

The CLI runs as a subprocess (signals, hangs) against a raw-socket stub in front of the session
sandbox: the stub answers 503 to reads, or holds writes, so the test knows what is in flight.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.conftest import SESSION_PORTAL_ID
from tests.e2e.conftest import CLI, TOKEN
from tests.e2e.test_doctor import _portal_contents
from tests.httpstub import Reply, StubRequest, forward, stub_server, wait_until

RETRY_LINE = re.compile(r"; attempt (\d+)/6, waiting [\d.]+ s")


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    out_path: Path

    def output(self) -> str:
        return self.out_path.read_text(encoding="utf-8")

    def ended_within(self, seconds: float) -> float:
        started = time.monotonic()
        try:
            self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(
                f"still running {seconds} s later:\n{self.output()[-3000:]}"
            ) from None
        return time.monotonic() - started


Spawn = Callable[..., Child]


@pytest.fixture
def spawn(workdir: Path) -> Iterator[Spawn]:
    children: list[Child] = []

    def start(*args: str, **env: str) -> Child:
        out_path = workdir / f"out-{len(children)}.txt"
        out = out_path.open("w", encoding="utf-8")  # a pipe could fill and block the child
        full_env = {**os.environ, "HUBSPOT_ACCESS_TOKEN": TOKEN, "NO_COLOR": "1"}
        full_env.pop("RECONCILER_RETRY_WAIT_SCALE", None)  # real waits unless a test says
        full_env.update(env)
        proc = subprocess.Popen(
            [sys.executable, "-m", "reconciler", *args],
            cwd=workdir,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        child = Child(proc, out_path)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.proc.poll() is None:
            child.proc.kill()
            child.proc.wait()


def test_first_ctrl_c_ends_retry_waits_at_once(
    portal: SandboxControl, sandbox: RunningSandbox, spawn: Spawn
) -> None:
    def reads_fail(request: StubRequest) -> Reply:
        if request.path.startswith("/account-info/"):
            return forward(sandbox.base_url, request)
        return Reply.http(503, b'{"message": "down for maintenance"}')

    with stub_server(reads_fail) as stub:
        child = spawn("plan", HUBSPOT_BASE_URL=stub.url)  # real back-off waits: 0.5, 1, 2, 4, 8 s

        def lists() -> list[StubRequest]:
            return [r for r in stub.requests if not r.path.startswith("/account-info/")]

        wait_until(lambda: len(lists()) >= 3, 30, "a retried read")  # the reader threads now wait
        sent = len(lists())
        child.proc.send_signal(signal.SIGINT)
        took = child.ended_within(10)
        out = child.output()
    assert child.proc.returncode == 130, out
    assert took < 3, f"took {took:.1f} s to stop"  # the waits left were several seconds
    assert len(lists()) <= sent + 2  # at most the requests already on their way
    assert "Stopping: nothing new is sent" in out and "Interrupted: " in out
    assert "Traceback" not in out
    attempts = [int(m.group(1)) for m in RETRY_LINE.finditer(out)]
    assert attempts and set(attempts) <= {1, 2}, out


def test_second_ctrl_c_in_apply_abandons_the_writes_in_flight_and_reports(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, spawn: Spawn
) -> None:
    release = threading.Event()
    writes_seen = threading.Event()
    forwarding = [0]
    lock = threading.Lock()

    def hold_writes(request: StubRequest) -> Reply:
        with lock:
            forwarding[0] += 1
        try:
            if request.is_write:
                writes_seen.set()
                release.wait(60)  # as if HubSpot took a minute to answer
            return forward(sandbox.base_url, request)
        finally:
            with lock:
                forwarding[0] -= 1

    with stub_server(hold_writes) as stub:
        child = spawn("apply", "--auto-approve", HUBSPOT_BASE_URL=stub.url)
        assert writes_seen.wait(30), child.output()
        time.sleep(0.3)  # the other batches start too
        for _ in range(3):
            child.proc.send_signal(signal.SIGINT)
            time.sleep(0.3)
        took = child.ended_within(10)
        out = child.output()
        release.set()
        wait_until(lambda: forwarding[0] == 0, 30, "the held writes to reach the sandbox")
    assert child.proc.returncode == 130, out
    assert took < 3, f"took {took:.1f} s after the last Ctrl-C"
    assert "Traceback" not in out
    assert "abandoned in flight" in out and "whether HubSpot acted on it is unknown" in out
    assert re.search(r"Apply interrupted: \d+ created, \d+ updated, \d+ deleted, \d+ failed", out)
    # The writes did land after all (the network had them): running apply again finishes.
    again = cli("apply", "--auto-approve")
    assert again.code == 0, again.out + again.err
    assert cli("plan", "--detailed-exitcode").code == 0


def test_a_trickling_portal_cannot_keep_plan_alive(spawn: Spawn) -> None:
    trickle = Reply.http(200, b'{"portalId": 1}' + b" " * 100_000, trickle=0.05)
    with stub_server(lambda request: trickle) as stub:
        child = spawn(
            "plan",
            HUBSPOT_BASE_URL=stub.url,
            RECONCILER_HTTP_TIMEOUT="0.5",
            RECONCILER_RETRY_WAIT_SCALE="0.001",
        )
        child.ended_within(30)
        out = child.output()
    assert child.proc.returncode == 1, out
    assert "got no complete answer" in out and "within 0.5 s" in out
    assert "gave up after 6 attempts" in out and "Traceback" not in out


def test_an_unreachable_portal_gets_one_line_per_attempt(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nothing listens there
    monkeypatch.setenv("HUBSPOT_BASE_URL", f"http://127.0.0.1:{port}")
    result = cli("plan")
    assert result.code == 1
    lines = result.err.splitlines()
    retries = [line for line in lines if "cannot reach" in line and RETRY_LINE.search(line)]
    assert [int(RETRY_LINE.search(line).group(1)) for line in retries] == [1, 2, 3, 4, 5]  # type: ignore[union-attr]
    assert all(line.startswith("GET /account-info/") for line in retries), retries
    assert sum("cannot reach" in line for line in lines) == 6  # five retries and the error
    assert (
        lines[-1].startswith("Error: GET /account-info/")
        and "gave up after 6 attempts" in lines[-1]
    )


def test_ctrl_c_stops_plan_all_portals_at_once(
    portal: SandboxControl, sandbox: RunningSandbox, spawn: Spawn, workdir: Path
) -> None:
    def reads_fail(request: StubRequest) -> Reply:
        if request.path.startswith("/account-info/"):
            return forward(sandbox.base_url, request)
        return Reply.http(503, b'{"message": "down for maintenance"}')

    with stub_server(reads_fail) as stub:
        (workdir / "reconciler.yaml").write_text(
            "portals:\n"
            + "".join(
                f"  {name}:\n    portalId: {SESSION_PORTAL_ID}\n    token: env:TOKEN_ANY\n"
                f"    baseUrl: {stub.url}\n"
                for name in ("staging", "production")
            ),
            encoding="utf-8",
        )
        child = spawn("plan", "--all-portals", TOKEN_ANY=TOKEN)

        def lists() -> list[StubRequest]:
            return [r for r in stub.requests if not r.path.startswith("/account-info/")]

        wait_until(lambda: len(lists()) >= 6, 30, "retried reads of both portals")
        child.proc.send_signal(signal.SIGINT)
        took = child.ended_within(10)
        out = child.output()
    assert child.proc.returncode == 130, out
    assert took < 3, f"took {took:.1f} s to stop"
    assert "Interrupted: " in out and "Traceback" not in out


def test_ctrl_c_during_doctor_probe_still_archives_the_scratch_objects(
    portal: SandboxControl, sandbox: RunningSandbox, spawn: Spawn
) -> None:
    before = _portal_contents(sandbox)
    held, release = threading.Event(), threading.Event()

    def hold_the_first_write(request: StubRequest) -> Reply:
        if request.is_write and not held.is_set():
            held.set()  # the scratch campaign's create
            release.wait(30)
        return forward(sandbox.base_url, request)

    with stub_server(hold_the_first_write) as stub:
        child = spawn("doctor", "--probe", HUBSPOT_BASE_URL=stub.url)
        assert held.wait(30), child.output()
        child.proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        release.set()  # the create lands; nothing else of the probe may start, but cleanup must
        child.ended_within(30)
        out = child.output()
    assert child.proc.returncode == 130, out
    assert "Traceback" not in out
    assert _portal_contents(sandbox) == before
