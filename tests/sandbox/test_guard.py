"""The sandbox's guard: with ``--token`` every route (control API included) needs it, and web
pages (another Origin, a non-JSON control write) are refused whatever the token."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox, start_sandbox

from .helpers import CAMPAIGNS, SPRING, assert_error

TOKEN = "ci-shared-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONTROL_CALLS = [
    ("POST", "/_sandbox/reset", {"seed": "empty"}),
    ("POST", "/_sandbox/seed", {"campaigns": 1}),
    ("GET", "/_sandbox/faults", None),
    ("PUT", "/_sandbox/faults", {"token": None}),
    ("DELETE", "/_sandbox/faults", None),
    ("GET", "/_sandbox/requests", None),
    ("DELETE", "/_sandbox/requests", None),
    ("GET", "/_sandbox/event-properties", None),
    ("POST", "/_sandbox/event-properties", {"names": ["x"]}),
    ("GET", "/_sandbox/campaign-properties", None),
    ("POST", "/_sandbox/campaign-properties", {"names": ["x"]}),
    ("GET", "/_sandbox/stats", None),
]


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    db = tmp_path_factory.mktemp("guarded") / "sandbox.db"
    with start_sandbox(db, token=TOKEN, rate_limit=None) as running:
        yield running


@pytest.fixture
def http(guarded: RunningSandbox) -> Iterator[httpx.Client]:
    with SandboxControl(guarded.base_url, token=TOKEN) as control:
        control.reset("demo")
        control.clear_faults()
    with httpx.Client(base_url=guarded.base_url, timeout=10) as client:
        yield client


def _campaign_total(http: httpx.Client) -> int:
    total: int = http.get(CAMPAIGNS, headers=AUTH).json()["total"]
    return total


@pytest.mark.parametrize(("method", "path", "body"), CONTROL_CALLS)
def test_every_control_route_needs_the_token(
    http: httpx.Client, method: str, path: str, body: object
) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        refused = http.request(method, path, json=body, headers=headers)
        assert_error(refused, 401)
        assert TOKEN not in refused.text
    assert _campaign_total(http) == 7  # nothing was reset or seeded
    allowed = http.request(method, path, json=body, headers=AUTH)
    assert allowed.status_code == 200, allowed.text


def test_the_token_cannot_be_switched_off_without_it(http: httpx.Client) -> None:
    assert_error(http.put("/_sandbox/faults", json={"token": None}), 401)
    assert_error(http.put("/_sandbox/faults", json={"token": "mine"}), 401)
    assert_error(http.get(CAMPAIGNS), 401)  # still required
    assert http.get(CAMPAIGNS, headers=AUTH).status_code == 200


def test_the_request_log_is_not_shown_without_the_token(http: httpx.Client) -> None:
    secret_note = "do-not-leak-this-note"
    written = http.post(
        f"{CAMPAIGNS}/batch/update",
        json={"inputs": [{"id": SPRING, "properties": {"hs_notes": secret_note}}]},
        headers=AUTH,
    )
    assert written.status_code == 200
    assert secret_note not in http.get("/_sandbox/requests").text
    assert secret_note in http.get("/_sandbox/requests", headers=AUTH).text


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_control_write_must_be_json(http: httpx.Client, content_type: str | None) -> None:
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    refused = http.post("/_sandbox/reset", content=b'{"seed": "empty"}', headers=headers)
    assert_error(refused, 415, "application/json")
    assert _campaign_total(http) == 7


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://127.0.0.1:1", "https://localhost"]
)
def test_a_web_page_cannot_reach_the_sandbox(
    sandbox: RunningSandbox, portal: SandboxControl, origin: str
) -> None:
    """A page's cross-origin "simple" POST (text/plain, no preflight), on an open sandbox."""
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as page:
        simple = {"Origin": origin, "Content-Type": "text/plain"}
        assert_error(page.post("/_sandbox/reset", content=b"{}", headers=simple), 403)
        archive = b'{"inputs": [{"id": "%s"}]}' % SPRING.encode()
        refused = page.post(f"{CAMPAIGNS}/batch/archive", content=archive, headers=simple)
        assert_error(refused, 403, "Cross-origin")
        assert_error(page.get("/_sandbox/requests", headers={"Origin": origin}), 403)
        assert page.get(CAMPAIGNS).json()["total"] == 7  # nothing was archived or reset
        same = {"Origin": sandbox.base_url}
        assert page.get(CAMPAIGNS, headers=same).status_code == 200


def test_the_control_client_carries_the_token_through_changes(guarded: RunningSandbox) -> None:
    with SandboxControl(guarded.base_url, token=TOKEN) as control:
        assert control.set_faults(token="rotated")["token"] == "***"
        assert control.stats()["campaigns"] == 7  # now sent with the new token
        with httpx.Client(base_url=guarded.base_url) as api:
            assert_error(api.get(CAMPAIGNS, headers=AUTH), 401)
            rotated = {"Authorization": "Bearer rotated"}
            assert api.get(CAMPAIGNS, headers=rotated).status_code == 200
        control.clear_faults()  # back to the start token, and the client with it
        assert control.reset("demo")["campaigns"] == 7
