"""The client over ``httpx.MockTransport``: one answer shape each, no network, no sleeps."""

from __future__ import annotations

import pytest

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.answers import MalformedAnswerError
from reconciler.hubspot.errors import AuthError, HubSpotHTTPError
from reconciler.hubspot.paths import api_paths
from tests.mockportal import CAMPAIGNS, EVENTS, MockPortal, answer


def test_requests_carry_the_token_and_the_chosen_api_versions_paths() -> None:
    v3 = api_paths("v3")
    portal = MockPortal({f"POST {v3.campaigns}/batch/archive": answer(204)})
    with portal.client("secret", paths=v3) as client:
        campaigns_api.batch_archive(client, ["g1"])
    (sent,) = portal.sent
    assert sent.headers["Authorization"] == "Bearer secret"
    assert sent.url.path == "/marketing/v3/campaigns/batch/archive"
    assert portal.bodies(f"POST {v3.campaigns}/batch/archive") == [{"inputs": [{"id": "g1"}]}]


def test_a_207_batch_answer_names_the_failed_ids_and_keeps_the_results() -> None:
    body = {
        "status": "COMPLETE",
        "results": [{"id": "g1", "properties": {"hs_notes": "x"}}],
        "errors": [{"status": "error", "message": "bad value", "context": {"ids": ["g2"]}}],
        "numErrors": 1,
    }
    portal = MockPortal({f"POST {CAMPAIGNS}/batch/update": answer(207, body)})
    with portal.client() as client:
        got = campaigns_api.batch_update(client, [("g1", {"hs_notes": "x"}), ("g2", {})])
    assert got.status_code == 207
    assert [r["id"] for r in got.results] == ["g1"]
    assert [(e.message, e.ids()) for e in got.errors] == [("bad value", ["g2"])]


def test_a_207_without_a_body_is_an_answer_that_says_nothing_more() -> None:
    portal = MockPortal({f"POST {EVENTS}/batch/archive": answer(207)})
    with portal.client() as client:
        got = events_api.batch_archive(client, ["1", "2"])
    assert (got.status_code, got.results, got.errors) == (207, [], [])


def test_a_404_on_get_by_object_id_means_there_is_no_such_event() -> None:
    with MockPortal({}).client() as client:
        assert events_api.get_event(client, "404") is None


def test_a_403_names_the_scope_the_token_lacks() -> None:
    portal = MockPortal({f"POST {CAMPAIGNS}/batch/create": answer(403, {"message": "no"})})
    with portal.client() as client, pytest.raises(AuthError, match=r"marketing\.campaigns\.write"):
        campaigns_api.batch_create(client, [{"hs_name": "A"}])


def test_a_400_is_an_error_naming_the_operation_and_hubspots_message() -> None:
    portal = MockPortal({f"POST {EVENTS}/batch/update": answer(400, {"message": "bad date"})})
    with portal.client() as client, pytest.raises(HubSpotHTTPError) as raised:
        events_api.batch_update(client, [{"objectId": "1"}])
    assert raised.value.status == 400
    assert str(raised.value) == f"POST {EVENTS}/batch/update: HubSpot answered 400: bad date"


def test_a_batch_answer_that_is_not_an_object_is_malformed_not_a_crash() -> None:
    portal = MockPortal({f"POST {CAMPAIGNS}/batch/update": answer(200, ["not", "a", "batch"])})
    with portal.client() as client, pytest.raises(MalformedAnswerError):
        campaigns_api.batch_update(client, [("g1", {"hs_notes": "x"})])


def test_the_pacer_believes_the_portals_rate_headers() -> None:
    headers = {
        "X-HubSpot-RateLimit-Max": "100",
        "X-HubSpot-RateLimit-Interval-Milliseconds": "1000",
    }
    portal = MockPortal({f"POST {CAMPAIGNS}/batch/archive": answer(204, **headers)})
    with portal.client() as client:
        assert client.rate_limit == (190, 10_000)
        campaigns_api.batch_archive(client, ["g1"])
        assert client.rate_limit == (100, 1000)
