"""Campaign assets (MARKETING_EVENT links) as HubSpot's Campaigns spec describes them, over HTTP
against the session sandbox; every response is checked against the spec by the ``api`` client."""

from __future__ import annotations

from typing import Any

import httpx

from reconciler.sandbox.control import SandboxControl

from .helpers import (
    CAMPAIGNS,
    DEMO_EVENT_IDS,
    EVENTS,
    SPRING,
    SUMMER,
    all_events,
    assert_error,
    campaign,
)

ME = "MARKETING_EVENT"


def link_url(cid: str, oid: str, asset_type: str = ME) -> str:
    return f"{CAMPAIGNS}/{cid}/assets/{asset_type}/{oid}"


def link(api: httpx.Client, cid: str, oid: str, asset_type: str = ME) -> None:
    response = api.put(link_url(cid, oid, asset_type))
    assert response.status_code == 204, response.text
    assert response.content == b""


def listed(api: httpx.Client, cid: str, asset_type: str = ME, **params: Any) -> dict[str, Any]:
    response = api.get(f"{CAMPAIGNS}/{cid}/assets/{asset_type}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids_of(collection: dict[str, Any]) -> list[str]:
    return [item["id"] for item in collection["results"]]


def test_link_is_idempotent_and_shows_in_list_and_get_one(api: httpx.Client) -> None:
    first, second = DEMO_EVENT_IDS[:2]
    link(api, SPRING, second)
    link(api, SPRING, first)
    link(api, SPRING, first)  # linking twice is fine
    body = listed(api, SPRING)
    assert ids_of(body) == [first, second]  # sorted by id
    assert "paging" not in body
    assert all(item["name"] for item in body["results"])  # events carry their eventName
    assets = campaign(api, SPRING)["assets"]
    assert list(assets) == [ME]
    assert ids_of(assets[ME]) == [first, second]
    assert "paging" not in assets[ME]
    assert campaign(api, SUMMER)["assets"] == {}


def test_unlink_is_idempotent_and_404s_only_an_unknown_campaign(api: httpx.Client) -> None:
    oid = DEMO_EVENT_IDS[0]
    link(api, SPRING, oid)
    for _ in range(2):
        response = api.delete(link_url(SPRING, oid))
        assert response.status_code == 204 and response.content == b""
    assert listed(api, SPRING)["results"] == []
    assert campaign(api, SPRING)["assets"] == {}
    assert api.delete(link_url(SUMMER, "999999")).status_code == 204  # never linked
    assert_error(api.delete(link_url("no-such-guid", oid)), 404, "no-such-guid")


def test_link_404s_an_unknown_event_or_campaign(api: httpx.Client) -> None:
    for bad in ("999999", "not-a-number", "0100001"):
        body = assert_error(api.put(link_url(SPRING, bad)), 404, bad)
        assert body["category"] == "OBJECT_NOT_FOUND"
    body = assert_error(api.put(link_url("no-such-guid", DEMO_EVENT_IDS[0])), 404, "no-such-guid")
    assert body["category"] == "OBJECT_NOT_FOUND"
    assert_error(api.get(f"{CAMPAIGNS}/no-such-guid/assets/{ME}"), 404, "no-such-guid")
    assert listed(api, SPRING)["results"] == []


def test_other_asset_types_store_any_id_and_bad_types_are_400(api: httpx.Client) -> None:
    link(api, SPRING, "4242", "FORM")
    link(api, SPRING, DEMO_EVENT_IDS[0])
    assert listed(api, SPRING, "FORM")["results"] == [{"id": "4242"}]
    assets = campaign(api, SPRING)["assets"]
    assert set(assets) == {"FORM", ME}
    assert ids_of(assets["FORM"]) == ["4242"]
    assert_error(api.put(link_url(SPRING, "1", "marketing-event")), 400, "asset type")
    assert_error(api.get(f"{CAMPAIGNS}/{SPRING}/assets/lower"), 400, "asset type")


def test_list_rejects_bad_limit_and_cursor(api: httpx.Client) -> None:
    url = f"{CAMPAIGNS}/{SPRING}/assets/{ME}"
    for limit in ("0", "101", "ten"):
        assert_error(api.get(url, params={"limit": limit}), 400, "limit")
    assert_error(api.get(url, params={"after": "%%%"}), 400, "cursor")


def test_120_links_embed_50_and_page_100_then_20(api: httpx.Client, portal: SandboxControl) -> None:
    portal.seed_bulk(events=120)
    event_ids = sorted(e["objectId"] for e in all_events(api))[:120]
    for oid in reversed(event_ids):
        link(api, SPRING, oid)
    default_page = listed(api, SPRING)
    assert ids_of(default_page) == event_ids[:10]  # the default page size
    first = listed(api, SPRING, limit=100)
    assert ids_of(first) == event_ids[:100]
    cursor = first["paging"]["next"]["after"]
    assert first["paging"]["next"]["link"].endswith(f"after={cursor}")
    second = listed(api, SPRING, limit=100, after=cursor)
    assert ids_of(second) == event_ids[100:]
    assert "paging" not in second

    embedded = campaign(api, SPRING)["assets"][ME]
    assert ids_of(embedded) == event_ids[:50]
    nxt = embedded["paging"]["next"]
    rest = listed(api, SPRING, limit=100, after=nxt["after"])
    assert ids_of(rest) == event_ids[50:]
    via_link = api.get(httpx.URL(nxt["link"]).copy_merge_params({"limit": 100}))
    assert via_link.status_code == 200 and ids_of(via_link.json()) == event_ids[50:]

    read = api.post(f"{CAMPAIGNS}/batch/read", json={"inputs": [{"id": SPRING}, {"id": SUMMER}]})
    assert read.status_code == 200
    by_id = {r["id"]: r["assets"] for r in read.json()["results"]}
    assert ids_of(by_id[SPRING][ME]) == event_ids[:50]
    assert by_id[SPRING][ME]["paging"]["next"]["after"] == nxt["after"]
    assert by_id[SUMMER] == {}


def test_batch_read_embeds_each_campaigns_links(api: httpx.Client) -> None:
    a, b, c = DEMO_EVENT_IDS[:3]
    link(api, SPRING, a)
    link(api, SPRING, b)
    link(api, SUMMER, b)
    link(api, SUMMER, c)
    response = api.post(
        f"{CAMPAIGNS}/batch/read", json={"inputs": [{"id": SPRING}, {"id": SUMMER}]}
    )
    assert response.status_code == 200
    by_id = {r["id"]: r["assets"] for r in response.json()["results"]}
    assert ids_of(by_id[SPRING][ME]) == [a, b]
    assert ids_of(by_id[SUMMER][ME]) == [b, c]
    assert all("paging" not in assets[ME] for assets in by_id.values())


def test_deleting_an_event_removes_its_links(api: httpx.Client) -> None:
    a, b, c = DEMO_EVENT_IDS[:3]
    for cid in (SPRING, SUMMER):
        for oid in (a, b, c):
            link(api, cid, oid)
    assert api.delete(f"{EVENTS}/{a}").status_code == 204
    archive = api.post(f"{EVENTS}/batch/archive", json={"inputs": [{"objectId": b}]})
    assert archive.status_code == 204
    for cid in (SPRING, SUMMER):
        assert ids_of(listed(api, cid)) == [c]
        assert ids_of(campaign(api, cid)["assets"][ME]) == [c]


def test_upsert_keeps_links(api: httpx.Client) -> None:
    created = api.post(
        f"{EVENTS}/events",
        json={
            "externalAccountId": "acct-1",
            "externalEventId": "linked-1",
            "eventName": "Linked",
            "eventOrganizer": "Example Inc",
            "customProperties": [],
        },
    )
    assert created.status_code == 200, created.text
    oid = created.json()["objectId"]
    link(api, SPRING, oid)
    upsert = api.post(
        f"{EVENTS}/events/upsert",
        json={
            "inputs": [
                {
                    "externalAccountId": "acct-1",
                    "externalEventId": "linked-1",
                    "eventName": "Linked, renamed",
                    "eventOrganizer": "Example Inc",
                    "customProperties": [],
                }
            ]
        },
    )
    assert upsert.status_code == 200, upsert.text
    assert listed(api, SPRING)["results"] == [{"id": oid, "name": "Linked, renamed"}]


def test_deleting_campaigns_removes_their_links(api: httpx.Client, portal: SandboxControl) -> None:
    a, b = DEMO_EVENT_IDS[:2]
    for cid in (SPRING, SUMMER):
        link(api, cid, a)
        link(api, cid, b)
    assert portal.stats()["asset_links"] == 4
    assert api.delete(f"{CAMPAIGNS}/{SPRING}").status_code == 204
    assert_error(api.get(f"{CAMPAIGNS}/{SPRING}/assets/{ME}"), 404, SPRING)
    assert portal.stats()["asset_links"] == 2
    archive = api.post(f"{CAMPAIGNS}/batch/archive", json={"inputs": [{"id": SUMMER}]})
    assert archive.status_code == 204
    assert portal.stats()["asset_links"] == 0
