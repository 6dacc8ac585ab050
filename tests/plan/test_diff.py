"""The planner over models only: identity, equivalences, resets, creates, deletes, ambiguity."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import PlanError, UnsafePlanError
from reconciler.hubspot.batching import estimate_writes
from reconciler.models import (
    MANIFEST,
    Campaign,
    DesiredState,
    LiveState,
    Location,
    MarketingEvent,
    Sourced,
)
from reconciler.plan import FieldChange, Plan, Target, diff, select_targets

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")


def campaign(**data: Any) -> Sourced:
    return Sourced(
        obj=Campaign.model_validate(data, context=MANIFEST),
        location=Location(file="m.yaml", line=len(str(data)) % 97 + 1),
    )


def event(**data: Any) -> Sourced:
    return Sourced(
        obj=MarketingEvent.model_validate(data, context=MANIFEST),
        location=Location(file="e.yaml", line=len(str(data)) % 97 + 1),
    )


def live_campaign(name: str, id: str, **props: str) -> Campaign:
    return Campaign.model_validate({"name": name, "id": id, "properties": props})


def live_event(**data: Any) -> MarketingEvent:
    return MarketingEvent.model_validate(data)


def plan_of(
    campaigns: list[Sourced] = (),  # type: ignore[assignment]
    live_campaigns: list[Campaign] = (),  # type: ignore[assignment]
    events: list[Sourced] = (),  # type: ignore[assignment]
    live_events: list[MarketingEvent] = (),  # type: ignore[assignment]
) -> Plan:
    return diff(
        DesiredState(campaigns=list(campaigns), events=list(events)),
        LiveState(campaigns=list(live_campaigns), events=list(live_events)),
        TARGET,
    )


def test_unchanged_campaign_matched_by_name_gives_no_change() -> None:
    plan = plan_of(
        [campaign(name="A", properties={"hs_notes": "x"})],
        [live_campaign("A", "g1", hs_notes="x")],
    )
    assert plan.changes == []
    assert plan.summary.unchanged == 1


def test_update_lists_only_changed_fields_old_to_new() -> None:
    plan = plan_of(
        [campaign(name="A", properties={"hs_notes": "new", "hs_audience": "Devs"})],
        [live_campaign("A", "g1", hs_notes="old", hs_audience="Devs", hs_utm="unmanaged")],
    )
    (change,) = plan.changes
    assert (change.action, change.id, change.key) == ("update", "g1", "A")
    assert change.fields == [FieldChange(field="hs_notes", before="old", after="new")]


@pytest.mark.parametrize("empty", ["", None])
def test_empty_in_manifest_is_a_reset_when_live_has_a_value(empty: str | None) -> None:
    plan = plan_of(
        [campaign(name="A", properties={"hs_notes": empty})],
        [live_campaign("A", "g1", hs_notes="old text")],
    )
    assert plan.changes[0].fields == [FieldChange(field="hs_notes", before="old text", after="")]


def test_property_left_out_by_the_api_equals_empty() -> None:
    plan = plan_of([campaign(name="A", properties={"hs_notes": ""})], [live_campaign("A", "g1")])
    assert plan.changes == []


@pytest.mark.parametrize(
    ("written", "live"),
    [(5, "5"), ("5", "5"), (5, "5.0"), (True, "true"), ("2026-03-10", "2026-03-10")],
)
def test_values_compare_by_meaning(written: Any, live: str) -> None:
    plan = plan_of(
        [campaign(name="A", properties={"budget": written})],
        [live_campaign("A", "g1", budget=live)],
    )
    assert plan.changes == []


def test_datetimes_with_offsets_equal_their_utc_instant() -> None:
    plan = plan_of(
        events=[
            event(
                externalAccountId="a",
                externalEventId="e",
                startDateTime="2026-03-10T17:00:00+01:00",
                endDateTime="2026-03-10T18:00:00+01:00",
            )
        ],
        live_events=[
            live_event(
                objectId="1",
                externalAccountId="a",
                externalEventId="e",
                startDateTime="2026-03-10T16:00:00.000Z",
                endDateTime="2026-03-10T17:00:00Z",
            )
        ],
    )
    assert plan.changes == []


def test_create_campaign_sends_no_empty_fields() -> None:
    plan = plan_of([campaign(name="New", properties={"hs_notes": "", "hs_audience": "Devs"})])
    (change,) = plan.changes
    assert change.action == "create" and change.id is None
    assert change.fields == [
        FieldChange(field="hs_name", before=None, after="New"),
        FieldChange(field="hs_audience", before=None, after="Devs"),
    ]


def test_absent_campaign_is_deleted_and_absent_missing_one_is_unchanged() -> None:
    plan = plan_of(
        [campaign(name="Old", state="absent"), campaign(name="Never", state="absent")],
        [live_campaign("Old", "g9")],
    )
    assert [(c.action, c.id) for c in plan.changes] == [("delete", "g9")]
    assert plan.summary.unchanged == 1


def test_pinned_id_wins_over_name_and_a_rename_is_an_hs_name_change() -> None:
    plan = plan_of(
        [campaign(name="New name", id="g1")],
        [live_campaign("Old name", "g1"), live_campaign("New name", "g2")],
    )
    (change,) = plan.changes
    assert change.id == "g1"
    assert change.fields == [FieldChange(field="hs_name", before="Old name", after="New name")]


def test_two_live_campaigns_with_one_name_is_an_error_naming_both() -> None:
    with pytest.raises(PlanError) as exc:
        plan_of([campaign(name="Q3")], [live_campaign("Q3", "g1"), live_campaign("Q3", "g2")])
    message = str(exc.value)
    assert "g1" in message and "g2" in message and "pin one with `id`" in message


def test_pinned_id_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(PlanError, match="does not exist"):
        plan_of([campaign(name="A", id="nope")], [live_campaign("A", "g1")])


def test_event_matched_by_external_key_not_by_external_event_id_alone() -> None:
    plan = plan_of(
        events=[event(externalAccountId="acct-1", externalEventId="w", eventName="Mine")],
        live_events=[
            live_event(
                objectId="2", externalAccountId="other", externalEventId="w", eventName="Theirs"
            ),
            live_event(
                objectId="1", externalAccountId="acct-1", externalEventId="w", eventName="Old"
            ),
        ],
    )
    (change,) = plan.changes
    assert (change.id, change.fields) == (
        "1",
        [FieldChange(field="eventName", before="Old", after="Mine")],
    )


def test_ambiguous_event_key_names_the_candidates() -> None:
    with pytest.raises(PlanError, match="objectIds 1, 2"):
        plan_of(
            events=[event(externalAccountId="a", externalEventId="w")],
            live_events=[
                live_event(objectId="1", externalAccountId="a", externalEventId="w"),
                live_event(objectId="2", externalAccountId="a", externalEventId="w"),
            ],
        )


def test_event_create_needs_name_and_organizer() -> None:
    with pytest.raises(PlanError) as exc:
        plan_of(events=[event(externalAccountId="a", externalEventId="w", eventName="X")])
    assert "eventOrganizer" in str(exc.value) and "e.yaml:" in str(exc.value)


def test_event_custom_properties_managed_one_by_one() -> None:
    plan = plan_of(
        events=[
            event(
                objectId="1",
                customProperties={"region": "EMEA", "track": None},
                eventCancelled=False,
            )
        ],
        live_events=[
            live_event(
                objectId="1",
                customProperties=[
                    {"name": "region", "value": "NA"},
                    {"name": "track", "value": "x"},
                    {"name": "other", "value": "kept"},
                ],
            )
        ],
    )
    assert plan.changes[0].fields == [
        FieldChange(field="customProperties.region", before="NA", after="EMEA"),
        FieldChange(field="customProperties.track", before="x", after=""),
    ]


def test_one_live_object_claimed_twice_is_an_error() -> None:
    with pytest.raises(PlanError, match="also matched"):
        plan_of(
            [campaign(name="A"), campaign(name="B", id="g1")],
            [live_campaign("A", "g1")],
        )


def test_delete_safety_threshold_after_octodns() -> None:
    names = [f"c{i}" for i in range(10)]
    live = [live_campaign(n, f"g{i}") for i, n in enumerate(names)]
    desired = [
        campaign(name=n, state="absent" if i < 4 else "present") for i, n in enumerate(names)
    ]
    plan = plan_of(desired, live)
    assert plan.unsafe and "--force" in plan.warnings[0]
    with pytest.raises(UnsafePlanError, match="--force"):
        plan.check_safety(force=False)
    plan.check_safety(force=True)
    safe = plan_of([*desired[3:], *(campaign(name=n) for n in names[:3])], live)
    assert not safe.unsafe and safe.summary.delete == 1


def test_requests_are_counted_per_endpoint_at_batch_limits() -> None:
    plan = plan_of([campaign(name=f"n{i}") for i in range(120)])
    (writes,) = estimate_writes(plan.changes)
    assert (writes.endpoint, writes.requests, writes.objects) == (
        "POST /marketing/campaigns/2026-09/batch/create",
        3,
        120,
    )


def test_select_targets_by_key_or_id_and_unknown_key_is_an_error() -> None:
    desired = DesiredState(
        campaigns=[campaign(name="A"), campaign(name="B", id="g2")],
        events=[event(externalAccountId="a", externalEventId="w")],
    )
    chosen = select_targets(desired, ["g2", "a/w"])
    assert [s.obj.key for s in chosen.campaigns] == ["B"]
    assert [s.obj.key for s in chosen.events] == ["a/w"]
    with pytest.raises(PlanError, match='did you mean "a/w"'):
        select_targets(desired, ["a/x"])


def test_planner_builds_changes_exactly_as_pydantic_would() -> None:
    plan = plan_of(
        [campaign(name="A", properties={"hs_notes": "new"})],
        [live_campaign("A", "g1", hs_notes="old")],
    )
    (change,) = plan.changes
    rebuilt = type(change).model_validate(change.model_dump())
    assert change == rebuilt
    assert change.model_dump() == rebuilt.model_dump()
    assert change.model_fields_set == rebuilt.model_fields_set
    assert change.fields[0] == FieldChange(field="hs_notes", before="old", after="new")
    assert change.model_copy(update={"key": "B"}).key == "B"


def test_external_ids_containing_a_slash_never_match_another_pair() -> None:
    plan = plan_of(
        events=[
            event(externalAccountId="a/b", externalEventId="c", eventName="N", eventOrganizer="O")
        ],
        live_events=[live_event(objectId="1", externalAccountId="a", externalEventId="b/c")],
    )
    assert [(c.action, c.id) for c in plan.changes] == [("create", None)]
