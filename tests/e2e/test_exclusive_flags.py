"""Options that do not go together are a usage error, as Terraform refuses ``apply PLANFILE``
with extra arguments: exit 2, one message naming both, before anything is read or sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI, TOKEN

TOGETHER: dict[str, tuple[list[str], str]] = {
    "apply plan and path": (
        ["apply", "--plan", "plan.json", "manifests", "--auto-approve"],
        "--plan and PATH cannot be given together",
    ),
    "apply path before plan": (
        ["apply", "manifests/", "--plan", "plan.json"],
        "--plan and PATH cannot be given together",
    ),
    "apply plan and target": (
        ["apply", "--plan", "plan.json", "--target", "Spring Launch 2026", "--auto-approve"],
        "--plan and --target cannot be given together",
    ),
    "all portals and portal": (
        ["plan", "--all-portals", "--portal", "here"],
        "--all-portals and --portal cannot be given together",
    ),
    "all portals and out": (
        ["plan", "--all-portals", "--out", "plan.json"],
        "--all-portals and --out cannot be given together",
    ),
}


@pytest.fixture
def project(workdir: Path, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reconciler.yaml naming the session's sandbox, so --all-portals has a portal to read."""
    monkeypatch.setenv("TOKEN_HERE", TOKEN)
    (workdir / "reconciler.yaml").write_text(
        f"portals:\n  here:\n    portalId: 12345678\n    token: env:TOKEN_HERE\n"
        f"    baseUrl: {sandbox.base_url}\ndefault: here\n",
        encoding="utf-8",
    )
    return workdir


@pytest.mark.parametrize("name", list(TOGETHER))
def test_options_that_do_not_go_together_are_a_usage_error_and_nothing_is_sent(
    cli: CLI, portal: SandboxControl, project: Path, name: str
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0  # a real saved plan: only the mix is wrong
    args, says = TOGETHER[name]
    portal.clear_requests()
    result = cli(*args)
    assert result.code == 2, result.err
    assert result.err.startswith(f"Usage: reconciler {args[0]} "), result.err
    assert says in result.err
    assert "Traceback" not in result.err and result.out == ""
    assert portal.requests() == []


def test_the_saved_plan_alone_still_applies(cli: CLI, project: Path) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    result = cli("apply", "--plan", "plan.json")
    assert result.code == 0, result.err


def test_sandbox_reset_refuses_a_db_and_a_portal_and_touches_neither(
    cli: CLI, workdir: Path
) -> None:
    (workdir / "reconciler.yaml").write_text(
        "portals:\n  demo:\n    sandbox: true\n", encoding="utf-8"
    )
    result = cli("sandbox", "reset", "--db", "other.db", "--portal", "demo")
    assert result.code == 2, result.err
    assert "--db and --portal cannot be given together" in result.err
    assert not (workdir / "other.db").exists()
    assert not (workdir / ".reconciler").exists()
