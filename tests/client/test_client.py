"""The HubSpot client against the sandbox over HTTP, with the sandbox's faults switched on."""

from __future__ import annotations

import time

import pytest

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient, RatePacer, RetryPolicy, redact_url
from reconciler.hubspot.errors import (
    AuthError,
    HubSpotConnectionError,
    HubSpotHTTPError,
    RateLimitError,
    ServerError,
)
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

FAST = RetryPolicy(attempts=5, timeout=30, wait_scale=0.001)


@pytest.fixture
def client(sandbox: RunningSandbox, portal: SandboxControl) -> HubSpotClient:
    logged: list[str] = []
    c = HubSpotClient(sandbox.base_url, "tok", retry=FAST, log=logged.append)
    c.logged = logged  # type: ignore[attr-defined]
    return c


def list_names(client: HubSpotClient) -> list[str]:
    return sorted(
        str(c.properties.get("hs_name")) for c in campaigns_api.list_campaigns(client, ["hs_name"])
    )


@pytest.mark.parametrize("retry_after", [None, 1.0])
def test_429_is_retried_with_and_without_retry_after(
    client: HubSpotClient, portal: SandboxControl, retry_after: float | None
) -> None:
    portal.set_faults(rate_limit_next=2, retry_after=retry_after)
    assert "Spring Launch 2026" in list_names(client)
    assert client.stats.rate_limited == 2
    statuses = [r.status for r in portal.requests()]
    assert statuses == [429, 429, 200]


@pytest.mark.parametrize("status", [502, 503])
def test_5xx_bursts_are_retried_then_succeed(
    client: HubSpotClient, portal: SandboxControl, status: int
) -> None:
    portal.set_faults(error_status=status, error_count=3, error_html=True)
    assert len(events_api.list_events(client)) == 5
    assert [r.status for r in portal.requests()] == [status] * 3 + [200]


def test_5xx_that_never_ends_fails_after_bounded_attempts(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    portal.set_faults(error_status=500, error_count=50)
    with pytest.raises(ServerError, match="500"):
        list_names(client)
    assert len(portal.requests()) == FAST.attempts


def test_a_slow_read_past_the_timeout_is_retried(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    portal.set_faults(slow_seconds=1.0, slow_count=1)
    with HubSpotClient(sandbox.base_url, "tok", retry=FAST, timeout=0.3) as c:
        assert len(events_api.list_events(c)) == 5
        assert c.stats.retries == 1
    # The abandoned slow request is logged when the sandbox finishes it: wait for it here, so
    # it cannot land in the next test's request log.
    deadline = time.monotonic() + 5
    while len(portal.requests()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)


def test_campaign_create_is_not_blindly_retried_on_5xx(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    portal.set_faults(error_status=502, error_count=1)
    with pytest.raises(ServerError):
        campaigns_api.batch_create(client, [{"hs_name": "Once only"}])
    assert [r.path for r in portal.requests()] == ["/marketing/campaigns/2026-09/batch/create"]


def test_daily_limit_fails_fast_with_a_clear_message(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    portal.set_faults(daily_limit=True)
    with pytest.raises(RateLimitError) as exc:
        list_names(client)
    assert exc.value.daily and "daily" in str(exc.value) and "midnight" in str(exc.value)
    assert len(portal.requests()) == 1


def test_other_4xx_are_not_retried_and_name_hubspots_message(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    with pytest.raises(HubSpotHTTPError) as exc:
        campaigns_api.batch_update(
            client, [("9dbec438-53e2-4b28-8c0f-38f56574a6e8", {"hs_owner": "1"})]
        )
    assert exc.value.status == 400 and "hs_owner" in str(exc.value)
    assert len(portal.requests()) == 1


def test_401_explains_the_token_and_never_shows_it(
    sandbox: RunningSandbox, portal: SandboxControl
) -> None:
    portal.set_faults(token="the-right-token")
    secret = "pat-na1-WRONG-SECRET-42"
    logged: list[str] = []
    with (
        HubSpotClient(sandbox.base_url, secret, retry=FAST, log=logged.append) as c,
        pytest.raises(AuthError) as exc,
    ):
        list_names(c)
    assert "401" in str(exc.value) and "HUBSPOT_ACCESS_TOKEN" in str(exc.value)
    assert secret not in str(exc.value) and not any(secret in line for line in logged)


def test_connection_error_names_the_base_url_without_credentials() -> None:
    with (
        HubSpotClient("http://user:pw@127.0.0.1:9", "tok", retry=FAST) as c,
        pytest.raises(HubSpotConnectionError) as exc,
    ):
        list_names(c)
    assert "127.0.0.1:9" in str(exc.value) and "pw" not in str(exc.value)
    assert redact_url("https://u:p@h.example:8443/x") == "https://***@h.example:8443/x"


def test_pacing_from_headers_avoids_429(sandbox: RunningSandbox, portal: SandboxControl) -> None:
    portal.set_faults(rate_limit=6, rate_window_ms=300)
    with HubSpotClient(sandbox.base_url, "tok", retry=FAST) as c:
        started = time.monotonic()
        for _ in range(20):
            campaigns_api.list_campaigns(c, ["hs_name"], limit=100)
        elapsed = time.monotonic() - started
        assert c.stats.rate_limited == 0
        assert c.pacer.seen_headers and c.rate_limit == (6, 300)
    assert all(r.status == 200 for r in portal.requests())
    assert elapsed >= 0.5  # 20 requests at 6 per 300 ms cannot take less than ~0.9 s


def test_pacer_waits_when_the_portals_remaining_budget_is_spent() -> None:
    slept: list[float] = []
    now = [0.0]
    pacer = RatePacer(
        limit=10, interval_s=1.0, reserve=1, slack=0.05, sleep=slept.append, clock=lambda: now[0]
    )
    for _ in range(9):
        pacer.acquire()
    assert slept == []
    pacer.acquire()  # the 10th would leave no reserve: wait for the first to leave the window
    assert slept == [pytest.approx(1.05)]  # the window, plus slack for the request's trip


def test_campaign_list_pages_with_requested_properties_only(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    portal.seed_bulk(campaigns=230)
    items = campaigns_api.list_campaigns(client, ["hs_name", "hs_notes"])
    assert len(items) == 237
    assert all(set(c.properties) <= {"hs_name", "hs_notes"} for c in items)
    reqs = portal.requests()
    assert len(reqs) == 3 and all(r.params["limit"] == ["100"] for r in reqs)
