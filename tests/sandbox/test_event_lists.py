"""Marketing event <-> contact list associations (by objectId) as HubSpot's Marketing Events spec
describes them, over HTTP against the session sandbox (every response checked against the spec)."""

from __future__ import annotations

from typing import Any

import httpx

from reconciler.sandbox.control import SandboxControl

from .helpers import DEMO_EVENT_IDS, EVENTS, assert_error

EVENT, OTHER = DEMO_EVENT_IDS[:2]


def url(oid: str, list_id: str | None = None) -> str:
    base = f"{EVENTS}/associations/{oid}/lists"
    return base if list_id is None else f"{base}/{list_id}"


def lists_of(api: httpx.Client, oid: str) -> dict[str, Any]:
    response = api.get(url(oid))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def associate(api: httpx.Client, oid: str, list_id: str) -> None:
    response = api.put(url(oid, list_id))
    assert response.status_code == 204 and response.content == b"", response.text


def test_associate_is_idempotent_and_lists_come_back_with_total(api: httpx.Client) -> None:
    assert lists_of(api, EVENT) == {"total": 0, "results": []}
    associate(api, EVENT, "503")
    associate(api, EVENT, "501")
    associate(api, EVENT, "501")
    body = lists_of(api, EVENT)
    assert body["total"] == 2
    assert [(x["listId"], x["name"]) for x in body["results"]] == [
        ("501", "Webinar registrants"),
        ("503", "Newsletter subscribers"),
    ]
    assert body["results"][1]["processingType"] == "DYNAMIC"
    assert lists_of(api, OTHER)["total"] == 0


def test_disassociate_is_idempotent(api: httpx.Client) -> None:
    associate(api, EVENT, "501")
    for _ in range(2):
        response = api.delete(url(EVENT, "501"))
        assert response.status_code == 204 and response.content == b""
    assert api.delete(url(EVENT, "999")).status_code == 204  # never associated
    assert lists_of(api, EVENT)["total"] == 0


def test_unknown_event_or_list_is_404(api: httpx.Client) -> None:
    for bad in ("999999", "not-a-number", "0100001"):
        body = assert_error(api.get(url(bad)), 404, bad)
        assert body["category"] == "OBJECT_NOT_FOUND"
        assert_error(api.put(url(bad, "501")), 404, bad)
        assert_error(api.delete(url(bad, "501")), 404, bad)
    body = assert_error(api.put(url(EVENT, "777")), 404, "List 777")
    assert body["category"] == "OBJECT_NOT_FOUND"


def test_lists_defined_through_the_control_api(api: httpx.Client, portal: SandboxControl) -> None:
    defined = portal.define_lists(("900", "Trade show leads"), ("901", "VIPs", "DYNAMIC"))
    assert {"900", "901", "501"} <= {x["listId"] for x in defined}
    associate(api, EVENT, "900")
    assert lists_of(api, EVENT)["results"][0]["name"] == "Trade show leads"
    portal.reset("empty")
    assert portal.lists() == []
    portal.reset("demo")
    assert [x["listId"] for x in portal.lists()] == ["501", "502", "503"]


def test_deleting_events_removes_their_associations(
    api: httpx.Client, portal: SandboxControl
) -> None:
    for oid in (EVENT, OTHER, DEMO_EVENT_IDS[2]):
        associate(api, oid, "501")
        associate(api, oid, "502")
    assert portal.stats()["event_list_links"] == 6
    assert api.delete(f"{EVENTS}/{EVENT}").status_code == 204
    archive = api.post(f"{EVENTS}/batch/archive", json={"inputs": [{"objectId": OTHER}]})
    assert archive.status_code == 204
    assert portal.stats()["event_list_links"] == 2
    assert lists_of(api, DEMO_EVENT_IDS[2])["total"] == 2
