"""CPU time and peak memory of diff + render for N objects with ~10 managed fields each.

    python bench/plan.py [--sizes 10000 100000]

Each size runs in its own process so that peak RSS is that size's alone. Half the objects are
campaigns, half events; a tenth of them change, so the renderers have real work.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import resource
import sys
import time
from typing import Any

from rich.console import Console

from reconciler.models import (
    MANIFEST,
    Campaign,
    DesiredState,
    LiveState,
    Location,
    MarketingEvent,
    Sourced,
)
from reconciler.pipeline import settle_heap
from reconciler.plan import Target, diff
from reconciler.render.json import render_json
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_text

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="bench.db")


def states(n: int) -> tuple[DesiredState, LiveState]:
    half = n // 2
    desired_c, live_c, desired_e, live_e = [], [], [], []
    for i in range(half):
        changed = i % 10 == 0
        props = {
            "hs_start_date": "2026-01-01",
            "hs_end_date": "2026-12-31",
            "hs_notes": f"notes {i}",
            "hs_audience": "Developers",
            "hs_campaign_status": "planned",
            "hs_currency_code": "USD",
            "hs_utm": f"utm-{i}",
            "budget_code": str(i),
            "region": "EMEA",
        }
        desired_c.append(
            Sourced.of(
                Campaign.model_validate(
                    {
                        "name": f"Campaign {i:06d}",
                        "properties": {
                            **props,
                            "hs_notes": "new" if changed else props["hs_notes"],
                        },
                    },
                    context=MANIFEST,
                ),
                Location(file=f"manifests/c{i % 100}.yaml", line=i + 1),
            )
        )
        live_c.append(Campaign(name=f"Campaign {i:06d}", id=f"guid-{i}", properties=props))
        event: dict[str, Any] = {
            "externalAccountId": "acct",
            "externalEventId": f"ev-{i}",
            "eventName": f"Event {i}",
            "eventOrganizer": "Example Inc",
            "eventType": "WEBINAR",
            "eventDescription": "desc",
            "eventUrl": f"https://example.com/{i}",
            "startDateTime": "2026-03-10T17:00:00+01:00",
            "endDateTime": "2026-03-10T18:00:00+01:00",
            "eventCancelled": False,
            "customProperties": {"region": "EMEA"},
        }
        desired_e.append(
            Sourced.of(
                MarketingEvent.model_validate(
                    {**event, "eventName": f"Renamed {i}" if changed else event["eventName"]},
                    context=MANIFEST,
                ),
                Location(file=f"manifests/e{i % 100}.yaml", line=i + 1),
            )
        )
        live_e.append(
            MarketingEvent.model_validate(
                {
                    **event,
                    "objectId": str(100000 + i),
                    "startDateTime": "2026-03-10T16:00:00.000Z",
                    "endDateTime": "2026-03-10T17:00:00.000Z",
                    "customProperties": [
                        {"name": "region", "value": "EMEA"},
                        {"name": "other", "value": "x"},
                    ],
                }
            )
        )
    return DesiredState(campaigns=desired_c, events=desired_e), LiveState(
        campaigns=live_c, events=live_e
    )


def measure(n: int, queue: Any) -> None:
    desired, live = states(n)
    settle_heap()  # as the CLI's pipeline does once the states are loaded
    t0 = time.process_time()
    plan = diff(desired, live, TARGET)
    t1 = time.process_time()
    render_text(plan, Console(file=io.StringIO(), no_color=True, width=120))
    t2 = time.process_time()
    render_markdown(plan)
    t3 = time.process_time()
    render_json(plan)
    t4 = time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        {
            "objects": n,
            "changes": len(plan.changes),
            "diff_s": t1 - t0,
            "text_s": t2 - t1,
            "markdown_s": t3 - t2,
            "json_s": t4 - t3,
            "diff_render_s": t4 - t0,
            "peak_rss_mb": peak_mb,
        }
    )


def run(sizes: list[int]) -> list[dict[str, Any]]:
    ctx = multiprocessing.get_context("fork")
    rows = []
    for n in sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=measure, args=(n, queue))
        proc.start()
        rows.append(queue.get())
        proc.join()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.sizes)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        f"{'objects':>8} {'changes':>8} {'diff s':>7} {'text s':>7} {'md s':>6} {'json s':>7} {'total s':>8} {'peak MB':>8}"
    )
    for r in rows:
        print(
            f"{r['objects']:>8} {r['changes']:>8} {r['diff_s']:>7.2f} {r['text_s']:>7.2f} {r['markdown_s']:>6.2f}"
            f" {r['json_s']:>7.2f} {r['diff_render_s']:>8.2f} {r['peak_rss_mb']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
