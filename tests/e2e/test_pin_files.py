"""``pin`` and ``import`` write into files that people made on other systems: a Windows editor's
CRLF line endings and byte-order mark stay as they were, and nothing else in the file moves."""

from __future__ import annotations

from pathlib import Path

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

BOM = b"\xef\xbb\xbf"
WINDOWS = (
    BOM + b"# Campaigns, saved by a Windows editor\r\n"
    b"campaigns:\r\n"
    b"  - name: Summer Webinar Series   # matched by name\r\n"
    b"    properties:\r\n"
    b'      hs_audience: "Marketing managers"\r\n'
    b"  - {name: Partner Roadshow}\r\n"
)


def test_pin_keeps_crlf_line_endings_and_the_byte_order_mark(cli: CLI, workdir: Path) -> None:
    manifest = workdir / "windows" / "campaigns.yaml"
    manifest.parent.mkdir()
    manifest.write_bytes(WINDOWS)
    result = cli("pin", "windows")
    assert result.code == 0, result.err
    assert manifest.read_bytes() == (
        BOM + b"# Campaigns, saved by a Windows editor\r\n"
        b"campaigns:\r\n"
        b"  - name: Summer Webinar Series   # matched by name\r\n"
        b"    id: 3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11\r\n"
        b"    properties:\r\n"
        b'      hs_audience: "Marketing managers"\r\n'
        b"  - {name: Partner Roadshow, id: 5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b}\r\n"
    )
    assert cli("validate", "windows").code == 0


def test_import_into_a_crlf_folder_keeps_its_line_endings(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    manifest = workdir / "windows" / "campaigns.yaml"
    manifest.parent.mkdir()
    manifest.write_bytes(WINDOWS)
    result = cli("import", "--out", "windows", "--kind", "campaigns")
    assert result.code == 0, result.err
    written = manifest.read_bytes()
    assert written.startswith(BOM + b"# Campaigns, saved by a Windows editor\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert b"Holiday Promo 2025" in written  # the import did add the portal's other campaigns
    plan = cli("plan", "windows", "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err


def test_pin_leaves_a_long_line_on_one_line(cli: CLI, workdir: Path) -> None:
    """A 6,000-character plain or quoted value (pasted copy) stays as written: only the id
    line is added."""
    words = " ".join(["sponsorship"] * 500)
    lines = [
        "campaigns:",
        "  - name: Summer Webinar Series",
        "    properties:",
        f"      hs_notes: {words}",
        f'      hs_audience: "{words}"',
    ]
    manifest = workdir / "long" / "campaigns.yaml"
    manifest.parent.mkdir()
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("pin", "long")
    assert result.code == 0, result.err
    lines.insert(2, "    id: 3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11")
    assert manifest.read_text(encoding="utf-8") == "\n".join(lines) + "\n"
