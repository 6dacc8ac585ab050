"""``pin`` and ``import`` edit multi-document manifests (``---`` between documents, ``...`` at
their end) without touching a marker: no ``---`` added above the first document, none of the
``...`` dropped, a marker's comment and the comments between documents kept, and each line
``pin`` reports is the pinned object's line in the file as written.

Regenerate the golden output after an intended change with
``UPDATE_GOLDEN=1 pytest tests/e2e/test_pin_documents.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

GOLDEN = Path(__file__).parent / "golden"
MARKERS = ("---", "...")


def _markers(text: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.startswith(MARKERS)]


def test_pin_keeps_document_markers_byte_for_byte(cli: CLI, workdir: Path) -> None:
    manifest = workdir / "documents" / "manifest.yaml"
    manifest.parent.mkdir()
    shutil.copy(GOLDEN / "pin-documents-input.yaml", manifest)
    result = cli("pin", "documents")
    assert result.code == 0, result.err

    got = manifest.read_bytes()
    lines = got.decode().splitlines()
    printed = [line for line in result.out.splitlines() if line.startswith("Pinned ")][:-1]
    assert len(printed) == 4, result.out
    for line in printed:
        number = int(line.rsplit(":", 1)[1].rstrip(")"))
        label = line.split(": ", 1)[0].removeprefix("Pinned ")
        if label.startswith("campaign"):  # the object's first line holds its name
            assert label.split('"')[1] in lines[number - 1], (line, lines[number - 1])
        else:  # ... or its externalAccountId, with the externalEventId below
            assert "externalAccountId" in lines[number - 1], (line, lines[number - 1])
            assert label.rsplit("/", 1)[1] in lines[number], (line, lines[number])
    expected = GOLDEN / "pin-documents-expected.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_bytes(got)
    assert got == expected.read_bytes()
    source = (GOLDEN / "pin-documents-input.yaml").read_text(encoding="utf-8")
    assert [m for _, m in _markers(got.decode())] == [m for _, m in _markers(source)]
    assert cli("validate", "documents").code == 0


def test_import_into_a_multi_document_file_keeps_its_markers(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    manifest = workdir / "documents" / "campaigns.yaml"
    manifest.parent.mkdir()
    source = (
        "--- # ours\n"
        "campaigns:\n"
        "  - name: Summer Webinar Series\n"
        "    properties:\n"
        "      hs_audience: Marketing managers\n"
        "...\n"
        "# another team's campaigns\n"
        "--- # theirs\n"
        "campaigns:\n"
        "  - name: Partner Roadshow\n"
        "...\n"
    )
    manifest.write_text(source, encoding="utf-8")
    result = cli("import", "--out", "documents", "--kind", "campaigns")
    assert result.code == 0, result.err
    written = manifest.read_text(encoding="utf-8")
    assert [m for _, m in _markers(written)] == ["--- # ours", "...", "--- # theirs", "..."]
    assert "...\n# another team's campaigns\n--- # theirs\ncampaigns:\n" in written
    assert written.endswith("...\n")
    assert "Holiday Promo 2025" in written  # the import did add the portal's other campaigns
    plan = cli("plan", "documents", "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
