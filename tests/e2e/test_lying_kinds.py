"""Lying or odd answers from the budget, asset and event-list endpoints: one message naming the
endpoint, exit 1, no traceback, and nothing written on the strength of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

PATHS = api_paths()
CAMPAIGNS = PATHS.campaigns
SUMMER = "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"
ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"
TOTALS = f"{CAMPAIGNS}/{SUMMER}/budget/totals"
ITEM = {"id": "7", "name": "Webinar platform", "amount": 1200, "order": 1}
ITEM_TIMES = {"createdAt": 1, "updatedAt": 1}


def totals(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "budgetItems": [{**ITEM, **ITEM_TIMES}],
        "spendItems": [],
        "budgetTotal": 1200,
        "spendTotal": 0,
        "currencyCode": "USD",
    }
    return {k: v for k, v in {**body, **changes}.items() if v is not None}


def budget_writes(portal: SandboxControl) -> list[str]:
    return [r.path for r in portal.requests() if r.is_write and "/budget" in r.path]


TOTALS_LIES = [
    ("budgetItems missing", totals(budgetItems=None), "budgetItems: field required"),
    ("spendItems missing", totals(spendItems=None), "spendItems: field required"),
    ("amount not a number", totals(budgetItems=[{**ITEM, "amount": "lots"}]), "amount"),
    ("amount beyond a double", totals(budgetItems=[{**ITEM, "amount": "1e999999999"}]), "amount"),
    ("total beyond a double", totals(budgetTotal="1e999999999"), "budgetTotal"),
    ("total NaN", totals(spendTotal="NaN"), "spendTotal"),
    ("items an object", totals(budgetItems={"7": ITEM}), "budgetItems"),
]


@pytest.mark.parametrize(("label", "body", "where"), TOTALS_LIES, ids=[t[0] for t in TOTALS_LIES])
def test_a_lying_totals_answer_is_one_error_and_nothing_is_written(
    cli: CLI, portal: SandboxControl, label: str, body: dict[str, Any], where: str
) -> None:
    """A totals answer without its item lists would plan every manifest item as new: apply
    would add each a second time."""
    portal.answer_next("GET", TOTALS, body=body, count=3)
    result = cli("apply", "--auto-approve", "--target", "Summer Webinar Series")
    assert result.code == 1, result.out
    assert result.err.startswith(f"Error: GET {TOTALS}: HubSpot answered 200"), result.err
    assert where in result.err and "Traceback" not in result.err
    assert budget_writes(portal) == []
    as_json = cli("plan", "--format", "json", "--target", "Summer Webinar Series")
    assert as_json.code == 1 and f"GET {TOTALS}" in json.loads(as_json.out)["error"]


LISTS = f"{PATHS.events}/associations/100001/lists"
LIST_LIES = [
    ("results an object", {"results": {"listId": "501"}}, "results"),
    ("an array", [{"listId": "501"}], "JSON array"),
    ("ids as numbers", {"results": [{"listId": 501}], "total": 1}, "listId"),
    ("cursor repeated", {"results": [], "total": 0, "paging": {"next": {"after": "x"}}}, "'x'"),
]


@pytest.mark.parametrize(("label", "body", "where"), LIST_LIES, ids=[t[0] for t in LIST_LIES])
def test_a_lying_event_lists_answer_is_one_error_naming_the_endpoint(
    cli: CLI, portal: SandboxControl, label: str, body: Any, where: str
) -> None:
    portal.answer_next("GET", LISTS, body=body, count=3)
    result = cli("plan", "--target", "acct-1/webinar-42")
    assert result.code == 1, result.out
    assert result.err.startswith(f"Error: GET {LISTS}: HubSpot "), result.err
    assert where in result.err and "Traceback" not in result.err


def test_an_asset_page_repeating_its_cursor_stops_with_one_error(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    (workdir / "a.yaml").write_text(
        f"campaigns:\n  - name: Partner Roadshow\n    id: {ROADSHOW}\n    assets: {{FORM: ['1']}}\n",
        encoding="utf-8",
    )
    embed = {"results": [{"id": "1"}], "paging": {"next": {"after": "c1"}}}
    campaign = {"id": ROADSHOW, "properties": {"hs_name": "Partner Roadshow"}}
    page = {"results": [{"id": "2"}], "paging": {"next": {"after": "c1"}}}
    portal.set_faults(
        answers=[
            {
                "method": "POST",
                "path": f"{CAMPAIGNS}/batch/read",
                "status": 200,
                "count": 1,
                "body": {
                    "status": "COMPLETE",
                    "results": [{**campaign, "assets": {"FORM": embed}}],
                },
            },
            {
                "method": "GET",
                "path": f"{CAMPAIGNS}/{ROADSHOW}/assets/FORM",
                "status": 200,
                "count": 5,
                "body": page,
            },
        ]
    )
    result = cli("plan", "a.yaml")
    assert result.code == 1, result.out
    assert result.err.startswith(f"Error: GET {CAMPAIGNS}/{ROADSHOW}/assets/FORM: "), result.err
    assert "repeated the paging cursor 'c1'" in result.err
