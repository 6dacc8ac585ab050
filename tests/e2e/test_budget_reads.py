"""The benchmark's figure as a test: 1,000 campaigns of which 100 declare budgets cost the list
pages + 100 reads, and no other totals read."""

from __future__ import annotations

import math

from reconciler.hubspot.client import HubSpotClient
from reconciler.live import read_live
from reconciler.models import Campaign, DesiredState, Location, Sourced
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox


def test_reads_are_the_list_pages_plus_one_per_declaring_campaign(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    portal.seed_bulk(campaigns=1_000, prefix="Budget")
    with HubSpotClient(sandbox.base_url, "tok") as client:
        from reconciler.hubspot import campaigns as campaigns_api

        names = [c.properties["hs_name"] for c in campaigns_api.list_campaigns(client, ["hs_name"])]
        here = Location(file="m.yaml", line=1)
        desired = DesiredState(
            campaigns=[
                Sourced.of(Campaign(name=name, budget=[] if i < 100 else None), here)
                for i, name in enumerate(names)
            ]
        )
        portal.clear_requests()
        read = read_live(client, desired)
    totals = [r for r in portal.requests() if r.path.endswith("/budget/totals")]
    assert len(totals) == 100 and len(read.live.budgets) == 100
    assert read.requests == math.ceil(len(names) / 100) + 100
