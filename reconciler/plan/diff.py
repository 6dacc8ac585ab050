"""Plan = diff(desired, live): the planner's entry point.

``diff`` matches every manifest object to at most one live object (pinned id first, then
natural key; two candidates is an error, never a guess), compares only the fields the manifest
names, and returns a frozen ``Plan``. Renderers and the applier only read it. No I/O here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from reconciler.errors import PlanError
from reconciler.hubspot.paths import api_paths
from reconciler.kinds import CAMPAIGN, MARKETING_EVENT
from reconciler.models import DesiredState, LiveState
from reconciler.plan.links import plan_links
from reconciler.plan.model import (
    CAMPAIGN_BATCH_LIMIT,
    DEFAULT_EVENT_BATCH_SIZE,
    DEFAULT_RATE_INTERVAL_MS,
    DEFAULT_RATE_LIMIT,
    SAFE_DELETE_FRACTION,
    SAFE_DELETE_MIN_EXISTING,
    Change,
    Cost,
    Plan,
    RequestCount,
    Summary,
    Target,
)
from reconciler.plan.planner import Planner, match

Endpoints = Mapping[tuple[str, str], str]
"""``(kind, action) -> "METHOD path"`` of apply's writes, from the client's API version."""
DEFAULT_ENDPOINTS: Endpoints = api_paths().write_endpoints()


def estimate_writes(
    changes: Sequence[Change], event_batch_size: int, endpoints: Endpoints = DEFAULT_ENDPOINTS
) -> list[RequestCount]:
    """Exactly ceil(n/limit) requests per (kind, action) with changes, in a stable order."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for change in changes:
        counts[(change.kind, change.action)] += 1
    out = []
    for (kind, action), endpoint in endpoints.items():
        n = counts.get((kind, action), 0)
        if n:
            limit = {"campaign": CAMPAIGN_BATCH_LIMIT, "campaignEventLink": 1}.get(
                kind, event_batch_size
            )
            out.append(RequestCount(endpoint=endpoint, requests=math.ceil(n / limit), objects=n))
    return out


def diff(
    desired: DesiredState,
    live: LiveState,
    target: Target,
    *,
    event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE,
    reads: int = 0,
    identity_lookups: int = 0,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    rate_interval_ms: int = DEFAULT_RATE_INTERVAL_MS,
    save_live_values: bool = True,
    endpoints: Endpoints = DEFAULT_ENDPOINTS,
) -> Plan:
    """Plan = diff(desired, live). Raises ``PlanError`` naming every object that cannot be planned.

    ``save_live_values=False`` leaves out what only a saved plan needs (the managed fields as
    read, per changed object): a plan printed and thrown away saves that memory.
    """
    planner = Planner(save_live_values)
    match(planner, CAMPAIGN, desired.campaigns, live.campaigns)
    match(planner, MARKETING_EVENT, desired.events, live.events)
    plan_links(planner, desired.campaigns, live, desired.untargeted_events)
    if planner.errors:
        raise PlanError(planner.errors)
    changes = sorted(planner.changes, key=lambda c: c.sort_key)
    summary = Summary(
        create=sum(c.action == "create" for c in changes),
        update=sum(c.action == "update" for c in changes),
        delete=sum(c.action == "delete" for c in changes),
        unchanged=planner.unchanged,
    )
    warnings: list[str] = []
    unsafe = False
    if (
        planner.existing >= SAFE_DELETE_MIN_EXISTING
        and planner.object_deletes > SAFE_DELETE_FRACTION * planner.existing
    ):
        unsafe = True
        warnings.append(
            f"this plan deletes {planner.object_deletes} of {planner.existing} existing managed objects "
            f"(more than {SAFE_DELETE_FRACTION:.0%}): apply refuses it without --force"
        )
    cost = Cost(
        writes=estimate_writes(changes, event_batch_size, endpoints),
        reads=reads,
        identity_lookups=identity_lookups,
        rate_limit=rate_limit,
        rate_interval_ms=rate_interval_ms,
    )
    return Plan(
        target=target,
        summary=summary,
        changes=changes,
        requests=cost,
        warnings=warnings,
        unsafe=unsafe,
        live_values=planner.live_values,
    )
