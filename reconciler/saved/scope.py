"""What to read again for a saved plan: a stand-in desired state naming just its objects.

The live reader reads what a desired state names; a saved plan has no manifests, so each kind
says what its changes need read (one function per kind, keyed by the registry's names).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
from reconciler.models import (
    CUSTOM_PREFIX,
    Campaign,
    DesiredState,
    EventRef,
    Location,
    MarketingEvent,
    Sourced,
)
from reconciler.plan import Change, ItemChange, LinkChange, MemberChange, Plan
from reconciler.saved.assets import ask_asset

HERE = Location(file="<saved plan>", line=1)


def field_value(change: Change, name: str) -> str:
    """The value a change sets ``name`` to ("" when it sets none)."""
    for f in change.fields:
        if f.field == name and isinstance(f.after, str):
            return f.after
    return ""


@dataclass
class Scope:
    """The stand-in desired state as it is built, change by change."""

    plan: Plan
    campaigns: list[Sourced[Campaign]] = field(default_factory=list)
    events: list[Sourced[MarketingEvent]] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)
    """Campaigns whose links the plan changes and that no entry reads yet: read with their
    links (an empty list asks for them and declares none)."""

    def fields(self, change: Change) -> set[str]:
        managed = self.plan.live_values.get(f"{change.kind}:{change.id}", {})
        return {f.field for f in change.fields} | set(managed)


def _campaign(scope: Scope, change: Change) -> None:
    props = {name: "" for name in scope.fields(change) if name != "hs_name"}
    links: list[EventRef] | None = [] if change.id in scope.linked else None
    scope.linked.discard(change.id or "")
    campaign = Campaign(name=change.key, id=change.id, properties=props, marketingEvents=links)
    scope.campaigns.append(Sourced.of(campaign, HERE))


def _event(scope: Scope, change: Change) -> None:
    names = scope.fields(change)
    custom = {n[len(CUSTOM_PREFIX) :]: "" for n in names if n.startswith(CUSTOM_PREFIX)}
    if change.id:
        event = MarketingEvent(objectId=change.id, customProperties=custom)
    else:
        event = MarketingEvent(
            externalAccountId=field_value(change, "externalAccountId"),
            externalEventId=field_value(change, "externalEventId"),
            customProperties=custom,
        )
    scope.events.append(Sourced.of(event, HERE))


def _link(scope: Scope, change: Change) -> None:
    assert isinstance(change, LinkChange)
    ends = change.link
    if ends.campaignId not in scope.linked:
        return
    scope.linked.discard(ends.campaignId or "")
    campaign = Campaign(name=ends.campaign, id=ends.campaignId, marketingEvents=[])
    scope.campaigns.append(Sourced.of(campaign, HERE))


def _event_list(scope: Scope, change: Change) -> None:
    """The event read with its lists (an empty list asks for them and declares none): its
    stand-in when the plan changes it too (events sort first), else one of its own. A list of
    an event this plan creates has nothing to read: that create is checked."""
    assert isinstance(change, MemberChange)
    object_id = change.member.parentId
    if object_id is None:
        return
    for i, sourced in enumerate(scope.events):
        if sourced.obj.objectId == object_id:
            if sourced.obj.lists is None:
                scope.events[i] = Sourced.of(sourced.obj.model_copy(update={"lists": []}), HERE)
            return
    scope.events.append(Sourced.of(MarketingEvent(objectId=object_id, lists=[]), HERE))


def _item(scope: Scope, change: Change) -> None:
    """Read the totals of a budget or spend item's campaign again: its stand-in declares the
    item's list (empty: read it, declare nothing). A campaign the plan creates has none yet."""
    assert isinstance(change, ItemChange)
    guid = change.item.campaignId
    name = "budget" if change.kind == CAMPAIGN_BUDGET_ITEM else "spend"
    if guid is None:
        return
    for i, sourced in enumerate(scope.campaigns):
        if sourced.obj.id == guid:
            if getattr(sourced.obj, name) is None:
                scope.campaigns[i] = Sourced.of(sourced.obj.model_copy(update={name: []}), HERE)
            return
    campaign = Campaign(name=change.item.campaign, id=guid)
    scope.campaigns.append(Sourced.of(campaign.model_copy(update={name: []}), HERE))


ASK: dict[KindName, Callable[[Scope, Change], None]] = {
    CAMPAIGN: _campaign,
    MARKETING_EVENT: _event,
    CAMPAIGN_EVENT_LINK: _link,
    MARKETING_EVENT_LIST: _event_list,
    CAMPAIGN_BUDGET_ITEM: _item,
    CAMPAIGN_SPEND_ITEM: _item,
    CAMPAIGN_ASSET: ask_asset,
}
"""What each kind's changes need read again: a new kind adds one entry."""


def desired_for(plan: Plan) -> DesiredState:
    """A stand-in desired state naming the plan's objects, so the live reader reads just them."""
    scope = Scope(plan)
    scope.linked = {
        c.link.campaignId for c in plan.changes if isinstance(c, LinkChange) and c.link.campaignId
    }
    for change in plan.changes:
        ASK[change.kind](scope, change)
    return DesiredState(campaigns=scope.campaigns, events=scope.events)
