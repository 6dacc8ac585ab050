"""Plan = diff(desired, live): the planner's entry point.

``diff`` matches every manifest object to at most one live object (pinned id first, then
natural key; two candidates is an error, never a guess), compares only the fields the manifest
names, and returns a frozen ``Plan``. Renderers and the applier only read it. No I/O here.
"""

from __future__ import annotations

from reconciler.errors import PlanError
from reconciler.hubspot.limits import DEFAULT_RATE_INTERVAL_MS, DEFAULT_RATE_LIMIT
from reconciler.kinds import CAMPAIGN, MARKETING_EVENT
from reconciler.models import DesiredState, LiveState
from reconciler.plan.attached import plan_attached
from reconciler.plan.budget import overspent_warnings
from reconciler.plan.model import Cost, Plan, Summary, Target, unsafe_deletes
from reconciler.plan.planner import Planner, match


def diff(
    desired: DesiredState,
    live: LiveState,
    target: Target,
    *,
    reads: int = 0,
    identity_lookups: int = 0,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    rate_interval_ms: int = DEFAULT_RATE_INTERVAL_MS,
    save_live_values: bool = True,
) -> Plan:
    """Plan = diff(desired, live). Raises ``PlanError`` naming every object that cannot be planned.

    ``save_live_values=False`` leaves out what only a saved plan needs (the managed fields as
    read, per changed object): a plan printed and thrown away saves that memory. The cost's
    write requests depend on endpoints and batch limits, which the caller adds
    (``reconciler.hubspot.batching.priced``).
    """
    planner = Planner(save_live_values)
    match(planner, CAMPAIGN, desired.campaigns, live.campaigns)
    match(planner, MARKETING_EVENT, desired.events, live.events)
    plan_attached(planner, desired, live)
    if planner.errors:
        raise PlanError(planner.errors)
    changes = sorted(planner.changes, key=lambda c: c.sort_key)
    summary = Summary(
        create=sum(c.action == "create" for c in changes),
        update=sum(c.action == "update" for c in changes),
        delete=sum(c.action == "delete" for c in changes),
        unchanged=planner.unchanged,
    )
    warnings = unsafe_deletes(planner.object_deletes, planner.existing)
    unsafe = bool(warnings)
    warnings += overspent_warnings(planner.budgets)  # after the unsafe warning, which apply quotes
    cost = Cost(
        reads=reads,
        identity_lookups=identity_lookups,
        rate_limit=rate_limit,
        rate_interval_ms=rate_interval_ms,
    )
    return Plan(
        target=target,
        summary=summary,
        changes=changes,
        budgets=planner.budgets,
        requests=cost,
        warnings=warnings,
        unsafe=unsafe,
        live_values=planner.live_values,
        existing=planner.existing,
    )
