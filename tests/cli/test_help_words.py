"""Every command's help names its arguments and options as the command table of the README
writes them (``[PATH]...``, ``--plan FILE``, ``--target KEY``), never a Python type such as
``<list[str]>``, and says what the user must know about ``apply``."""

from __future__ import annotations

import re

import pytest

from reconciler import cli
from tests.cli.test_flags import ALL_COMMANDS

PLACEHOLDERS = {
    "validate": ["[PATH]...", "--portal NAME"],
    "plan": ["[PATH]...", "--out FILE", "--target KEY", "--event-batch-size N", "--portal NAME"],
    "show": ["{PLANFILE}", "PLANFILE A plan saved"],
    "apply": ["[PATH]...", "--plan FILE", "--target KEY", "--event-batch-size N"],
    "import": ["--out DIR", "--kind KIND", "--property NAME", "--portal NAME"],
    "doctor": ["--portal NAME"],
    "pin": ["[PATH]...", "--portal NAME"],
    "sandbox serve": ["--host HOST", "--db FILE", "--token TOKEN"],
    "sandbox reset": ["--db FILE", "--portal NAME"],
}


def _help(path: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.run([*path, "-h"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_help_names_values_by_placeholder_not_by_python_type(
    path: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = " ".join(_help(path, capsys).split())
    assert not re.search(r"<(list\[|str>|path>|Path>)", text), text
    for word in PLACEHOLDERS.get(" ".join(path), []):
        assert word in text


def test_apply_help_says_it_asks_and_what_goes_with_a_saved_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = " ".join(_help(["apply"], capsys).split())
    assert "Asks first on a terminal; without one it needs --auto-approve" in text
    assert "(no PATH or --target with it)" in text
