"""Requests and wall time to read live state, against a sandbox with HubSpot's latency and
rate limit, next to the floors, and a one-GET-per-object reader for comparison.

    python bench/read.py [--objects 10000] [--naive 1000]

``--objects`` campaigns and as many events are seeded; the manifests name all of them (events
pinned by objectId, as ``reconciler import`` writes them). The naive reader refreshes
``--naive`` objects one GET each, ten in flight, as Terraform providers do; beyond that its
time is computed from the rate floor and marked so.
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
    PAGE,
    Portal,
    desired_from_portal,
    rate_floor_s,
    sandbox_process,
    seed,
)

from reconciler.hubspot.client import HubSpotClient
from reconciler.live import read_live


def naive_read(portal: Portal, desired: Any, n: int) -> dict[str, Any]:
    """One GET per object (half campaigns, half events), ten at a time, paced like ours."""
    ids = [("c", s.obj.name) for s in desired.campaigns[: n // 2]]
    ids += [("e", s.obj.objectId) for s in desired.events[: n - len(ids)]]
    with HubSpotClient(portal.base_url, "bench") as probe:
        from reconciler.hubspot import campaigns as campaigns_api

        guid = {
            c.properties["hs_name"]: c.id for c in campaigns_api.list_campaigns(probe, ["hs_name"])
        }
    portal.hubspot_like()
    with HubSpotClient(portal.base_url, "bench") as client:

        def get(item: tuple[str, str]) -> None:
            kind, key = item
            if kind == "c":
                client.request(
                    "GET",
                    f"/marketing/v3/campaigns/{guid[key]}",
                    scope="read",
                    params={"properties": "hs_audience"},
                )
            else:
                client.request("GET", f"/marketing/v3/marketing-events/{key}", scope="read")

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=10) as pool:
            list(pool.map(get, ids))
        wall = time.monotonic() - started
        return {"requests": client.stats.requests, "wall_s": wall, "http_429": portal.count_429()}


def run(objects: int, naive: int) -> dict[str, Any]:
    with sandbox_process() as portal:
        seed(portal, objects, objects)
        desired = desired_from_portal(portal.base_url)
        portal.hubspot_like()
        with HubSpotClient(portal.base_url, "bench") as client:
            started = time.monotonic()
            read = read_live(client, desired)
            wall = time.monotonic() - started
        pages = math.ceil(objects / PAGE)
        ours = {
            "requests": read.requests,
            "floor_requests": 2 * pages,
            "wall_s": wall,
            "rate_floor_s": rate_floor_s(2 * pages),
            "paging_floor_s": pages * LATENCY_MS / 1000,
            "http_429": portal.count_429(),
            "objects_read": len(read.live.campaigns) + len(read.live.events),
        }
        result: dict[str, Any] = {"objects": 2 * objects, "ours": ours}
        if naive:
            portal.rested()
            result["naive_measured"] = {"objects": naive, **naive_read(portal, desired, naive)}
        result["naive_computed"] = {
            "objects": 2 * objects,
            "requests": 2 * objects,
            "rate_floor_s": rate_floor_s(2 * objects),
        }
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--objects", type=int, default=10_000, help="campaigns, and as many events")
    parser.add_argument("--naive", type=int, default=1_000)
    args = parser.parse_args(argv)
    r = run(args.objects, args.naive)
    o = r["ours"]
    floor = max(o["rate_floor_s"], o["paging_floor_s"])
    print(
        f"read {r['objects']} objects ({args.objects} campaigns + {args.objects} events), {LATENCY_MS} ms latency, 190/10 s"
    )
    print(
        f"  ours : {o['requests']} requests (floor {o['floor_requests']}), {o['wall_s']:.1f} s "
        f"(floor {floor:.1f} s = max(rate {o['rate_floor_s']:.0f} s, paging {o['paging_floor_s']:.1f} s); "
        f"{o['wall_s'] / floor if floor else 0:.2f}x), {o['http_429']} x 429"
    )
    if "naive_measured" in r:
        n = r["naive_measured"]
        print(
            f"  naive: {n['requests']} GETs for {n['objects']} objects, {n['wall_s']:.1f} s measured, {n['http_429']} x 429"
        )
    c = r["naive_computed"]
    print(
        f"  naive: {c['requests']} GETs for {c['objects']} objects, >= {c['rate_floor_s']:.0f} s (computed from the rate floor)"
    )
    print(
        f"  ratio: {c['requests'] / max(1, o['requests']):.0f}x fewer requests than one GET per object"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
