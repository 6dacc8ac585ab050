"""Requests and wall time to apply N changed objects, against a sandbox with HubSpot's latency
and rate limit, next to the floor, and one PATCH per object for comparison.

    python bench/apply.py [--changes 1000 10000] [--naive 1000] [--workers 8]

Half the changes are campaigns, half events. Requests are counted by the sandbox's log.
Apply runs twice: alone (the set-up reads have left the rate window), and right after the
plan's reads on the same client, as ``reconciler apply`` sends them. The floor is the least
time the writes can take with ``--workers`` in flight (the Applier's own, by default), each
taking the sandbox's latency, when no more than 190 requests may fall in any 10 s: after a
plan, the plan's reads (at the times the sandbox logged them) count in that window.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from portal import (
    LATENCY_MS,
    RATE_LIMIT,
    WINDOW_S,
    Portal,
    desired_from_portal,
    rate_floor_s,
    sandbox_process,
    seed,
)

from reconciler.apply import Applier
from reconciler.hubspot.client import HubSpotClient
from reconciler.live import read_live
from reconciler.plan import Target, diff

_DEFAULT = Applier.__dataclass_fields__["workers"].default
assert isinstance(_DEFAULT, int)
WORKERS: int = _DEFAULT  # the Applier's own concurrency


def window_floor(earlier: list[float], start: float, writes: int, workers: int) -> float:
    """Seconds from ``start`` until ``writes`` requests can all be answered, ``workers`` at a
    time, each taking the latency, with at most RATE_LIMIT requests (``earlier`` ones too,
    by send time) in any WINDOW_S: each goes as soon as a slot and the window allow."""
    latency = LATENCY_MS / 1000
    sent = sorted(earlier)
    free = [start] * workers
    end = start
    for _ in range(writes):
        slot = min(range(workers), key=free.__getitem__)
        at = free[slot]
        if len(sent) >= RATE_LIMIT:
            at = max(at, sent[-RATE_LIMIT] + WINDOW_S)
        sent.append(at)
        free[slot] = end_of = at + latency
        end = max(end, end_of)
    return end - start


def plan_for(portal: Portal, change: int, value: str = "Changed") -> Any:
    desired = desired_from_portal(portal.base_url, change=change, value=value)
    with HubSpotClient(portal.base_url, "bench") as client:
        live = read_live(client, desired).live
    return desired, diff(
        desired, live, Target(kind="sandbox", base_url=portal.base_url, database="bench")
    )


def naive_apply(portal: Portal, n: int) -> dict[str, Any]:
    """One PATCH per object, ten in flight, paced like ours."""
    _, plan = plan_for(portal, n // 2)
    portal.rested()  # the set-up reads leave the window first
    portal.hubspot_like()
    with HubSpotClient(portal.base_url, "bench") as client:

        def patch(change: Any) -> None:
            if change.kind == "campaign":
                body: dict[str, Any] = {"properties": {f.field: f.after for f in change.fields}}
                client.request(
                    "PATCH", f"/marketing/v3/campaigns/{change.id}", scope="write", json_body=body
                )
            else:
                body = {**{f.field: f.after for f in change.fields}, "customProperties": []}
                client.request(
                    "PATCH",
                    f"/marketing/v3/marketing-events/{change.id}",
                    scope="write",
                    json_body=body,
                )

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=10) as pool:
            list(pool.map(patch, plan.changes[:n]))
        return {
            "objects": n,
            "requests": client.stats.requests,
            "wall_s": time.monotonic() - started,
            "http_429": portal.count_429(),
        }


def after_plan(portal: Portal, half: int, workers: int) -> dict[str, Any]:
    """Read (the plan's requests), diff, then apply on the same client, as ``apply`` does."""
    desired = desired_from_portal(portal.base_url, change=half, value="Changed again")
    portal.rested()
    portal.hubspot_like()
    with HubSpotClient(portal.base_url, "bench") as client:
        read = read_live(client, desired)
        plan = diff(desired, read.live, Target(kind="sandbox", base_url=portal.base_url))
        started = time.monotonic()
        result = Applier(client, workers=workers).run(plan)
        wall = time.monotonic() - started
    logged = portal.control.requests()
    # The sandbox logs each request when it has answered: ``at`` less its duration is when it came.
    reads = [r.at - r.duration_ms / 1000 for r in logged if not r.is_write]
    writes = [r for r in logged if r.is_write]
    first = min(r.at - r.duration_ms / 1000 for r in writes)
    span = max(r.at for r in writes) - first
    return {
        "read_requests": len(reads),
        "write_requests": len(writes),
        "wall_s": wall,
        "sandbox_span_s": span,
        "floor_s": window_floor(reads, first, len(writes), workers),
        "floor_alone_s": window_floor([], 0.0, len(writes), workers),
        "write_ms": sum(r.duration_ms for r in writes) / len(writes),
        "http_429": portal.count_429(),
        "failed": result.summary.failed,
    }


def run(changes: int, naive: int, workers: int = WORKERS) -> dict[str, Any]:
    half = changes // 2
    with sandbox_process() as portal:
        seed(portal, half, half)
        desired, plan = plan_for(portal, half)
        portal.rested()  # the set-up reads leave the window first: apply alone
        portal.hubspot_like()
        with HubSpotClient(portal.base_url, "bench") as client:
            started = time.monotonic()
            result = Applier(client, workers=workers).run(plan)
            wall = time.monotonic() - started
        logged = portal.control.requests()
        writes = sum(r.is_write for r in logged)
        floor_writes = math.ceil(half / 50) + math.ceil(half / 100)
        out: dict[str, Any] = {
            "changes": changes,
            "workers": workers,
            "ours": {
                "write_requests": writes,
                "read_requests": len(logged) - writes,
                "floor_requests": floor_writes,
                "wall_s": wall,
                "rate_floor_s": rate_floor_s(len(logged)),
                "latency_floor_s": window_floor([], 0.0, len(logged), workers),
                "write_ms": sum(r.duration_ms for r in logged) / max(1, len(logged)),
                "http_429": portal.count_429(),
                "failed": result.summary.failed,
            },
        }
        portal.quiet()
        with HubSpotClient(portal.base_url, "bench") as client:
            again = diff(desired, read_live(client, desired).live, plan.target)
        out["ours"]["plan_after_apply_changes"] = len(again.changes)
        out["after_plan"] = after_plan(portal, half, workers)
        portal.quiet()
        if naive:
            portal.control.reset("empty")
            portal.control.define_event_properties("region")
            seed(portal, naive // 2, naive // 2)
            out["naive_measured"] = naive_apply(portal, naive)
        out["naive_computed"] = {
            "objects": changes,
            "requests": changes,
            "rate_floor_s": rate_floor_s(changes),
        }
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--changes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--naive", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=WORKERS, help="batches in flight")
    args = parser.parse_args(argv)
    for i, n in enumerate(args.changes):
        r = run(n, args.naive if i == 0 else 0, args.workers)
        o = r["ours"]
        floor = max(o["rate_floor_s"], o["latency_floor_s"])
        print(
            f"apply {n} changed objects ({n // 2} campaigns + {n // 2} events), {LATENCY_MS} ms latency, 190/10 s"
        )
        print(
            f"  ours : {o['write_requests']} writes (floor {o['floor_requests']}) + {o['read_requests']} reads, "
            f"{o['wall_s']:.1f} s (floor {floor:.1f} s = max(rate {o['rate_floor_s']:.0f} s, "
            f"{r['workers']} in flight x latency {o['latency_floor_s']:.1f} s), {o['wall_s'] / floor:.2f}x), "
            f"each write answered in {o['write_ms']:.0f} ms on average (latency {LATENCY_MS} ms), "
            f"{o['http_429']} x 429, {o['failed']} failed, plan after apply: "
            f"{o['plan_after_apply_changes']} changes"
        )
        a = r["after_plan"]
        print(
            f"  after the plan's {a['read_requests']} reads, same client: {a['write_requests']} writes, "
            f"{a['wall_s']:.1f} s (sandbox saw {a['sandbox_span_s']:.1f} s; floor with the reads in "
            f"the rate window {a['floor_s']:.1f} s, {a['wall_s'] / a['floor_s']:.2f}x; alone it would "
            f"be {a['floor_alone_s']:.1f} s), writes answered in {a['write_ms']:.0f} ms on average, "
            f"{a['http_429']} x 429, {a['failed']} failed"
        )
        if "naive_measured" in r:
            m = r["naive_measured"]
            print(
                f"  naive: {m['requests']} PATCHes for {m['objects']} objects, {m['wall_s']:.1f} s measured, {m['http_429']} x 429"
            )
        c = r["naive_computed"]
        print(
            f"  naive: {c['requests']} PATCHes, >= {c['rate_floor_s']:.0f} s (computed from the rate floor)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
