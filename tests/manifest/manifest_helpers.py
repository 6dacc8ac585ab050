"""Helpers for manifest tests: write real files in a temp folder and run `validate` in-process."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconciler.cli import app

runner = CliRunner()


@dataclass
class Run:
    exit_code: int
    output: str


def run_validate(*args: str) -> Run:
    """`reconciler validate ARGS` in-process; fails the test on any traceback."""
    result = runner.invoke(app, ["validate", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"validate raised instead of reporting:\n{trace}")
    assert "Traceback" not in result.output
    return Run(result.exit_code, result.output)


Write = Callable[[str, str | bytes], Path]
