"""Fixtures for import tests: a temp working folder with its own embedded sandbox portal."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconciler.cli import app
from reconciler.errors import ReconcilerError

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


Cli = Callable[..., Run]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp cwd using the embedded sandbox (its database in tmp_path), never a real portal."""
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("HUBSPOT_BASE_URL", raising=False)
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", str(tmp_path / "sandbox.db"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(workdir: Path) -> Cli:
    """Run ``reconciler ARGS`` in-process; errors become exit 1 with the message, as in main()."""
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, list(args), catch_exceptions=True)
        stderr = result.stderr
        code = result.exit_code
        if isinstance(result.exception, ReconcilerError):
            stderr += f"Error: {result.exception}\n"
            code = result.exception.exit_code
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(code, result.stdout, stderr)

    return run


@pytest.fixture
def schemas(workdir: Path) -> Path:
    """A schemas/ folder next to the manifests, as in a repository."""
    target = workdir / "schemas"
    target.mkdir()
    shutil.copy(REPO / "schemas" / "manifest.schema.json", target)
    return target
