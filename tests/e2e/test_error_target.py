"""The error boundary names the portal a failing command talked to, and only that one.

Once connected, an error ends with a ``Target:`` line (or, with ``--format json``, stdout
still gets ``{"error", "target"}``); an error before connecting names no target, and a run
never inherits the target of the run before it.
"""

from __future__ import annotations

import json
from pathlib import Path

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

CAMPAIGNS = api_paths().campaigns
HTML = "<html><body>Sign in</body></html>"


def broken_manifest(workdir: Path) -> str:
    (workdir / "broken.yaml").write_text("campaigns:\n  - nope: 1\n", encoding="utf-8")
    return "broken.yaml"


def test_an_error_once_connected_names_the_target(cli: CLI, portal: SandboxControl) -> None:
    portal.answer_next("GET", CAMPAIGNS, text=HTML)
    result = cli("plan")
    assert result.code == 1 and result.err.startswith("Error: GET ")
    last = result.err.rstrip("\n").splitlines()[-1]
    assert last.startswith("Target: ") and "Error" not in last


def test_a_json_run_failing_once_connected_still_prints_a_document_naming_the_target(
    cli: CLI, portal: SandboxControl
) -> None:
    for command in (["plan"], ["apply", "--auto-approve"]):
        portal.answer_next("GET", CAMPAIGNS, text=HTML)
        result = cli(*command, "--format", "json")
        assert result.code == 1, command
        document = json.loads(result.out)
        assert document["error"].startswith("GET ")
        # the target was said on stderr when connecting; the error block does not repeat it
        assert result.err.startswith(f"Target: {document['target']}\n")
        assert result.err.count("Target: ") == 1


def test_an_error_before_connecting_names_no_target(cli: CLI, workdir: Path) -> None:
    result = cli("plan", broken_manifest(workdir))
    assert result.code == 1 and result.err.startswith("Error: ")
    assert "Target:" not in result.err


def test_a_run_does_not_inherit_the_target_of_the_run_before(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    portal.answer_next("GET", CAMPAIGNS, text=HTML)
    assert cli("apply", "--auto-approve", "--format", "json").code == 1
    result = cli("apply", broken_manifest(workdir), "--auto-approve", "--format", "json")
    assert result.code == 1 and "Target:" not in result.err
    assert json.loads(result.out)["target"] is None


def test_plan_as_json_failing_before_connecting_leaves_stdout_empty(
    cli: CLI, workdir: Path
) -> None:
    result = cli("plan", broken_manifest(workdir), "--format", "json")
    assert result.code == 1 and result.out == ""
