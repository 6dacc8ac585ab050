"""Every API version the sandbox serves answers the same operations over one store, each
answer valid against that version's spec (the ``api`` fixture checks every response)."""

from __future__ import annotations

import httpx
import pytest

from reconciler.hubspot.paths import API_VERSIONS, api_paths
from reconciler.sandbox.control import SandboxControl

from .contract import SKIP_REASON, ContractChecker, spec_dir
from .helpers import SPRING

pytestmark = pytest.mark.skipif(spec_dir() is None, reason=SKIP_REASON)

EVENT = "100001"


def _tour(api: httpx.Client, version: str) -> list[int]:
    """One of each operation the tool uses, in the version's paths; returns the statuses."""
    p = api_paths(version)
    c, e = p.campaigns, p.events
    new = {"properties": {"hs_name": f"Versioned {version}", "hs_notes": "x"}}
    created = api.post(f"{c}/batch/create", json={"inputs": [new]})
    guid = created.json()["results"][0]["id"]
    event = {
        "externalAccountId": "acct-v",
        "externalEventId": f"ev-{version}",
        "eventName": "Versioned",
        "eventOrganizer": "Org",
        "customProperties": [{"name": "region", "value": "EMEA"}],
    }
    calls = [
        created,
        api.get(f"{p.account_info}/details"),
        api.get(f"{p.account_info}/api-usage/daily/private-apps"),
        api.get(c, params={"limit": 2, "properties": ["hs_name", "hs_notes"]}),
        api.get(f"{c}/{SPRING}", params={"properties": "hs_name"}),
        api.post(
            f"{c}/batch/read", params={"properties": "hs_name"}, json={"inputs": [{"id": guid}]}
        ),
        api.post(
            f"{c}/batch/update", json={"inputs": [{"id": guid, "properties": {"hs_notes": ""}}]}
        ),
        api.put(p.event_link(guid, EVENT)),
        api.get(f"{c}/{guid}/assets/MARKETING_EVENT"),
        api.delete(p.event_link(guid, EVENT)),
        api.post(f"{c}/batch/archive", json={"inputs": [{"id": guid}]}),
        api.get(p.events_list, params={"limit": 2}),
        api.get(f"{e}/{EVENT}"),
        api.post(f"{e}/events/upsert", json={"inputs": [event]}),
        api.get(f"{e}/ev-{version}/identifiers"),
        api.get(f"{e}/events/ev-{version}", params={"externalAccountId": "acct-v"}),
        api.post(
            f"{e}/batch/update",
            json={"inputs": [{"objectId": EVENT, "eventUrl": "", "customProperties": []}]},
        ),
    ]
    oid = calls[-2].json()["id"]
    calls.append(api.post(f"{e}/batch/archive", json={"inputs": [{"objectId": oid}]}))
    return [r.status_code for r in calls]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_version_serves_the_tools_operations_per_its_spec(
    api: httpx.Client, portal: SandboxControl, contract: ContractChecker, version: str
) -> None:
    before = contract.checked
    statuses = _tour(api, version)
    assert all(s < 300 for s in statuses), statuses
    assert contract.checked - before == len(statuses)  # each answer checked against a spec
    p = api_paths(version)
    assert all(
        r.path.startswith((p.campaigns, p.events, p.account_info)) for r in portal.requests()
    )


def test_the_versions_share_one_store(api: httpx.Client) -> None:
    names = set()
    for version in API_VERSIONS:
        page = api.get(api_paths(version).campaigns, params={"properties": "hs_name", "limit": 100})
        names.add(frozenset(r["properties"]["hs_name"] for r in page.json()["results"]))
    assert len(names) == 1


def _items_tour(api: httpx.Client, version: str) -> list[int]:
    """One of each budget, asset and event-list operation, in the version's paths."""
    p = api_paths(version)
    item = {"name": f"Item {version}", "amount": 12.5, "order": 0}
    created = api.post(p.budget_items(SPRING, "budget"), json=item)
    spend = api.post(p.budget_items(SPRING, "spend"), json=item)
    budget_id, spend_id = created.json()["id"], spend.json()["id"]
    return [
        r.status_code
        for r in (
            created,
            spend,
            api.get(p.budget_totals(SPRING)),
            api.get(p.budget_item(SPRING, "budget", budget_id)),
            api.put(p.budget_item(SPRING, "spend", spend_id), json={**item, "amount": 3}),
            api.delete(p.budget_item(SPRING, "budget", budget_id)),
            api.delete(p.budget_item(SPRING, "spend", spend_id)),
            api.put(p.asset(SPRING, "FORM", "form-1")),
            api.get(p.asset_list(SPRING, "FORM")),
            api.delete(p.asset(SPRING, "FORM", "form-1")),
            api.put(p.event_list(EVENT, "501")),
            api.get(p.event_lists(EVENT)),
            api.delete(p.event_list(EVENT, "501")),
        )
    ]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_version_serves_budget_asset_and_list_operations_per_its_spec(
    api: httpx.Client, contract: ContractChecker, version: str
) -> None:
    before = contract.checked
    statuses = _items_tour(api, version)
    assert statuses == [201, 201, 200, 200, 200, 204, 204, 204, 200, 204, 204, 200, 204]
    assert contract.checked - before == len(statuses)
