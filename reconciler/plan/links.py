"""Planning a campaign's links to marketing events (the ``campaignEventLink`` kind).

A link a campaign declares that is missing is created; with ``marketingEventsExclusive``,
links it does not declare are removed; others are left alone. Runs after both object kinds
are matched, so it can link to an event the same plan creates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from reconciler.kinds import CAMPAIGN, MARKETING_EVENT, Action
from reconciler.models import Campaign, EventRef, LiveState, Location, MarketingEvent, Sourced
from reconciler.plan.members import Member, plan_members
from reconciler.plan.model import LinkEnds
from reconciler.plan.planner import Planner


def _declared(events: list[Sourced[MarketingEvent]], ref: EventRef) -> bool:
    return any(
        (ref.objectId is not None and s.obj.pinned_id == ref.objectId)
        or (ref.natural_key is not None and s.obj.natural_key == ref.natural_key)
        for s in events
    )


class _LiveEvents:
    """The portal's events, indexed the ways a link reference can name one."""

    def __init__(self, live: LiveState) -> None:
        self.ids = {e.objectId for e in live.events if e.objectId}
        self.by_key: dict[object, list[str]] = defaultdict(list)
        for e in live.events:
            if e.externalEventId is not None and e.objectId:
                self.by_key[e.natural_key].append(e.objectId)
        self.keys = {e.objectId: e.key for e in live.events if e.objectId}


class _Unresolved(Exception):
    """A reference that names no event this plan can link; the message ends the error."""


def _resolve(
    planner: Planner,
    ref: EventRef,
    events: _LiveEvents,
    untargeted: list[Sourced[MarketingEvent]],
) -> str | None:
    """The objectId a reference links to (None: an event this plan creates)."""
    handle = ref.objectId or ref.natural_key
    declared = planner.resolved.get((MARKETING_EVENT, handle))
    if declared is not None:
        if declared[1] == "absent":
            raise _Unresolved(
                "which the manifests delete (state: absent): remove the link or the deletion"
            )
        return declared[0]
    if ref.objectId is not None and ref.objectId in events.ids:
        return ref.objectId
    candidates = events.by_key.get(handle, []) if ref.objectId is None else []
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        ids = ", ".join(sorted(candidates))
        raise _Unresolved(
            f"which is ambiguous on the portal (objectIds {ids}): link it by objectId"
        )
    if _declared(untargeted, ref):
        raise _Unresolved(
            f'which this plan would have to create but --target leaves out: add --target "{ref.key}"'
        )
    raise _Unresolved(
        "which is neither in the manifests nor on the portal: declare the event in a manifest, "
        "or fix the reference"
    )


def _declared_links(
    planner: Planner,
    sourced: Sourced[Campaign],
    events: _LiveEvents,
    untargeted: list[Sourced[MarketingEvent]],
) -> Iterator[Member]:
    """The campaign's ``marketingEvents`` resolved to objectIds; each reference that cannot be
    resolved is an error naming its line."""
    campaign = sourced.obj
    assert campaign.marketingEvents is not None
    for i, ref in enumerate(campaign.marketingEvents):
        where = sourced.field_locations.get(f"marketingEvents.{i}", sourced.location)
        try:
            event_id = _resolve(planner, ref, events, untargeted)
        except _Unresolved as why:
            planner.errors.append(
                f'{where}: campaign "{campaign.name}" links to marketing event {ref.key}, {why}'
            )
            continue
        yield Member(where, ref.key, event_id)


def _plan_campaign_links(
    planner: Planner,
    sourced: Sourced[Campaign],
    campaign_id: str | None,
    live: LiveState,
    events: _LiveEvents,
    untargeted: list[Sourced[MarketingEvent]],
) -> None:
    campaign = sourced.obj

    def add(where: Location, action: Action, event_key: str, event_id: str | None) -> None:
        ends = LinkEnds(
            campaign=campaign.key,
            campaignId=campaign_id,
            marketingEvent=event_key,
            marketingEventId=event_id,
        )
        planner.add_link(where, action, ends)

    planner.unchanged += plan_members(
        _declared_links(planner, sourced, events, untargeted),
        set(live.campaign_links.get(campaign_id, [])) if campaign_id else set(),
        exclusive=campaign.marketingEventsExclusive,
        parent_at=sourced.location,
        key_of=lambda event_id: events.keys.get(event_id, event_id),
        add=add,
    )


def plan_links(
    planner: Planner,
    desired: list[Sourced[Campaign]],
    live: LiveState,
    untargeted: list[Sourced[MarketingEvent]],
) -> None:
    """Links a campaign declares that are missing get created; with ``marketingEventsExclusive``
    links it does not declare get removed; others are left alone."""
    events = _LiveEvents(live)
    for sourced in desired:
        campaign = sourced.obj
        if campaign.marketingEvents is None:
            continue
        if campaign.state == "absent" or (CAMPAIGN, campaign.key) not in planner.resolved:
            continue  # a campaign that could not be planned has its error reported already
        campaign_id = planner.resolved[(CAMPAIGN, campaign.key)][0]
        _plan_campaign_links(planner, sourced, campaign_id, live, events, untargeted)
