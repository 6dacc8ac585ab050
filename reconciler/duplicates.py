"""Campaign creates that raced another apply: find the duplicate, say which to keep and how to
remove the other.

HubSpot has no idempotency key for campaign creates, no unique constraint on ``hs_name`` and no
conditional write, so two applies that both planned "create X" both create it, and nothing on
the portal can stop them. What apply can do is notice: right after a create it reads the
campaigns named X again. More than one means a race (the plan saw none), and the run says so
and exits 1. Whichever run creates second sees both, provided HubSpot's list shows a campaign
once its create has answered. Both runs advise keeping the same one (the oldest), so following
either message never removes both.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot.campaigns import PublicCampaign
from reconciler.hubspot.client import HubSpotClient

READ_WORKERS = 4


def campaigns_named(client: HubSpotClient, names: list[str]) -> dict[str, list[PublicCampaign]]:
    """name -> every live campaign whose ``hs_name`` is exactly that: one filtered list read
    per name (HubSpot's ``name`` filter matches substrings; the exact match is ours)."""

    def read(name: str) -> list[PublicCampaign]:
        return [
            campaign
            for page in campaigns_api.iter_pages(client, ["hs_name"], name=name)
            for campaign in page.results
            if campaign.properties.get("hs_name") == name
        ]

    with ThreadPoolExecutor(max_workers=READ_WORKERS) as pool:
        return dict(zip(names, pool.map(read, names), strict=True))


def duplicate_message(
    name: str, source: str | None, ours: str | None, same: list[PublicCampaign]
) -> str:
    """What the user reads: the GUIDs, which to keep (the oldest), and how to remove the rest."""
    ordered = sorted(same, key=lambda c: (c.createdAt or "", c.id))
    keep, extra = ordered[0].id, [c.id for c in ordered[1:]]
    listed = ", ".join(f"{c.id} (created by this apply)" if c.id == ours else c.id for c in ordered)
    where = f"at {source}" if source else "in its manifest"
    entries = " and ".join(
        f"`- {{name: {json.dumps(name)}, id: {guid}, state: absent}}`" for guid in extra
    )
    return (
        f"HubSpot now has {len(same)} campaigns with this name: {listed}; another apply created "
        f"one at the same time. Keep {keep}, the oldest: pin it with `id: {keep}` {where}. "
        f"Remove the other{'s' if len(extra) > 1 else ''}: add {entries} to a manifest and "
        "apply (or archive in HubSpot)"
    )
