"""`reconciler sandbox reset` resets the sandbox the project's commands talk to: in this
repository (reconciler.yaml's default portal `demo`, database .reconciler/demo.db), the README's
walkthrough `apply`, `plan` (no changes), `sandbox reset`, `plan` shows the demo diff again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reconciler.cli import run
from tests.e2e.conftest import REPO


@pytest.fixture
def project(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's manifests and reconciler.yaml, no HubSpot setting."""
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL", "RECONCILER_SANDBOX_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    shutil.copy(REPO / "reconciler.yaml", workdir / "reconciler.yaml")
    (workdir / ".git").mkdir()  # the project's root: reconciler.yaml is not looked for above
    return workdir


def test_reset_after_apply_brings_the_default_portals_demo_diff_back(project: Path) -> None:
    assert run(["apply", "--auto-approve"]) == 0
    assert run(["plan", "--detailed-exitcode"]) == 0
    assert run(["sandbox", "reset"]) == 0
    assert run(["plan", "--detailed-exitcode"]) == 2
    assert not (project / ".reconciler" / "sandbox.db").exists()


def test_reset_names_a_sandbox_portal_with_portal(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["apply", "--portal", "staging", "--auto-approve"]) == 0
    assert run(["sandbox", "reset", "--portal", "demo"]) == 0
    assert run(["plan", "--portal", "staging", "--detailed-exitcode"]) == 0
    capsys.readouterr()
    assert run(["sandbox", "reset", "--portal", "staging"]) == 0
    assert ".reconciler/staging.db" in capsys.readouterr().err
    assert run(["plan", "--portal", "staging", "--detailed-exitcode"]) == 2


def test_reset_refuses_a_portal_that_is_not_a_sandbox(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "reconciler.yaml").write_text(
        "portals:\n  production:\n    portalId: 1\n    token: env:T\n  demo:\n    sandbox: true\n"
        "default: production\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert run(["sandbox", "reset", "--portal", "production"]) == 1
    err = capsys.readouterr().err
    assert "production" in err and "not an embedded sandbox" in err
    assert run(["sandbox", "reset", "--portal", "nope"]) == 1
    # Without --portal a HubSpot default leaves the usual database to reset.
    assert run(["sandbox", "reset"]) == 0
    assert (project / ".reconciler" / "sandbox.db").exists()
