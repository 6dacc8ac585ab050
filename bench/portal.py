"""Shared by the benchmarks: a sandbox in its own process, seeded, with HubSpot's latency and
rate limit, and the floors that physics and the rate limit impose.

The sandbox runs as ``reconciler sandbox serve`` in a subprocess so that its CPU never
competes with the client's for one interpreter's lock; the benchmark talks to it over HTTP,
as it would to HubSpot.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.models import MANIFEST, Campaign, DesiredState, Location, MarketingEvent, Sourced
from reconciler.sandbox.control import SandboxControl

LATENCY_MS = 150
RATE_LIMIT = 190
WINDOW_S = 10.0
PAGE = 100


def rate_floor_s(requests: int, limit: int = RATE_LIMIT, window_s: float = WINDOW_S) -> float:
    """The least time ``requests`` can take under a rolling window: full windows waited."""
    return max(0, math.ceil(requests / limit) - 1) * window_s if requests else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Portal:
    base_url: str
    control: SandboxControl

    def quiet(self) -> None:
        """No latency, no rate limit: for seeding and setting up."""
        self.control.set_faults(latency_ms=0, rate_limit=None)
        self.control.clear_requests()

    def hubspot_like(self) -> None:
        """HubSpot's latency and rate limit, for the measured part."""
        self.control.set_faults(
            latency_ms=LATENCY_MS, rate_limit=RATE_LIMIT, rate_window_ms=int(WINDOW_S * 1000)
        )
        self.control.clear_requests()

    def rested(self) -> None:
        """Let the previous run's requests leave the rolling window before measuring again."""
        time.sleep(WINDOW_S + 0.5)

    def count_429(self) -> int:
        return sum(r.status == 429 for r in self.control.requests())


@contextmanager
def sandbox_process() -> Iterator[Portal]:
    with tempfile.TemporaryDirectory(prefix="reconciler-bench-") as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "HUBSPOT_ACCESS_TOKEN"}
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reconciler",
                "sandbox",
                "serve",
                "--port",
                str(port),
                "--db",
                str(Path(tmp) / "bench.db"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"{base_url}/_sandbox/faults", timeout=1).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise RuntimeError("the sandbox did not start") from None
                    time.sleep(0.1)
            with SandboxControl(base_url, timeout=600) as control:
                portal = Portal(base_url, control)
                portal.quiet()
                control.reset("empty")
                control.define_event_properties("region")
                yield portal
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def seed(portal: Portal, campaigns: int, events: int) -> None:
    """Add objects in chunks (one control call each) so memory stays flat at 100,000."""
    step = 20_000
    for start in range(0, max(campaigns, events), step):
        portal.control.seed_bulk(
            campaigns=max(0, min(step, campaigns - start)), events=max(0, min(step, events - start))
        )


def desired_from_portal(
    base_url: str,
    *,
    change: int = 0,
    managed: tuple[str, ...] = ("hs_audience",),
    value: str = "Changed",
) -> DesiredState:
    """Manifest objects for everything on the portal, as an import would write them (ids of
    events pinned); the first ``change`` of each kind get a new value."""
    with HubSpotClient(base_url, "bench") as client:
        campaigns = campaigns_api.list_campaigns(client, ["hs_name", *managed])
        events = events_api.list_events(client)
    here = Location(file="bench.yaml", line=1)
    desired_c = [
        Sourced.of(
            Campaign.model_validate(
                {
                    "name": c.properties["hs_name"],
                    "properties": {
                        p: (value if i < change else c.properties.get(p) or "") for p in managed
                    },
                },
                context=MANIFEST,
            ),
            here,
        )
        for i, c in enumerate(campaigns)
    ]
    desired_e = [
        Sourced.of(
            MarketingEvent.model_validate(
                {
                    "objectId": e.objectId,
                    "eventOrganizer": f"{value} Org" if i < change else e.eventOrganizer,
                },
                context=MANIFEST,
            ),
            here,
        )
        for i, e in enumerate(events)
    ]
    return DesiredState(campaigns=desired_c, events=desired_e)


def fmt_s(seconds: float) -> str:
    return f"{seconds:.1f}"
