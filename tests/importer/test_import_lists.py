"""``import --kind marketingEventList``: each event's lists written into its entry (one read per
event, only when asked), refreshed on re-import; the plan right after is empty."""

from __future__ import annotations

import textwrap
from pathlib import Path

from .conftest import Cli
from .test_import_e2e import by_object_id


def apply_lists(cli: Cli, folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = cli("apply", str(folder), "--auto-approve")
    assert result.exit_code == 0, result.output


CHANGE = """
marketingEvents:
  - objectId: "100001"
    lists: [501, 503]
  - objectId: "100002"
    lists: [502]
"""


def test_import_writes_each_events_lists_when_asked_and_plan_is_empty(
    cli: Cli, workdir: Path
) -> None:
    apply_lists(cli, workdir / "elsewhere", CHANGE)
    result = cli("import", "--out", "imported", "--kind", "marketingEventList")
    assert result.exit_code == 0, result.output
    # events come with their lists: the list read, 5 list reads, and the accounts look-ups
    assert "Read 5 marketing events, 3 event lists in" in result.stdout
    events = by_object_id(workdir / "imported" / "marketing-events.yaml")
    assert events["100001"]["lists"] == ["501", "503"]
    assert events["100002"]["lists"] == ["502"]
    assert "lists" not in events["100003"]  # none on the portal: nothing managed
    text = (workdir / "imported" / "marketing-events.yaml").read_text()
    assert "lists: ['501', '503']" in text  # on one line, ids as text
    assert "--kind marketingEventList" in text
    assert not (workdir / "imported" / "campaigns.yaml").exists()
    assert cli("plan", "imported", "--detailed-exitcode").exit_code == 0

    apply_lists(
        cli, workdir / "elsewhere", 'marketingEvents:\n  - objectId: "100002"\n    lists: [501]\n'
    )
    again = cli("import", "--out", "imported", "--kind", "marketingEventList")
    assert again.exit_code == 0, again.output
    assert by_object_id(workdir / "imported" / "marketing-events.yaml")["100002"]["lists"] == [
        "501",
        "502",
    ]
    assert cli("plan", "imported", "--detailed-exitcode").exit_code == 0


def test_a_default_import_reads_and_writes_no_lists(cli: Cli, workdir: Path) -> None:
    apply_lists(cli, workdir / "elsewhere", CHANGE)
    result = cli("import", "--out", "imported")
    assert result.exit_code == 0, result.output
    assert "event list" not in result.stdout
    assert all(
        "lists" not in e
        for e in by_object_id(workdir / "imported" / "marketing-events.yaml").values()
    )


def test_an_unknown_kind_names_the_choices(cli: Cli, workdir: Path) -> None:
    result = cli("import", "--out", "imported", "--kind", "lists")
    assert result.exit_code != 0
    assert "marketingEventList" in result.output
