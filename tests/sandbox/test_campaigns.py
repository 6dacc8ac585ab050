"""Campaigns v3 as HubSpot behaves, over HTTP against the session sandbox."""

from __future__ import annotations

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl

from .helpers import (
    CAMPAIGNS,
    DEMO_CAMPAIGN_IDS,
    HOLIDAY,
    LEGACY,
    Q3_A,
    Q3_B,
    ROADSHOW,
    SPRING,
    SUMMER,
    all_campaigns,
    assert_error,
    campaign,
)

# ---- list -----------------------------------------------------------------------------------


def test_list_sorts_by_name_pages_with_cursor_and_full_link(api: httpx.Client) -> None:
    first = api.get(CAMPAIGNS, params={"limit": 3, "properties": "hs_name"}).json()
    assert first["total"] == 7
    names = [c["properties"]["hs_name"] for c in first["results"]]
    assert names == ["Holiday Promo 2025", "Legacy Newsletter", "Partner Roadshow"]
    nxt = first["paging"]["next"]
    assert nxt["link"].startswith(str(api.base_url).rstrip("/") + CAMPAIGNS + "?")
    assert f"after={nxt['after']}" in nxt["link"]
    second = api.get(nxt["link"]).json()
    assert [c["properties"]["hs_name"] for c in second["results"]] == [
        "Q3 Nurture",
        "Q3 Nurture",
        "Spring Launch 2026",
    ]
    assert {c["id"] for c in all_campaigns(api, limit=2)} == DEMO_CAMPAIGN_IDS
    last = api.get(CAMPAIGNS, params={"limit": 100}).json()
    assert "paging" not in last


def test_list_other_sorts(api: httpx.Client) -> None:
    down = api.get(CAMPAIGNS, params={"sort": "-hs_name", "properties": "hs_name"}).json()
    assert down["results"][0]["properties"]["hs_name"] == "Summer Webinar Series"
    by_created = api.get(CAMPAIGNS, params={"sort": "createdAt"}).json()
    assert [c["id"] for c in by_created["results"][:2]] == [SPRING, SUMMER]
    assert_error(api.get(CAMPAIGNS, params={"sort": "hs_notes"}), 400, "sort")


def test_properties_repeated_or_comma_separated_and_sparse(api: httpx.Client) -> None:
    repeated = api.get(
        CAMPAIGNS, params=[("properties", "hs_name"), ("properties", "hs_notes"), ("limit", "100")]
    ).json()
    comma = api.get(CAMPAIGNS, params={"properties": "hs_name, hs_notes", "limit": 100}).json()
    assert repeated["results"] == comma["results"]
    by_id = {c["id"]: c["properties"] for c in comma["results"]}
    assert by_id[SUMMER] == {"hs_name": "Summer Webinar Series"}  # no hs_notes: it is empty
    assert by_id[SPRING] == {
        "hs_name": "Spring Launch 2026",
        "hs_notes": "Draft copy - check with legal",
    }
    bare = api.get(CAMPAIGNS).json()
    assert all(c["properties"] == {} for c in bare["results"])


def test_undefined_property_names_on_read_are_forbidden(api: httpx.Client) -> None:
    """HubSpot's 400 "Forbidden properties" (a live field report; the v3 spec says ignored)."""
    response = api.get(
        f"{CAMPAIGNS}/{SPRING}", params={"properties": ["hs_name", "no_such_property"]}
    )
    body = assert_error(response, 400, "Forbidden properties", "no_such_property")
    assert body["context"] == {"propertyName": ["no_such_property"]}
    listed = api.get(CAMPAIGNS, params={"properties": "no_such_property"})
    assert_error(listed, 400, "no_such_property")


def test_defined_custom_properties_are_read_and_written(api: httpx.Client) -> None:
    """The demo portal defines cost_center; reads and writes accept it like HubSpot's own."""
    update = {"inputs": [{"id": SPRING, "properties": {"cost_center": "CC-7"}}]}
    assert api.post(f"{CAMPAIGNS}/batch/update", json=update).status_code == 200
    got = campaign(api, SPRING, "hs_name", "cost_center", "hs_color_hex")
    assert got["properties"] == {
        "hs_name": "Spring Launch 2026",
        "hs_color_hex": "#ff7a59",
        "cost_center": "CC-7",
    }


def test_values_are_strings_on_the_wire(api: httpx.Client) -> None:
    got = campaign(api, SPRING, "hs_object_id", "hs_owner", "hs_start_date")
    assert got["properties"]["hs_owner"] == "73461"
    assert got["properties"]["hs_object_id"].isdigit()
    assert all(isinstance(v, str) for v in got["properties"].values())
    assert got["createdAt"].endswith("Z") and "." in got["createdAt"]


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-1"])
def test_list_limit_out_of_range_is_400(api: httpx.Client, limit: str) -> None:
    assert_error(api.get(CAMPAIGNS, params={"limit": limit}), 400, "limit")


def test_bad_cursor_is_400(api: httpx.Client) -> None:
    assert_error(api.get(CAMPAIGNS, params={"after": "garbage!"}), 400, "cursor")


def test_name_filter(api: httpx.Client) -> None:
    body = api.get(CAMPAIGNS, params={"name": "nurture"}).json()
    assert body["total"] == 2
    assert {c["id"] for c in body["results"]} == {Q3_A, Q3_B}


# ---- one campaign ---------------------------------------------------------------------------


def test_get_one_has_assets_and_unknown_is_404(api: httpx.Client) -> None:
    got = campaign(api, ROADSHOW, "hs_utm")
    assert got["assets"] == {}
    assert got["properties"] == {"hs_utm": "partner-roadshow"}
    assert_error(api.get(f"{CAMPAIGNS}/no-such-guid"), 404, "no-such-guid")


def test_patch_resets_with_empty_string_and_404s_unknown(api: httpx.Client) -> None:
    response = api.patch(
        f"{CAMPAIGNS}/{SPRING}", json={"properties": {"hs_notes": "", "hs_audience": "Everyone"}}
    )
    assert response.status_code == 200
    assert response.json()["properties"] == {"hs_audience": "Everyone"}
    assert campaign(api, SPRING, "hs_notes", "hs_audience")["properties"] == {
        "hs_audience": "Everyone"
    }
    assert_error(api.patch(f"{CAMPAIGNS}/nope", json={"properties": {}}), 404)


def test_create_one_gives_201_and_location(api: httpx.Client) -> None:
    response = api.post(CAMPAIGNS, json={"properties": {"hs_name": "Solo"}})
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"{CAMPAIGNS}/{response.json()['id']}")


def test_delete_is_always_204(api: httpx.Client) -> None:
    assert api.delete(f"{CAMPAIGNS}/{LEGACY}").status_code == 204
    assert api.delete(f"{CAMPAIGNS}/{LEGACY}").status_code == 204
    assert api.get(f"{CAMPAIGNS}/{LEGACY}").status_code == 404


# ---- batch ----------------------------------------------------------------------------------


def test_batch_create_is_201_in_another_order(api: httpx.Client) -> None:
    names = [f"New {i}" for i in range(5)]
    response = api.post(
        f"{CAMPAIGNS}/batch/create",
        json={"inputs": [{"properties": {"hs_name": n, "hs_notes": ""}} for n in names]},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "COMPLETE"
    got = [r["properties"]["hs_name"] for r in body["results"]]
    assert sorted(got) == names and got != names
    assert all("hs_notes" not in r["properties"] for r in body["results"])


def test_batch_create_needs_a_name(api: httpx.Client) -> None:
    response = api.post(f"{CAMPAIGNS}/batch/create", json={"inputs": [{"properties": {}}]})
    assert_error(response, 400, "hs_name")


@pytest.mark.parametrize("op", ["create", "read", "update", "archive"])
def test_batches_over_50_are_400(api: httpx.Client, op: str) -> None:
    item = {"properties": {"hs_name": "x"}} if op == "create" else {"id": SPRING, "properties": {}}
    response = api.post(f"{CAMPAIGNS}/batch/{op}", json={"inputs": [item] * 51})
    assert_error(response, 400, "50")


def test_batch_read_embeds_assets_and_207s_unknown_ids(api: httpx.Client) -> None:
    ok = api.post(
        f"{CAMPAIGNS}/batch/read",
        params={"properties": "hs_name"},
        json={"inputs": [{"id": SPRING}, {"id": SUMMER}, {"id": SPRING}]},
    )
    assert ok.status_code == 200
    results = ok.json()["results"]
    assert sorted(r["id"] for r in results) == sorted([SPRING, SUMMER])  # duplicates dropped
    assert all(r["assets"] == {} for r in results)
    partial = api.post(
        f"{CAMPAIGNS}/batch/read", json={"inputs": [{"id": SPRING}, {"id": "missing-guid"}]}
    )
    assert partial.status_code == 207
    body = partial.json()
    assert body["numErrors"] == 1
    assert body["errors"][0]["context"] == {"ids": ["missing-guid"]}
    assert [r["id"] for r in body["results"]] == [SPRING]


def test_batch_update_resets_and_applies_the_rest_on_207(api: httpx.Client) -> None:
    response = api.post(
        f"{CAMPAIGNS}/batch/update",
        json={
            "inputs": [
                {"id": SPRING, "properties": {"hs_notes": "", "hs_end_date": "2026-05-01"}},
                {"id": "missing-guid", "properties": {"hs_notes": "x"}},
                {"id": HOLIDAY, "properties": {"hs_campaign_status": "active"}},
            ]
        },
    )
    assert response.status_code == 207
    body = response.json()
    assert body["numErrors"] == 1
    assert "missing-guid" in body["errors"][0]["message"]
    assert {r["id"] for r in body["results"]} == {SPRING, HOLIDAY}
    assert campaign(api, SPRING, "hs_notes", "hs_end_date")["properties"] == {
        "hs_end_date": "2026-05-01"
    }
    assert campaign(api, HOLIDAY, "hs_campaign_status")["properties"] == {
        "hs_campaign_status": "active"
    }
    full = api.post(
        f"{CAMPAIGNS}/batch/update",
        json={"inputs": [{"id": SUMMER, "properties": {"hs_utm": "s"}}]},
    )
    assert full.status_code == 200 and "errors" not in full.json()


@pytest.mark.parametrize(
    "props, needles",
    [
        ({"hs_owner": "1", "hs_color_hex": "#fff"}, ["hs_color_hex", "hs_owner", "read-only"]),
        ({"hs_object_id": "5"}, ["hs_object_id"]),
        ({"hs_goal": "x"}, ["hs_goal"]),
        ({"my_custom": "1"}, ["my_custom", "do not exist"]),
    ],
)
def test_read_only_or_unknown_properties_on_write_are_400_naming_them(
    api: httpx.Client, props: dict[str, str], needles: list[str]
) -> None:
    response = api.post(
        f"{CAMPAIGNS}/batch/update", json={"inputs": [{"id": SPRING, "properties": props}]}
    )
    body = assert_error(response, 400, *needles)
    assert sorted(body["context"]["propertyName"]) == sorted(props)
    assert_error(api.patch(f"{CAMPAIGNS}/{SPRING}", json={"properties": props}), 400, *needles)


@pytest.mark.parametrize("value", ["2026-03-01T00:00:00Z", "03/01/2026", "2026-02-30", "tomorrow"])
def test_dates_must_be_yyyy_mm_dd(api: httpx.Client, value: str) -> None:
    response = api.post(
        f"{CAMPAIGNS}/batch/update",
        json={"inputs": [{"id": SPRING, "properties": {"hs_start_date": value}}]},
    )
    body = assert_error(response, 400, "hs_start_date")
    assert body["subCategory"] == "CampaignValidationError.INVALID_DATE_PROPERTY"


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"inputs": {}}',
        b'{"inputs": [1]}',
        b'{"inputs": [{"id": 5, "properties": {}}]}',
        b'{"inputs": [{"id": "x", "properties": {"hs_notes": 5}}]}',
        b'{"inputs": [{"id": "x", "properties": []}]}',
        b'{"inputs": [{"id": "x"}]}',
    ],
)
def test_malformed_requests_get_a_400_error_body(api: httpx.Client, payload: bytes) -> None:
    response = api.post(
        f"{CAMPAIGNS}/batch/update", content=payload, headers={"content-type": "application/json"}
    )
    assert_error(response, 400)


def test_archive_is_always_204(api: httpx.Client) -> None:
    response = api.post(
        f"{CAMPAIGNS}/batch/archive", json={"inputs": [{"id": HOLIDAY}, {"id": "never-existed"}]}
    )
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{CAMPAIGNS}/{HOLIDAY}").status_code == 404


def test_request_log_records_writes_exactly(api: httpx.Client, portal: SandboxControl) -> None:
    payload = {"inputs": [{"id": SPRING, "properties": {"hs_notes": ""}}]}
    api.post(f"{CAMPAIGNS}/batch/update", json=payload)
    api.get(CAMPAIGNS, params=[("properties", "hs_name"), ("properties", "hs_notes")])
    log = portal.requests()
    assert [(r.method, r.path, r.status) for r in log] == [
        ("POST", f"{CAMPAIGNS}/batch/update", 200),
        ("GET", CAMPAIGNS, 200),
    ]
    assert log[0].body == payload and log[0].body_size > 0 and log[0].is_write
    assert log[1].body is None and log[1].params == {"properties": ["hs_name", "hs_notes"]}
