"""Named portals: one set of manifests for two portals (two served sandboxes with different
portal ids), per-portal pins and values, wrong-portal tokens refused, --all-portals."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI, PRODUCTION_ID, STAGING_ID

MANIFEST = """\
campaigns:
  - name: Launch Renamed
    id: {{staging: {staging}, production: {production}}}
    properties:
      hs_notes:
        staging: "[staging] launch copy"
        production: Launch copy
      hs_audience: Developers
"""


def _create(sandbox: RunningSandbox, token: str, name: str) -> str:
    answer = httpx.post(
        f"{sandbox.base_url}/marketing/v3/campaigns/batch/create",
        headers={"Authorization": f"Bearer {token}"},
        json={"inputs": [{"properties": {"hs_name": name, "hs_notes": "old"}}]},
    )
    return str(answer.json()["results"][0]["id"])


def _campaign(sandbox: RunningSandbox, token: str, guid: str) -> dict[str, str]:
    answer = httpx.get(
        f"{sandbox.base_url}/marketing/v3/campaigns/{guid}",
        headers={"Authorization": f"Bearer {token}"},
        params={"properties": ["hs_name", "hs_notes"]},
    )
    props: dict[str, str] = answer.json()["properties"]
    return props


def _manifests(workdir: Path, staging: str, production: str) -> None:
    folder = workdir / "portal-manifests"
    folder.mkdir(exist_ok=True)
    text = MANIFEST.format(staging=staging, production=production)
    (folder / "campaigns.yaml").write_text(text, encoding="utf-8")


def test_one_set_of_manifests_plans_and_applies_to_each_portal(
    cli: CLI, workdir: Path, two_portals: tuple[RunningSandbox, RunningSandbox]
) -> None:
    staging, production = two_portals
    guid_s, guid_p = _create(staging, "ts", "Launch"), _create(production, "tp", "Launch")
    assert guid_s != guid_p
    _manifests(workdir, guid_s, guid_p)

    each = cli("plan", "--all-portals", "--detailed-exitcode", "--format", "json")
    assert each.code == 2, each.err
    portals = json.loads(each.out)["portals"]
    for name, guid in (("staging", guid_s), ("production", guid_p)):
        (change,) = portals[name]["changes"]
        assert change["action"] == "update" and change["id"] == guid  # the pin, not a create
        assert {f["field"] for f in change["fields"]} >= {"hs_name", "hs_notes"}
    assert portals["staging"]["target"]["portal_id"] == STAGING_ID

    assert cli("apply", "--auto-approve").code == 0  # the default portal: staging
    assert cli("apply", "--portal", "production", "--auto-approve").code == 0
    assert _campaign(staging, "ts", guid_s) == {
        "hs_name": "Launch Renamed",
        "hs_notes": "[staging] launch copy",
    }
    assert _campaign(production, "tp", guid_p)["hs_notes"] == "Launch copy"
    assert cli("plan", "--all-portals", "--detailed-exitcode").code == 0
    markdown = cli("plan", "--all-portals", "--format", "markdown").out
    assert markdown.count("<!-- reconciler-plan -->") == 1
    assert "| staging |" in markdown and "| production |" in markdown


def test_a_token_for_another_portal_is_refused_before_any_read(
    cli: CLI,
    workdir: Path,
    two_portals: tuple[RunningSandbox, RunningSandbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staging, production = two_portals
    _manifests(workdir, "x", "y")
    config = (workdir / "reconciler.yaml").read_text(encoding="utf-8")
    (workdir / "reconciler.yaml").write_text(
        config.replace(f"baseUrl: {staging.base_url}", f"baseUrl: {production.base_url}"),
        encoding="utf-8",
    )
    monkeypatch.setenv("TOKEN_STAGING", "tp")
    with SandboxControl(production.base_url, token="tp") as control:
        control.clear_requests()
        result = cli("plan", "--portal", "staging")
        sent = [r.path for r in control.requests()]
    assert result.code == 1
    assert f"HubSpot portal {STAGING_ID}" in result.err
    assert f"HubSpot portal {PRODUCTION_ID}" in result.err
    assert sent == ["/account-info/2026-09/details"]


def test_a_portal_without_its_token_is_an_error_in_its_own_section(
    cli: CLI,
    workdir: Path,
    two_portals: tuple[RunningSandbox, RunningSandbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staging, _ = two_portals
    _manifests(workdir, _create(staging, "ts", "Launch"), "y")
    monkeypatch.delenv("TOKEN_PRODUCTION")
    result = cli("plan", "--all-portals", "--format", "json")
    assert result.code == 1
    portals = json.loads(result.out)["portals"]
    assert "TOKEN_PRODUCTION" in portals["production"]["error"]
    assert portals["staging"]["format_version"] == 1
    # stdout holds only the JSON document; the target lines go to stderr (as for one portal)
    assert f"Target: staging, HubSpot portal {STAGING_ID} (STANDARD)" in result.err
    assert "Target:" not in result.out


def test_per_portal_values_name_only_known_portals(
    cli: CLI, workdir: Path, two_portals: tuple[RunningSandbox, RunningSandbox]
) -> None:
    _manifests(workdir, "x", "y")
    path = workdir / "portal-manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace("production: Launch", "prodution: Launch"))
    result = cli("validate")
    assert result.code == 1
    assert "campaigns.yaml:5:7" in result.out and 'did you mean "production"' in result.out


def test_reconciler_yaml_mistakes_name_their_line(cli: CLI, workdir: Path) -> None:
    (workdir / "reconciler.yaml").write_text(
        "portals:\n  staging:\n    portalID: 1\n    token: env:T\ndefault: stagin\n",
        encoding="utf-8",
    )
    result = cli("plan")
    assert result.code == 1
    assert "reconciler.yaml:3:5" in result.err and 'did you mean "portalId"' in result.err
    assert "reconciler.yaml:5" in result.err and 'did you mean "staging"' in result.err


def test_portal_without_reconciler_yaml_is_an_error(cli: CLI) -> None:
    result = cli("plan", "--portal", "staging")
    assert result.code == 1 and "reconciler.yaml" in result.err


def test_pin_per_portal_writes_each_portals_id_into_the_mapping(
    cli: CLI, workdir: Path, two_portals: tuple[RunningSandbox, RunningSandbox]
) -> None:
    staging, production = two_portals
    guid_s, guid_p = _create(staging, "ts", "Launch"), _create(production, "tp", "Launch")
    folder = workdir / "portal-manifests"
    folder.mkdir()
    path = folder / "campaigns.yaml"
    path.write_text(
        "campaigns:\n  - name: Launch  # shared by both portals\n    properties:\n"
        "      hs_notes: old\n",
        encoding="utf-8",
    )
    assert cli("pin", "--portal", "staging").code == 0
    assert cli("pin", "--portal", "production").code == 0
    text = path.read_text(encoding="utf-8")
    assert "# shared by both portals" in text
    assert f"staging: {guid_s}" in text and f"production: {guid_p}" in text
    assert cli("validate").code == 0
    assert cli("plan", "--all-portals", "--detailed-exitcode").code == 0


def test_embedded_sandbox_portals_live_under_the_project_root(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sandbox portals without a token; run from a subfolder, the databases stay at the
    root (`cd manifests && reconciler plan .` made a second demo portal there before)."""
    from reconciler.cli import run

    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL", "RECONCILER_SANDBOX_DB"):
        monkeypatch.delenv(name, raising=False)
    (workdir / "reconciler.yaml").write_text(
        "portals:\n  demo:\n    sandbox: true\n  staging:\n    sandbox: true\ndefault: demo\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(workdir / "manifests")
    assert run(["plan", "--all-portals", "--detailed-exitcode", "."]) == 2
    assert run(["apply", "--portal", "staging", "--auto-approve", "."]) == 0
    capsys.readouterr()
    assert run(["plan", "--all-portals", "--format", "json", "."]) == 0
    portals = json.loads(capsys.readouterr().out)["portals"]
    assert portals["staging"]["changes"] == [] and portals["demo"]["changes"] != []
    assert sorted(p.name for p in (workdir / ".reconciler").iterdir() if p.suffix == ".db") == [
        "demo.db",
        "staging.db",
    ]
    assert not (workdir / "manifests" / ".reconciler").exists()


def test_import_per_portal_writes_each_portals_ids_into_mappings(
    cli: CLI, workdir: Path, two_portals: tuple[RunningSandbox, RunningSandbox]
) -> None:
    staging, production = two_portals
    for sandbox, token in ((staging, "ts"), (production, "tp")):
        with SandboxControl(sandbox.base_url, token=token) as control:
            control.reset("empty")
    guid_s, guid_p = _create(staging, "ts", "Launch"), _create(production, "tp", "Launch")
    out = ["--out", "portal-manifests", "--kind", "campaigns", "--property", "hs_notes"]
    assert cli("import", "--portal", "staging", *out).code == 0
    assert cli("import", "--portal", "production", *out).code == 0
    text = (workdir / "portal-manifests" / "campaigns.yaml").read_text(encoding="utf-8")
    assert f"staging: {guid_s}" in text and f"production: {guid_p}" in text
    assert text.count("name: Launch") == 1  # one entry serves both portals
    assert cli("plan", "--all-portals", "--detailed-exitcode").code == 0


def test_a_hubspot_setting_never_falls_back_to_a_default_sandbox_portal(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """reconciler.yaml's default is a sandbox, HUBSPOT_BASE_URL is set without --portal: the
    user meant HubSpot, so nothing is planned against the sandbox."""
    from reconciler.cli import run

    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("HUBSPOT_BASE_URL", "https://api.hubapi.com")
    (workdir / "reconciler.yaml").write_text(
        "portals:\n  demo:\n    sandbox: true\ndefault: demo\n", encoding="utf-8"
    )
    assert run(["plan"]) == 1
    assert "default portal 'demo' is the embedded sandbox" in capsys.readouterr().err
    assert not (workdir / ".reconciler").exists()
    assert run(["plan", "--portal", "demo"]) == 0  # named on purpose: fine
