"""Saved plans: the JSON plan plus what apply needs, and the check that nothing moved since.

A saved plan records, for every object it changes, the live values of its managed fields as
read. Apply refuses it when the target differs or when any such object moved: a managed field
no longer has the value the plan read, the object is gone, or an object it creates now exists.
A change to a field the manifests do not manage is not a reason to refuse.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from reconciler.errors import SavedPlanError
from reconciler.models import (
    CUSTOM_PREFIX,
    Campaign,
    DesiredState,
    EventRef,
    LiveState,
    Location,
    MarketingEvent,
    Sourced,
    Value,
    values_equal,
)
from reconciler.plan import Change, LinkChange, Plan, Target


def dump(plan: Plan) -> str:
    data = plan.model_dump(mode="json")
    data["live_values"] = plan.live_values
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def load(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SavedPlanError(f"cannot read the saved plan {path}: {exc.strerror}") from None
    try:
        return Plan.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            why = "it is not JSON"
        else:
            where = ".".join(str(p) for p in first["loc"])
            why = f"{where}: {first['msg'].lower()}" if where else first["msg"]
        raise SavedPlanError(
            f"{path} is not a saved plan from `reconciler plan --out` ({why})"
        ) from None


def _field_value(change: Change, name: str) -> str:
    for f in change.fields:
        if f.field == name and isinstance(f.after, str):
            return f.after
    return ""


def desired_for(plan: Plan) -> DesiredState:
    """A stand-in desired state naming the plan's objects, so the live reader reads just them."""
    here = Location(file="<saved plan>", line=1)
    campaigns: list[Sourced[Campaign]] = []
    events: list[Sourced[MarketingEvent]] = []
    # Campaigns whose links the plan changes: read with their links (an empty list asks for
    # them and declares none).
    linked = {
        c.link.campaignId for c in plan.changes if isinstance(c, LinkChange) and c.link.campaignId
    }
    for change in plan.changes:
        managed = plan.live_values.get(f"{change.kind}:{change.id}", {})
        fields = {f.field for f in change.fields} | set(managed)
        if change.kind == "campaign":
            props = {name: "" for name in fields if name != "hs_name"}
            links: list[EventRef] | None = [] if change.id in linked else None
            linked.discard(change.id or "")
            campaign = Campaign(
                name=change.key, id=change.id, properties=props, marketingEvents=links
            )
            campaigns.append(Sourced.of(campaign, here))
        elif isinstance(change, LinkChange) and change.link.campaignId in linked:
            ends = change.link
            linked.discard(ends.campaignId or "")
            campaign = Campaign(name=ends.campaign, id=ends.campaignId, marketingEvents=[])
            campaigns.append(Sourced.of(campaign, here))
        elif change.kind == "marketingEvent":
            custom = {n[len(CUSTOM_PREFIX) :]: "" for n in fields if n.startswith(CUSTOM_PREFIX)}
            if change.id:
                event = MarketingEvent(objectId=change.id, customProperties=custom)
            else:
                event = MarketingEvent(
                    externalAccountId=_field_value(change, "externalAccountId"),
                    externalEventId=_field_value(change, "externalEventId"),
                    customProperties=custom,
                )
            events.append(Sourced.of(event, here))
    return DesiredState(campaigns=campaigns, events=events)


def check_target(plan: Plan, current: Target) -> None:
    if plan.target.identity != current.identity:
        raise SavedPlanError(
            f"the saved plan was made for {plan.target.describe()}, not {current.describe()}: "
            "run `reconciler plan --out` again against this target"
        )


def moved_objects(plan: Plan, live: LiveState) -> list[str]:
    """Every object the plan changes that no longer looks as it did when planned."""
    campaigns_by_id = {c.id: c for c in live.campaigns if c.id}
    campaign_names = {c.name for c in live.campaigns}
    events_by_id = {e.objectId: e for e in live.events if e.objectId}
    event_keys = {(e.externalAccountId, e.externalEventId) for e in live.events}
    moved: list[str] = []
    for change in plan.changes:
        if isinstance(change, LinkChange):
            moved.extend(_moved_link(change, live))
            continue
        if change.action == "create":
            if (change.kind == "campaign" and change.key in campaign_names) or (
                change.kind == "marketingEvent"
                and (
                    _field_value(change, "externalAccountId"),
                    _field_value(change, "externalEventId"),
                )
                in event_keys
            ):
                moved.append(f"{change.label} now exists on the portal")
            continue
        current: Campaign | MarketingEvent | None = (
            campaigns_by_id.get(change.id or "")
            if change.kind == "campaign"
            else events_by_id.get(change.id or "")
        )
        if current is None:
            moved.append(f"{change.label} ({change.id}) is gone from the portal")
            continue
        expected: dict[str, Value] = plan.live_values.get(f"{change.kind}:{change.id}", {})
        for name, before in expected.items():
            now = current.value_of(name)
            if not values_equal(now, before):
                moved.append(
                    f"{change.label} ({change.id}): {name} is now {json.dumps(now)}, "
                    f"the plan read {json.dumps(before)}"
                )
    return moved


def _moved_link(change: LinkChange, live: LiveState) -> list[str]:
    """A link to add that now exists, a link to remove that is gone, or its campaign gone.
    A link to an object this plan creates has nothing to compare yet: that create is checked."""
    ends = change.link
    if ends.campaignId is None or ends.marketingEventId is None:
        return []
    links = live.campaign_links.get(ends.campaignId)
    where = f"{change.label} ({change.id})"
    if links is None:
        return [f"{where}: its campaign is gone from the portal"]
    if change.action == "create" and ends.marketingEventId in links:
        return [f"{where} now exists on the portal"]
    if change.action == "delete" and ends.marketingEventId not in links:
        return [f"{where} is gone from the portal"]
    return []
