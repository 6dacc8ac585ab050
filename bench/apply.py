"""Requests and wall time to apply N changed objects, against a sandbox with HubSpot's latency
and rate limit, next to the floor, and one PATCH per object for comparison.

    python bench/apply.py [--changes 1000 10000] [--naive 1000]

Half the changes are campaigns, half events. Requests are counted by the sandbox's log.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from portal import LATENCY_MS, Portal, desired_from_portal, rate_floor_s, sandbox_process, seed

from reconciler.apply import Applier
from reconciler.hubspot.client import HubSpotClient
from reconciler.live import read_live
from reconciler.plan import Target, diff

WORKERS = 4


def plan_for(portal: Portal, change: int) -> Any:
    desired = desired_from_portal(portal.base_url, change=change)
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


def run(changes: int, naive: int) -> dict[str, Any]:
    half = changes // 2
    with sandbox_process() as portal:
        seed(portal, half, half)
        desired, plan = plan_for(portal, half)
        portal.hubspot_like()
        with HubSpotClient(portal.base_url, "bench") as client:
            started = time.monotonic()
            result = Applier(client, workers=WORKERS).run(plan)
            wall = time.monotonic() - started
        logged = portal.control.requests()
        writes = sum(r.is_write for r in logged)
        floor_writes = math.ceil(half / 50) + math.ceil(half / 100)
        out: dict[str, Any] = {
            "changes": changes,
            "ours": {
                "write_requests": writes,
                "read_requests": len(logged) - writes,
                "floor_requests": floor_writes,
                "wall_s": wall,
                "rate_floor_s": rate_floor_s(len(logged)),
                "latency_floor_s": math.ceil(len(logged) / WORKERS) * LATENCY_MS / 1000,
                "http_429": portal.count_429(),
                "failed": result.summary.failed,
            },
        }
        portal.quiet()
        with HubSpotClient(portal.base_url, "bench") as client:
            again = diff(desired, read_live(client, desired).live, plan.target)
        out["ours"]["plan_after_apply_changes"] = len(again.changes)
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
    args = parser.parse_args(argv)
    for i, n in enumerate(args.changes):
        r = run(n, args.naive if i == 0 else 0)
        o = r["ours"]
        floor = max(o["rate_floor_s"], o["latency_floor_s"])
        print(
            f"apply {n} changed objects ({n // 2} campaigns + {n // 2} events), {LATENCY_MS} ms latency, 190/10 s"
        )
        print(
            f"  ours : {o['write_requests']} writes (floor {o['floor_requests']}) + {o['read_requests']} reads, "
            f"{o['wall_s']:.1f} s (floor {floor:.1f} s = max(rate {o['rate_floor_s']:.0f} s, "
            f"{WORKERS} in flight x latency {o['latency_floor_s']:.1f} s)), {o['http_429']} x 429, "
            f"{o['failed']} failed, plan after apply: {o['plan_after_apply_changes']} changes"
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
