"""Batching: the plan's cost names the requests apply sends, under the client's API version."""

from __future__ import annotations

from pydantic import TypeAdapter

from reconciler.hubspot.batching import batch_limit, estimate_writes, priced
from reconciler.hubspot.paths import api_paths
from reconciler.kinds import CAMPAIGN, CAMPAIGN_EVENT_LINK, MARKETING_EVENT
from reconciler.plan import Change, Cost, Plan, Summary, Target

TARGET = Target(kind="hubspot", base_url="https://api.hubapi.com")


ENDS = {"campaign": "c", "marketingEvent": "e"}


def changes(kind: str, action: str, n: int) -> list[Change]:
    link = {"link": ENDS} if kind == CAMPAIGN_EVENT_LINK else {}
    return [
        TypeAdapter(Change).validate_python(
            {"kind": kind, "key": f"{kind}{i}", "id": None, "action": action, **link}
        )
        for i in range(n)
    ]


def test_each_kind_is_chunked_to_its_own_limit() -> None:
    assert batch_limit(CAMPAIGN, 7) == 50
    assert batch_limit(MARKETING_EVENT, 7) == 7
    assert batch_limit(CAMPAIGN_EVENT_LINK, 7) == 1
    writes = estimate_writes(
        [
            *changes(MARKETING_EVENT, "update", 15),
            *changes(CAMPAIGN, "create", 51),
            *changes(CAMPAIGN_EVENT_LINK, "delete", 2),
        ],
        event_batch_size=7,
    )
    assert [(w.endpoint.split()[0], w.requests, w.objects) for w in writes] == [
        ("POST", 2, 51),
        ("POST", 3, 15),
        ("DELETE", 2, 2),
    ]


def test_a_plan_is_priced_with_the_clients_api_version_and_keeps_its_read_cost() -> None:
    plan = Plan(
        target=TARGET,
        summary=Summary(create=3),
        changes=changes(CAMPAIGN, "create", 3),
        requests=Cost(reads=4, identity_lookups=1, rate_limit=100, rate_interval_ms=1000),
    )
    out = priced(plan, 100, api_paths("v3"))
    assert [(w.endpoint, w.requests) for w in out.requests.writes] == [
        ("POST /marketing/v3/campaigns/batch/create", 1)
    ]
    assert (out.requests.reads, out.requests.identity_lookups) == (4, 1)
    assert (out.requests.rate_limit, out.requests.rate_interval_ms) == (100, 1000)
    assert out.changes == plan.changes and plan.requests.writes == []
