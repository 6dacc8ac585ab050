"""The importer's pure helpers, and file layouts other than the one import writes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reconciler.errors import ReconcilerError
from reconciler.importer import (
    _schema_path,
    _space_items,
    _to_yaml,
    campaign_properties,
)
from reconciler.models import WRITABLE_CAMPAIGN_PROPERTIES
from reconciler.roundtrip import guess_indent as _guess_indent
from reconciler.roundtrip import make_yaml as _yaml

from .conftest import Cli

GUID_SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("campaigns:\n  - name: x\n    properties:\n      a: 1\n", (2, 4, 2)),
        ("campaigns:\n- name: x\n  properties:\n      a: 1\n", (4, 2, 0)),
        ("campaigns:\n    -   name: x\n        properties:\n           a: 1\n", (3, 8, 4)),
        ("", (2, 4, 2)),
    ],
)
def test_guess_indent(text: str, expected: tuple[int, int, int]) -> None:
    assert _guess_indent(text) == expected
    if text:  # and ruamel writes the file back exactly with what was guessed
        import io

        yaml = _yaml(*expected)
        out = io.StringIO()
        yaml.dump(yaml.load(text), out)
        assert out.getvalue() == text


def test_campaign_properties() -> None:
    assert campaign_properties(None) == list(WRITABLE_CAMPAIGN_PROPERTIES)
    assert campaign_properties(["hs_notes", "hs_name", "hs_notes", "my_custom"]) == [
        "hs_notes",
        "my_custom",
    ]
    with pytest.raises(ReconcilerError, match="hs_owner"):
        campaign_properties(["hs_owner"])


def test_schema_path_is_relative_and_stops_at_the_repository(tmp_path: Path) -> None:
    (tmp_path / "repo" / "schemas").mkdir(parents=True)
    (tmp_path / "repo" / "schemas" / "manifest.schema.json").write_text("{}")
    (tmp_path / "repo" / "deep" / "manifests").mkdir(parents=True)
    assert _schema_path(tmp_path / "repo" / "deep" / "manifests") == (
        "../../schemas/manifest.schema.json"
    )
    (tmp_path / "other" / ".git").mkdir(parents=True)
    (tmp_path / "other" / "manifests").mkdir()
    assert _schema_path(tmp_path / "other" / "manifests") is None


def test_space_items_separates_top_level_items_only() -> None:
    body = "campaigns:\n  - name: a\n    properties:\n      x: |\n        - b\n  - name: c\n"
    assert _space_items(body) == (
        "campaigns:\n  - name: a\n    properties:\n      x: |\n        - b\n\n  - name: c\n"
    )


def test_multi_line_text_is_a_block_only_when_it_round_trips() -> None:
    assert type(_to_yaml("a\nb")).__name__ == "LiteralScalarString"
    assert type(_to_yaml("trailing space \nb")).__name__ == "str"
    assert type(_to_yaml(" leading\nb")).__name__ == "str"
    assert _to_yaml(True) is True


def test_reimport_keeps_a_different_indentation_style(cli: Cli, workdir: Path) -> None:
    (workdir / "manifests").mkdir()
    path = workdir / "manifests" / "mine.yaml"
    text = textwrap.dedent(
        f"""\
        # compact style, list items at column 0
        campaigns:
        - name: Spring Launch 2026
          id: {GUID_SPRING}
          properties:
              hs_notes: stale   # four-space maps
              hs_audience: Developers
        """
    )
    path.write_text(text)
    result = cli("import", "--kind", "campaigns")
    assert result.exit_code == 0, result.output
    after = path.read_text()
    assert after == text.replace(
        "hs_notes: stale   # four-space maps",
        "hs_notes: Draft copy - check with legal # four-space maps",
    )
    assert cli("plan", "manifests", "--detailed-exitcode").exit_code == 0


def test_a_comment_only_default_file_keeps_its_comments(cli: Cli, workdir: Path) -> None:
    (workdir / "manifests").mkdir()
    path = workdir / "manifests" / "campaigns.yaml"
    path.write_text("# Campaigns go here.\n# Owner: marketing ops\n")
    assert cli("import", "--kind", "campaigns").exit_code == 0
    after = path.read_text()
    assert after.startswith("# Campaigns go here.\n# Owner: marketing ops\n\ncampaigns:\n")
    assert cli("plan", "manifests", "--detailed-exitcode").exit_code == 0


def test_an_event_entry_pinned_only_for_another_portal_is_named_by_those_ids() -> None:
    """Imported for production, a UI event (no external ids) pinned only for staging is
    reported by the ids it has, not as "None"."""
    from ruamel.yaml.comments import CommentedMap

    from reconciler import roundtrip
    from reconciler.importer.files import Entry, ManifestFile
    from reconciler.kinds import KINDS, MARKETING_EVENT

    text = "marketingEvents:\n  - objectId: {staging: '100003'}\n    eventName: Meetup\n"
    yaml = roundtrip.make_yaml()
    data: CommentedMap = yaml.load(text)
    file = ManifestFile(Path("m.yaml"), text, [data], yaml)
    entry = Entry(KINDS[MARKETING_EVENT], data["marketingEvents"][0], file, 2, "production")
    assert entry.label() == 'marketing event "100003 (staging)"'
    assert Entry(
        KINDS[MARKETING_EVENT], data["marketingEvents"][0], file, 2, "staging"
    ).label() == ('marketing event "100003"')
