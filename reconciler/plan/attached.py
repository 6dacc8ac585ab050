"""The planner of each attached kind, keyed by the registry's name.

Attached kinds are planned after both object kinds are matched, so a link, an asset, a list
or a budget item can hang on an object the same plan creates. ``diff`` runs every entry in
the registry's order; a new attached kind adds its planner here (tests/kinds holds this table
to the registry).
"""

from __future__ import annotations

from collections.abc import Callable

from reconciler.kinds import (
    CAMPAIGN_ASSET,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_EVENT_LINK,
    CAMPAIGN_SPEND_ITEM,
    KINDS,
    MARKETING_EVENT_LIST,
    KindName,
)
from reconciler.models import DesiredState, LiveState
from reconciler.plan.assets import plan_assets
from reconciler.plan.budget import plan_budgets
from reconciler.plan.links import plan_links
from reconciler.plan.lists import plan_event_lists
from reconciler.plan.planner import Planner

AttachedPlanner = Callable[[Planner, DesiredState, LiveState], None]


def _links(planner: Planner, desired: DesiredState, live: LiveState) -> None:
    plan_links(planner, desired.campaigns, live, desired.untargeted_events)


def _lists(planner: Planner, desired: DesiredState, live: LiveState) -> None:
    plan_event_lists(planner, desired.events, live)


def _budget_and_spend(planner: Planner, desired: DesiredState, live: LiveState) -> None:
    planner.budgets = plan_budgets(planner, desired.campaigns, live)


def _assets(planner: Planner, desired: DesiredState, live: LiveState) -> None:
    plan_assets(planner, desired.campaigns, live)


PLANNERS: dict[KindName, AttachedPlanner | None] = {
    CAMPAIGN_EVENT_LINK: _links,
    MARKETING_EVENT_LIST: _lists,
    CAMPAIGN_BUDGET_ITEM: _budget_and_spend,
    CAMPAIGN_SPEND_ITEM: None,  # planned with the budget items: both come from one totals read
    CAMPAIGN_ASSET: _assets,
}
"""Each attached kind's planner; None where another kind's planner plans it too."""


def plan_attached(planner: Planner, desired: DesiredState, live: LiveState) -> None:
    """Every attached kind, in the registry's order."""
    for spec in KINDS.values():
        plan = PLANNERS.get(spec.name) if spec.attached else None
        if plan is not None:
            plan(planner, desired, live)
