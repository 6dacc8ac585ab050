"""Colour only on a terminal; `--no-color` and `NO_COLOR` turn every escape code off (bold and
dim included), in every command's output, not only the plan's."""

from __future__ import annotations

import re

import pytest

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

SPRING = ("--target", "Spring Launch 2026")
STYLE = re.compile(r"\x1b\[[0-9;]*m")
"""A colour, bold or dim code (a progress bar's cursor moves are not styles)."""


@pytest.fixture
def terminal(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    """Output as on a terminal (Rich honours FORCE_COLOR), with NO_COLOR unset (after the
    ``cli`` fixture has set it)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.mark.usefixtures("terminal")
def test_apply_and_doctor_are_coloured_on_a_terminal(cli: CLI) -> None:
    applied = cli("apply", "--auto-approve", *SPRING)
    assert applied.code == 0, applied.err
    assert STYLE.search(applied.out)  # proves the checks below can fail


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("how", ["--no-color before", "--no-color after", "NO_COLOR"])
def test_no_color_leaves_no_escape_code_in_any_output(
    cli: CLI, portal: SandboxControl, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str) -> str:
        if how == "--no-color before":
            args = ("--no-color", *args)
        elif how == "--no-color after":
            args = (*args, "--no-color")
        result = cli(*args)
        return result.out + result.err

    outputs = {
        "plan": run("plan"),
        "apply": run("apply", "--auto-approve", *SPRING),
        "doctor": run("doctor"),
        "validate": run("validate"),
    }
    for command, text in outputs.items():
        assert not STYLE.search(text), f"{command} ({how}): {text!r}"
