"""Planning a campaign's links to marketing events (the ``campaignEventLink`` kind).

A link a campaign declares that is missing is created; with ``marketingEventsExclusive``,
links it does not declare are removed; others are left alone. Runs after both object kinds
are matched, so it can link to an event the same plan creates.
"""

from __future__ import annotations

from collections import defaultdict

from reconciler.kinds import CAMPAIGN, MARKETING_EVENT
from reconciler.models import Campaign, EventRef, LiveState, Sourced
from reconciler.plan.model import LinkEnds
from reconciler.plan.planner import Planner


def _declared(events: list[Sourced], ref: EventRef) -> bool:
    return any(
        (ref.objectId is not None and s.obj.pinned_id == ref.objectId)
        or (ref.natural_key is not None and s.obj.natural_key == ref.natural_key)
        for s in events
    )


def plan_links(
    planner: Planner, desired: list[Sourced], live: LiveState, untargeted: list[Sourced]
) -> None:
    """Links a campaign declares that are missing get created; with ``marketingEventsExclusive``
    links it does not declare get removed; others are left alone."""
    live_ids = {e.objectId for e in live.events if e.objectId}
    live_keys: dict[object, list[str]] = defaultdict(list)
    for e in live.events:
        if e.externalEventId is not None and e.objectId:
            live_keys[e.natural_key].append(e.objectId)
    event_keys = {e.objectId: e.key for e in live.events if e.objectId}
    for sourced in desired:
        campaign = sourced.obj
        assert isinstance(campaign, Campaign)
        if campaign.marketingEvents is None or campaign.state == "absent":
            continue
        if (CAMPAIGN, campaign.key) not in planner.resolved:
            continue  # the campaign itself could not be planned; its error is reported
        campaign_id = planner.resolved[(CAMPAIGN, campaign.key)][0]
        current = set(live.campaign_links.get(campaign_id, [])) if campaign_id else set()
        wanted: set[str] = set()
        for i, ref in enumerate(campaign.marketingEvents):
            where = sourced.field_locations.get(f"marketingEvents.{i}", sourced.location)
            label = f'{where}: campaign "{campaign.name}" links to marketing event {ref.key}'
            handle = ref.objectId or ref.natural_key
            declared = planner.resolved.get((MARKETING_EVENT, handle))
            if declared is not None:
                event_id, state = declared
                if state == "absent":
                    planner.errors.append(
                        f"{label}, which the manifests delete (state: absent): remove the link or the deletion"
                    )
                    continue
            elif ref.objectId is not None and ref.objectId in live_ids:
                event_id = ref.objectId
            elif ref.objectId is None and len(live_keys.get(handle, [])) == 1:
                event_id = live_keys[handle][0]
            elif ref.objectId is None and live_keys.get(handle):
                planner.errors.append(
                    f"{label}, which is ambiguous on the portal (objectIds {', '.join(sorted(live_keys[handle]))}): link it by objectId"
                )
                continue
            elif _declared(untargeted, ref):
                planner.errors.append(
                    f"{label}, which this plan would have to create but --target leaves out: "
                    f'add --target "{ref.key}"'
                )
                continue
            else:
                planner.errors.append(
                    f"{label}, which is neither in the manifests nor on the portal: declare the "
                    "event in a manifest, or fix the reference"
                )
                continue
            if event_id is not None:
                wanted.add(event_id)
            if event_id is not None and event_id in current:
                planner.unchanged += 1
                continue
            ends = LinkEnds(
                campaign=campaign.key,
                campaignId=campaign_id,
                marketingEvent=ref.key,
                marketingEventId=event_id,
            )
            planner.add_link(where, "create", ends)
        if campaign.marketingEventsExclusive:
            for event_id in sorted(current - wanted):
                ends = LinkEnds(
                    campaign=campaign.key,
                    campaignId=campaign_id,
                    marketingEvent=event_keys.get(event_id, event_id),
                    marketingEventId=event_id,
                )
                planner.add_link(sourced.location, "delete", ends)
