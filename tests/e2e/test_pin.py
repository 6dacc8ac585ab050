"""``reconciler pin`` over HTTP against the sandbox: ids written in place, formatting kept, and
the next plan needs no identity look-up while showing the same changes.

Regenerate the golden output after an intended change with
``UPDATE_GOLDEN=1 pytest tests/e2e/test_pin.py`` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

GOLDEN = Path(__file__).parent / "golden"


def identity_lookups(portal: SandboxControl) -> int:
    """/identifiers and by-external-id GETs (``.../events/{id}``), as the sandbox logged them,
    whatever the API version."""
    return sum(
        r.method == "GET" and (r.path.endswith("/identifiers") or "/events/" in r.path)
        for r in portal.requests()
    )


def plan_json(cli: CLI, *args: str) -> dict[str, Any]:
    result = cli("plan", *args, "--format", "json")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def changes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes without ``source``: pinning adds lines, so later objects move down."""
    return [{k: v for k, v in c.items() if k != "source"} for c in plan["changes"]]


def test_pin_writes_ids_in_place_and_the_next_plan_needs_no_lookup(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    folder = workdir / "handwritten"
    folder.mkdir()
    manifest = folder / "manifest.yaml"
    shutil.copy(GOLDEN / "pin-input.yaml", manifest)
    before = plan_json(cli, "handwritten")
    assert identity_lookups(portal) > 0
    assert before["requests"]["identity_lookups"] == identity_lookups(portal)

    portal.clear_requests()
    result = cli("pin", "handwritten")
    assert result.code == 0, result.err
    assert not [r for r in portal.requests() if r.is_write]

    got = manifest.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        (GOLDEN / "pin-expected.yaml").write_text(got, encoding="utf-8")
    assert got == (GOLDEN / "pin-expected.yaml").read_text(encoding="utf-8")
    # nothing but the id lines was added (the flow mapping gains its id on its own line)
    source = (GOLDEN / "pin-input.yaml").read_text(encoding="utf-8").splitlines()
    diff = [d for d in difflib.ndiff(source, got.splitlines()) if d[:1] in "+-"]
    assert [d for d in diff if d.startswith("-")] == [
        '-     -   {name: "Holiday Promo 2025", state: absent}    # flow style stays flow style'
    ]
    added = [d[2:].split(":")[0].strip(" -{") for d in diff if d.startswith("+")]
    assert sorted(added) == ["id", "name", "objectId", "objectId", "objectId"]

    # each printed location is the pinned object's line in the file as written
    lines = got.splitlines()
    printed = [
        line
        for line in result.out.splitlines()
        if line.startswith("Pinned ") and line.endswith(")")
    ]
    assert len(printed) == 5
    for line in printed:
        where = line.rsplit("(", 1)[1].rstrip(")")
        number = int(where.rsplit(":", 1)[1])
        assert where.startswith("handwritten/manifest.yaml:")
        label = line.split(": ", 1)[0].removeprefix("Pinned ")
        if label.startswith("campaign"):  # the object's first line holds its name
            assert label.split('"')[1] in lines[number - 1], (line, lines[number - 1])
        else:  # ... or its externalAccountId, with the externalEventId below
            assert label.rsplit("/", 1)[1] in lines[number], (line, lines[number])
    assert "1 object not on the portal, left as it is" in result.out  # Black Friday 2026

    portal.clear_requests()
    after = plan_json(cli, "handwritten")
    assert identity_lookups(portal) == 0
    assert after["requests"]["identity_lookups"] == 0
    assert changes(after) == changes(before)
    assert after["summary"] == before["summary"]


def bulk_events(sandbox: RunningSandbox, path: Path, count: int) -> None:
    """Events named by external ids only, one item per line of a block list."""
    with HubSpotClient(sandbox.base_url, "tok") as client:
        events = events_api.list_events(client)[:count]
    items = "".join(
        f"  - externalAccountId: bulk-acct   # event {i}\n"
        f"    externalEventId: {e.externalEventId}\n"
        "    eventOrganizer: Changed Org\n"
        for i, e in enumerate(events)
    )
    path.write_text("# bulk\nmarketingEvents:\n" + items, encoding="utf-8")


def test_a_plan_with_many_lookups_names_pin_and_after_pin_needs_none(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    portal.reset("empty")
    portal.seed_bulk(events=30)
    bulk_events(sandbox, workdir / "bulk.yaml", 30)
    before_json = plan_json(cli, "bulk.yaml")
    portal.clear_requests()
    before = cli("plan", "bulk.yaml")
    assert before.code == 0, before.err
    assert identity_lookups(portal) == 30
    last = before.out.rstrip("\n").splitlines()[-1]
    assert last.startswith("30 of the reads were identity look-ups")
    assert "about 2 s at 190 requests per 10 s" in last and "`reconciler pin`" in last
    markdown = cli("plan", "bulk.yaml", "--format", "markdown")
    assert "`reconciler pin`" in markdown.out.rstrip("\n").splitlines()[-1]

    portal.clear_requests()
    pinned = cli("pin", "bulk.yaml")
    assert pinned.code == 0, pinned.err
    assert "Pinned 30 objects (30 marketing events) in 1 file" in pinned.out
    assert not [r for r in portal.requests() if r.is_write]

    portal.clear_requests()
    after = cli("plan", "bulk.yaml")
    assert after.code == 0, after.err
    assert identity_lookups(portal) == 0
    assert "reconciler pin" not in after.out
    after_json = plan_json(cli, "bulk.yaml")
    assert len(changes(after_json)) == 30
    assert changes(after_json) == changes(before_json)


def test_a_file_with_nothing_to_pin_is_not_touched(cli: CLI, workdir: Path) -> None:
    folder = workdir / "mixed"
    folder.mkdir()
    # ruamel would re-indent this file (two list styles): it must not be written at all
    untouched = folder / "a-pinned.yaml"
    untouched.write_text(
        "campaigns:\n"
        "- name: Spring Launch 2026\n"
        "  id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n"
        "marketingEvents:\n"
        "    -   objectId: '100001'   # odd indent\n"
        "    -   externalAccountId: acct-1\n"
        "        externalEventId: not-on-the-portal\n"
        "        eventName: Later\n"
        "        eventOrganizer: Example Inc\n",
        encoding="utf-8",
    )
    pinnable = folder / "b-unpinned.yaml"
    pinnable.write_text("campaigns:\n  - name: Partner Roadshow\n", encoding="utf-8")
    before = untouched.stat().st_mtime_ns, untouched.read_bytes()
    result = cli("pin", str(folder))
    assert result.code == 0, result.err
    assert (untouched.stat().st_mtime_ns, untouched.read_bytes()) == before
    assert pinnable.read_text(encoding="utf-8") == (
        "campaigns:\n  - name: Partner Roadshow\n    id: 5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b\n"
    )
    assert "in 1 file;" in result.out


def test_ambiguous_and_doubly_claimed_objects_are_reported_and_left_alone(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    path = workdir / "odd.yaml"
    text = (
        "campaigns:\n"
        "  - name: Q3 Nurture\n"  # two live campaigns have this name
        "  - name: Legacy Newsletter\n"
        "  - name: Spring Launch 2026\n"  # the live one is pinned below
        "  - name: Renamed in the manifest\n"
        "    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n"
    )
    path.write_text(text, encoding="utf-8")
    result = cli("pin", "odd.yaml")
    assert result.code == 1
    assert (
        'odd.yaml:2: campaign "Q3 Nurture" matches 2 live objects '
        "(7a7a7a7a-0000-4000-8000-000000000001, 7a7a7a7a-0000-4000-8000-000000000002)"
    ) in result.out
    assert 'odd.yaml:4: campaign "Spring Launch 2026" matches 9dbec438' in result.out
    assert "already names: keep one of them" in result.out
    assert path.read_text(encoding="utf-8") == text.replace(
        "  - name: Legacy Newsletter\n",
        "  - name: Legacy Newsletter\n    id: 0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b\n",
    )


def test_nothing_to_pin_sends_nothing(cli: CLI, portal: SandboxControl, workdir: Path) -> None:
    (workdir / "all.yaml").write_text(
        "campaigns:\n  - name: Spring Launch 2026\n    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n",
        encoding="utf-8",
    )
    result = cli("pin", "all.yaml")
    assert result.code == 0, result.err
    assert "Nothing to pin" in result.out
    assert portal.requests() == []


def test_a_link_to_an_event_the_manifests_pin_needs_no_lookup(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    (workdir / "links.yaml").write_text(
        "campaigns:\n"
        "  - name: Spring Launch 2026\n"
        "    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n"
        "    marketingEvents:\n"
        "      - {externalAccountId: acct-1, externalEventId: webinar-42}\n"
        "marketingEvents:\n"
        "  - externalAccountId: acct-1\n"
        "    externalEventId: webinar-42\n"
        "    objectId: '100001'\n",
        encoding="utf-8",
    )
    plan = plan_json(cli, "links.yaml")
    assert identity_lookups(portal) == 0
    assert [(c["kind"], c["id"]) for c in plan["changes"]] == [
        ("campaignEventLink", "9dbec438-53e2-4b28-8c0f-38f56574a6e8/100001")
    ]


def test_a_json_manifest_stays_json(cli: CLI, workdir: Path) -> None:
    path = workdir / "generated.yaml"
    path.write_text(
        json.dumps(
            {
                "campaigns": [{"name": "Summer Webinar Series"}],
                "marketingEvents": [
                    {"externalAccountId": "acct-1", "externalEventId": "conf-2026"}
                ],
            }
        ),
        encoding="utf-8",
    )
    assert cli("pin", "generated.yaml").code == 0
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "campaigns": [
            {"name": "Summer Webinar Series", "id": "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"}
        ],
        "marketingEvents": [
            {"externalAccountId": "acct-1", "externalEventId": "conf-2026", "objectId": "100002"}
        ],
    }


def test_pin_says_which_links_still_need_lookups(cli: CLI, workdir: Path) -> None:
    (workdir / "links.yaml").write_text(
        "campaigns:\n"
        "  - name: Spring Launch 2026\n"
        "    marketingEvents:\n"
        "      - {externalAccountId: partner-acct, externalEventId: webinar-42}\n",
        encoding="utf-8",
    )
    result = cli("pin", "links.yaml")
    assert result.code == 0, result.err
    assert "1 campaign link names an event by external ids that no manifest event" in result.out
    assert "id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8" in (workdir / "links.yaml").read_text()
