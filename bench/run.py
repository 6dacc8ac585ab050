"""All the figures in one run: requests and wall time of plan and apply against the API's floor
and against one request per object, CPU of load + diff + render, and peak memory.

    python bench/run.py [--sizes 1000 10000 100000] [--naive 1000] [--pin 10000]
                        [--pin-matched 3000] [--ratio 10000] [--ratio-rounds 5]
                        [--out bench/results.md]

For each size N the sandbox (its own process, 150 ms latency, 190 requests per 10 s) is seeded
with N/2 campaigns and N/2 events, manifests for all of them are written as YAML (100 files,
every object changed, events pinned by objectId as ``reconciler import`` writes them), and a
fresh child process runs the real pipeline: load, read, diff, render, apply, then plans again.
The naive client (one GET to read, one PATCH to write, per object, ten in flight, paced like
ours) runs against the same portal at ``--naive`` objects; beyond that its figures are computed
from the rate floor and marked so. At ``--pin`` objects (0 skips it) ``bench/pin.py`` measures
identity look-ups before and after ``reconciler pin``. At ``--ratio`` objects (0 skips it)
``bench/ratio.py`` measures the CPU of ``reconciler plan`` against the reference planner
(``bench/reference.py``), side by side, and the start-up import time.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import pin as pin_bench
import ratio as ratio_bench
from portal import (
    LATENCY_MS,
    RATE_LIMIT,
    WINDOW_S,
    Portal,
    rate_floor_s,
    sandbox_process,
    seed,
)

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient

FILES = 100
APPLY_IN_FLIGHT = 8  # reconciler.apply.Applier's default


def write_manifests(portal: Portal, folder: Path) -> tuple[int, int]:
    """YAML for everything on the portal, every object changed (a new audience / organizer)."""
    with HubSpotClient(portal.base_url, "bench") as client:
        campaigns = campaigns_api.list_campaigns(client, ["hs_name"])
        events = events_api.list_events(client)
    chunks: list[list[str]] = [[] for _ in range(FILES)]
    for i, c in enumerate(campaigns):
        name = json.dumps(c.properties["hs_name"])
        chunks[i % FILES].append(
            f"  - name: {name}\n    properties:\n      hs_audience: Changed audience\n"
        )
    event_chunks: list[list[str]] = [[] for _ in range(FILES)]
    for i, e in enumerate(events):
        event_chunks[i % FILES].append(
            f'  - objectId: "{e.objectId}"\n    eventOrganizer: Changed Org\n'
        )
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(FILES):
        text = "campaigns:\n" + "".join(chunks[n]) if chunks[n] else ""
        text += "marketingEvents:\n" + "".join(event_chunks[n]) if event_chunks[n] else ""
        (folder / f"part-{n:03d}.yaml").write_text(text, encoding="utf-8")
    return len(campaigns), len(events)


def ours(base_url: str, folder: str, queue: Any) -> None:
    """The real pipeline in a fresh process, so peak RSS is this run's alone."""
    from rich.console import Console

    from reconciler.apply import Applier
    from reconciler.live import read_live
    from reconciler.manifest import load_manifests
    from reconciler.pipeline import settle_heap
    from reconciler.plan import Target, diff
    from reconciler.render.text import render_text

    cpu0 = time.process_time()
    desired = load_manifests([Path(folder)])
    cpu_load = time.process_time() - cpu0
    target = Target(kind="hubspot", base_url=base_url)
    with HubSpotClient(base_url, "bench") as client:
        settle_heap(collect=False)  # as pipeline.make_plan does before it reads
        wall0 = time.monotonic()
        read = read_live(client, desired)
        plan_wall = time.monotonic() - wall0
        settle_heap()
        cpu1 = time.process_time()
        plan = diff(desired, read.live, target, save_live_values=False)
        render_text(plan, Console(file=io.StringIO(), no_color=True, width=120))  # as `plan` does
        cpu_plan = time.process_time() - cpu1
        plan_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        plan_requests = read.requests
        del desired, read  # as `reconciler apply` does: only the plan is kept while writing
        before = client.stats.requests
        wall1 = time.monotonic()
        result = Applier(client).run(plan)
        apply_wall = time.monotonic() - wall1
        apply_requests = client.stats.requests - before
        limited = client.stats.rate_limited
    queue.put(
        {
            "plan_requests": plan_requests,
            "plan_wall_s": plan_wall,
            "apply_requests": apply_requests,
            "apply_wall_s": apply_wall,
            "failed": result.summary.failed,
            "changes": len(plan.changes),
            "cpu_load_s": cpu_load,
            "cpu_diff_render_s": cpu_plan,
            "plan_peak_rss_mb": plan_peak_mb,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "http_429_seen_by_client": limited,
        }
    )


def plan_again(base_url: str, folder: Path) -> int:
    from reconciler.live import read_live
    from reconciler.manifest import load_manifests
    from reconciler.plan import Target, diff

    desired = load_manifests([folder])
    with HubSpotClient(base_url, "bench") as client:
        live = read_live(client, desired).live
    return len(diff(desired, live, Target(kind="hubspot", base_url=base_url)).changes)


def naive(portal: Portal, n: int) -> dict[str, float]:
    """One GET per object to read, then one PATCH per object to write, ten in flight."""
    with HubSpotClient(portal.base_url, "bench") as probe:
        campaigns = [c.id for c in campaigns_api.list_campaigns(probe, ["hs_name"])][: n // 2]
        events = [e.objectId for e in events_api.list_events(probe)][: n - n // 2]
    portal.rested()
    portal.hubspot_like()
    out: dict[str, float] = {}
    with HubSpotClient(portal.base_url, "bench") as client:

        def get(item: tuple[str, str]) -> None:
            kind, oid = item
            path = (
                f"/marketing/v3/campaigns/{oid}"
                if kind == "c"
                else f"/marketing/v3/marketing-events/{oid}"
            )
            client.request("GET", path, scope="read")

        def patch(item: tuple[str, str]) -> None:
            kind, oid = item
            if kind == "c":
                client.request(
                    "PATCH",
                    f"/marketing/v3/campaigns/{oid}",
                    scope="write",
                    json_body={"properties": {"hs_audience": "Naive"}},
                )
            else:
                client.request(
                    "PATCH",
                    f"/marketing/v3/marketing-events/{oid}",
                    scope="write",
                    json_body={"eventOrganizer": "Naive", "customProperties": []},
                )

        items = [("c", c) for c in campaigns] + [("e", e) for e in events]
        for name, fn in (("plan", get), ("apply", patch)):
            before = client.stats.requests
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=10) as pool:
                list(pool.map(fn, items))
            out[f"{name}_wall_s"] = time.monotonic() - started
            out[f"{name}_requests"] = client.stats.requests - before
    out["http_429"] = portal.count_429()
    return out


def run_size(n: int, naive_n: int) -> dict[str, Any]:
    with sandbox_process() as portal, tempfile.TemporaryDirectory(prefix="bench-manifests-") as tmp:
        seed(portal, n // 2, n - n // 2)
        nc, ne = write_manifests(portal, Path(tmp))
        portal.hubspot_like()
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=ours, args=(portal.base_url, tmp, queue))
        proc.start()
        row: dict[str, Any] = queue.get()
        proc.join()
        row["http_429"] = portal.count_429()
        portal.quiet()
        row["plan_after_apply_changes"] = plan_again(portal.base_url, Path(tmp))
        pages = math.ceil(nc / 100) + math.ceil(ne / 100)
        writes = math.ceil(nc / 50) + math.ceil(ne / 100)
        row.update(
            objects=n,
            campaigns=nc,
            events=ne,
            plan_floor_requests=pages,
            apply_floor_requests=writes,
            plan_floor_s=max(
                rate_floor_s(pages),
                max(math.ceil(nc / 100), math.ceil(ne / 100)) * LATENCY_MS / 1000,
            ),
            apply_floor_s=max(
                rate_floor_s(writes), math.ceil(writes / APPLY_IN_FLIGHT) * LATENCY_MS / 1000
            ),
            naive_plan_floor_s=rate_floor_s(n),
            naive_apply_floor_s=rate_floor_s(n),
        )
        if naive_n and n == naive_n:
            portal.control.reset("empty")
            portal.control.define_event_properties("region")
            seed(portal, naive_n // 2, naive_n - naive_n // 2)
            row["naive"] = naive(portal, naive_n)
        return row


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}; sandbox latency {LATENCY_MS} ms, rate limit {RATE_LIMIT} per {WINDOW_S:g} s. "
        "Every object changed; events pinned by objectId. Naive = one request per object, ten in flight.",
        "",
        "| objects | plan requests (floor) | apply requests (floor) | plan wall s (floor) | apply wall s (floor) "
        "| naive requests plan+apply | naive wall s plan+apply | naive/ours requests | CPU load s | CPU diff+render s "
        "| peak MB plan / plan+apply | 429s | plan after apply |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        naive_row = r.get("naive")
        ours_req = r["plan_requests"] + r["apply_requests"]
        if naive_row:
            n_req = naive_row["plan_requests"] + naive_row["apply_requests"]
            n_req_s = f"{n_req:.0f}"
            n_wall = f"{naive_row['plan_wall_s']:.1f} + {naive_row['apply_wall_s']:.1f} (measured)"
        else:
            n_req = 2 * r["objects"]
            n_req_s = f"{n_req} (computed)"
            n_wall = f">= {r['naive_plan_floor_s']:.0f} + {r['naive_apply_floor_s']:.0f} (computed)"
        lines.append(
            f"| {r['objects']:,} | {r['plan_requests']} ({r['plan_floor_requests']}, "
            f"{r['plan_requests'] / r['plan_floor_requests']:.2f}x) | {r['apply_requests']} "
            f"({r['apply_floor_requests']}, {r['apply_requests'] / r['apply_floor_requests']:.2f}x) "
            f"| {r['plan_wall_s']:.1f} ({r['plan_floor_s']:.1f}, {r['plan_wall_s'] / r['plan_floor_s']:.2f}x) "
            f"| {r['apply_wall_s']:.1f} ({r['apply_floor_s']:.1f}, {r['apply_wall_s'] / r['apply_floor_s']:.2f}x) "
            f"| {n_req_s} | {n_wall} | {n_req / max(1, ours_req):.0f}x | {r['cpu_load_s']:.2f} "
            f"| {r['cpu_diff_render_s']:.2f} | {r['plan_peak_rss_mb']:.0f} / {r['peak_rss_mb']:.0f} | {r['http_429']} "
            f"| {r['plan_after_apply_changes']} |"
        )
    lines += [
        "",
        "Floors: plan = ceil(campaigns/100) + ceil(events/100) list pages; apply = ceil(campaigns/50) + "
        "ceil(events/100) batches. Wall floor of plan = max(rate floor, sequential cursor pages x latency); "
        f"of apply = max(rate floor, ceil(batches / {APPLY_IN_FLIGHT} in flight) x latency). "
        "Rate floor = (ceil(requests/190) - 1) x 10 s.",
        "",
        "Plan and apply run back to back on one client, as `reconciler apply` does: the plan's reads "
        "share the rate window with the writes, so at 10,000 objects (250 requests, more than one "
        "window) the writes wait for the reads to leave it; `bench/apply.py` measures apply alone. "
        "CPU diff+render is the diff and the text render that `reconciler plan` prints; "
        "`bench/plan.py` measures the Markdown and JSON renderers too.",
    ]
    return "\n".join(lines) + "\n"


def kept_sections(path: Path, new: str) -> str:
    """The ``## `` sections of the old results file that this run did not measure (``--pin 0``,
    ``--ratio 0``, or written by hand), carried over as they are."""
    if not path.exists():
        return ""
    parts = path.read_text(encoding="utf-8").split("\n## ")[1:]
    return "".join(
        f"\n## {part.rstrip()}\n" for part in parts if f"## {part.splitlines()[0]}\n" not in new
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive", type=int, default=1_000)
    parser.add_argument("--pin", type=int, default=10_000, help="objects for the pin row; 0 skips")
    parser.add_argument("--pin-matched", type=int, default=3_000)
    parser.add_argument("--ratio", type=int, default=10_000, help="objects for the ratio; 0 skips")
    parser.add_argument("--ratio-rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    rows = []
    for n in args.sizes:
        print(f"... {n:,} objects", file=sys.stderr, flush=True)
        rows.append(run_size(n, args.naive))
    text = "# Benchmark results\n\n" + table(rows)
    pin_text = ""
    if args.pin:
        print(f"... pin at {args.pin:,} objects", file=sys.stderr, flush=True)
        pin_text = "\n" + pin_bench.section(pin_bench.measure(args.pin, args.pin_matched))
    if args.ratio:
        print(f"... reference ratio at {args.ratio:,} objects", file=sys.stderr, flush=True)
        measured = ratio_bench.measure(args.ratio, args.ratio_rounds)
        pin_text += "\n" + ratio_bench.section(measured, ratio_bench.import_time())
    text += f"\nWhole run: {time.monotonic() - started:.0f} s.\n" + pin_text
    text += kept_sections(args.out, text)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
