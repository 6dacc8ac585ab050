"""``import --kind assets`` against the embedded sandbox: assets written, plan empty after."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import roundtrip
from reconciler.importer.layout import grow_block

from .conftest import Cli
from .test_import_e2e import GUID_ROADSHOW, GUID_SPRING, apply_manifest, by_id

LISTS = ", ".join(f'"{i}"' for i in range(1000, 1060))  # past the embed's 50: one more read
ASSETS = f"""
campaigns:
  - name: Spring Launch 2026
    assets:
      FORM: [form-b, form-a]
      OBJECT_LIST: [{LISTS}]
  - name: Partner Roadshow
    assets:
      LANDING_PAGE: ["77"]
    marketingEvents:
      - objectId: "100003"
"""


def test_import_writes_every_campaigns_assets_and_plan_is_empty(cli: Cli, workdir: Path) -> None:
    apply_manifest(cli, workdir / "ui", ASSETS)
    result = cli("import", "--out", "manifests", "--kind", "campaignAsset")
    assert result.exit_code == 0, result.output
    assert "63 campaign assets added" in result.stdout, result.stdout
    assert "Read 7 campaigns, 63 campaign assets in 3 requests" in result.stdout
    campaigns = by_id(workdir / "manifests" / "campaigns.yaml")
    spring = campaigns[GUID_SPRING]["assets"]
    assert sorted(spring) == ["FORM", "OBJECT_LIST"] and sorted(spring["FORM"]) == [
        "form-a",
        "form-b",
    ]
    assert len(spring["OBJECT_LIST"]) == 60
    assert campaigns[GUID_ROADSHOW]["assets"] == {"LANDING_PAGE": ["77"]}  # links stay links
    assert not (workdir / "manifests" / "marketing-events.yaml").exists()
    plan = cli("plan", "manifests", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_reimport_adds_new_assets_keeps_the_users_and_reports_gone_ones(
    cli: Cli, workdir: Path
) -> None:
    apply_manifest(cli, workdir / "ui", ASSETS)
    (workdir / "manifests").mkdir()
    (workdir / "manifests" / "campaigns.yaml").write_text(
        "campaigns:\n  - name: Spring Launch 2026\n    assets:\n"
        "      FORM: [form-gone, form-a]  # the forms we own\n",
        encoding="utf-8",
    )
    result = cli("import", "--out", "manifests", "--kind", "campaignAsset")
    assert result.exit_code == 0, result.output
    assert "lists FORM form-gone, which the portal does not hold" in result.stdout
    text = (workdir / "manifests" / "campaigns.yaml").read_text(encoding="utf-8")
    assert "FORM: [form-gone, form-a, form-b] # the forms we own" in text
    assert cli("import", "--out", "manifests", "--kind", "nope").exit_code != 0


def test_a_type_added_after_a_flow_list_keeps_its_brackets_and_comment() -> None:
    yaml = roundtrip.make_yaml()
    data: CommentedMap = yaml.load(
        "campaigns:\n  - name: A\n    assets:\n      FORM: [a]  # ours\n\n  # B\n  - name: B\n"
    )
    assets = data["campaigns"][0]["assets"]
    pages = CommentedSeq(["1"])
    pages.fa.set_flow_style()
    grow_block(assets, lambda: assets.__setitem__("LANDING_PAGE", pages))
    out = io.StringIO()
    yaml.dump(data, out)
    assert out.getvalue() == (
        "campaigns:\n  - name: A\n    assets:\n      FORM: [a]  # ours\n"
        "      LANDING_PAGE: ['1']\n\n  # B\n  - name: B\n"
    )
