"""End-to-end fixtures: the real CLI, in-process, against the session's sandbox over HTTP."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reconciler.cli import run
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

REPO = Path(__file__).resolve().parents[2]
TOKEN = "pat-na1-SENTINEL-0123456789abcdef"


@dataclass
class Result:
    code: int
    out: str
    err: str


CLI = Callable[..., Result]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory holding a copy of the example manifests."""
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(
    sandbox: RunningSandbox,
    portal: SandboxControl,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CLI:
    """Run ``reconciler ARGS`` against the sandbox as HubSpot (token set, base URL pointed)."""
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("HUBSPOT_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("RECONCILER_RETRY_WAIT_SCALE", "0.001")
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
