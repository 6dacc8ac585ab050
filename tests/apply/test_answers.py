"""Apply reading HubSpot's answers, one answer shape each, over ``httpx.MockTransport``.

An object counts as applied only when the answer, or reading it back, shows what was sent.
"""

from __future__ import annotations

from typing import Any

from reconciler.apply import Applier, ApplyResult
from reconciler.plan import (
    Change,
    FieldChange,
    LinkChange,
    LinkEnds,
    ObjectChange,
    Plan,
    Summary,
    Target,
)
from tests.mockportal import CAMPAIGNS, EVENTS, PATHS, MockPortal, answer

TARGET = Target(kind="hubspot", base_url="https://portal.test")


def change(kind: str, action: str, key: str, obj_id: str | None, **fields: Any) -> ObjectChange:
    return ObjectChange(
        kind=kind,
        key=key,
        id=obj_id,
        action=action,
        fields=[
            FieldChange(field=f.replace("__", "."), before=None, after=v) for f, v in fields.items()
        ],
    )


def apply(portal: MockPortal, *changes: Change) -> dict[str, tuple[str, str | None]]:
    """key -> (status, message) of each outcome."""
    plan = Plan(target=TARGET, summary=Summary(), changes=list(changes))
    with portal.client() as client:
        result: ApplyResult = Applier(client).run(plan)
    return {o.key: (o.status, o.message) for o in result.outcomes}


def campaign(guid: str, **properties: str) -> dict[str, Any]:
    return {"id": guid, "properties": properties}


A = change("campaign", "update", "A", "g1", hs_notes="new")
B = change("campaign", "update", "B", "g2", hs_notes="new")


def test_an_update_the_answer_leaves_out_fails_when_reading_it_back_shows_the_old_value() -> None:
    portal = MockPortal(
        {
            f"POST {CAMPAIGNS}/batch/update": answer(
                200, {"status": "COMPLETE", "results": [campaign("g1", hs_notes="new")]}
            ),
            f"POST {CAMPAIGNS}/batch/read": answer(
                200, {"status": "COMPLETE", "results": [campaign("g2", hs_notes="old")]}
            ),
        }
    )
    got = apply(portal, A, B)
    assert got["A"] == ("applied", None)
    status, message = got["B"]
    assert status == "failed"
    assert message == (
        "HubSpot's answer did not include it, and reading it back shows hs_notes not as sent: "
        "not confirmed; run apply again"
    )


def test_an_update_the_answer_leaves_out_is_applied_when_reading_it_back_shows_it() -> None:
    portal = MockPortal(
        {
            f"POST {CAMPAIGNS}/batch/update": answer(200, {"status": "COMPLETE", "results": []}),
            f"POST {CAMPAIGNS}/batch/read": answer(
                200, {"results": [campaign("g1", hs_notes="new"), campaign("g2", hs_notes="new")]}
            ),
        }
    )
    assert apply(portal, A, B) == {"A": ("applied", None), "B": ("applied", None)}


def test_a_207_fails_the_ids_its_errors_name_and_applies_the_results() -> None:
    body = {
        "status": "COMPLETE",
        "results": [campaign("g1", hs_notes="new")],
        "errors": [{"status": "error", "message": "no such campaign", "context": {"ids": ["g2"]}}],
    }
    portal = MockPortal({f"POST {CAMPAIGNS}/batch/update": answer(207, body)})
    assert apply(portal, A, B) == {"A": ("applied", None), "B": ("failed", "no such campaign")}


def test_an_answer_whose_values_differ_from_what_was_sent_is_a_failure() -> None:
    sent = change(
        "marketingEvent", "update", "E", "7", eventName="New", customProperties__region="EMEA"
    )
    result = {"objectId": "7", "eventName": "Other", "customProperties": []}
    portal = MockPortal(
        {f"POST {EVENTS}/batch/update": answer(200, {"status": "COMPLETE", "results": [result]})}
    )
    assert apply(portal, sent) == {
        "E": (
            "failed",
            "HubSpot did not keep eventName, customProperties.region: check the value against "
            "the portal's property definition",
        )
    }


def test_a_dropped_custom_property_says_it_is_not_defined_on_the_portal() -> None:
    sent = change("marketingEvent", "update", "E", "7", customProperties__region="EMEA")
    result = {"objectId": "7", "customProperties": []}
    portal = MockPortal({f"POST {EVENTS}/batch/update": answer(200, {"results": [result]})})
    ((status, message),) = apply(portal, sent).values()
    assert status == "failed"
    assert message is not None and "not defined for marketing events on this portal" in message


def test_an_event_archive_207_is_settled_by_reading_each_event_back() -> None:
    gone = change("marketingEvent", "delete", "gone", "1")
    still = change("marketingEvent", "delete", "still", "2")
    portal = MockPortal(
        {
            f"POST {EVENTS}/batch/archive": answer(207),
            f"GET {EVENTS}/2": answer(200, {"objectId": "2", "eventName": "x"}),
        }
    )
    assert apply(portal, gone, still) == {
        "gone": ("applied", None),
        "still": ("failed", "HubSpot answered 207; the event still exists"),
    }


def test_a_campaign_create_that_meets_a_second_campaign_of_its_name_is_a_duplicate() -> None:
    created = change("campaign", "create", "Launch", None, hs_name="Launch")
    listed = [campaign("g8", hs_name="Launch"), campaign("g9", hs_name="Launch")]
    portal = MockPortal(
        {
            f"POST {CAMPAIGNS}/batch/create": answer(
                201, {"status": "COMPLETE", "results": [campaign("g9", hs_name="Launch")]}
            ),
            f"GET {CAMPAIGNS}": answer(200, {"results": listed, "total": 2}),
        }
    )
    ((status, message),) = apply(portal, created).values()
    assert status == "failed"
    assert message is not None and "HubSpot now has 2 campaigns with this name" in message


def test_a_link_to_an_event_whose_create_failed_is_not_attempted() -> None:
    event = change(
        "marketingEvent", "create", "a/web", None, externalAccountId="a", externalEventId="web"
    )
    ends = LinkEnds(campaign="Launch", campaignId="g1", marketingEvent="a/web")
    link = LinkChange(
        kind="campaignEventLink", key="Launch -> a/web", id=None, action="create", link=ends
    )
    portal = MockPortal({f"POST {EVENTS}/events/upsert": answer(200, {"results": []})})
    got = apply(portal, event, link)
    assert got["a/web"] == ("failed", "HubSpot did not create it")
    assert got["Launch -> a/web"] == (
        "skipped",
        "not attempted: marketing event a/web was not created",
    )
    assert not any(PATHS.campaigns in r.url.path for r in portal.sent)
