"""The README's command reference is generated from the CLI and current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reconciler import docs

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_command_reference_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert docs.updated(readme) == readme, "stale: run python -m reconciler.docs"


def test_the_reference_documents_every_command_and_option() -> None:
    text = docs.reference()
    for heading in ("reconciler plan", "reconciler sandbox serve", "reconciler completion"):
        assert f"#### `{heading}`" in text
    for option in ("--detailed-exitcode", "--latency-ms", "--rate-limit", "--app-id", "--empty"):
        assert option in text
    assert text.count("-v, --verbose") == 1  # the global options, once, at the top


def test_check_fails_on_a_stale_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{docs.BEGIN}\nold\n{docs.END}\n")
    assert docs.main(["--readme", str(readme), "--check"]) == 1
    assert docs.main(["--readme", str(readme)]) == 0
    assert docs.main(["--readme", str(readme), "--check"]) == 0


CONTRACT_ROWS = {
    "validate": "[PATH...] [--format text|json|github]",
    "plan": "[PATH...] [--format text|markdown|json] [--out FILE] [--detailed-exitcode] "
    "[--target KEY...]",
    "show": "PLANFILE [--format text|markdown|json]",
    "apply": "[PATH...] [--auto-approve] [--plan FILE] [--force] [--format text|json] "
    "[--target KEY...]",
    "import": "[--out DIR] [--kind campaigns|marketingEvents] [--property NAME...]",
    "doctor": "[--probe] [--format text|json]",
    "pin": "[PATH...] [--portal NAME]",
    "sandbox serve": "[--host H] [--port P] [--db FILE] [--token T]",
    "sandbox reset": "[--db FILE]",
}
"""Each command as the contract's command table writes it."""


def _readme_rows() -> dict[str, str]:
    rows: dict[str, str] = {}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for match in re.finditer(
        r"^\| `reconciler ([a-z]+(?: (?:serve|reset))?)(.*?)` \|", readme, re.M
    ):
        rows.setdefault(match[1], match[2].replace("\\|", "|"))
    return rows


@pytest.mark.parametrize("command", list(CONTRACT_ROWS))
def test_the_readme_command_table_names_every_argument_the_contract_does(command: str) -> None:
    row = _readme_rows()[command]
    for word in re.findall(r"--[a-z-]+|\b[A-Z]+\b", CONTRACT_ROWS[command]):
        assert word in row, f"README's row of `reconciler {command}` lacks {word}"
