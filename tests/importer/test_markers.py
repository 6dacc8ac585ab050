"""The round trip of ``pin`` and ``import`` keeps a multi-document file's markers as written,
and the line numbers it reads are the file's."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler import roundtrip
from reconciler.errors import ReconcilerError
from reconciler.markers import split

UNCHANGED = {
    "leading marker": "---\ncampaigns:\n  - name: A\n",
    "trailing end": "campaigns:\n  - name: A\n...\n",
    "between": "campaigns:\n  - name: A\n---\nmarketingEvents: []\n",
    "end then start": "---\ncampaigns: []\n...\n---\nmarketingEvents: []\n...\n",
    "comments on markers": "# top\n---  # one\ncampaigns: []\n# after\n--- # two\ncampaigns: []\n",
    "blank lines": "\n\n---\n\n\ncampaigns:\n  - name: A\n\n---\n\nmarketingEvents: []\n",
    "empty documents": "campaigns: []\n---\n---\n# nothing\n---\n",
    "no final newline": "campaigns: []\n...",
}


@pytest.mark.parametrize("name", list(UNCHANGED))
def test_an_unchanged_file_is_written_back_byte_for_byte(tmp_path: Path, name: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(UNCHANGED[name], encoding="utf-8")
    loaded = roundtrip.load(path, "test")
    assert loaded.split is not None
    got = roundtrip.dump(loaded.yaml, loaded.documents, loaded.split)
    assert got == UNCHANGED[name]


def test_each_item_has_its_line_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "# top\n"  # 1
        "campaigns:\n"  # 2
        "  - name: A\n"  # 3
        "---   # events\n"  # 4
        "\n"  # 5
        "marketingEvents:\n"  # 6
        "  - {externalAccountId: a, externalEventId: b}\n"  # 7
        "...\n"  # 8
        "---\n"  # 9
        "campaigns:\n"  # 10
        "  - name: C\n"  # 11
        "    budget:\n"  # 12
        "      - {name: Ads, amount: 5}\n",  # 13
        encoding="utf-8",
    )
    loaded = roundtrip.load(path, "test")
    lines = [item.lc.line + 1 for _, item in roundtrip.items(loaded.documents)]
    assert lines == [3, 7, 11]
    budget = loaded.documents[-1]["campaigns"][0]["budget"][0]
    assert budget.lc.line + 1 == 13
    assert loaded.documents[-1]["campaigns"][0].lc.key("budget") == (11, 4)


def test_a_yaml_error_names_the_files_line(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    text = "campaigns: []\n---\n\ncampaigns: [\n  - name\n"  # the error is on line 5
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReconcilerError) as caught:
        roundtrip.load(path, "cannot pin m.yaml")
    assert "line 5" in "\n".join(caught.value.details)


@pytest.mark.parametrize(
    "text",
    [
        "campaigns: []\n",  # no marker: ruamel reads it whole, as ever
        "--- {campaigns: []}\n",  # content on a marker line
        "%YAML 1.2\n---\ncampaigns: []\n",  # a directive
        "campaigns: []\n----\n",  # not a marker
    ],
)
def test_files_ruamel_reads_whole(text: str) -> None:
    assert split(text) is None
