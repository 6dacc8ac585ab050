"""The client functions for budget and spend items, campaign assets of every type and event
lists, end to end against the session sandbox over HTTP, in every API version: what they
return, and how many requests they cost (the plan's request counts rest on these)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from reconciler.hubspot import assets, budget, campaigns, lists
from reconciler.hubspot.assets import ASSET_TYPES
from reconciler.hubspot.budget import BudgetItemInput
from reconciler.hubspot.client import HubSpotClient, RetryPolicy
from reconciler.hubspot.errors import HubSpotHTTPError
from reconciler.hubspot.paths import API_VERSIONS, api_paths
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
SUMMER = "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"
EVENT = "100001"


@pytest.fixture(params=API_VERSIONS)
def client(
    request: pytest.FixtureRequest, sandbox: RunningSandbox, portal: SandboxControl
) -> Iterator[HubSpotClient]:
    policy = RetryPolicy(attempts=3, timeout=30, wait_scale=0.001)
    paths = api_paths(request.param)
    with HubSpotClient(sandbox.base_url, "tok", retry=policy, paths=paths) as hubspot:
        yield hubspot


def sent(portal: SandboxControl) -> list[str]:
    return [f"{r.method} {r.path}" for r in portal.requests()]


def test_budget_items_round_trip_as_decimals(client: HubSpotClient, portal: SandboxControl) -> None:
    banners = BudgetItemInput(name="Banners", amount=Decimal("1500.50"), order=1)
    ads = BudgetItemInput(name="Ads", amount=Decimal("0.1"), order=0, description="Search")
    made = budget.create_item(client, SUMMER, "budget", banners)
    assert (made.name, made.amount, made.order) == ("Banners", Decimal("1500.5"), 1)
    budget.create_item(client, SUMMER, "budget", ads)
    spent = budget.create_item(
        client, SUMMER, "spend", BudgetItemInput(name="Ads", amount=2, order=0)
    )
    portal.clear_requests()
    totals = budget.read_totals(client, SUMMER)
    assert sent(portal) == [f"GET {client.paths.budget_totals(SUMMER)}"]  # one read
    assert [i.name for i in totals.items("budget")] == ["Ads", "Banners"]  # by order
    assert totals.items("budget")[0].description == "Search"
    assert totals.budgetTotal == Decimal("1500.6")
    assert totals.spendTotal == Decimal(2) and totals.remainingBudget == Decimal("1498.6")
    assert totals.currencyCode == "USD"
    replaced = budget.update_item(client, SUMMER, "spend", spent.id, banners)
    assert (replaced.id, replaced.amount, replaced.description) == (
        spent.id,
        Decimal("1500.5"),
        None,
    )
    assert budget.delete_item(client, SUMMER, "budget", made.id) is True
    assert budget.delete_item(client, SUMMER, "budget", made.id) is False  # already gone
    after = budget.read_totals(client, SUMMER)
    assert [i.name for i in after.items("budget")] == ["Ads"]
    assert [i.amount for i in after.items("spend")] == [Decimal("1500.5")]


def test_a_failed_create_is_not_sent_twice(client: HubSpotClient, portal: SandboxControl) -> None:
    portal.set_faults(error_count=1, error_status=503)
    item = BudgetItemInput(name="Once", amount=Decimal(1), order=0)
    with pytest.raises(HubSpotHTTPError):
        budget.create_item(client, SPRING, "budget", item)
    assert len(portal.requests()) == 1


def test_assets_of_one_type_page_and_complete_an_embed(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    form_ids = sorted(f"form-{n:03d}" for n in range(120))
    for form_id in form_ids:
        assets.link_asset(client, SPRING, "FORM", form_id)
    portal.clear_requests()
    assert [a.id for a in assets.list_assets(client, SPRING, "FORM")] == form_ids
    assert len(portal.requests()) == 2  # 100 + 20
    embedded = campaigns.batch_read(client, [SPRING], []).results[0].assets
    assert embedded is not None and len(embedded["FORM"].results) == 50
    portal.clear_requests()
    whole = assets.complete(client, SPRING, "FORM", embedded["FORM"])
    assert [a.id for a in whole] == form_ids
    assert len(portal.requests()) == 1  # only what the embed left out
    assets.unlink_asset(client, SPRING, "FORM", form_ids[0])
    assets.unlink_asset(client, SPRING, "FORM", form_ids[0])  # idempotent
    assert len(assets.list_assets(client, SPRING, "FORM")) == 119


def test_unknown_asset_type_is_caught_before_sending_and_refused_by_hubspot(
    client: HubSpotClient,
) -> None:
    problem = assets.asset_type_problem("EBOOK")
    assert problem is not None and "EBOOK" in problem and "LANDING_PAGE" in problem
    assert all(assets.asset_type_problem(t) is None for t in ASSET_TYPES)
    with pytest.raises(HubSpotHTTPError) as refused:
        assets.link_asset(client, SPRING, "EBOOK", "1")
    assert refused.value.status == 400
    assert "asset type" in str(refused.value) and "OBJECT_LIST" in str(refused.value)


def test_event_lists_associate_read_and_disassociate(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    lists.associate_list(client, EVENT, "502")
    lists.associate_list(client, EVENT, "501")
    portal.clear_requests()
    found = lists.event_lists(client, EVENT)
    assert [(x.listId, x.name) for x in found] == [
        ("501", "Webinar registrants"),
        ("502", "Roadshow invitees"),
    ]
    assert len(portal.requests()) == 1
    lists.disassociate_list(client, EVENT, "501")
    assert [x.listId for x in lists.event_lists(client, EVENT)] == ["502"]
    with pytest.raises(HubSpotHTTPError) as refused:
        lists.associate_list(client, EVENT, "404404")
    assert refused.value.status == 404


def test_archiving_a_campaign_removes_its_items_and_assets(
    client: HubSpotClient, portal: SandboxControl
) -> None:
    item = BudgetItemInput(name="Print", amount=Decimal(10), order=0)
    budget.create_item(client, SPRING, "budget", item)
    budget.create_item(client, SPRING, "spend", item)
    assets.link_asset(client, SPRING, "LANDING_PAGE", "lp-1")
    assets.link_asset(client, SPRING, "MARKETING_EVENT", EVENT)
    stats = portal.stats()
    assert (stats["budget_items"], stats["asset_links"]) == (2, 2)
    campaigns.batch_archive(client, [SPRING])
    stats = portal.stats()
    assert (stats["budget_items"], stats["asset_links"]) == (0, 0)
    with pytest.raises(HubSpotHTTPError) as gone:
        budget.read_totals(client, SPRING)
    assert gone.value.status == 404
