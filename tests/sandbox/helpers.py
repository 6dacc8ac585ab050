"""Small shared helpers for the sandbox tests."""

from __future__ import annotations

from typing import Any

import httpx

CAMPAIGNS = "/marketing/v3/campaigns"
EVENTS = "/marketing/v3/marketing-events"
SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
SUMMER = "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"
ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"
HOLIDAY = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
LEGACY = "0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b"
Q3_A = "7a7a7a7a-0000-4000-8000-000000000001"
Q3_B = "7a7a7a7a-0000-4000-8000-000000000002"
DEMO_CAMPAIGN_IDS = {SPRING, SUMMER, ROADSHOW, HOLIDAY, LEGACY, Q3_A, Q3_B}
DEMO_EVENT_IDS = ["100001", "100002", "100003", "100004", "100005"]


def assert_error(response: httpx.Response, status: int, *needles: str) -> dict[str, Any]:
    """A HubSpot Error body with this status whose message mentions every needle."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == "error"
    assert body["correlationId"]
    assert body["category"]
    for needle in needles:
        assert needle in body["message"], (needle, body["message"])
    return body


def campaign(api: httpx.Client, cid: str, *names: str) -> dict[str, Any]:
    response = api.get(f"{CAMPAIGNS}/{cid}", params={"properties": list(names)})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def all_campaigns(api: httpx.Client, *names: str, limit: int = 100) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit, "properties": list(names)}
    while True:
        body = api.get(CAMPAIGNS, params=params).json()
        out.extend(body["results"])
        nxt = body.get("paging", {}).get("next")
        if not nxt:
            return out
        params["after"] = nxt["after"]


def all_events(api: httpx.Client) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        body = api.get(EVENTS + "/", params=params).json()
        out.extend(body["results"])
        nxt = body.get("paging", {}).get("next")
        if not nxt:
            return out
        params["after"] = nxt["after"]
