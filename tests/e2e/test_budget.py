"""Campaign budget and spend items end to end against the sandbox over HTTP: plan, apply (one
request per item change), re-plan empty; one totals read per campaign that declares items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"
BASE = "/marketing/campaigns/2026-09"


def add_item(sandbox: RunningSandbox, guid: str, kind: str, **body: Any) -> str:
    """An item made in the UI (straight through the API)."""
    answer = httpx.post(f"{sandbox.base_url}{BASE}/{guid}/{kind}", json=body)
    answer.raise_for_status()
    return str(answer.json()["id"])


def items(sandbox: RunningSandbox, guid: str, kind: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{sandbox.base_url}{BASE}/{guid}/budget/totals").json()
    found: list[dict[str, Any]] = answer[f"{kind}Items"]
    return sorted(found, key=lambda i: (i["order"], i["name"]))


def totals_reads(portal: SandboxControl) -> list[str]:
    return [r.path for r in portal.requests() if r.path.endswith("/budget/totals")]


def writes(portal: SandboxControl) -> list[str]:
    return [f"{r.method} {r.path}" for r in portal.requests() if r.is_write]


MANIFEST = f"""
campaigns:
  - name: Spring Launch 2026
    id: {SPRING}
    budget:
      - name: Paid social
        amount: "1500.00"
      - name: Print
        amount: 250
        description: Flyers
    spend:
      - name: Agency
        amount: 200.0
  - name: Summer Webinar Series
    properties:
      hs_audience: Marketing managers
"""


def test_items_are_created_updated_and_then_unchanged(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    paid = add_item(
        sandbox, SPRING, "budget", name="Paid social", amount=1000, order=1, description="Kept"
    )
    add_item(sandbox, SPRING, "spend", name="Agency", amount=200, order=1)
    add_item(sandbox, SPRING, "budget", name="Not ours", amount=5, order=7)
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    portal.clear_requests()
    plan = cli("plan", "budget.yaml")
    assert plan.code == 0, plan.err
    # One totals read, for the one campaign that declares items; none for Summer.
    assert totals_reads(portal) == [f"{BASE}/{SPRING}/budget/totals"]
    assert '~ update budget item "Spring Launch 2026 / Paid social"' in plan.out
    assert 'amount: "1000" -> "1500"' in plan.out
    assert '+ create budget item "Spring Launch 2026 / Print"' in plan.out
    assert "spend item" not in plan.out  # 200.0 == 200
    assert "Not ours" not in plan.out  # not listed, not exclusive: left alone
    assert 'campaign "Spring Launch 2026": budget 1005 -> 1755' in plan.out
    portal.clear_requests()
    applied = cli("apply", "budget.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert sorted(w for w in writes(portal) if "/budget" in w or "/spend" in w) == [
        f"POST {BASE}/{SPRING}/budget",
        f"PUT {BASE}/{SPRING}/budget/{paid}",
    ]
    now = {i["name"]: i for i in items(sandbox, SPRING, "budget")}
    assert now["Paid social"]["amount"] == 1500 and now["Paid social"]["description"] == "Kept"
    assert now["Paid social"]["order"] == 1  # order not written: not managed, kept
    assert now["Print"]["order"] == 2 and now["Print"]["description"] == "Flyers"  # position
    assert "Not ours" in now
    again = cli("plan", "budget.yaml", "--detailed-exitcode")
    assert again.code == 0, again.out


def test_exclusive_lists_remove_what_they_do_not_name_and_reset_a_description(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    kept = add_item(sandbox, SPRING, "spend", name="Venue", amount=900, order=1, description="x")
    gone = add_item(sandbox, SPRING, "spend", name="Catering", amount=300, order=2)
    (workdir / "budget.yaml").write_text(
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n    spend:\n"
        "      - name: Venue\n        amount: 900\n        description: ''\n"
        "    spendExclusive: true\n",
        encoding="utf-8",
    )
    plan = cli("plan", "budget.yaml")
    assert plan.code == 0, plan.err
    assert '- delete spend item "Spring Launch 2026 / Catering"' in plan.out
    assert 'description: "x" -> ""' in plan.out
    portal.clear_requests()
    applied = cli("apply", "budget.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert sorted(writes(portal)) == [
        f"DELETE {BASE}/{SPRING}/spend/{gone}",
        f"PUT {BASE}/{SPRING}/spend/{kept}",
    ]
    (venue,) = items(sandbox, SPRING, "spend")
    assert venue["name"] == "Venue" and "description" not in venue
    assert cli("plan", "budget.yaml", "--detailed-exitcode").code == 0


def test_items_of_a_campaign_created_in_the_same_plan(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(
        "campaigns:\n  - name: Launch Zero\n    budget:\n      - name: Ads\n        amount: 10\n"
        "      - name: Print\n        amount: 5\n        order: 9\n"
        "    spend:\n      - name: Ads\n        amount: 12.5\n",
        encoding="utf-8",
    )
    portal.clear_requests()
    plan = cli("plan", "budget.yaml", "--format", "json")
    assert plan.code == 0, plan.err
    assert totals_reads(portal) == []  # nothing to read for a campaign not there yet
    data = json.loads(plan.out)
    assert [(c["kind"], c["action"]) for c in data["changes"]] == [
        ("campaign", "create"),
        ("campaignBudgetItem", "create"),
        ("campaignBudgetItem", "create"),
        ("campaignSpendItem", "create"),
    ]
    ads = data["changes"][1]
    assert ads["item"] == {"campaign": "Launch Zero", "campaignId": None, "name": "Ads"}
    assert ads["body"] == {"name": "Ads", "amount": "10", "order": 1, "description": None}
    assert data["budgets"] == [
        {
            "campaign": "Launch Zero",
            "currency": None,
            "budget_before": "0",
            "budget_after": "15",
            "spend_before": "0",
            "spend_after": "12.5",
        }
    ]
    assert data["warnings"] == []  # 12.5 spent of 15
    assert {
        "endpoint": f"POST {BASE}/{{campaignGuid}}/budget",
        "requests": 2,
        "objects": 2,
    } in data["requests"]["writes"]
    portal.clear_requests()
    applied = cli("apply", "budget.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    sent = writes(portal)
    assert sent[0] == f"POST {BASE}/batch/create"
    assert len([w for w in sent if w.endswith("/budget")]) == 2
    assert len([w for w in sent if w.endswith("/spend")]) == 1
    assert cli("plan", "budget.yaml", "--detailed-exitcode").code == 0


def test_one_totals_read_per_declaring_campaign_and_none_for_the_others(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n    budget: []\n"
        "  - name: Partner Roadshow\n    spend:\n      - name: Stand\n        amount: 10\n"
        "  - name: Summer Webinar Series\n",
        encoding="utf-8",
    )
    portal.clear_requests()
    plan = cli("plan", "budget.yaml", "--format", "json")
    assert plan.code == 0, plan.err
    assert sorted(totals_reads(portal)) == sorted(
        f"{BASE}/{guid}/budget/totals" for guid in (SPRING, ROADSHOW)
    )
    data = json.loads(plan.out)
    reads = [r.path for r in portal.requests() if "/account-info/" not in r.path]
    assert data["requests"]["reads"] == len(reads) == 3  # the campaigns list page + 2 totals
    assert [t["campaign"] for t in data["budgets"]] == ["Spring Launch 2026", "Partner Roadshow"]
    assert data["warnings"] == [
        'campaign "Partner Roadshow": planned spend 10 exceeds its planned budget 0 EUR'
    ]


def test_a_saved_plan_is_refused_when_an_item_moved(
    cli: CLI, sandbox: RunningSandbox, workdir: Path
) -> None:
    paid = add_item(sandbox, SPRING, "budget", name="Paid social", amount=1000, order=1)
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    assert cli("plan", "budget.yaml", "--out", "plan.json").code == 0
    httpx.put(
        f"{sandbox.base_url}{BASE}/{SPRING}/budget/{paid}",
        json={"name": "Paid social", "amount": 1200, "order": 1},
    ).raise_for_status()
    add_item(sandbox, SPRING, "budget", name="Print", amount=1, order=5)
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code != 0
    said = applied.out + applied.err
    assert (
        f'budget item "Spring Launch 2026 / Paid social" ({paid}): amount is now "1200", ' in said
    )
    assert 'budget item "Spring Launch 2026 / Print" now exists on the portal' in said


def test_a_name_two_live_items_share_is_an_error_naming_them(
    cli: CLI, sandbox: RunningSandbox, workdir: Path
) -> None:
    one = add_item(sandbox, SPRING, "budget", name="Ads", amount=1, order=1)
    two = add_item(sandbox, SPRING, "budget", name="Ads", amount=2, order=2)
    (workdir / "budget.yaml").write_text(
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n    budget:\n"
        "      - name: Ads\n        amount: 3\n      - name: Gone\n        id: '999'\n"
        "        amount: 1\n",
        encoding="utf-8",
    )
    plan = cli("plan", "budget.yaml")
    assert plan.code != 0
    assert (
        f'budget.yaml:5:9: budget item "Ads" of campaign "Spring Launch 2026" is ambiguous: '
        f"live items {', '.join(sorted([one, two]))} have that name; pin one with `id`"
    ) in plan.err
    assert "is pinned to id 999, which this campaign's budget does not hold" in plan.err
