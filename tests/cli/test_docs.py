"""The README's command reference is generated from the CLI and current."""

from __future__ import annotations

from pathlib import Path

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
