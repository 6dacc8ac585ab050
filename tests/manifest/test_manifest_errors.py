"""Each kind of manifest mistake: exit 1, the exact file:line:col, the object, what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from manifest_helpers import Write, run_validate

from reconciler.errors import ManifestError
from reconciler.manifest import load_manifests

CASES = {
    "syntax error with the parser's line": (
        """
        campaigns:
          - name: Spring
            properties: {hs_notes: "x"
          - name: Other
        """,
        ["c.yaml:4:3:", "invalid YAML"],
    ),
    "tab indentation": (
        "campaigns:\n\t- name: x\n",
        ["c.yaml:2:1:", "invalid YAML", "spaces, not tabs"],
    ),
    "duplicate key in a mapping": (
        """
        campaigns:
          - name: Spring
            properties:
              hs_notes: a
              hs_notes: b
        """,
        ['c.yaml:5:7: campaign "Spring": duplicate key "hs_notes" (first at line 4)'],
    ),
    "duplicate top-level key": (
        "campaigns: []\ncampaigns: []\n",
        ['c.yaml:2:1: duplicate key "campaigns" (first at line 1)'],
    ),
    "unknown key with did you mean": (
        """
        campaigns:
          - name: Spring
            propertis: {}
        """,
        ['c.yaml:3:5: campaign "Spring": unknown key "propertis" (did you mean "properties"?)'],
    ),
    "unknown event key with did you mean": (
        """
        marketingEvents:
          - objectId: 42
            eventNmae: x
        """,
        ['c.yaml:3:5: marketing event 42: unknown key "eventNmae" (did you mean "eventName"?)'],
    ),
    "unknown top-level key": (
        "campaign:\n  - name: x\n",
        ['c.yaml:1:1: unknown top-level key "campaign" (did you mean "campaigns"?)'],
    ),
    "top level is a list": (
        "- name: x\n",
        ["c.yaml:1:1: the top level must be a mapping"],
    ),
    "list is a mapping": (
        "campaigns:\n  name: x\n",
        ["c.yaml:2:3: `campaigns` must be a list"],
    ),
    "item is not a mapping": (
        "marketingEvents:\n  - acct-1/webinar-42\n",
        ["c.yaml:2:5: marketing event #1 in `marketingEvents` must be a mapping"],
    ),
    "wrong type: boolean as text": (
        """
        marketingEvents:
          - externalAccountId: acct-1
            externalEventId: webinar-42
            eventCancelled: "no"
        """,
        [
            "c.yaml:4:5: marketing event acct-1/webinar-42: eventCancelled must be true or false",
        ],
    ),
    "wrong type: boolean as name": (
        "campaigns:\n  - name: true\n",
        ["c.yaml:2:5: campaign #1: name must be text, not a boolean (true)"],
    ),
    "wrong type: properties is a list": (
        "campaigns:\n  - name: Spring\n    properties: [hs_notes]\n",
        ['c.yaml:3:5: campaign "Spring": `properties` must be a mapping'],
    ),
    "wrong type: property value is a list": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_notes: [a, b]\n",
        ['c.yaml:4:7: campaign "Spring": "hs_notes" must be a string, number, boolean or null'],
    ),
    "wrong type: customProperties is a list": (
        """
        marketingEvents:
          - objectId: "1"
            customProperties:
              - {name: region, value: EMEA}
        """,
        ["c.yaml:3:5: marketing event 1: `customProperties` must be a mapping"],
    ),
    "wrong state": (
        "campaigns:\n  - name: Spring\n    state: deleted\n",
        ['c.yaml:3:5: campaign "Spring": state must be "present" or "absent", not "deleted"'],
    ),
    "missing name": (
        "campaigns:\n  - id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8\n",
        ['c.yaml:2:5: campaign 9dbec438-53e2-4b28-8c0f-38f56574a6e8: "name" is required'],
    ),
    "event without identity": (
        "marketingEvents:\n  - externalAccountId: acct-1\n    eventName: x\n",
        ["c.yaml:2:5: marketing event #1: an event needs objectId", "missing externalEventId"],
    ),
    "read-only property": (
        """
        campaigns:
          - name: Spring
            properties:
              hs_audience: Developers
              hs_color_hex: "#ff0000"
              hs_goal: 10
              hs_budget_items_sum_amount: 5
        """,
        [
            'c.yaml:5:7: campaign "Spring": "hs_color_hex" cannot be managed',
            'c.yaml:6:7: campaign "Spring": "hs_goal" cannot be managed: it is deprecated',
            'c.yaml:7:7: campaign "Spring": "hs_budget_items_sum_amount" cannot be managed',
        ],
    ),
    "hs_name inside properties": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_name: Spring\n",
        ['c.yaml:4:7: campaign "Spring": "hs_name" is the campaign name: set `name` instead'],
    ),
    "unknown hs_ property": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_end_dte: 2026-01-01\n",
        ['c.yaml:4:7: campaign "Spring": "hs_end_dte" is not a writable', 'mean "hs_end_date"'],
    ),
    "date not YYYY-MM-DD": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_start_date: 01/03/2026\n",
        ['c.yaml:4:7: campaign "Spring": "hs_start_date" must be a date YYYY-MM-DD'],
    ),
    "date that does not exist": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_end_date: 2026-02-30\n",
        ['c.yaml:4:7: campaign "Spring": "hs_end_date" "2026-02-30" is not a real date'],
    ),
    "date with a time": (
        "campaigns:\n  - name: Spring\n    properties:\n      hs_end_date: 2026-02-01T10:00:00Z\n",
        ['c.yaml:4:7: campaign "Spring": "hs_end_date" must be a date YYYY-MM-DD'],
    ),
    "datetime without an offset": (
        """
        marketingEvents:
          - externalAccountId: acct-1
            externalEventId: webinar-42
            startDateTime: 2026-03-10T16:00:00
        """,
        [
            "c.yaml:4:5: marketing event acct-1/webinar-42: startDateTime:",
            "has no time zone: end it with Z or an offset",
        ],
    ),
    "datetime that is a date": (
        "marketingEvents:\n  - objectId: 7\n    endDateTime: 2026-03-10\n",
        [
            "c.yaml:3:5: marketing event 7: endDateTime:",
            "has no time: write a datetime such as 2026-03-10T16:00:00Z",
        ],
    ),
    "same campaign name twice in one file": (
        """
        campaigns:
          - name: Spring
          - name: Other
          - name: Spring
            state: absent
        """,
        [
            'c.yaml:4:5: campaign "Spring": declared twice: this campaign and the one at '
            'c.yaml:2:5 have the same name "Spring"'
        ],
    ),
    "same pinned campaign id twice": (
        """
        campaigns:
          - name: Spring
            id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8
          - name: Spring renamed
            id: 9DBEC438-53E2-4B28-8C0F-38F56574A6E8
        """,
        ["c.yaml:4:5:", "c.yaml:2:5 have the same id 9dbec438-53e2-4b28-8c0f-38f56574a6e8"],
    ),
    "same event key twice": (
        """
        marketingEvents:
          - externalAccountId: acct-1
            externalEventId: webinar-42
          - externalAccountId: acct-1
            externalEventId: webinar-42
            eventName: x
        """,
        [
            "c.yaml:4:5: marketing event acct-1/webinar-42: declared twice",
            "c.yaml:2:5 have the same externalAccountId/externalEventId acct-1/webinar-42",
        ],
    ),
    "same event objectId twice": (
        """
        marketingEvents:
          - objectId: 100003
          - objectId: "100003"
        """,
        ["c.yaml:3:5: marketing event 100003: declared twice", "the same objectId 100003"],
    ),
    "duplicate even when one copy is invalid": (
        """
        campaigns:
          - name: Spring
            nmae: x
          - name: Spring
        """,
        ['c.yaml:3:5: campaign "Spring": unknown key', "c.yaml:4:5:", "have the same name"],
    ),
    "alias refused (billion laughs)": (
        """
        campaigns:
          - &a {name: x}
          - *a
        """,
        ["c.yaml:3:5: aliases (*a) are not supported"],
    ),
    "merge key refused": (
        """
        campaigns:
          - &base
            name: x
          - <<: *base
            name: y
        """,
        ["c.yaml:4:9: aliases (*base) are not supported"],
    ),
    "explicit tag refused": (
        "campaigns:\n  - name: !!int 3\n",
        ["c.yaml:2:11: YAML tags such as !!int are not supported"],
    ),
    "deep nesting refused": (
        "campaigns:\n  - name: " + "[" * 200 + "]" * 200 + "\n",
        ["c.yaml:2:", "nested too deeply"],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=list(CASES))
def test_each_mistake_is_reported_at_its_line(write: Write, text: str, expected: list[str]) -> None:
    write("c.yaml", text)
    run = run_validate("c.yaml")
    assert run.exit_code == 1, run.output
    for fragment in expected:
        assert fragment in run.output, f"{fragment!r} not in:\n{run.output}"
    assert run.output.rstrip().endswith("in 1 file.")


EMPTIED = ["eventName", "eventOrganizer", "startDateTime", "endDateTime", "eventCancelled"]


@pytest.mark.parametrize("field", EMPTIED)
@pytest.mark.parametrize("empty", ['""', "null", "~", ""])
def test_fields_that_cannot_be_emptied(write: Write, field: str, empty: str) -> None:
    write("e.yaml", f"marketingEvents:\n  - objectId: 9\n    {field}: {empty}\n")
    run = run_validate("e.yaml")
    assert run.exit_code == 1
    assert f"e.yaml:3:5: marketing event 9: {field} cannot be emptied on HubSpot" in run.output


@pytest.mark.parametrize("field", ["eventType", "eventDescription", "eventUrl"])
def test_fields_that_can_be_emptied(write: Write, field: str) -> None:
    write("e.yaml", f'marketingEvents:\n  - objectId: 9\n    {field}: ""\n')
    assert run_validate("e.yaml").exit_code == 0


def test_same_object_across_files_names_both_places(write: Write) -> None:
    write("m/a.yaml", "marketingEvents:\n  - externalAccountId: acct-1\n    externalEventId: w\n")
    write(
        "m/b/c.yml",
        "campaigns:\n  - name: C\nmarketingEvents:\n  - externalAccountId: acct-1\n    externalEventId: w\n",
    )
    write("m/z.yaml", "campaigns:\n  - name: C\n")
    run = run_validate("m")
    assert run.exit_code == 1
    # files are read in sorted order: m/a.yaml, m/b/c.yml, m/z.yaml
    assert (
        "m/b/c.yml:4:5: marketing event acct-1/w: declared twice: this marketing event and the one at m/a.yaml:2:5"
        in run.output
    )
    assert (
        'm/z.yaml:2:5: campaign "C": declared twice: this campaign and the one at m/b/c.yml:2:5'
        in run.output
    )
    assert run.output.rstrip().endswith("2 errors in 2 files.")


def test_all_problems_of_all_files_in_one_run(write: Write) -> None:
    write("m/a.yaml", "campaigns:\n  - name: A\n    sate: absent\n")
    write("m/b.yaml", "campaigns: [\n")
    write("m/c.yaml", b"campaigns:\n  - name: caf\xe9\n")
    write("m/d.yaml", "campaigns:\n  - name: D\n")
    run = run_validate("m")
    assert run.exit_code == 1
    lines = run.output.splitlines()
    assert lines[0].startswith(
        'm/a.yaml:3:5: campaign "A": unknown key "sate" (did you mean "state"?)'
    )
    assert lines[1].startswith("m/b.yaml:2:1: invalid YAML")
    assert lines[2] == "m/c.yaml:2:14: the file is not UTF-8 text (byte 0xe9): save it as UTF-8"
    assert lines[3] == "3 errors in 3 files."


def test_missing_path_is_an_error(write: Write) -> None:
    write("m/a.yaml", "campaigns: []\n")
    run = run_validate("m", "nope/")
    assert run.exit_code == 1
    assert "nope: no such file or folder" in run.output
    assert run.output.rstrip().endswith("1 error.")


def test_default_path_missing(write: Write) -> None:
    run = run_validate()
    assert run.exit_code == 1
    assert "manifests: no such file or folder" in run.output


def test_an_event_that_ends_before_it_starts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(
        "marketingEvents:\n  - objectId: 7\n    startDateTime: 2026-03-10T17:00:00+01:00\n"
        "    endDateTime: 2026-03-10T15:30:00Z\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError) as exc:
        load_manifests([tmp_path])
    assert "endDateTime 2026-03-10T15:30:00Z is before startDateTime 2026-03-10T16:00:00Z" in str(
        exc.value
    )


def test_a_missing_event_identity_is_reported_beside_other_mistakes(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(
        "marketingEvents:\n  - externalEventId: x\n    eventCancelled: maybe\n"
        "  - externalEventId: y\n    eventName: 1.10\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError) as exc:
        load_manifests([tmp_path])
    text = str(exc.value)
    assert text.count("missing externalAccountId") == 2 and "eventCancelled" in text


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text(
        "marketingEvents:\n  - objectId: 1\n    eventName: 1.10\n    eventType: 010\n",
        encoding="utf-8",
    )
    (event,) = load_manifests([tmp_path]).events
    assert event.obj.managed_values() == {"eventName": "1.10", "eventType": "010"}
