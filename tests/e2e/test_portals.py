"""Real portals, safely: which portal a token opens, no silent fallback, every API version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.hubspot.paths import API_VERSIONS, api_paths
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox, start_sandbox
from tests.conftest import SESSION_PORTAL_ID
from tests.e2e.conftest import CLI


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_plan_saved_against_portal_a_is_refused_by_portal_b_at_the_same_url(
    cli: CLI, workdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sandbox databases served one after the other at one URL are two portals."""
    with start_sandbox(tmp_path / "a.db", rate_limit=None, portal_id=1111) as a:
        monkeypatch.setenv("HUBSPOT_BASE_URL", a.base_url)
        assert cli("plan", "--out", "plan.json").code == 0
        url = a.base_url
    with start_sandbox(tmp_path / "b.db", port=_port(url), rate_limit=None, portal_id=2222) as b:
        assert b.base_url == url
        with SandboxControl(b.base_url) as control:
            control.clear_requests()
            result = cli("apply", "--plan", "plan.json")
            sent = control.requests()
    assert result.code == 1
    assert "HubSpot portal 1111" in result.err and "HubSpot portal 2222" in result.err
    assert [(r.method, r.path) for r in sent] == [("GET", "/account-info/2026-09/details")]


def test_base_url_without_token_is_an_error_and_sends_nothing(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN")
    portal.clear_requests()
    for command in (["plan"], ["apply", "--auto-approve"], ["import", "--out", "x"]):
        result = cli(*command)
        assert result.code == 1, command
        assert "HUBSPOT_BASE_URL is set" in result.err and "HUBSPOT_ACCESS_TOKEN" in result.err
    assert portal.requests() == []
    assert not Path(".reconciler").exists()  # no sandbox database was created


def test_target_line_names_the_portal(cli: CLI) -> None:
    result = cli("plan")
    assert result.out.startswith(f"Target: HubSpot portal {SESSION_PORTAL_ID} (STANDARD) at ")
    data = json.loads(cli("plan", "--format", "json").out)
    assert data["target"]["portal_id"] == SESSION_PORTAL_ID
    assert data["target"]["api_version"] == "2026-09"
    markdown = cli("plan", "--format", "markdown").out
    assert f"HubSpot portal {SESSION_PORTAL_ID}" in markdown


@pytest.mark.parametrize("version", API_VERSIONS)
def test_each_api_version_uses_only_its_own_paths(
    cli: CLI, portal: SandboxControl, version: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plan, apply and a plan after apply; every request goes to that version's paths."""
    monkeypatch.setenv("RECONCILER_API_VERSION", version)
    paths = api_paths(version)
    prefixes = (paths.campaigns, paths.events, paths.account_info)
    plan = cli("plan", "--format", "json", "--detailed-exitcode")
    assert plan.code == 2, plan.err
    endpoints = [w["endpoint"] for w in json.loads(plan.out)["requests"]["writes"]]
    assert endpoints and all(e.split(" ", 1)[1].startswith(prefixes) for e in endpoints)
    assert cli("apply", "--auto-approve").code == 0
    assert cli("plan", "--detailed-exitcode").code == 0
    sent = [r.path for r in portal.requests()]
    assert sent and all(p.startswith(prefixes) for p in sent), sorted(set(sent))


def test_api_version_option_beats_the_environment(
    cli: CLI, portal: SandboxControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONCILER_API_VERSION", "2026-03")
    assert cli("--api-version", "v3", "plan").code == 0
    assert all(
        r.path.startswith(("/marketing/v3/", "/account-info/v3/")) for r in portal.requests()
    )


def test_unknown_api_version_is_refused_before_connecting(
    cli: CLI, portal: SandboxControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal.clear_requests()
    result = cli("--api-version", "2025-01", "plan")  # a usage error, as any bad flag value
    assert result.code == 2 and "write 2026-09, 2026-03 or v3" in result.err
    monkeypatch.setenv("RECONCILER_API_VERSION", "2025-01")  # a bad setting: an error
    result = cli("plan")
    assert result.code == 1 and "2026-09, 2026-03, v3" in result.err
    assert portal.requests() == []
