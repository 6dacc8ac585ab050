"""Properties of the planner: apply(plan) then plan again is empty; unmanaged fields never move."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reconciler.models import (
    CUSTOM_PREFIX,
    MANIFEST,
    Campaign,
    DesiredState,
    LiveState,
    Location,
    MarketingEvent,
    Sourced,
)
from reconciler.plan import Plan, Target, diff

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")
PROPS = ["hs_notes", "hs_audience", "hs_utm", "budget", "custom_a"]
VALUES = st.sampled_from(["", "x", "y", "5", "5.0", "Devs"])
NAMES = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])

campaign_props = st.dictionaries(st.sampled_from(PROPS), VALUES, max_size=4)


@st.composite
def campaign_states(draw: Any) -> tuple[list[Sourced], list[Campaign]]:
    desired_names = draw(st.lists(NAMES, unique=True, max_size=4))
    live_names = draw(st.lists(NAMES, unique=True, max_size=4))
    desired = [
        Sourced(
            obj=Campaign.model_validate(
                {
                    "name": n,
                    "properties": draw(campaign_props),
                    "state": draw(st.sampled_from(["present", "present", "absent"])),
                },
                context=MANIFEST,
            ),
            location=Location(file="m.yaml", line=i + 1),
        )
        for i, n in enumerate(desired_names)
    ]
    live = [Campaign(name=n, id=f"g-{n}", properties=draw(campaign_props)) for n in live_names]
    return desired, live


EVENT_FIELDS = {
    "eventName": st.sampled_from(["A", "B"]),
    "eventOrganizer": st.sampled_from(["Org", "Other"]),
    "eventType": st.sampled_from(["", "WEBINAR"]),
    "eventDescription": st.sampled_from(["", "d"]),
    "startDateTime": st.sampled_from(
        ["2026-03-10T16:00:00Z", "2026-03-10T17:00:00+01:00", "2026-03-10T18:00:00Z"]
    ),
    "eventCancelled": st.booleans(),
}


@st.composite
def event_states(draw: Any) -> tuple[list[Sourced], list[MarketingEvent]]:
    keys = draw(st.lists(st.sampled_from(["w1", "w2", "w3"]), unique=True, max_size=3))
    live_keys = draw(st.lists(st.sampled_from(["w1", "w2", "w3"]), unique=True, max_size=3))
    desired = []
    for i, k in enumerate(keys):
        data: dict[str, Any] = {"externalAccountId": "acct", "externalEventId": k}
        data["eventName"] = draw(EVENT_FIELDS["eventName"])
        data["eventOrganizer"] = draw(EVENT_FIELDS["eventOrganizer"])
        for name in draw(st.lists(st.sampled_from(sorted(EVENT_FIELDS)), unique=True, max_size=3)):
            data[name] = draw(EVENT_FIELDS[name])
        data["customProperties"] = draw(
            st.dictionaries(st.sampled_from(["region", "track"]), VALUES, max_size=2)
        )
        desired.append(
            Sourced(
                obj=MarketingEvent.model_validate(data, context=MANIFEST),
                location=Location(file="e.yaml", line=i + 1),
            )
        )
    live = []
    for i, k in enumerate(live_keys):
        data = {"objectId": str(100 + i), "externalAccountId": "acct", "externalEventId": k}
        for name, strategy in EVENT_FIELDS.items():
            if draw(st.booleans()):
                data[name] = draw(strategy)
        custom = draw(
            st.dictionaries(st.sampled_from(["region", "track", "other"]), VALUES, max_size=3)
        )
        data["customProperties"] = [{"name": n, "value": v} for n, v in custom.items()]
        live.append(MarketingEvent.model_validate(data))
    return desired, live


def apply_in_memory(plan: Plan, live: LiveState) -> LiveState:
    """What HubSpot would hold after the plan's changes, done field by field."""
    campaigns = {c.id: c for c in live.campaigns}
    events = {e.objectId: e for e in live.events}
    for n, change in enumerate(plan.changes):
        values = {f.field: f.after for f in change.fields}
        if change.kind == "campaign":
            if change.action == "delete":
                del campaigns[change.id]
            elif change.action == "create":
                name = str(values.pop("hs_name"))
                campaigns[f"new-{n}"] = Campaign(name=name, id=f"new-{n}", properties=values)
            else:
                old = campaigns[change.id]
                name = str(values.pop("hs_name", old.name))
                campaigns[change.id] = Campaign(
                    name=name,
                    id=old.id,
                    properties={**old.properties, **values},
                )
        else:
            if change.action == "delete":
                del events[change.id]
                continue
            old_event = events.get(change.id) if change.id else None
            data: dict[str, Any] = (
                old_event.model_dump(exclude_none=True) if old_event else {"objectId": f"new-{n}"}
            )
            custom = dict(data.pop("customProperties", {}))
            for name, value in values.items():
                if name.startswith(CUSTOM_PREFIX):
                    custom[name[len(CUSTOM_PREFIX) :]] = value
                else:
                    data[name] = value
            data["customProperties"] = custom
            events[data["objectId"]] = MarketingEvent.model_validate(data)
    return LiveState(campaigns=list(campaigns.values()), events=list(events.values()))


@given(campaign_states(), event_states())
def test_plan_after_apply_is_empty_and_only_managed_fields_change(
    campaigns: tuple[list[Sourced], list[Campaign]],
    events: tuple[list[Sourced], list[MarketingEvent]],
) -> None:
    desired = DesiredState(campaigns=campaigns[0], events=events[0])
    live = LiveState(campaigns=campaigns[1], events=events[1])
    plan = diff(desired, live, TARGET)

    managed = {s.obj.key: set(s.obj.managed_values()) for s in desired.objects}
    for change in plan.changes:
        extra = {"externalAccountId", "externalEventId"} if change.action == "create" else set()
        assert {f.field for f in change.fields} <= managed[change.key] | extra

    again = diff(desired, apply_in_memory(plan, live), TARGET)
    assert again.changes == []
