"""Injected faults, auth and the control API. No test sleeps for real seconds: windows and
delays are set small through the control API."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

from .helpers import CAMPAIGNS, EVENTS, SPRING, SUMMER, assert_error, campaign

RATE_HEADERS = (
    "x-hubspot-ratelimit-max",
    "x-hubspot-ratelimit-remaining",
    "x-hubspot-ratelimit-interval-milliseconds",
)


def test_rate_limit_headers_on_every_api_response(
    api: httpx.Client, portal: SandboxControl
) -> None:
    portal.set_faults(rate_limit=190)
    for response in (
        api.get(CAMPAIGNS),
        api.get(f"{EVENTS}/nope"),
        api.post(f"{CAMPAIGNS}/batch/archive", json={"inputs": []}),
    ):
        assert all(h in response.headers for h in RATE_HEADERS), response.headers
        assert response.headers["x-hubspot-ratelimit-max"] == "190"
        assert response.headers["x-hubspot-ratelimit-interval-milliseconds"] == "10000"
    assert api.get(CAMPAIGNS).headers["x-hubspot-ratelimit-remaining"] == "186"


def test_ten_secondly_rolling_429_then_recovery(api: httpx.Client, portal: SandboxControl) -> None:
    portal.set_faults(rate_limit=3, rate_window_ms=300, retry_after=1)
    statuses = [api.get(CAMPAIGNS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get(CAMPAIGNS)
    body = limited.json()
    assert body["errorType"] == "RATE_LIMIT"
    assert body["policyName"] == "TEN_SECONDLY_ROLLING"
    assert body["message"] == "You have reached your ten_secondly_rolling limit."
    assert limited.headers["retry-after"] == "1"
    assert limited.headers["x-hubspot-ratelimit-remaining"] == "0"
    time.sleep(0.35)  # the (shortened) window rolls
    assert api.get(CAMPAIGNS).status_code == 200
    assert portal.requests()[3].status == 429  # 429s are logged too


def test_control_api_is_never_rate_limited(portal: SandboxControl) -> None:
    portal.set_faults(rate_limit=1)
    for _ in range(5):
        portal.faults()
    assert portal.requests() == []  # and never logged


def test_forced_429s_and_no_retry_after_by_default(
    api: httpx.Client, portal: SandboxControl
) -> None:
    portal.set_faults(rate_limit_next=2)
    first, second, third = (api.get(CAMPAIGNS) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (429, 429, 200)
    assert "retry-after" not in first.headers


def test_daily_limit(api: httpx.Client, portal: SandboxControl) -> None:
    portal.set_faults(daily_limit=True)
    response = api.get(CAMPAIGNS)
    assert response.status_code == 429
    assert response.json()["policyName"] == "DAILY"
    assert response.headers["x-hubspot-ratelimit-daily-remaining"] == "0"
    portal.clear_faults()
    assert api.get(CAMPAIGNS).status_code == 200


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_for_the_next_n_requests(
    api: httpx.Client, portal: SandboxControl, status: int
) -> None:
    portal.set_faults(error_status=status, error_count=2)
    got = [api.get(CAMPAIGNS).status_code for _ in range(3)]
    assert got == [status, status, 200]


def test_5xx_with_html_body_does_not_apply_the_write(
    api: httpx.Client, portal: SandboxControl
) -> None:
    portal.set_faults(error_status=502, error_count=1, error_html=True)
    response = api.post(
        f"{CAMPAIGNS}/batch/update",
        json={"inputs": [{"id": SPRING, "properties": {"hs_notes": ""}}]},
    )
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert campaign(api, SPRING, "hs_notes")["properties"]  # not applied


def test_bad_fault_settings_are_refused(portal: SandboxControl) -> None:
    with pytest.raises(httpx.HTTPStatusError):
        portal.set_faults(error_status=418)
    with pytest.raises(httpx.HTTPStatusError):
        portal._call("PUT", "/faults", {"no_such_knob": 1})


def test_207_failure_for_chosen_ids(api: httpx.Client, portal: SandboxControl) -> None:
    portal.set_faults(fail_ids=[SPRING, "100002", "Doomed", "doomed-ext"])
    camp = api.post(
        f"{CAMPAIGNS}/batch/update",
        json={
            "inputs": [
                {"id": SPRING, "properties": {"hs_notes": "x"}},
                {"id": SUMMER, "properties": {"hs_notes": "y"}},
            ]
        },
    )
    assert camp.status_code == 207 and camp.json()["errors"][0]["context"] == {"ids": [SPRING]}
    assert campaign(api, SUMMER, "hs_notes")["properties"] == {"hs_notes": "y"}
    created = api.post(
        f"{CAMPAIGNS}/batch/create",
        json={
            "inputs": [{"properties": {"hs_name": "Doomed"}}, {"properties": {"hs_name": "Fine"}}]
        },
    )
    assert created.status_code == 207 and len(created.json()["results"]) == 1
    ev = api.post(
        f"{EVENTS}/batch/update",
        json={"inputs": [{"objectId": "100002", "eventName": "x", "customProperties": []}]},
    )
    assert ev.status_code == 207 and ev.json()["numErrors"] == 1
    gone = api.post(f"{EVENTS}/batch/archive", json={"inputs": [{"objectId": "100002"}]})
    assert gone.status_code == 207 and api.get(f"{EVENTS}/100002").status_code == 200
    archived = api.post(f"{CAMPAIGNS}/batch/archive", json={"inputs": [{"id": SPRING}]})
    assert archived.status_code == 204  # HubSpot says nothing, but it was not deleted
    assert api.get(f"{CAMPAIGNS}/{SPRING}").status_code == 200
    upsert = api.post(
        f"{EVENTS}/events/upsert",
        json={
            "inputs": [
                {
                    "externalAccountId": "acct-1",
                    "externalEventId": "doomed-ext",
                    "eventName": "n",
                    "eventOrganizer": "o",
                    "customProperties": [],
                }
            ]
        },
    )
    assert upsert.status_code == 207 and upsert.json()["results"] == []


def test_latency_and_slow_responses(api: httpx.Client, portal: SandboxControl) -> None:
    portal.set_faults(latency_ms=50)
    started = time.perf_counter()
    api.get(CAMPAIGNS)
    assert time.perf_counter() - started >= 0.05
    portal.set_faults(latency_ms=0, slow_seconds=0.5, slow_count=1)
    with pytest.raises(httpx.ReadTimeout):
        api.get(CAMPAIGNS, timeout=0.1)
    started = time.perf_counter()
    api.get(CAMPAIGNS)
    assert time.perf_counter() - started < 0.4  # only the next one was slow


def test_token_required_when_set(api: httpx.Client, portal: SandboxControl) -> None:
    portal.set_faults(token="s3cret-token")
    missing = api.get(CAMPAIGNS)
    body = assert_error(missing, 401)
    assert "s3cret" not in missing.text
    assert body["category"] == "INVALID_AUTHENTICATION"
    assert_error(api.get(CAMPAIGNS, headers={"Authorization": "Bearer wrong"}), 401)
    ok = api.get(CAMPAIGNS, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200
    assert portal.faults()["token"] == "***"


def test_unknown_route_and_method_get_error_bodies(api: httpx.Client) -> None:
    assert_error(api.put(f"{CAMPAIGNS}/batch/update", json={}), 405)


def test_reset_empty_and_stats(portal: SandboxControl) -> None:
    assert portal.reset("empty") == {"seed": "empty", "campaigns": 0, "events": 0}
    assert portal.seed_bulk(campaigns=250, events=120) == {"campaigns": 250, "events": 120}
    stats = portal.stats()
    assert stats["campaigns"] == 250 and stats["events"] == 120 and stats["db_bytes"] > 0
    assert portal.reset()["campaigns"] == 7


def test_canned_answers_replace_the_endpoints_and_are_used_up(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    update = {"inputs": [{"id": SPRING, "properties": {"hs_notes": "canned"}}]}
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as raw:
        portal.answer_next("POST", f"{CAMPAIGNS}/batch/update", body={"results": []})
        lied = raw.post(f"{CAMPAIGNS}/batch/update", json=update)
        assert (lied.status_code, lied.json()) == (200, {"results": []})
        assert "canned" not in raw.get(f"{CAMPAIGNS}/{SPRING}?properties=hs_notes").text
        portal.answer_next("POST", f"{CAMPAIGNS}/batch/update", body={"results": []}, apply=True)
        raw.post(f"{CAMPAIGNS}/batch/update", json=update)  # written, answer still a lie
        assert "canned" in raw.get(f"{CAMPAIGNS}/{SPRING}?properties=hs_notes").text
        portal.answer_next("GET", CAMPAIGNS, text="<html>login</html>", count=2)
        dated = CAMPAIGNS.replace("/v3/campaigns", "/campaigns/2026-09")  # its twin matches too
        pages = [raw.get(path) for path in (CAMPAIGNS, dated, CAMPAIGNS)]
    assert [p.headers["content-type"].split(";")[0] for p in pages] == [
        "text/html",
        "text/html",
        "application/json",
    ]
    assert portal.faults()["answers"] == []
    assert [r.status for r in portal.requests()][-3:] == [200, 200, 200]  # logged as sent


def test_barrier_lets_requests_through_together(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    # A path no other test reads, so a straggler from an earlier test cannot be "the second".
    held = f"{CAMPAIGNS}/{SPRING}"
    portal.set_faults(barrier={"method": "GET", "path": held, "count": 2, "timeout_s": 30})
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as raw:
        assert raw.get(EVENTS + "/").status_code == 200  # other routes pass at once
        assert raw.get(CAMPAIGNS).status_code == 200
        with pytest.raises(httpx.ReadTimeout):
            raw.get(held, timeout=0.2)  # held: the second has not arrived
        assert raw.get(held).status_code == 200  # the second releases both
        assert raw.get(held, timeout=2).status_code == 200  # one-shot
    assert portal.faults()["barrier"] is None


def held_so_far(portal: SandboxControl) -> int:
    barrier = portal.faults()["barrier"]
    return int(barrier.get("arrived", 0)) if barrier else -1


def test_a_serial_barrier_lets_them_through_in_arrival_order(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    """So a test knows which racing write lands second (the one that must see both)."""
    held = f"{CAMPAIGNS}/{SPRING}"
    portal.set_faults(
        barrier={"method": "GET", "path": held, "count": 2, "timeout_s": 30, "serial": True}
    )
    first = threading.Thread(target=httpx.get, args=(f"{sandbox.base_url}{held}?first=1",))
    first.start()
    deadline = time.monotonic() + 30
    while held_so_far(portal) < 1:  # the first is held: wait for the server to say so
        assert time.monotonic() < deadline
    assert httpx.get(f"{sandbox.base_url}{held}?second=1", timeout=10).status_code == 200
    first.join(timeout=30)
    answered = [r.query for r in portal.requests() if r.path == held]
    assert answered == ["first=1", "second=1"]  # the log is in the order answered
    assert held_so_far(portal) == -1  # one-shot


def test_malformed_canned_answers_are_refused(portal: SandboxControl) -> None:
    for bad in (
        [{"path": CAMPAIGNS, "status": 200}],
        [{"method": "GET", "path": CAMPAIGNS, "status": 99}],
        [{"method": "GET", "path": CAMPAIGNS, "status": 200, "count": 0}],
    ):
        with pytest.raises(httpx.HTTPStatusError):
            portal.set_faults(answers=bad)
    with pytest.raises(httpx.HTTPStatusError):
        portal.set_faults(barrier={"method": "GET", "path": CAMPAIGNS, "count": 0})
