"""Nothing a server says or does keeps the client waiting past its bounds (issue 14, items 7
and 10): capped waits, a deadline per request with its retries, a whole-exchange timeout
against a server that trickles, and waits that end at once on Ctrl-C.

All over HTTP against a raw-socket server on loopback, with small bounds. Each call runs in a
daemon thread joined with a time limit, so a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from reconciler.hubspot.client import HubSpotClient, RatePacer, RetryPolicy
from reconciler.hubspot.errors import (
    HubSpotTimeout,
    RateLimitError,
    RequestInterrupted,
    ServerError,
)
from tests.httpstub import Reply, StubRequest, stub_server

TINY = RetryPolicy(attempts=3, timeout=30, wait_scale=0.001)
OK = Reply.http(200, b'{"results": []}')


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result, failing (not hanging) if it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still waiting after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def scripted(*replies: Reply) -> Callable[[StubRequest], Reply]:
    """Answer with ``replies`` in turn, then with the last one forever."""
    queue = list(replies)

    def handler(request: StubRequest) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def too_many(retry_after: str) -> Reply:
    body = b'{"status": "error", "message": "slow down", "policyName": "TEN_SECONDLY_ROLLING"}'
    return Reply.http(429, body, {"Retry-After": retry_after})


@pytest.mark.parametrize(
    ("retry_after", "capped"),
    [
        ("1e9", True),
        ("3600", True),
        ("Fri, 01 Jan 2100 00:00:00 GMT", True),
        ("inf", False),
        ("nan", False),
        ("-5", False),
        ("soon", False),
    ],
)
def test_any_retry_after_is_capped_and_says_so(retry_after: str, capped: bool) -> None:
    notes: list[str] = []
    with (
        stub_server(scripted(too_many(retry_after), OK)) as server,
        HubSpotClient(server.url, "tok", retry=TINY, notice=notes.append) as client,
    ):
        response = within(5, lambda: client.request("GET", "/x", scope="s"))
    assert response.status_code == 200
    assert len(notes) == 1 and "attempt 1/3, waiting 0.01 s" in notes[0], notes
    assert ("Retry-After asked for" in notes[0] and "capped at 10 s" in notes[0]) == capped


def test_a_wait_past_the_deadline_gives_up_at_once_with_a_message() -> None:
    policy = RetryPolicy(attempts=6, timeout=1.0, wait_scale=1.0)
    with (
        stub_server(scripted(too_many("5"))) as server,
        HubSpotClient(server.url, "tok", retry=policy, timeout=0.5) as client,
    ):
        started = time.monotonic()
        with pytest.raises(RateLimitError, match=r"gave up after 1 attempt in .* end within 1 s"):
            within(5, lambda: client.request("GET", "/x", scope="s"))
    assert time.monotonic() - started < 1.0  # the 5 s wait was never started
    assert len(server.requests) == 1


def test_retries_end_within_the_policy_timeout() -> None:
    policy = RetryPolicy(
        attempts=1000, timeout=0.6, wait_initial=0.05, wait_max=0.05, wait_jitter=0
    )
    with (
        stub_server(scripted(Reply.http(503))) as server,
        HubSpotClient(server.url, "tok", retry=policy, timeout=0.2) as client,
    ):
        started = time.monotonic()
        with pytest.raises(ServerError, match=r"503: .*gave up after \d+ attempts"):
            within(5, lambda: client.request("GET", "/x", scope="s"))
    assert 0.5 < time.monotonic() - started < 1.2
    assert 3 < len(server.requests) < 1000


@pytest.mark.parametrize("trickle_from", ["body", "start"])
def test_a_trickling_server_cannot_hold_a_request_past_the_http_timeout(
    trickle_from: str,
) -> None:
    slow = Reply.http(
        200, b'{"results": []}' + b" " * 10_000, trickle=0.02, trickle_from=trickle_from
    )
    with (
        stub_server(scripted(slow)) as server,
        HubSpotClient(server.url, "tok", retry=TINY, timeout=0.3) as client,
    ):
        started = time.monotonic()
        with pytest.raises(HubSpotTimeout, match=r"no complete answer .* within 0\.3 s"):
            within(10, lambda: client.request("GET", "/x", scope="s"))
    elapsed = time.monotonic() - started
    assert elapsed < 0.3 * TINY.attempts + 0.5, elapsed  # each attempt cut at 0.3 s
    assert len(server.requests) == TINY.attempts


def test_halt_ends_a_retry_wait_at_once() -> None:
    policy = RetryPolicy(attempts=6, timeout=60, wait_scale=1.0)  # a real 10 s wait
    with (
        stub_server(scripted(too_many("3600"))) as server,
        HubSpotClient(server.url, "tok", retry=policy) as client,
    ):
        threading.Timer(0.3, client.halt).start()
        started = time.monotonic()
        with pytest.raises(RequestInterrupted, match=r"429.*not retried: interrupted"):
            within(5, lambda: client.request("GET", "/x", scope="s"))
        assert time.monotonic() - started < 2
        with pytest.raises(RequestInterrupted, match="was not sent"):
            client.request("GET", "/y", scope="s")
    assert [r.path for r in server.requests] == ["/x"]


def test_abort_abandons_a_request_in_flight() -> None:
    held = Reply.http(200, b" " * 1000, trickle=0.5)  # 500 s to answer, each read in time
    with (
        stub_server(scripted(held)) as server,
        HubSpotClient(server.url, "tok", retry=TINY, timeout=600) as client,
    ):
        threading.Timer(0.3, client.abort).start()
        started = time.monotonic()
        with pytest.raises(RequestInterrupted, match="abandoned in flight"):
            within(5, lambda: client.request("POST", "/w", scope="s", json_body={}))
        assert time.monotonic() - started < 2
    assert len(server.requests) == 1


def test_pacer_waits_are_capped_whatever_the_headers_say() -> None:
    slept: list[float] = []
    pacer = RatePacer(sleep=slept.append, clock=lambda: 1000.0 + sum(slept))
    pacer.observe(
        httpx.Headers(
            {
                "X-HubSpot-RateLimit-Max": "1",
                "X-HubSpot-RateLimit-Interval-Milliseconds": str(10**15),
                "X-HubSpot-RateLimit-Remaining": "0",
            }
        )
    )
    for _ in range(3):
        pacer.acquire()
    assert slept and max(slept) <= 60 * 1.05
