"""Planning marketing events' contact lists over models only."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import PlanError
from reconciler.hubspot.batching import estimate_writes
from reconciler.models import MANIFEST, DesiredState, LiveState, Location, MarketingEvent, Sourced
from reconciler.plan import MemberChange, MemberEnds, Plan, Target, diff, select_targets

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")
LIVE_EVENTS = [
    MarketingEvent(objectId="1", externalAccountId="a", externalEventId="web"),
    MarketingEvent(objectId="2"),
]


def event(line: int = 1, **data: Any) -> Sourced:
    return Sourced.of(
        MarketingEvent.model_validate(data, context=MANIFEST),
        Location(file="e.yaml", line=line),
        {f"lists.{i}": Location(file="e.yaml", line=line + 1 + i) for i in range(9)},
    )


def plan(*events: Sourced, lists: dict[str, list[str]] | None = None) -> Plan:
    live = LiveState(events=LIVE_EVENTS, event_lists=lists or {})
    return diff(DesiredState(events=list(events)), live, TARGET)


def changes(p: Plan) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.action, c.key, c.id, c.source) for c in p.changes if c.kind == "marketingEventList"]


def test_declared_lists_missing_are_created_and_present_ones_unchanged() -> None:
    p = plan(
        event(externalAccountId="a", externalEventId="web", lists=["501", 502]),
        lists={"1": ["502", "503"]},
    )
    assert changes(p) == [("create", "a/web -> list 501", "1/501", "e.yaml:2")]
    assert p.summary.unchanged == 2  # the event and list 502
    change = p.changes[0]
    assert isinstance(change, MemberChange)
    assert change.member == MemberEnds(parent="a/web", parentId="1", id="501")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("listId", None, "501")]
    assert change == MemberChange.model_validate(change.model_dump())


def test_lists_not_declared_are_left_alone_unless_exclusive() -> None:
    assert changes(plan(event(objectId="2", lists=[]), lists={"2": ["501"]})) == []
    p = plan(event(objectId="2", lists=["501"], listsExclusive=True), lists={"2": ["501", "503"]})
    assert changes(p) == [("delete", "2 -> list 503", "2/503", "e.yaml:1")]
    assert [(f.before, f.after) for f in p.changes[0].fields] == [("503", None)]
    assert not p.unsafe  # removing an association deletes no object


def test_an_event_without_lists_plans_none_whatever_the_portal_has() -> None:
    assert changes(plan(event(objectId="2", eventName="x"), lists={"2": ["501"]})) == []


def test_an_event_created_here_gets_its_lists_without_ids() -> None:
    new = event(
        externalAccountId="a",
        externalEventId="new",
        eventName="New",
        eventOrganizer="Us",
        startDateTime="2026-01-01T10:00:00Z",
        endDateTime="2026-01-01T11:00:00Z",
        lists=["501"],
        listsExclusive=True,
    )
    p = plan(new)
    assert changes(p) == [("create", "a/new -> list 501", None, "e.yaml:2")]
    change = p.changes[-1]
    assert isinstance(change, MemberChange) and change.member.parentId is None
    assert p.changes[0].kind == "marketingEvent"  # the event's create sorts first


def test_an_event_deleted_plans_no_list_changes() -> None:
    p = plan(
        event(objectId="2", state="absent", lists=["501"], listsExclusive=True),
        lists={"2": ["503"]},
    )
    assert changes(p) == []
    assert [c.action for c in p.changes] == ["delete"]


def test_an_event_that_cannot_be_matched_reports_only_its_own_error() -> None:
    with pytest.raises(PlanError) as raised:
        plan(event(objectId="99", lists=["501"]))
    assert len(raised.value.messages) == 1 and "objectId 99" in raised.value.messages[0]


def test_each_list_change_costs_one_request() -> None:
    p = plan(event(objectId="2", lists=["501", "502", "503"]))
    (count,) = estimate_writes(p.changes)
    assert (count.requests, count.objects) == (3, 3)
    assert count.endpoint.startswith("PUT ") and count.endpoint.endswith("/lists/{listId}")


def test_targeting_an_event_list_names_its_event() -> None:
    desired = DesiredState(events=[event(objectId="2", lists=["501"])])
    with pytest.raises(PlanError, match=r'target its event \("2"\)'):
        select_targets(desired, ["2 -> list 501"])
