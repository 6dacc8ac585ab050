"""Campaign assets end to end: plan, apply (one PUT/DELETE per change), re-plan; reads counted."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
SUMMER = "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"
CAMPAIGNS = "/marketing/campaigns/2026-09"
BATCH_READ = ("POST", f"{CAMPAIGNS}/batch/read")


def assets_path(guid: str, asset_type: str) -> str:
    return f"{CAMPAIGNS}/{guid}/assets/{asset_type}"


def link(sandbox: RunningSandbox, guid: str, asset_type: str, *ids: str) -> None:
    """Associations made in HubSpot's UI, behind the manifests' back (one connection: 180 of
    them one by one took 9 s)."""
    with httpx.Client(base_url=sandbox.base_url) as client:
        for asset_id in ids:
            client.put(f"{assets_path(guid, asset_type)}/{asset_id}").raise_for_status()


def held(sandbox: RunningSandbox, guid: str, asset_type: str) -> list[str]:
    answer = httpx.get(
        f"{sandbox.base_url}{assets_path(guid, asset_type)}", params={"limit": 100}
    ).json()
    return sorted(a["id"] for a in answer["results"])


def write(workdir: Path, text: str) -> None:
    (workdir / "assets.yaml").write_text(text, encoding="utf-8")


DECLARED = f"""
campaigns:
  - name: Spring Launch 2026
    id: {SPRING}
    assets:
      FORM: [form-1, 2002]
      LANDING_PAGE:
        - "3003"
"""


def test_assets_are_planned_applied_and_then_unchanged(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    link(sandbox, SPRING, "FORM", "form-0")  # associated in the UI: not ours
    write(workdir, DECLARED)
    plan = cli("plan", "assets.yaml")
    assert plan.code == 0, plan.err
    assert '+ create campaign asset "Spring Launch 2026 -> FORM 2002" (id ' in plan.out
    assert f"(id {SPRING}/LANDING_PAGE/3003, assets.yaml:8)" in plan.out
    assert '+ create campaign asset "Spring Launch 2026 -> LANDING_PAGE 3003"' in plan.out
    assert f"PUT {CAMPAIGNS}/{{campaignGuid}}/assets/{{assetType}}/{{assetId}}: 3 requests" in (
        plan.out
    )
    assert "Plan: 3 to create, 0 to update, 0 to delete" in plan.out
    portal.clear_requests()
    applied = cli("apply", "assets.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    writes = sorted((r.method, r.path) for r in portal.requests() if r.is_write)
    assert writes == [
        ("PUT", f"{assets_path(SPRING, 'FORM')}/2002"),
        ("PUT", f"{assets_path(SPRING, 'FORM')}/form-1"),
        ("PUT", f"{assets_path(SPRING, 'LANDING_PAGE')}/3003"),
    ]
    assert held(sandbox, SPRING, "FORM") == ["2002", "form-0", "form-1"]
    again = cli("plan", "assets.yaml", "--detailed-exitcode")
    assert again.code == 0, again.out
    assert "(4 unchanged)" in again.out  # the campaign and its 3 assets


def test_exclusive_removes_only_undeclared_assets_of_the_listed_types(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    link(sandbox, SPRING, "FORM", "form-0", "form-1")
    link(sandbox, SPRING, "LANDING_PAGE", "9009")  # a type the manifest does not list
    write(
        workdir,
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n"
        "    assets:\n      FORM: [form-1]\n    assetsExclusive: true\n",
    )
    plan = cli("plan", "assets.yaml")
    assert '- delete campaign asset "Spring Launch 2026 -> FORM form-0" (' in plan.out, plan.out
    portal.clear_requests()
    applied = cli("apply", "assets.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert [(r.method, r.path) for r in portal.requests() if r.is_write] == [
        ("DELETE", f"{assets_path(SPRING, 'FORM')}/form-0")
    ]
    assert held(sandbox, SPRING, "FORM") == ["form-1"]
    assert held(sandbox, SPRING, "LANDING_PAGE") == ["9009"]
    # an empty list empties the type
    write(
        workdir,
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n"
        "    assets:\n      FORM: []\n    assetsExclusive: true\n",
    )
    assert cli("apply", "assets.yaml", "--auto-approve").code == 0
    assert held(sandbox, SPRING, "FORM") == []
    assert cli("plan", "assets.yaml", "--detailed-exitcode").code == 0


def test_a_campaign_created_in_the_same_apply_gets_its_assets_after_the_create(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    write(workdir, "campaigns:\n  - name: Autumn Launch\n    assets:\n      FORM: [form-9]\n")
    plan = cli("plan", "assets.yaml", "--format", "json")
    asset = next(c for c in json.loads(plan.out)["changes"] if c["kind"] == "campaignAsset")
    assert asset["id"] is None and asset["member"] == {
        "parent": "Autumn Launch",
        "parentId": None,
        "type": "FORM",
        "id": "form-9",
    }
    portal.clear_requests()
    applied = cli("apply", "assets.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    writes = [(r.method, r.path) for r in portal.requests() if r.is_write]
    assert writes[0] == ("POST", f"{CAMPAIGNS}/batch/create")
    (put,) = [w for w in writes if w[0] == "PUT"]
    guid = put[1].split("/")[4]
    assert put[1] == f"{assets_path(guid, 'FORM')}/form-9"
    assert held(sandbox, guid, "FORM") == ["form-9"]
    assert cli("plan", "assets.yaml", "--detailed-exitcode").code == 0


def test_assets_are_read_only_for_campaigns_that_declare_them(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    """Unpinned campaigns: the list page, then one batch/read for the one declaring assets
    (not for the other); a declared type with 120 assets pages once past the embed's 50, and
    an undeclared type with 60 is never paged."""
    link(sandbox, SPRING, "FORM", *(f"f{i:03}" for i in range(120)))
    link(sandbox, SPRING, "LANDING_PAGE", *(f"p{i:03}" for i in range(60)))
    link(sandbox, SUMMER, "FORM", "s-1")
    write(
        workdir,
        "campaigns:\n  - name: Spring Launch 2026\n    assets:\n      FORM: [f000, f119]\n"
        "  - name: Summer Webinar Series\n",
    )
    portal.clear_requests()
    plan = cli("plan", "assets.yaml", "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
    reads = [(r.method, r.path) for r in portal.requests() if not r.path.startswith("/account")]
    assert reads == [
        ("GET", CAMPAIGNS),
        BATCH_READ,
        ("GET", assets_path(SPRING, "FORM")),
    ]
    (batch,) = [r for r in portal.requests() if (r.method, r.path) == BATCH_READ]
    assert batch.body == {"inputs": [{"id": SPRING}]}
    assert "Reading live state took 3 requests." in plan.out


def test_links_and_assets_share_one_batch_read_and_pinned_campaigns_need_none(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    managed = (
        "campaigns:\n  - name: Spring Launch 2026\n    assets:\n      FORM: [form-1]\n"
        "    marketingEvents:\n      - objectId: '100001'\n"
    )
    write(workdir, managed)
    portal.clear_requests()
    assert cli("plan", "assets.yaml").code == 0
    assert sum((r.method, r.path) == BATCH_READ for r in portal.requests()) == 1
    write(workdir, managed.replace("2026\n", f"2026\n    id: {SPRING}\n", 1))
    portal.clear_requests()
    assert cli("plan", "assets.yaml").code == 0
    reads = [(r.method, r.path) for r in portal.requests() if r.path.startswith(CAMPAIGNS)]
    assert reads == [BATCH_READ]  # the pinned campaign's own read embeds its assets


def test_no_assets_declared_reads_no_assets(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    write(workdir, "campaigns:\n  - name: Spring Launch 2026\n    properties:\n      hs_utm: x\n")
    portal.clear_requests()
    assert cli("plan", "assets.yaml").code == 0
    reads = [(r.method, r.path) for r in portal.requests() if not r.path.startswith("/account")]
    assert reads == [("GET", CAMPAIGNS)]


def test_a_saved_plan_whose_assets_moved_is_refused_naming_them(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    link(sandbox, SPRING, "FORM", "form-0")
    write(
        workdir,
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n"
        "    assets:\n      FORM: [form-1]\n    assetsExclusive: true\n",
    )
    assert cli("plan", "assets.yaml", "--out", "plan.json").code == 0
    link(sandbox, SPRING, "FORM", "form-1")  # associated in the UI meanwhile
    httpx.delete(f"{sandbox.base_url}{assets_path(SPRING, 'FORM')}/form-0").raise_for_status()
    portal.clear_requests()
    refused = cli("apply", "--plan", "plan.json")
    assert refused.code == 1
    assert '"Spring Launch 2026 -> FORM form-1"' in refused.err and "now exists" in refused.err
    assert '"Spring Launch 2026 -> FORM form-0"' in refused.err and "gone" in refused.err
    assert not [r for r in portal.requests() if r.is_write]


def test_a_saved_plan_with_assets_is_applied(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    write(workdir, DECLARED)
    assert cli("plan", "assets.yaml", "--out", "plan.json").code == 0
    portal.clear_requests()
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code == 0, applied.out + applied.err
    assert sum(r.method == "PUT" for r in portal.requests()) == 3
    assert held(sandbox, SPRING, "FORM") == ["2002", "form-1"]


def test_an_unknown_asset_type_fails_validation_naming_the_line(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    write(
        workdir,
        "campaigns:\n  - name: Spring Launch 2026\n    assets:\n      FORM: [1]\n"
        "      FROM: [2]\n      MARKETING_EVENT: ['100001']\n",
    )
    portal.clear_requests()
    result = cli("plan", "assets.yaml")
    assert result.code == 1
    assert "assets.yaml:5:7:" in result.err and "unknown asset type 'FROM'" in result.err
    assert 'did you mean "FORM"' in result.err and "LANDING_PAGE" in result.err
    assert "assets.yaml:6:7:" in result.err and "`marketingEvents`" in result.err
    assert not portal.requests()
