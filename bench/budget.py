"""Plan reads when some campaigns declare budget items: the list pages plus one totals read per
declaring campaign, none for the others, against a sandbox with HubSpot's latency and rate limit.

    python bench/budget.py [--campaigns 1000] [--declaring 100]

The floor is ``ceil(campaigns / 100)`` list pages + ``declaring`` totals reads.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from typing import Any

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from portal import PAGE, desired_from_portal, rate_floor_s, sandbox_process, seed

from reconciler.hubspot.client import HubSpotClient
from reconciler.live import read_live
from reconciler.models import DesiredState, Sourced


def declaring(desired: DesiredState, n: int) -> DesiredState:
    """``desired`` with its first ``n`` campaigns declaring an (empty) budget list."""
    campaigns = [
        Sourced.of(s.obj.model_copy(update={"budget": []}), s.location) if i < n else s
        for i, s in enumerate(desired.campaigns)
    ]
    return desired.model_copy(update={"campaigns": campaigns, "events": []})


def run(campaigns: int, budgets: int) -> dict[str, Any]:
    with sandbox_process() as portal:
        portal.quiet()
        seed(portal, campaigns, 0)
        desired = declaring(desired_from_portal(portal.base_url), budgets)
        portal.hubspot_like()
        with HubSpotClient(portal.base_url, "bench") as client:
            started = time.monotonic()
            read = read_live(client, desired)
            wall = time.monotonic() - started
        totals = sum(r.path.endswith("/budget/totals") for r in portal.control.requests())
        floor = math.ceil(campaigns / PAGE) + budgets
        return {
            "campaigns": campaigns,
            "declaring": budgets,
            "requests": read.requests,
            "totals_reads": totals,
            "floor_requests": floor,
            "wall_s": wall,
            "rate_floor_s": rate_floor_s(floor),
            "http_429": portal.count_429(),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--campaigns", type=int, default=1_000)
    parser.add_argument("--declaring", type=int, default=100)
    args = parser.parse_args(argv)
    r = run(args.campaigns, args.declaring)
    print(
        f"plan reads, {r['campaigns']} campaigns of which {r['declaring']} declare budgets: "
        f"{r['requests']} requests (floor {r['floor_requests']} = "
        f"{math.ceil(r['campaigns'] / PAGE)} list pages + {r['declaring']}; "
        f"{r['totals_reads']} totals reads), {r['wall_s']:.1f} s "
        f"(rate floor {r['rate_floor_s']:.1f} s), {r['http_429']} x 429"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
