"""``import --kind assets`` against the embedded sandbox: assets written, plan empty after."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import roundtrip
from reconciler.importer.assets import refresh_assets
from reconciler.importer.files import Entry, ManifestFile
from reconciler.importer.layout import grow_block
from reconciler.importer.report import ImportReport
from reconciler.kinds import CAMPAIGN, CAMPAIGN_ASSET, KINDS

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


SPACED_SEED = """
campaigns:
  - name: Spring Launch 2026
    assets:
      FORM: [form-b, form-a]
  - name: Partner Roadshow
    assets:
      LANDING_PAGE: ["77", "78", "79"]
  - name: Summer Webinar Series
    assets:
      FORM: [form-s, form-t]
      OBJECT_LIST: ["500"]
"""

SPACED = """\
campaigns:
  - name: Spring Launch 2026
    properties:
      hs_notes: Draft copy - check with legal   # ours

  # the roadshow: pages by hand
  - name: Partner Roadshow
    assets:
      LANDING_PAGE:
        - "78"   # the new one first
        - "77"

  - name: Summer Webinar Series
    assets:
      FORM: [form-t, form-s]  # signup

  - name: Holiday Promo 2025
"""


def test_import_adds_assets_inside_each_entry_and_keeps_the_users_text(
    cli: Cli, workdir: Path
) -> None:
    apply_manifest(cli, workdir / "ui", SPACED_SEED)
    (workdir / "manifests").mkdir()
    path = workdir / "manifests" / "campaigns.yaml"
    path.write_text(SPACED, encoding="utf-8")
    result = cli("import", "--out", "manifests", "--kind", "campaignAsset")
    assert result.exit_code == 0, result.output
    assert "4 campaign assets added" in result.stdout, result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "campaigns:\n"
        "  - name: Spring Launch 2026\n"
        "    properties:\n"
        "      hs_notes: Draft copy - check with legal   # ours\n"
        "    assets:\n"
        "      FORM: [form-a, form-b]\n"
        "\n"
        "  # the roadshow: pages by hand\n"
        "  - name: Partner Roadshow\n"
        "    assets:\n"
        "      LANDING_PAGE:\n"
        '        - "78"   # the new one first\n'
        '        - "77"\n'
        "        - '79'\n"
        "\n"
        "  - name: Summer Webinar Series\n"
        "    assets:\n"
        "      FORM: [form-t, form-s]  # signup\n"
        "      OBJECT_LIST: ['500']\n"
        "\n"
        "  - name: Holiday Promo 2025\n"
    ), text
    plan = cli("plan", "manifests", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    again = cli("import", "--out", "manifests", "--kind", "campaignAsset")
    assert again.exit_code == 0, again.output
    assert path.read_text(encoding="utf-8") == text  # nothing new: not a byte changed


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


def test_with_several_portals_the_imported_portals_ids_go_inside_the_entry() -> None:
    text = (
        "campaigns:\n  - name: A\n    assets:\n      FORM:\n        production: [x]   # prod\n"
        "\n  - name: B\n"
    )
    yaml = roundtrip.make_yaml()
    data: CommentedMap = yaml.load(text)
    file = ManifestFile(Path("m.yaml"), text, [data], yaml)
    entry = Entry(KINDS[CAMPAIGN], data["campaigns"][0], file, 2, "staging")
    report = ImportReport(target="t", out=Path("."), kinds=[CAMPAIGN_ASSET])
    assert refresh_assets(entry, {"FORM": ["f1"], "LANDING_PAGE": ["7"]}, report, "staging") == 2
    out = io.StringIO()
    yaml.dump(data, out)
    assert out.getvalue() == (
        "campaigns:\n  - name: A\n    assets:\n      FORM:\n        production: [x]   # prod\n"
        "        staging: [f1]\n      LANDING_PAGE: {staging: ['7']}\n\n  - name: B\n"
    )
