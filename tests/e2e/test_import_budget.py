"""``import --kind campaignBudgetItem`` / ``campaignSpendItem`` against the sandbox over HTTP:
one totals read per imported campaign only when asked, items written so the plan right after
is empty, a re-import refreshes listed items in place and reports those the portal dropped."""

from __future__ import annotations

import re
from pathlib import Path

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI
from tests.e2e.test_budget import BASE, ROADSHOW, SPRING, add_item, totals_reads
from tests.importer.test_import_e2e import by_id

ITEM_KINDS = ("--kind", "campaignBudgetItem", "--kind", "campaignSpendItem")


def _requests(out: str) -> int:
    found = re.search(r" in (\d+) requests? \(", out)
    assert found, out
    return int(found.group(1))


def _ui_items(sandbox: RunningSandbox) -> dict[str, str]:
    """Items made in HubSpot's UI; their ids by name."""
    return {
        "platform": add_item(
            sandbox, SPRING, "budget", name="Webinar platform", amount=1200.5, order=1
        ),
        "promotion": add_item(
            sandbox,
            SPRING,
            "budget",
            name="Paid promotion",
            amount=2500,
            order=2,
            description="LinkedIn and newsletter",
        ),
        "agency": add_item(sandbox, ROADSHOW, "spend", name="Agency", amount=200, order=1),
    }


def test_items_are_read_only_when_asked_one_totals_read_per_campaign_and_plan_is_empty(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    _ui_items(sandbox)
    portal.clear_requests()
    plain = cli("import", "--out", "plain", "--kind", "campaigns")
    assert plain.code == 0, plain.out + plain.err
    assert totals_reads(portal) == []  # not asked: nothing read, nothing written
    assert "budget item" not in plain.out
    assert all(
        "budget" not in c and "spend" not in c for c in by_id(Path("plain/campaigns.yaml")).values()
    )
    campaigns_only = len(portal.requests())  # the reads, and the portal check every run makes

    portal.clear_requests()
    result = cli("import", "--out", "imported", *ITEM_KINDS)
    assert result.code == 0, result.out + result.err
    campaigns = by_id(Path("imported/campaigns.yaml"))
    # one totals read per imported campaign (both lists in it), on top of the campaign reads
    assert sorted(totals_reads(portal)) == sorted(f"{BASE}/{g}/budget/totals" for g in campaigns)
    assert len(portal.requests()) == campaigns_only + len(campaigns)
    assert _requests(result.out) == _requests(plain.out) + len(campaigns)
    assert f"Read {len(campaigns)} campaigns, 2 budget items, 1 spend item in" in result.out
    assert campaigns[SPRING]["budget"] == [
        {"name": "Webinar platform", "amount": 1200.5, "order": 1},
        {
            "name": "Paid promotion",
            "amount": 2500,
            "order": 2,
            "description": "LinkedIn and newsletter",
        },
    ]
    assert "spend" not in campaigns[SPRING]  # a list only where the campaign has items
    assert campaigns[ROADSHOW]["spend"] == [{"name": "Agency", "amount": 200, "order": 1}]
    text = Path("imported/campaigns.yaml").read_text(encoding="utf-8")
    assert "amount: 1200.5\n" in text and "Exclusive" not in text
    assert "--kind campaignBudgetItem --kind campaignSpendItem" in text  # the header's command

    portal.clear_requests()
    plan = cli("plan", "imported", "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
    assert sorted(totals_reads(portal)) == sorted(
        f"{BASE}/{g}/budget/totals" for g in (SPRING, ROADSHOW)
    )  # the plan reads only the campaigns that now declare items


def test_a_default_import_reads_and_writes_no_items(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    _ui_items(sandbox)
    portal.clear_requests()
    result = cli("import", "--out", "imported")
    assert result.code == 0, result.out + result.err
    assert totals_reads(portal) == []
    assert "budget item" not in result.out and "spend item" not in result.out
    text = Path("imported/campaigns.yaml").read_text(encoding="utf-8")
    assert "budget:" not in text and "spend:" not in text


def test_one_read_per_campaign_for_either_kind_and_only_that_kind_is_written(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    _ui_items(sandbox)
    portal.clear_requests()
    result = cli("import", "--out", "imported", "--kind", "campaignSpendItem")
    assert result.code == 0, result.out + result.err
    campaigns = by_id(Path("imported/campaigns.yaml"))
    assert len(totals_reads(portal)) == len(campaigns)
    assert "budget" not in campaigns[SPRING] and "budget item" not in result.out
    assert campaigns[ROADSHOW]["spend"] == [{"name": "Agency", "amount": 200, "order": 1}]


REIMPORT = """\
campaigns:
  - name: Spring Launch 2026
    id: {spring}
    budget:
      - name: Platform (old name)
        id: "{platform}"
        amount: "1200.50"   # as finance wrote it
      - name: Paid promotion
        amount: 1
        description: old    # the agency's line
      - name: Old line
        amount: 5

  - name: Partner Roadshow
    id: {roadshow}
"""


def test_reimport_refreshes_listed_items_in_place_and_reports_those_gone(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    ids = _ui_items(sandbox)
    extra = add_item(sandbox, SPRING, "budget", name="Extra", amount=1e-7, order=3)
    folder = workdir / "imported"
    folder.mkdir()
    path = folder / "campaigns.yaml"
    path.write_text(
        REIMPORT.format(spring=SPRING, roadshow=ROADSHOW, platform=ids["platform"]),
        encoding="utf-8",
    )
    result = cli("import", "--out", "imported", "--kind", "campaignBudgetItem")
    assert result.code == 0, result.out + result.err
    assert "1 budget item added" in result.out and "2 budget items updated" in result.out
    assert (
        f'{path.relative_to(workdir)}:11: budget item "Old line" of campaign "Spring Launch 2026" '
        "(not on the portal: plan would create it)"
    ) in result.out
    text = path.read_text(encoding="utf-8")
    assert "      - name: Webinar platform\n" in text  # pinned: the UI's rename
    assert 'amount: "1200.50"   # as finance wrote it' in text  # same amount: as written
    assert "amount: 2500\n        description: LinkedIn and newsletter # the agency's line" in text
    assert (
        "      - name: Extra\n        amount: '0.0000001'\n        order: 3\n\n"
        "  - name: Partner Roadshow\n"
    ) in text  # appended inside the list; the blank line still ends the campaign
    assert "spend" not in text and "Exclusive" not in text  # spend was not asked for
    assert extra not in text  # a name no other item has: not pinned

    plan = cli("plan", "imported", "--format", "json")
    assert plan.code == 0, plan.err
    assert '"kind": "campaignBudgetItem"' in plan.out
    assert plan.out.count('"action": "create"') == 1 and '"action": "update"' not in plan.out
    assert '"Spring Launch 2026 / Old line"' in plan.out  # only the line the portal dropped


def test_items_sharing_a_name_on_the_portal_import_one_pinned_and_name_the_rest(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    first = add_item(sandbox, SPRING, "budget", name="Print", amount=10, order=1)
    second = add_item(sandbox, SPRING, "budget", name="Print", amount=20, order=2)
    result = cli("import", "--out", "imported", "--kind", "campaignBudgetItem")
    assert result.code == 0, result.out + result.err
    assert f"portal budget item {second} is not written" in result.out
    assert by_id(Path("imported/campaigns.yaml"))[SPRING]["budget"] == [
        {"name": "Print", "id": first, "amount": 10, "order": 1}
    ]
    plan = cli("plan", "imported", "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_the_kind_choices_name_the_item_kinds(cli: CLI, workdir: Path) -> None:
    result = cli("import", "--out", "imported", "--kind", "budget")
    assert result.code != 0
    assert "campaignBudgetItem" in result.err and "campaignSpendItem" in result.err
