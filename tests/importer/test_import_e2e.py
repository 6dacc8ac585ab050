"""End to end against the embedded sandbox: import, then plan shows nothing; re-import edits."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from reconciler.models import READ_ONLY_CAMPAIGN_PROPERTIES, WRITABLE_CAMPAIGN_PROPERTIES

from .conftest import REPO, Cli

GUID_SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
GUID_ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"
Q3 = ("7a7a7a7a-0000-4000-8000-000000000001", "7a7a7a7a-0000-4000-8000-000000000002")


class _TextStamps(SafeConstructor):
    """Timestamps stay text, as the manifest loader reads them."""


_TextStamps.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_scalar)


def load(path: Path) -> dict[str, Any]:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _TextStamps
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"))
    return document


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in load(path)["campaigns"]}


def by_object_id(path: Path) -> dict[str, dict[str, Any]]:
    return {e["objectId"]: e for e in load(path)["marketingEvents"]}


def apply_manifest(cli: Cli, folder: Path, text: str) -> None:
    """Change the portal the way a user would: apply a manifest kept outside the import folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = cli("apply", str(folder), "--auto-approve")
    assert result.exit_code == 0, result.output


def test_import_demo_portal_then_plan_shows_no_changes(
    cli: Cli, workdir: Path, schemas: Path
) -> None:
    result = cli("import", "--out", "manifests")
    assert result.exit_code == 0, result.output
    assert "Target: embedded sandbox portal" in result.stdout
    assert "Wrote manifests/campaigns.yaml: 7 campaigns added" in result.stdout
    assert "Wrote manifests/marketing-events.yaml: 5 marketing events added" in result.stdout
    assert "does not validate" not in result.stdout

    plan = cli("plan", "manifests", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    assert "No changes" in plan.stdout


def test_import_counts_its_reads_in_words(cli: Cli, workdir: Path) -> None:
    result = cli("import", "--out", "manifests", "--kind", "campaigns")
    assert result.exit_code == 0, result.output
    assert "Read 7 campaigns in 1 request (" in result.stdout, result.stdout
    assert cli("validate", "manifests").exit_code == 0


def test_import_outside_a_repository_saves_the_schema_its_modeline_names(
    cli: Cli, workdir: Path
) -> None:
    """No schemas/ folder above: the shipped schema is saved next to the manifests."""
    result = cli("import", "--out", "hubspot")
    assert result.exit_code == 0, result.output
    assert "Editor schema: hubspot/manifest.schema.json" in result.stdout
    for name in ("campaigns.yaml", "marketing-events.yaml"):
        first = (workdir / "hubspot" / name).read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=manifest.schema.json"
    saved = workdir / "hubspot" / "manifest.schema.json"
    assert saved.read_text() == (REPO / "schemas" / "manifest.schema.json").read_text()
    assert cli("validate", "hubspot").exit_code == 0  # the JSON file is not read as a manifest

    saved.write_text("{}")  # an older version's: a new import refreshes it
    assert cli("import", "--out", "hubspot").exit_code == 0
    assert saved.read_text() == (REPO / "schemas" / "manifest.schema.json").read_text()


def test_import_in_a_repository_with_schemas_writes_no_copy(
    cli: Cli, workdir: Path, schemas: Path
) -> None:
    result = cli("import", "--out", "manifests")
    assert result.exit_code == 0, result.output
    assert not (workdir / "manifests" / "manifest.schema.json").exists()
    assert "Editor schema" not in result.stdout


def test_imported_files_pin_ids_and_hold_only_writable_non_empty_values(
    cli: Cli, workdir: Path, schemas: Path
) -> None:
    assert cli("import").exit_code == 0  # default --out manifests
    campaigns_file = workdir / "manifests" / "campaigns.yaml"
    events_file = workdir / "manifests" / "marketing-events.yaml"
    text = campaigns_file.read_text()

    # header: the editor schema (relative to the out folder), where and how it was imported
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/manifest.schema.json"
    assert any(line.startswith("# Imported from the embedded sandbox portal (") for line in lines)
    assert "`reconciler import --out manifests`" in text
    assert "127.0.0.1" not in text  # the sandbox's port changes every run: not in the file

    campaigns = by_id(campaigns_file)
    assert set(campaigns) >= {GUID_SPRING, *Q3}
    assert [campaigns[g]["name"] for g in Q3] == ["Q3 Nurture", "Q3 Nurture"]
    assert "properties" not in campaigns[Q3[0]]  # nothing non-empty to manage
    spring = campaigns[GUID_SPRING]["properties"]
    assert spring == {
        "hs_start_date": "2026-03-01",
        "hs_end_date": "2026-04-30",
        "hs_notes": "Draft copy - check with legal",
        "hs_audience": "Developers",
        "hs_campaign_status": "planned",
    }
    for campaign in campaigns.values():
        for name, value in campaign.get("properties", {}).items():
            assert name in WRITABLE_CAMPAIGN_PROPERTIES
            assert name not in READ_ONLY_CAMPAIGN_PROPERTIES
            assert value not in ("", None)
    assert "hs_color_hex" not in text and "hs_owner" not in text
    assert "hs_start_date: 2026-03-01\n" in text  # dates unquoted, as the examples write them

    events = by_object_id(events_file)
    assert set(events) == {"100001", "100002", "100003", "100004", "100005"}
    assert events["100001"]["externalAccountId"] == "acct-1"
    assert events["100001"]["externalEventId"] == "webinar-42"
    assert events["100004"]["externalAccountId"] == "partner-acct"  # another app's event
    meetup = events["100003"]  # made in the UI: no external ids, pinned by objectId only
    assert "externalAccountId" not in meetup and "externalEventId" not in meetup
    assert "eventUrl" not in meetup  # empty on the portal: left out, not ""
    etext = events_file.read_text()
    assert "eventCompleted" not in etext
    assert "startDateTime: 2026-03-10T16:00:00Z\n" in etext
    for event in events.values():
        assert all(v not in ("", None) for v in event.values())
        assert event["startDateTime"].endswith("Z") and event["endDateTime"].endswith("Z")
    assert events["100001"]["customProperties"] == {"region": "EMEA", "track": "product"}


def test_reimport_keeps_comments_and_restores_values(cli: Cli, workdir: Path) -> None:
    assert cli("import").exit_code == 0
    campaigns_file = workdir / "manifests" / "campaigns.yaml"
    events_file = workdir / "manifests" / "marketing-events.yaml"
    text = campaigns_file.read_text()
    assert "      hs_notes: Budget approved\n" in text
    text = text.replace(
        "      hs_notes: Budget approved\n",
        "      hs_notes: Budget cut  # waiting for finance\n",
    ).replace("campaigns:\n", "# Owned by marketing ops.\ncampaigns:\n")
    campaigns_file.write_text(text)
    etext = events_file.read_text()
    etext = etext.replace("eventName: DevConf 2026\n", "eventName: DevConf 2027  # renamed?\n")
    events_file.write_text(etext)

    plan = cli("plan", "manifests", "--detailed-exitcode")
    assert plan.exit_code == 2, plan.output  # the edits are changes

    result = cli("import")
    assert result.exit_code == 0, result.output
    assert "Updated manifests/campaigns.yaml: 1 campaign updated" in result.stdout
    assert "Updated manifests/marketing-events.yaml: 1 marketing event updated" in result.stdout

    after = campaigns_file.read_text()
    assert "# Owned by marketing ops.\ncampaigns:\n" in after
    assert "hs_notes: Budget approved # waiting for finance\n" in after
    # nothing else moved: the file is the edited one with the one value put back
    assert after == text.replace("Budget cut  #", "Budget approved #")
    assert "eventName: DevConf 2026  # renamed?\n" in events_file.read_text()
    assert cli("plan", "manifests", "--detailed-exitcode").exit_code == 0

    # nothing changed on the portal: a third import writes nothing at all
    mtimes = {p: p.stat().st_mtime_ns for p in (campaigns_file, events_file)}
    again = cli("import")
    assert "Already up to date: 7 campaigns, 5 marketing events." in again.stdout
    assert "Updated" not in again.stdout and "Wrote" not in again.stdout
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_reimport_finds_objects_in_any_file_and_appends_new_ones(cli: Cli, workdir: Path) -> None:
    """Objects moved to another file are found there; new portal objects go to the default file."""
    assert cli("import").exit_code == 0
    out = workdir / "manifests"
    # the user splits the campaigns: Spring Launch moves to its own file, with its own comment
    text = (out / "campaigns.yaml").read_text()
    start = text.index("  - name: Spring Launch 2026")
    end = text.index("  - name: Summer Webinar Series")
    spring = text[start:end]
    (out / "campaigns.yaml").write_text(text[:start] + text[end:])
    (out / "launch").mkdir()
    (out / "launch" / "spring.yaml").write_text("campaigns:\n  # the big one\n" + spring)

    apply_manifest(
        cli,
        workdir / "changes",
        f"""
        campaigns:
          - name: Spring Launch 2026
            id: {GUID_SPRING}
            properties:
              hs_end_date: 2026-05-15
          - name: Autumn Push
            properties:
              hs_audience: Everyone
        """,
    )
    result = cli("import")
    assert result.exit_code == 0, result.output
    assert "Updated manifests/launch/spring.yaml: 1 campaign updated" in result.stdout
    assert "Updated manifests/campaigns.yaml: 1 campaign added" in result.stdout

    moved = (out / "launch" / "spring.yaml").read_text()
    assert "  # the big one\n" in moved and "hs_end_date: 2026-05-15" in moved
    main = load(out / "campaigns.yaml")["campaigns"]
    assert [c["name"] for c in main].count("Spring Launch 2026") == 0
    assert main[-1]["name"] == "Autumn Push" and main[-1]["properties"] == {
        "hs_audience": "Everyone"
    }
    assert "\n\n  - name: Autumn Push\n" in (out / "campaigns.yaml").read_text()
    assert cli("plan", "manifests", "--detailed-exitcode").exit_code == 0


def test_objects_gone_from_the_portal_are_kept_and_reported(cli: Cli, workdir: Path) -> None:
    assert cli("import").exit_code == 0
    apply_manifest(
        cli,
        workdir / "changes",
        f"""
        campaigns:
          - name: Partner Roadshow
            id: {GUID_ROADSHOW}
            state: absent
        """,
    )
    before = (workdir / "manifests" / "campaigns.yaml").read_text()
    result = cli("import")
    assert result.exit_code == 0, result.output
    assert "In the manifests but not on the portal (1;" in result.stdout
    assert 'campaign "Partner Roadshow" (pinned to an id the portal does not have' in result.stdout
    assert (workdir / "manifests" / "campaigns.yaml").read_text() == before


def test_kind_imports_one_kind_only(cli: Cli, workdir: Path) -> None:
    result = cli("import", "--out", "only-events", "--kind", "marketingEvents")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workdir / "only-events").iterdir()) == [
        "manifest.schema.json",
        "marketing-events.yaml",
    ]
    assert "Read 5 marketing events" in result.stdout
    assert (
        "--kind marketingEvents" in (workdir / "only-events" / "marketing-events.yaml").read_text()
    )
    assert cli("plan", "only-events", "--detailed-exitcode").exit_code == 0

    result = cli("import", "--out", "only-campaigns", "--kind", "campaigns")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workdir / "only-campaigns").iterdir()) == [
        "campaigns.yaml",
        "manifest.schema.json",
    ]
    assert cli("plan", "only-campaigns", "--detailed-exitcode").exit_code == 0


def test_property_limits_the_campaign_properties(cli: Cli, workdir: Path) -> None:
    result = cli(
        "import", "--out", "dates", "--kind", "campaigns",
        "--property", "hs_start_date", "--property", "hs_end_date",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    campaigns = by_id(workdir / "dates" / "campaigns.yaml")
    assert campaigns[GUID_SPRING]["properties"] == {
        "hs_start_date": "2026-03-01",
        "hs_end_date": "2026-04-30",
    }
    assert all(
        set(c.get("properties", {})) <= {"hs_start_date", "hs_end_date"} for c in campaigns.values()
    )
    assert cli("plan", "dates", "--detailed-exitcode").exit_code == 0

    # a later import with --property refreshes only those; other managed keys are left alone
    path = workdir / "dates" / "campaigns.yaml"
    text = path.read_text().replace("hs_end_date: 2026-04-30", "hs_end_date: 2030-01-01")
    text = text.replace("hs_start_date: 2026-03-01", "hs_start_date: 2030-01-01")
    path.write_text(text)
    assert cli("import", "--out", "dates", "--property", "hs_end_date").exit_code == 0
    spring = by_id(path)[GUID_SPRING]["properties"]
    assert spring == {"hs_start_date": "2030-01-01", "hs_end_date": "2026-04-30"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hs_owner", "read-only"),
        ("hs_color_hex", "read-only"),
        ("hs_goal", "deprecated"),
        ("hs_start_dat", 'did you mean "hs_start_date"'),
    ],
)
def test_property_refuses_what_cannot_be_managed(
    cli: Cli, workdir: Path, name: str, message: str
) -> None:
    result = cli("import", "--property", name)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (workdir / "manifests").exists()


def test_import_into_the_example_manifests_keeps_the_users_text(cli: Cli, workdir: Path) -> None:
    """Adopting with hand-written manifests: values refreshed, comments and spelling kept."""
    shutil.copytree(REPO / "manifests", workdir / "manifests")
    original_events = (workdir / "manifests" / "events.yaml").read_text()
    result = cli("import")
    assert result.exit_code == 0, result.output
    events = (workdir / "manifests" / "events.yaml").read_text()
    # the same instant, written in Paris time: kept as the user wrote it
    assert "startDateTime: 2026-03-10T17:00:00+01:00  # 16:00 UTC, written in Paris time" in events
    # values that differ are the portal's again, quoting and comments kept
    assert 'eventName: "Launch webinar"\n' in events
    assert "# the old walkthrough blurb is out of date" in events
    assert events.count("\n") == original_events.count("\n")
    # objects only in the manifests and the explicit delete are reported, not removed
    assert 'campaign "Black Friday 2026" (plan would create it)' in result.stdout
    assert 'marketing event "acct-1/roadshow-berlin" (plan would create it)' in result.stdout
    assert 'kept `state: absent` on campaign "Holiday Promo 2025"' in result.stdout
    # the events the manifests do not name are added: the other app's webinar-42
    added = by_object_id(workdir / "manifests" / "marketing-events.yaml")
    assert set(added) == {"100004"}
    plan = cli("plan", "manifests", "--format", "json")
    assert plan.exit_code == 0, plan.output
    summary = json.loads(plan.stdout)["summary"]
    # the launch webinar's list 501 and the roadshow's form asset, which a default import
    # neither reads nor writes, and the two budget lines
    assert summary == {"create": 7, "update": 0, "delete": 1, "unchanged": 11}


def test_awkward_values_round_trip(cli: Cli, workdir: Path) -> None:
    """Multi-line text, numbers-as-text, booleans-as-text and dates in free text survive."""
    apply_manifest(
        cli,
        workdir / "changes",
        f"""
        campaigns:
          - name: Spring Launch 2026
            id: {GUID_SPRING}
            properties:
              hs_notes: "line one\\nline two: with a colon\\n"
              hs_utm: "010"
              hs_audience: "true"
              hs_campaign_status: 2026-01-01
        marketingEvents:
          - objectId: "100003"
            eventDescription: "# not a comment\\n- not a list"
            eventUrl: "https://example.com/a?b=c#d"
        """,
    )
    assert cli("import").exit_code == 0
    assert cli("validate", "manifests").exit_code == 0
    spring = by_id(workdir / "manifests" / "campaigns.yaml")[GUID_SPRING]["properties"]
    assert spring["hs_notes"] == "line one\nline two: with a colon\n"
    assert spring["hs_utm"] == "010" and spring["hs_audience"] == "true"
    meetup = by_object_id(workdir / "manifests" / "marketing-events.yaml")["100003"]
    assert meetup["eventDescription"] == "# not a comment\n- not a list"
    plan = cli("plan", "manifests", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_out_must_be_a_folder_and_broken_yaml_is_not_touched(cli: Cli, workdir: Path) -> None:
    (workdir / "file.yaml").write_text("campaigns: []\n")
    result = cli("import", "--out", "file.yaml")
    assert result.exit_code == 1 and "is a file" in result.stderr

    (workdir / "broken").mkdir()
    (workdir / "broken" / "x.yaml").write_text("campaigns:\n  - name: [unclosed\n")
    result = cli("import", "--out", "broken")
    assert result.exit_code == 1 and "is not valid YAML" in result.stderr
    assert sorted(p.name for p in (workdir / "broken").iterdir()) == ["x.yaml"]


def test_a_rename_in_hubspot_renames_the_pinned_entry(cli: Cli, workdir: Path) -> None:
    assert cli("import").exit_code == 0
    apply_manifest(
        cli,
        workdir / "changes",
        f"""
        campaigns:
          - name: Spring Launch 2026 (EMEA)
            id: {GUID_SPRING}
        """,
    )
    result = cli("import")
    assert result.exit_code == 0, result.output
    assert by_id(workdir / "manifests" / "campaigns.yaml")[GUID_SPRING]["name"] == (
        "Spring Launch 2026 (EMEA)"
    )
    assert cli("plan", "manifests", "--detailed-exitcode").exit_code == 0
