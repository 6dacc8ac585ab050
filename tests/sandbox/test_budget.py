"""Campaign budget and spend items as HubSpot's Campaigns spec describes them, over HTTP
against the session sandbox; every response is checked against the spec by the ``api`` client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl

from .helpers import CAMPAIGNS, SPRING, SUMMER, assert_error

BANNERS = {"name": "Banners", "amount": 1500.5, "order": 0, "description": "Print run"}
ADS = {"name": "Search ads", "amount": 2500, "order": 1}


def add(api: httpx.Client, cid: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"{CAMPAIGNS}/{cid}/{kind}", json=body)
    assert response.status_code == 201, response.text
    item: dict[str, Any] = response.json()
    return item


def totals(api: httpx.Client, cid: str) -> dict[str, Any]:
    response = api.get(f"{CAMPAIGNS}/{cid}/budget/totals")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_created_items_come_back_in_totals_with_sums_and_currency(api: httpx.Client) -> None:
    assert totals(api, SUMMER) == {
        "budgetItems": [],
        "spendItems": [],
        "budgetTotal": 0.0,
        "spendTotal": 0.0,
        "remainingBudget": 0.0,
        "currencyCode": "USD",  # the demo campaign's hs_currency_code
    }
    banners = add(api, SUMMER, "budget", BANNERS)
    assert banners["name"] == "Banners" and banners["amount"] == 1500.5
    assert banners["order"] == 0 and banners["description"] == "Print run"
    assert banners["id"].isdigit() and banners["createdAt"] == banners["updatedAt"]
    ads = add(api, SUMMER, "budget", ADS)
    assert "description" not in ads
    spent = add(api, SUMMER, "spend", {"name": "Print", "amount": 0.1, "order": 0})
    add(api, SUMMER, "spend", {"name": "Clicks", "amount": 0.2, "order": 1})
    body = totals(api, SUMMER)
    assert {i["id"] for i in body["budgetItems"]} == {banners["id"], ads["id"]}
    assert spent["id"] in {i["id"] for i in body["spendItems"]}
    assert body["budgetTotal"] == 4000.5
    assert body["spendTotal"] == 0.3  # summed as decimals: not 0.30000000000000004
    assert body["remainingBudget"] == 4000.2


def test_campaign_without_a_currency_reports_the_portals(api: httpx.Client) -> None:
    assert totals(api, SPRING)["currencyCode"] == "EUR"


def test_get_put_delete_one_item(api: httpx.Client) -> None:
    item = add(api, SPRING, "budget", BANNERS)
    url = f"{CAMPAIGNS}/{SPRING}/budget/{item['id']}"
    assert api.get(url).json() == item
    replaced = api.put(url, json={"name": "Posters", "amount": 900, "order": 2})
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert (body["id"], body["name"], body["amount"], body["order"]) == (
        item["id"],
        "Posters",
        900.0,
        2,
    )
    assert "description" not in body  # a PUT replaces: the description it omits is gone
    assert api.get(url).json() == body
    deleted = api.delete(url)
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(api.get(url), 404, item["id"])
    assert_error(api.delete(url), 404, item["id"])
    assert totals(api, SPRING)["budgetItems"] == []


def test_an_item_belongs_to_its_campaign_and_its_list(api: httpx.Client) -> None:
    item = add(api, SPRING, "budget", BANNERS)
    for url in (
        f"{CAMPAIGNS}/{SUMMER}/budget/{item['id']}",  # another campaign
        f"{CAMPAIGNS}/{SPRING}/spend/{item['id']}",  # the other list
        f"{CAMPAIGNS}/{SPRING}/budget/12",
        f"{CAMPAIGNS}/{SPRING}/budget/not-a-number",
    ):
        body = assert_error(api.get(url), 404)
        assert body["category"] == "OBJECT_NOT_FOUND"
        assert_error(api.put(url, json=ADS), 404)
        assert_error(api.delete(url), 404)


def test_unknown_campaign_is_404_everywhere(api: httpx.Client) -> None:
    for response in (
        api.get(f"{CAMPAIGNS}/no-such-guid/budget/totals"),
        api.post(f"{CAMPAIGNS}/no-such-guid/budget", json=ADS),
        api.post(f"{CAMPAIGNS}/no-such-guid/spend", json=ADS),
        api.get(f"{CAMPAIGNS}/no-such-guid/spend/30000001"),
    ):
        assert_error(response, 404, "no-such-guid")


@pytest.mark.parametrize(
    "body, needle",
    [
        ({"amount": 1, "order": 0}, "name"),
        ({"name": "", "amount": 1, "order": 0}, "name"),
        ({"name": "x", "order": 0}, "amount"),
        ({"name": "x", "amount": "12", "order": 0}, "amount"),
        ({"name": "x", "amount": True, "order": 0}, "amount"),
        ({"name": "x", "amount": -1, "order": 0}, "amount"),
        ({"name": "x", "amount": 1e300, "order": 0}, "amount"),
        ({"name": "x", "amount": 1}, "order"),
        ({"name": "x", "amount": 1, "order": 1.5}, "order"),
        ({"name": "x", "amount": 1, "order": -1}, "order"),
        ({"name": "x", "amount": 1, "order": 0, "description": 7}, "description"),
    ],
)
def test_bad_inputs_are_400_naming_the_field(
    api: httpx.Client, body: dict[str, Any], needle: str
) -> None:
    assert_error(api.post(f"{CAMPAIGNS}/{SPRING}/budget", json=body), 400, needle)
    item = add(api, SPRING, "spend", ADS)
    assert_error(api.put(f"{CAMPAIGNS}/{SPRING}/spend/{item['id']}", json=body), 400, needle)


def test_deleting_campaigns_removes_their_items(api: httpx.Client, portal: SandboxControl) -> None:
    for cid in (SPRING, SUMMER):
        add(api, cid, "budget", BANNERS)
        add(api, cid, "spend", ADS)
    assert portal.stats()["budget_items"] == 4
    assert api.delete(f"{CAMPAIGNS}/{SPRING}").status_code == 204
    assert portal.stats()["budget_items"] == 2
    archive = api.post(f"{CAMPAIGNS}/batch/archive", json={"inputs": [{"id": SUMMER}]})
    assert archive.status_code == 204
    assert portal.stats()["budget_items"] == 0
    assert_error(api.get(f"{CAMPAIGNS}/{SUMMER}/budget/totals"), 404, SUMMER)


def test_reset_forgets_items(api: httpx.Client, portal: SandboxControl) -> None:
    add(api, SPRING, "budget", BANNERS)
    portal.reset("demo")
    assert portal.stats()["budget_items"] == 0
    assert totals(api, SPRING)["budgetItems"] == []
