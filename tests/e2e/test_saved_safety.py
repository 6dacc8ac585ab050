"""A saved plan cannot be edited past the --force delete threshold, nor send to a parent it
does not show: each is refused before anything is written, naming what does not agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI
from tests.e2e.test_saved_tampering import SPRING

BULK = 10


def _writes(portal: SandboxControl) -> list[str]:
    return [f"{r.method} {r.path}" for r in portal.requests() if r.is_write]


def _manifest(workdir: Path, absent: int) -> None:
    """``BULK`` campaigns of our own, the first ``absent`` of them to delete."""
    lines = ["campaigns:"]
    for i in range(BULK):
        lines.append(f"  - name: Bulk {i}")
        lines.append("    state: absent" if i < absent else "    properties: {hs_audience: All}")
    (workdir / "manifests" / "campaigns.yaml").write_text("\n".join(lines) + "\n", "utf-8")


@pytest.fixture
def unsafe_plan(cli: CLI, portal: SandboxControl, workdir: Path) -> dict[str, Any]:
    """A saved plan deleting 4 of the 10 managed campaigns it found: past the threshold."""
    (workdir / "manifests" / "events.yaml").unlink()
    _manifest(workdir, absent=0)
    assert cli("apply", "--auto-approve").code == 0
    _manifest(workdir, absent=4)
    assert cli("plan", "--out", "plan.json").code == 0
    plan: dict[str, Any] = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    assert plan["unsafe"] is True
    portal.clear_requests()
    return plan


def _apply(cli: CLI, workdir: Path, plan: dict[str, Any], *flags: str) -> tuple[int, str]:
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    result = cli("apply", "--plan", "plan.json", "--auto-approve", *flags)
    assert "Traceback" not in result.err
    return result.code, result.err


def test_an_unsafe_plan_edited_to_safe_is_refused_and_nothing_is_sent(
    cli: CLI, portal: SandboxControl, workdir: Path, unsafe_plan: dict[str, Any]
) -> None:
    unsafe_plan["unsafe"] = False
    unsafe_plan["warnings"] = []
    code, err = _apply(cli, workdir, unsafe_plan)
    assert code == 1
    assert "not a saved plan as `reconciler plan --out` writes it" in err
    assert "it says unsafe: false, but deleting 4 of 10 existing managed objects needs" in err
    assert portal.requests() == []


def test_a_larger_count_of_existing_objects_than_the_summary_allows_is_refused(
    cli: CLI, portal: SandboxControl, workdir: Path, unsafe_plan: dict[str, Any]
) -> None:
    unsafe_plan["existing"] = 100  # 4 of 100 would be under the threshold
    unsafe_plan["unsafe"] = False
    unsafe_plan["warnings"] = []
    code, err = _apply(cli, workdir, unsafe_plan, "--force")
    assert code == 1
    assert "it says it found 100 existing managed objects, but it updates or deletes 4" in err
    assert portal.requests() == []


def test_a_plan_without_its_count_of_existing_objects_is_refused(
    cli: CLI, portal: SandboxControl, workdir: Path, unsafe_plan: dict[str, Any]
) -> None:
    del unsafe_plan["existing"]
    code, err = _apply(cli, workdir, unsafe_plan, "--force")
    assert code == 1
    assert "it records no count of the managed objects it found (existing)" in err
    assert portal.requests() == []


def test_the_untouched_unsafe_plan_needs_force_as_a_fresh_one_does(
    cli: CLI, portal: SandboxControl, workdir: Path, unsafe_plan: dict[str, Any]
) -> None:
    code, err = _apply(cli, workdir, unsafe_plan)
    assert code != 0
    assert "this plan deletes 4 of 10 existing managed objects" in err and "--force" in err
    assert _writes(portal) == []
    code, err = _apply(cli, workdir, unsafe_plan, "--force")
    assert code == 0, err
    assert len(_writes(portal)) == 1  # one batch/archive of the 4


def test_a_plan_marked_unsafe_that_is_not_is_refused(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    plan["unsafe"] = True
    portal.clear_requests()
    code, err = _apply(cli, workdir, plan, "--force")
    assert code == 1
    assert "it says unsafe: true, but deleting 1 of" in err
    assert portal.requests() == []


def test_items_sent_to_another_campaign_than_shown_are_refused_before_any_write(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    """No renderer shows the GUID a budget item is created on: both items moved to another
    campaign hold together in the file, and the portal tells the campaign is not theirs."""
    assert cli("plan", "--out", "plan.json").code == 0
    plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    for change in plan["changes"]:
        if change["kind"] == "campaignBudgetItem":
            change["item"]["campaignId"] = SPRING
    portal.clear_requests()
    code, err = _apply(cli, workdir, plan)
    assert code == 1
    assert (
        'budget item "Summer Webinar Series / Paid promotion": its campaign id '
        f"{SPRING} is campaign 'Spring Launch 2026' on the portal, not 'Summer Webinar Series'"
    ) in err
    assert _writes(portal) == []
