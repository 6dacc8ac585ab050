"""Planning campaign <-> marketing-event links over models only."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import PlanError
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
from reconciler.plan import LinkChange, LinkEnds, Plan, Target, diff

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")


def sourced(model: type[Campaign] | type[MarketingEvent], line: int, **data: Any) -> Sourced:
    return Sourced(
        obj=model.model_validate(data, context=MANIFEST),
        location=Location(file="m.yaml", line=line),
    )


LIVE_EVENTS = [
    MarketingEvent(objectId="1", externalAccountId="a", externalEventId="web"),
    MarketingEvent(objectId="2", externalAccountId="a", externalEventId="conf"),
    MarketingEvent(objectId="3"),
]
LIVE_CAMPAIGN = Campaign(name="Launch", id="g1")


def plan(campaign: dict[str, Any], events: list[Sourced] = (), links: list[str] = ()) -> Plan:  # type: ignore[assignment]
    return diff(
        DesiredState(
            campaigns=[sourced(Campaign, 1, name="Launch", **campaign)], events=list(events)
        ),
        LiveState(
            campaigns=[LIVE_CAMPAIGN], events=LIVE_EVENTS, campaign_links={"g1": list(links)}
        ),
        TARGET,
    )


def links(p: Plan) -> list[tuple[str, str, str | None]]:
    return [(c.action, c.key, c.id) for c in p.changes if c.kind == "campaignEventLink"]


def test_missing_links_are_created_and_present_ones_unchanged() -> None:
    p = plan(
        {
            "marketingEvents": [
                {"objectId": "3"},
                {"externalAccountId": "a", "externalEventId": "web"},
            ]
        },
        links=["1"],
    )
    assert links(p) == [("create", "Launch -> 3", "g1/3")]
    assert p.summary.unchanged == 2  # the campaign and the existing link
    assert isinstance(p.changes[0], LinkChange)
    assert p.changes[0].link == LinkEnds(
        campaign="Launch", campaignId="g1", marketingEvent="3", marketingEventId="3"
    )


def test_links_not_named_are_left_alone_unless_exclusive() -> None:
    assert links(plan({"marketingEvents": []}, links=["1", "2"])) == []
    p = plan(
        {"marketingEvents": [{"objectId": "1"}], "marketingEventsExclusive": True}, links=["1", "2"]
    )
    assert links(p) == [("delete", "Launch -> a/conf", "g1/2")]
    assert not p.unsafe  # removing a link is not an archive


def test_a_link_to_an_event_created_in_the_same_plan_has_no_id_yet() -> None:
    new_event = sourced(
        MarketingEvent,
        5,
        externalAccountId="a",
        externalEventId="new",
        eventName="N",
        eventOrganizer="O",
    )
    p = plan(
        {"marketingEvents": [{"externalAccountId": "a", "externalEventId": "new"}]},
        events=[new_event],
    )
    assert [(c.kind, c.action) for c in p.changes] == [
        ("marketingEvent", "create"),
        ("campaignEventLink", "create"),
    ]
    assert isinstance(p.changes[1], LinkChange) and p.changes[1].link.marketingEventId is None
    assert p.changes[1].id is None


def test_a_link_to_an_unknown_event_is_an_error_naming_the_line() -> None:
    with pytest.raises(
        PlanError,
        match=r"m\.yaml:1:1: campaign \"Launch\" links to marketing event a/nope, which is neither",
    ):
        plan({"marketingEvents": [{"externalAccountId": "a", "externalEventId": "nope"}]})
    with pytest.raises(PlanError, match="neither in the manifests nor on the portal"):
        plan({"marketingEvents": [{"objectId": "999"}]})


def test_a_link_to_an_event_the_manifests_delete_is_an_error() -> None:
    gone = sourced(MarketingEvent, 9, objectId="2", state="absent")
    with pytest.raises(PlanError, match="which the manifests delete"):
        plan({"marketingEvents": [{"objectId": "2"}]}, events=[gone])


def test_links_cost_one_request_each() -> None:
    p = plan({"marketingEvents": [{"objectId": "1"}, {"objectId": "2"}, {"objectId": "3"}]})
    (writes,) = estimate_writes(p.changes)
    assert writes.endpoint.startswith(
        "PUT /marketing/campaigns/2026-09/{campaignGuid}/assets/MARKETING_EVENT/"
    )
    assert (writes.requests, writes.objects) == (3, 3)


def test_json_plan_carries_link_ends_only_on_links() -> None:
    p = plan({"marketingEvents": [{"objectId": "1"}], "properties": {"hs_notes": "x"}})
    data = p.model_dump(mode="json")
    assert "link" not in data["changes"][0]
    assert data["changes"][1]["link"] == {
        "campaign": "Launch",
        "campaignId": "g1",
        "marketingEvent": "1",
        "marketingEventId": "1",
    }


def test_exclusive_needs_a_list() -> None:
    with pytest.raises(ValueError, match="marketingEventsExclusive needs a marketingEvents list"):
        Campaign.model_validate({"name": "x", "marketingEventsExclusive": True}, context=MANIFEST)
