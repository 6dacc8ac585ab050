"""End-to-end fixtures: the real CLI, in-process, against the session's sandbox over HTTP."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reconciler.cli import run
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox, start_sandbox

REPO = Path(__file__).resolve().parents[2]
TOKEN = "pat-na1-SENTINEL-0123456789abcdef"
STAGING_ID, PRODUCTION_ID = 1111, 2222
"""The portal ids of ``two_portals``."""


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


@pytest.fixture
def two_portals(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[RunningSandbox, RunningSandbox]]:
    with (
        start_sandbox(tmp_path / "s.db", rate_limit=None, portal_id=STAGING_ID, token="ts") as s,
        start_sandbox(tmp_path / "p.db", rate_limit=None, portal_id=PRODUCTION_ID, token="tp") as p,
    ):
        (workdir / "reconciler.yaml").write_text(
            "portals:\n"
            f"  staging:\n    portalId: {STAGING_ID}\n    token: env:TOKEN_STAGING\n"
            f"    baseUrl: {s.base_url}\n"
            f"  production:\n    portalId: {PRODUCTION_ID}\n    token: env:TOKEN_PRODUCTION\n"
            f"    baseUrl: {p.base_url}\n"
            "default: staging\nmanifests: [portal-manifests/]\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("TOKEN_STAGING", "ts")
        monkeypatch.setenv("TOKEN_PRODUCTION", "tp")
        yield s, p
