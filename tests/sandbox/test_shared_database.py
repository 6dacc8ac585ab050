"""Two sandboxes over one database file (two CLIs, or ``serve`` and a CLI, sharing
``.reconciler/sandbox.db``): upserts and creates of the same new events at once never fail
with a 500 and never make an event twice."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reconciler.sandbox.server import RunningSandbox, start_sandbox

from .helpers import EVENTS

ROUNDS = 100
PER_ROUND = 10


@pytest.fixture
def two_sandboxes(tmp_path: Path) -> Iterator[tuple[RunningSandbox, RunningSandbox]]:
    db = tmp_path / "shared.db"
    with start_sandbox(db, rate_limit=None) as a, start_sandbox(db, rate_limit=None) as b:
        yield a, b


def _event(ext: str, name: str) -> dict[str, object]:
    return {
        "externalAccountId": "acct-shared",
        "externalEventId": ext,
        "eventName": name,
        "eventOrganizer": "Example Inc",
        "customProperties": [],
    }


def _hammer(urls: list[str], send: object) -> list[str]:
    """Each URL's client sends the same requests in lockstep; returns every failure."""
    barrier = threading.Barrier(len(urls), timeout=30)
    failures: list[str] = []

    def client(url: str) -> None:
        with httpx.Client(base_url=url, timeout=30) as api:
            for r in range(ROUNDS):
                try:
                    barrier.wait()
                    response = send(api, r)  # type: ignore[operator]
                except (httpx.HTTPError, threading.BrokenBarrierError) as exc:
                    failures.append(f"round {r}: {exc!r}")
                    barrier.abort()
                    return
                if response.status_code not in (200, 409):
                    failures.append(f"round {r}: {response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


def _by_external(url: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    params: dict[str, str | int] = {"limit": 100}
    with httpx.Client(base_url=url) as api:
        while True:
            body = api.get(EVENTS + "/", params=params).json()
            for e in body["results"]:
                if e.get("externalEventId", "").startswith("shared-"):
                    counts[e["externalEventId"]] = counts.get(e["externalEventId"], 0) + 1
            after = body.get("paging", {}).get("next", {}).get("after")
            if not after:
                return counts
            params["after"] = after


def test_two_sandboxes_upserting_the_same_new_events(
    two_sandboxes: tuple[RunningSandbox, RunningSandbox],
) -> None:
    def upsert(api: httpx.Client, r: int) -> httpx.Response:
        inputs = [_event(f"shared-{r}-{i}", f"Event {r}.{i}") for i in range(PER_ROUND)]
        return api.post(f"{EVENTS}/events/upsert", json={"inputs": inputs})

    urls = [s.base_url for s in two_sandboxes]
    assert _hammer(urls, upsert) == []
    counts = _by_external(urls[0])
    assert len(counts) == ROUNDS * PER_ROUND and set(counts.values()) == {1}


def test_two_sandboxes_creating_the_same_new_event(
    two_sandboxes: tuple[RunningSandbox, RunningSandbox],
) -> None:
    def create(api: httpx.Client, r: int) -> httpx.Response:
        return api.post(f"{EVENTS}/events", json=_event(f"shared-{r}", f"Event {r}"))

    urls = [s.base_url for s in two_sandboxes]
    assert _hammer(urls, create) == []  # one 200 and one 409 per round
    counts = _by_external(urls[0])
    assert len(counts) == ROUNDS and set(counts.values()) == {1}
