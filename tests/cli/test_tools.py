"""`reconciler schema` and `reconciler completion`: what editors and shells are given."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler import cli

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("manifest", "manifest.schema.json"),
        ("plan", "plan.schema.json"),
        ("config", "reconciler.schema.json"),
    ],
)
def test_schema_prints_the_committed_schema(
    name: str, file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(["schema", name]) == 0
    assert capsys.readouterr().out == (REPO / "schemas" / file).read_text()


def test_schema_of_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["schema", "campaign"]) == 2
    assert "manifest" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _reconciler_completion reconciler"),
        ("zsh", "#compdef reconciler"),
        ("fish", "complete --command reconciler"),
    ],
)
def test_completion_prints_the_script(
    shell: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert expected in script and f"_RECONCILER_COMPLETE=complete_{shell}" in script


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("reconciler pl", 1, "plan"),
        ("reconciler sandbox r", 2, "reset"),
        ("reconciler plan --no", 2, "--no-color"),  # global options complete after a command
        ("reconciler plan --detailed", 2, "--detailed-exitcode"),
    ],
)
def test_the_script_gets_its_completions_from_the_cli(
    words: str,
    cword: int,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What the bash script runs on <TAB>: the CLI itself, with these variables set."""
    monkeypatch.setenv("_RECONCILER_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(cword))
    assert cli.run([]) == 0
    assert expected in capsys.readouterr().out.split()
