"""A saved plan is applied with the HubSpot API version it was made with.

The reviewed plan read the portal and priced its requests at one version's paths; applying it at
another (a CI job with another RECONCILER_API_VERSION, an edited file) sends what was not
reviewed. Without a choice, apply takes the plan's version; a different explicit choice, or a
version the tool does not know, is refused before anything is sent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.conftest import SESSION_PORTAL_ID
from tests.e2e.conftest import CLI


def _prefixes(version: str) -> tuple[str, ...]:
    paths = api_paths(version)
    return (paths.campaigns, paths.events, paths.account_info)


def test_apply_uses_the_version_the_plan_was_made_with(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    assert cli("--api-version", "v3", "plan", "--out", "plan.json").code == 0
    assert json.loads((workdir / "plan.json").read_text())["target"]["api_version"] == "v3"
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json")
    assert result.code == 0, result.err
    sent = [r.path for r in portal.requests()]
    assert sent and all(p.startswith(_prefixes("v3")) for p in sent), sorted(set(sent))


@pytest.mark.parametrize("how", ["option", "environment"])
def test_another_explicit_version_is_refused_naming_both_and_nothing_is_sent(
    cli: CLI, portal: SandboxControl, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    assert cli("--api-version", "v3", "plan", "--out", "plan.json").code == 0
    portal.clear_requests()
    if how == "option":
        result = cli("--api-version", "2026-03", "apply", "--plan", "plan.json")
    else:
        monkeypatch.setenv("RECONCILER_API_VERSION", "2026-03")
        result = cli("apply", "--plan", "plan.json")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "API version v3" in result.err and "2026-03" in result.err
    assert portal.requests() == []


def test_the_same_explicit_version_is_fine(
    cli: CLI, portal: SandboxControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONCILER_API_VERSION", "2026-03")
    assert cli("plan", "--out", "plan.json").code == 0
    portal.clear_requests()
    result = cli("--api-version", "2026-03", "apply", "--plan", "plan.json")
    assert result.code == 0, result.err
    assert all(p.path.startswith(_prefixes("2026-03")) for p in portal.requests())


@pytest.mark.parametrize("recorded", ["v9", "", None, "missing"])
def test_a_version_the_tool_does_not_know_is_refused_by_apply_and_show(
    cli: CLI, portal: SandboxControl, workdir: Path, recorded: str | None
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    plan = json.loads((workdir / "plan.json").read_text())
    if recorded == "missing":
        del plan["target"]["api_version"]
    else:
        plan["target"]["api_version"] = recorded
    (workdir / "plan.json").write_text(json.dumps(plan))
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json", "--auto-approve")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "plan.json is not a saved plan as `reconciler plan --out` writes it" in result.err
    assert "API version" in result.err and "2026-09, 2026-03, v3" in result.err
    assert portal.requests() == []
    shown = cli("show", "plan.json")
    assert shown.code == 1 and "2026-09, 2026-03, v3" in shown.err


def test_a_portals_api_version_in_reconciler_yaml_gives_way_to_the_plans(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    """``apiVersion`` in reconciler.yaml is a default, not a choice for this run."""
    (workdir / "reconciler.yaml").write_text(
        "portals:\n"
        f"  main:\n    portalId: {SESSION_PORTAL_ID}\n    token: env:HUBSPOT_ACCESS_TOKEN\n"
        f"    baseUrl: {sandbox.base_url}\n    apiVersion: '2026-03'\n",
        encoding="utf-8",
    )
    assert cli("--api-version", "v3", "plan", "--out", "plan.json").code == 0
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json")
    assert result.code == 0, result.err
    sent = [r.path for r in portal.requests()]
    assert sent and all(p.startswith(_prefixes("v3")) for p in sent), sorted(set(sent))
