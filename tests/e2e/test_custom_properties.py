"""Campaign custom properties: a portal's own properties are managed like HubSpot's; one the
portal does not define is HubSpot's 400, turned into one message at its manifest line."""

from __future__ import annotations

from pathlib import Path

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

MANIFEST = """\
campaigns:
  - name: Spring Launch 2026
    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8
    properties:
      hs_audience: Developers
      {name}: CC-42
"""


def _write(workdir: Path, name: str) -> Path:
    path = workdir / "custom.yaml"
    path.write_text(MANIFEST.format(name=name), encoding="utf-8")
    return path


def test_a_defined_custom_property_is_planned_applied_and_converges(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    assert "cost_center" in portal.define_campaign_properties()
    path = _write(workdir, "cost_center")
    plan = cli("plan", str(path), "--detailed-exitcode")
    assert plan.code == 2 and 'cost_center: "" -> "CC-42"' in plan.out.replace("+ ", "")
    assert cli("apply", str(path), "--auto-approve").code == 0
    assert cli("plan", str(path), "--detailed-exitcode").code == 0


def test_an_undefined_custom_property_names_its_manifest_line(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    path = _write(workdir, "cost_centre")
    result = cli("plan", str(path))
    assert result.code == 1
    assert "custom.yaml:6" in result.err and '"cost_centre"' in result.err
    assert "defines no such campaign property" in result.err
    assert "Traceback" not in result.err
