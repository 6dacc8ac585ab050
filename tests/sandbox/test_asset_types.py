"""Campaign assets of every type the Campaigns API associates (not only MARKETING_EVENT): each
is linked, listed with paging, embedded by get-one and batch/read (50 per type, then a cursor
into the list), refused when unknown, and removed with its campaign."""

from __future__ import annotations

import httpx
import pytest

from reconciler.hubspot.assets import ASSET_TYPES
from reconciler.sandbox.control import SandboxControl

from .helpers import CAMPAIGNS, SPRING, SUMMER, assert_error, campaign
from .test_assets import ids_of, link, link_url, listed

OTHER_TYPES = [t for t in ASSET_TYPES if t != "MARKETING_EVENT"]


def test_the_26_types_of_hubspots_reference() -> None:
    assert len(ASSET_TYPES) == len(set(ASSET_TYPES)) == 26
    assert {"FORM", "LANDING_PAGE", "MARKETING_EMAIL", "OBJECT_LIST", "MARKETING_EVENT"} <= set(
        ASSET_TYPES
    )


def test_every_type_links_lists_embeds_and_unlinks(api: httpx.Client) -> None:
    for asset_type in OTHER_TYPES:
        link(api, SPRING, "7001", asset_type)
    assets = campaign(api, SPRING)["assets"]
    assert sorted(assets) == OTHER_TYPES
    for asset_type in OTHER_TYPES:
        assert ids_of(assets[asset_type]) == ["7001"]
        assert listed(api, SPRING, asset_type)["results"] == [{"id": "7001"}]
        assert api.delete(link_url(SPRING, "7001", asset_type)).status_code == 204
    assert campaign(api, SPRING)["assets"] == {}


@pytest.mark.parametrize("bad", ["FOO", "form", "MARKETING-EMAIL", "CAMPAIGN"])
def test_unknown_type_is_refused_naming_the_valid_ones(api: httpx.Client, bad: str) -> None:
    for response in (
        api.put(link_url(SPRING, "1", bad)),
        api.delete(link_url(SPRING, "1", bad)),
        api.get(f"{CAMPAIGNS}/{SPRING}/assets/{bad}"),
    ):
        body = assert_error(response, 400, "asset type", repr(bad), "FORM", "SOCIAL_BROADCAST")
        assert body["category"] == "VALIDATION_ERROR"
        assert body["context"] == {"assetType": [bad]}
    assert campaign(api, SPRING)["assets"] == {}


def test_60_forms_embed_50_then_page_from_the_cursor(api: httpx.Client) -> None:
    form_ids = sorted(f"f{n:03d}" for n in range(60))
    for form_id in form_ids:
        link(api, SPRING, form_id, "FORM")
    link(api, SPRING, "lp-1", "LANDING_PAGE")
    read = api.post(f"{CAMPAIGNS}/batch/read", json={"inputs": [{"id": SPRING}]})
    assert read.status_code == 200
    assets = read.json()["results"][0]["assets"]
    assert ids_of(assets["FORM"]) == form_ids[:50]
    assert ids_of(assets["LANDING_PAGE"]) == ["lp-1"] and "paging" not in assets["LANDING_PAGE"]
    rest = listed(api, SPRING, "FORM", limit=100, after=assets["FORM"]["paging"]["next"]["after"])
    assert ids_of(rest) == form_ids[50:]
    assert "paging" not in rest


def test_deleting_a_campaign_removes_assets_of_every_type(
    api: httpx.Client, portal: SandboxControl
) -> None:
    for asset_type in ("FORM", "OBJECT_LIST", "MARKETING_EMAIL"):
        link(api, SPRING, "42", asset_type)
        link(api, SUMMER, "42", asset_type)
    assert portal.stats()["asset_links"] == 6
    assert api.delete(f"{CAMPAIGNS}/{SPRING}").status_code == 204
    assert portal.stats()["asset_links"] == 3
    assert_error(api.get(f"{CAMPAIGNS}/{SPRING}/assets/FORM"), 404, SPRING)
