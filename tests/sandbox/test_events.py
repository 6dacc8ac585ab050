"""Marketing Events v3 as HubSpot behaves, over HTTP against the session sandbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl

from .helpers import DEMO_EVENT_IDS, EVENTS, all_events, assert_error


def new_event(ext: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "externalAccountId": "acct-1",
        "externalEventId": ext,
        "eventName": f"Event {ext}",
        "eventOrganizer": "Example Inc",
        "customProperties": [],
    }
    return {**base, **fields}


def get(api: httpx.Client, oid: str) -> dict[str, Any]:
    response = api.get(f"{EVENTS}/{oid}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def customs(event: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in event["customProperties"]}


# ---- list and get ---------------------------------------------------------------------------


def test_list_defaults_to_10_sorted_by_object_id_without_total(
    api: httpx.Client, portal: SandboxControl
) -> None:
    portal.seed_bulk(events=12)
    first = api.get(EVENTS + "/").json()
    assert "total" not in first
    ids = [int(e["objectId"]) for e in first["results"]]
    assert len(ids) == 10 and ids == sorted(ids) and ids[0] == 100001
    nxt = first["paging"]["next"]
    assert nxt["link"].startswith(str(api.base_url).rstrip("/") + EVENTS + "/?")
    rest = api.get(EVENTS + "/", params={"after": nxt["after"], "limit": 100}).json()
    assert len(rest["results"]) == 7 and "paging" not in rest
    assert int(rest["results"][0]["objectId"]) == ids[-1] + 1


def test_list_and_get_omit_external_account_id(api: httpx.Client) -> None:
    events = all_events(api)
    assert [e["objectId"] for e in events] == DEMO_EVENT_IDS
    assert all("externalAccountId" not in e for e in events)
    launch = get(api, "100001")
    assert "externalAccountId" not in launch
    assert launch["externalEventId"] == "webinar-42"
    assert launch["appInfo"] == {"id": "4242", "name": "reconciler"}
    assert launch["startDateTime"] == "2026-03-10T16:00:00.000Z"
    assert launch["eventCancelled"] is False and launch["eventCompleted"] is False
    assert customs(launch) == {"region": "EMEA", "track": "product"}


def test_ui_event_has_no_external_ids_nor_app_and_empty_fields_are_absent(
    api: httpx.Client,
) -> None:
    meetup = get(api, "100003")
    assert "externalEventId" not in meetup and "appInfo" not in meetup
    assert "eventUrl" not in meetup and "eventDescription" not in meetup


@pytest.mark.parametrize("limit", ["0", "101", "x"])
def test_list_limit_out_of_range_is_400(api: httpx.Client, limit: str) -> None:
    assert_error(api.get(EVENTS + "/", params={"limit": limit}), 400, "limit")


def test_unknown_object_id_is_404_everywhere(api: httpx.Client) -> None:
    for oid in ("999999", "not-a-number"):
        assert_error(api.get(f"{EVENTS}/{oid}"), 404, oid)
        assert_error(api.patch(f"{EVENTS}/{oid}", json={"customProperties": []}), 404)
        assert_error(api.delete(f"{EVENTS}/{oid}"), 404)


# ---- create and upsert ----------------------------------------------------------------------


def test_create_one_gives_200_with_object_id_and_normalised_instants(api: httpx.Client) -> None:
    response = api.post(
        f"{EVENTS}/events",
        json=new_event(
            "new-1",
            startDateTime="2026-07-01T10:00:00+02:00",
            endDateTime="2026-07-01T09:30:00.5Z",
            customProperties=[{"name": "region", "value": "APAC"}, {"name": "nope", "value": "x"}],
        ),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["objectId"] == "100006"
    assert body["startDateTime"] == "2026-07-01T08:00:00.000Z"
    assert body["endDateTime"] == "2026-07-01T09:30:00.500Z"
    assert customs(body) == {"region": "APAC"}  # undefined "nope" silently dropped
    got = get(api, "100006")
    assert got["appInfo"] == {"id": "4242", "name": "reconciler"}
    assert customs(got) == {"region": "APAC"}
    again = api.post(f"{EVENTS}/events", json=new_event("new-1"))
    assert_error(again, 409, "already exists")


@pytest.mark.parametrize(
    "field, value",
    [
        ("eventName", None),
        ("externalEventId", None),
        ("customProperties", None),
        ("startDateTime", "2026-07-01T10:00:00"),
        ("startDateTime", "next tuesday"),
        ("startDateTime", 1767261600000),
        ("eventCancelled", "false"),
        ("eventName", 5),
        ("customProperties", [{"name": "region", "value": 5}]),
    ],
)
def test_bad_event_writes_are_400(api: httpx.Client, field: str, value: Any) -> None:
    payload = new_event("bad")
    if value is None:
        payload.pop(field)
    else:
        payload[field] = value
    assert_error(api.post(f"{EVENTS}/events", json=payload), 400, field)
    assert_error(api.post(f"{EVENTS}/events/upsert", json={"inputs": [payload]}), 400, field)


def test_upsert_creates_and_updates_same_app_only_and_hides_external_ids(
    api: httpx.Client, portal: SandboxControl
) -> None:
    inputs = [
        new_event("webinar-42", eventName="Launch webinar v2", eventUrl=""),  # ours: update
        new_event("brand-new-1"),
        new_event("brand-new-2"),
    ]
    response = api.post(f"{EVENTS}/events/upsert", json={"inputs": inputs})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert all("externalEventId" not in r and "externalAccountId" not in r for r in results)
    assert all(r["id"] == r["objectId"] for r in results)
    names = [r["eventName"] for r in results]
    assert sorted(names) == sorted(i["eventName"] for i in inputs) and names != [
        i["eventName"] for i in inputs
    ]
    updated = get(api, "100001")
    assert updated["eventName"] == "Launch webinar v2" and "eventUrl" not in updated
    assert customs(updated) == {"region": "EMEA", "track": "product"}  # [] keeps them
    assert get(api, "100004")["eventName"] == "Partner webinar"  # other app's: untouched
    # an app can upsert the same external ids another app uses: that is a new event
    portal.set_faults(app_id=9999, app_name="Partner Portal")
    other = api.post(
        f"{EVENTS}/events/upsert",
        json={"inputs": [new_event("webinar-42", externalAccountId="acct-1")]},
    )
    assert other.json()["results"][0]["objectId"] not in DEMO_EVENT_IDS


def test_upsert_over_the_batch_limit_is_400(api: httpx.Client) -> None:
    inputs = [new_event(f"e{i}") for i in range(101)]
    assert_error(api.post(f"{EVENTS}/events/upsert", json={"inputs": inputs}), 400, "100")


# ---- update ---------------------------------------------------------------------------------


def test_batch_update_changes_only_named_fields_and_custom_properties(api: httpx.Client) -> None:
    response = api.post(
        f"{EVENTS}/batch/update",
        json={
            "inputs": [
                {
                    "objectId": "100001",
                    "eventDescription": "",
                    "eventCancelled": True,
                    "customProperties": [{"name": "region", "value": "NA"}],
                },
                {
                    "objectId": "100005",
                    "eventUrl": "https://example.com/ws",
                    "customProperties": [],
                },
            ]
        },
    )
    assert response.status_code == 200, response.text
    assert "errors" not in response.json()
    launch = get(api, "100001")
    assert "eventDescription" not in launch  # "" emptied it
    assert launch["eventCancelled"] is True
    assert (
        launch["eventName"] == "Launch webinar"
        and launch["eventUrl"] == "https://example.com/webinar"
    )
    assert customs(launch) == {"region": "NA", "track": "product"}  # track untouched
    workshop = get(api, "100005")
    assert customs(workshop) == {"region": "EMEA", "track": "engineering"}  # [] keeps all
    assert workshop["eventUrl"] == "https://example.com/ws"


def test_custom_property_reset_with_empty_string(api: httpx.Client) -> None:
    api.post(
        f"{EVENTS}/batch/update",
        json={
            "inputs": [{"objectId": "100001", "customProperties": [{"name": "track", "value": ""}]}]
        },
    )
    assert customs(get(api, "100001")) == {"region": "EMEA"}


def test_batch_update_207_for_unknown_ids_applies_the_rest(api: httpx.Client) -> None:
    response = api.post(
        f"{EVENTS}/batch/update",
        json={
            "inputs": [
                {
                    "objectId": "100002",
                    "eventName": "DevConf 2026 (renamed)",
                    "customProperties": [],
                },
                {"objectId": "424242", "eventName": "ghost", "customProperties": []},
            ]
        },
    )
    assert response.status_code == 207
    body = response.json()
    assert body["numErrors"] == 1 and body["errors"][0]["context"] == {"ids": ["424242"]}
    assert [r["objectId"] for r in body["results"]] == ["100002"]
    assert get(api, "100002")["eventName"] == "DevConf 2026 (renamed)"


def test_batch_update_can_change_other_apps_and_ui_events_by_object_id(api: httpx.Client) -> None:
    response = api.post(
        f"{EVENTS}/batch/update",
        json={
            "inputs": [
                {"objectId": "100003", "eventType": "", "customProperties": []},
                {"objectId": "100004", "eventOrganizer": "Partner Co.", "customProperties": []},
            ]
        },
    )
    assert response.status_code == 200
    assert "eventType" not in get(api, "100003")
    assert get(api, "100004")["eventOrganizer"] == "Partner Co."


def test_event_name_cannot_be_emptied(api: httpx.Client) -> None:
    response = api.post(
        f"{EVENTS}/batch/update",
        json={"inputs": [{"objectId": "100001", "eventName": "", "customProperties": []}]},
    )
    assert_error(response, 400, "eventName")


def test_patch_one(api: httpx.Client) -> None:
    response = api.patch(
        f"{EVENTS}/100002",
        json={"eventUrl": "https://example.com/devconf-2026", "customProperties": []},
    )
    assert response.status_code == 200
    assert response.json()["eventUrl"] == "https://example.com/devconf-2026"
    assert customs(response.json()) == {"region": "NA"}


# ---- archive --------------------------------------------------------------------------------


def test_batch_archive_204_then_207_for_missing(api: httpx.Client) -> None:
    done = api.post(f"{EVENTS}/batch/archive", json={"inputs": [{"objectId": "100002"}]})
    assert done.status_code == 204 and done.content == b""
    partial = api.post(
        f"{EVENTS}/batch/archive",
        json={"inputs": [{"objectId": "100005"}, {"objectId": "100002"}, {"objectId": "abc"}]},
    )
    assert partial.status_code == 207
    assert sorted(e["context"]["ids"][0] for e in partial.json()["errors"]) == ["100002", "abc"]
    assert [e["objectId"] for e in all_events(api)] == ["100001", "100003", "100004"]


def test_delete_one(api: httpx.Client) -> None:
    assert api.delete(f"{EVENTS}/100003").status_code == 204
    assert api.get(f"{EVENTS}/100003").status_code == 404


def test_new_object_ids_are_never_reused(api: httpx.Client) -> None:
    first = api.post(f"{EVENTS}/events", json=new_event("a")).json()["objectId"]
    api.delete(f"{EVENTS}/{first}")
    second = api.post(f"{EVENTS}/events", json=new_event("b")).json()["objectId"]
    assert int(second) > int(first)


# ---- identity look-ups ----------------------------------------------------------------------


def test_identifiers_lists_every_app_and_account(api: httpx.Client) -> None:
    body = api.get(f"{EVENTS}/webinar-42/identifiers").json()
    assert body["total"] == 2
    assert {
        (r["objectId"], r["externalAccountId"], r["appInfo"]["id"]) for r in body["results"]
    } == {
        ("100001", "acct-1", "4242"),
        ("100004", "partner-acct", "9999"),
    }
    assert body["results"][0]["marketingEventName"] == "Launch webinar"
    assert api.get(f"{EVENTS}/nothing-here/identifiers").json() == {"total": 0, "results": []}


def test_identifiers_lag_behind_creation_but_get_by_external_ids_does_not(
    api: httpx.Client, portal: SandboxControl
) -> None:
    portal.set_faults(identifiers_delay_s=300)
    created = api.post(f"{EVENTS}/events", json=new_event("fresh")).json()
    assert api.get(f"{EVENTS}/fresh/identifiers").json()["total"] == 0
    same_app = api.get(f"{EVENTS}/events/fresh", params={"externalAccountId": "acct-1"})
    assert same_app.status_code == 200
    assert same_app.json()["objectId"] == created["objectId"]
    assert api.get(f"{EVENTS}/webinar-42/identifiers").json()["total"] == 2  # old ones visible
    portal.set_faults(identifiers_delay_s=0)
    assert api.get(f"{EVENTS}/fresh/identifiers").json()["total"] == 1


def test_get_by_external_ids_sees_only_this_apps_events(api: httpx.Client) -> None:
    mine = api.get(f"{EVENTS}/events/webinar-42", params={"externalAccountId": "acct-1"})
    assert mine.status_code == 200
    body = mine.json()
    assert body["id"] == "100001" and body["externalEventId"] == "webinar-42"
    theirs = api.get(f"{EVENTS}/events/webinar-42", params={"externalAccountId": "partner-acct"})
    assert_error(theirs, 404)
    assert_error(api.get(f"{EVENTS}/events/webinar-42"), 400, "externalAccountId")


def test_undefined_custom_properties_are_dropped_until_defined(
    api: httpx.Client, portal: SandboxControl
) -> None:
    update = {
        "inputs": [{"objectId": "100002", "customProperties": [{"name": "tier", "value": "gold"}]}]
    }
    api.post(f"{EVENTS}/batch/update", json=update)
    assert customs(get(api, "100002")) == {"region": "NA"}
    assert portal.define_event_properties("tier") == ["region", "tier", "track"]
    api.post(f"{EVENTS}/batch/update", json=update)
    assert customs(get(api, "100002")) == {"region": "NA", "tier": "gold"}
