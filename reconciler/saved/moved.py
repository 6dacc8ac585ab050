"""Whether the objects a saved plan changes moved since it was made (one check per kind).

An object moved when a managed field no longer has the value the plan read, it is gone, or an
object the plan creates now exists. A change to a field the manifests do not manage is not a
reason to refuse. Each kind's check is keyed by the registry's name.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from reconciler.kinds import (
    CAMPAIGN,
    CAMPAIGN_ASSET,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_EVENT_LINK,
    CAMPAIGN_SPEND_ITEM,
    MARKETING_EVENT,
    MARKETING_EVENT_LIST,
    KindName,
)
from reconciler.models import Campaign, LiveState, MarketingEvent, Value, values_equal
from reconciler.plan import Change, LinkChange, MemberChange, Plan
from reconciler.saved.assets import moved_asset
from reconciler.saved.items import moved_item
from reconciler.saved.members import member_moved
from reconciler.saved.parents import parents_moved
from reconciler.saved.scope import field_value


class Portal:
    """The live state as read again, indexed the ways the checks look objects up."""

    def __init__(self, plan: Plan, live: LiveState) -> None:
        self.plan = plan
        self.live = live
        self.campaigns = {c.id: c for c in live.campaigns if c.id}
        self.campaign_names = {c.name for c in live.campaigns}
        self.events = {e.objectId: e for e in live.events if e.objectId}
        self.event_keys = {(e.externalAccountId, e.externalEventId) for e in live.events}


def _fields_moved(
    change: Change, current: Campaign | MarketingEvent | None, portal: Portal
) -> list[str]:
    if current is None:
        return [f"{change.label} ({change.id}) is gone from the portal"]
    expected: dict[str, Value] = portal.plan.live_values.get(f"{change.kind}:{change.id}", {})
    moved = []
    for name, before in expected.items():
        now = current.value_of(name)
        if not values_equal(now, before):
            moved.append(
                f"{change.label} ({change.id}): {name} is now {json.dumps(now)}, "
                f"the plan read {json.dumps(before)}"
            )
    return moved


def _campaign(change: Change, portal: Portal) -> list[str]:
    if change.action == "create":
        exists = change.key in portal.campaign_names
        return [f"{change.label} now exists on the portal"] if exists else []
    return _fields_moved(change, portal.campaigns.get(change.id or ""), portal)


def _event(change: Change, portal: Portal) -> list[str]:
    if change.action == "create":
        key = (field_value(change, "externalAccountId"), field_value(change, "externalEventId"))
        exists = key in portal.event_keys
        return [f"{change.label} now exists on the portal"] if exists else []
    return _fields_moved(change, portal.events.get(change.id or ""), portal)


def _link(change: Change, portal: Portal) -> list[str]:
    """A link to add that now exists, a link to remove that is gone, or its campaign gone.
    A link to an object this plan creates has nothing to compare yet: that create is checked."""
    assert isinstance(change, LinkChange)
    ends = change.link
    if ends.campaignId is None or ends.marketingEventId is None:
        return []
    links = portal.live.campaign_links.get(ends.campaignId)
    return member_moved(change, links, ends.marketingEventId, "campaign")


def _event_list(change: Change, portal: Portal) -> list[str]:
    """An event list to add that is now there, one to remove that is gone, or its event gone.
    A list of an event this plan creates has nothing to compare yet: that create is checked."""
    assert isinstance(change, MemberChange)
    member = change.member
    if member.parentId is None:
        return []
    lists = portal.live.event_lists.get(member.parentId)
    return member_moved(change, lists, member.id, "marketing event")


MOVED: dict[KindName, Callable[[Change, Portal], list[str]]] = {
    CAMPAIGN: _campaign,
    MARKETING_EVENT: _event,
    CAMPAIGN_EVENT_LINK: _link,
    MARKETING_EVENT_LIST: _event_list,
    CAMPAIGN_BUDGET_ITEM: moved_item,
    CAMPAIGN_SPEND_ITEM: moved_item,
    CAMPAIGN_ASSET: moved_asset,
}
"""Each kind's check: a new kind adds one entry."""


def moved_objects(plan: Plan, live: LiveState) -> list[str]:
    """Every object the plan changes that no longer looks as it did when planned, and every
    change whose parent, read by the id it sends to, is not the one it shows."""
    portal = Portal(plan, live)
    moved = [line for change in plan.changes for line in MOVED[change.kind](change, portal)]
    return moved + parents_moved(plan, live)
