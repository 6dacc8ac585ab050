"""The example GitHub workflows: valid, with the right triggers, and their commands really run.

The ``run:`` blocks that invoke ``reconciler`` are taken from the YAML as written, GitHub
expressions substituted the way GitHub would for a repository that has no token secret and the
variable ``RECONCILER_SANDBOX=true``, and run with bash (GitHub's flags) in a temp folder holding
a copy of ``manifests/``, against the embedded sandbox.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
MARKER = "<!-- reconciler-plan -->"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def steps(name: str) -> list[dict[str, Any]]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


def step(name: str, title: str) -> dict[str, Any]:
    return next(s for s in steps(name) if s.get("name") == title)


# --- shape -----------------------------------------------------------------------------------


def test_the_three_workflows_exist_and_parse():
    names = sorted(p.name for p in WORKFLOWS.glob("reconciler-*.yml"))
    assert names == ["reconciler-apply.yml", "reconciler-drift.yml", "reconciler-plan.yml"]
    for name in names:
        data = workflow(name)
        assert data["name"] and data["jobs"]
        for job in data["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
            assert job["env"]["HUBSPOT_ACCESS_TOKEN"] == "${{ secrets.HUBSPOT_ACCESS_TOKEN }}"
            runs = [s["run"] for s in job["steps"] if "run" in s]
            assert "pip install ." in runs


def test_plan_runs_on_pull_requests_and_posts_one_comment():
    data = workflow("reconciler-plan.yml")
    assert set(data["on"]) == {"pull_request"}
    assert data["permissions"]["pull-requests"] == "write"
    assert (
        "reconciler validate manifests/ --format github"
        in step("reconciler-plan.yml", "Validate manifests")["run"]
    )
    plan = step("reconciler-plan.yml", "Plan")["run"]
    assert "reconciler plan manifests/ --format markdown --detailed-exitcode" in plan
    post = step("reconciler-plan.yml", "Post or update the plan comment")
    assert post["uses"].startswith("actions/github-script@")
    assert MARKER in post["with"]["script"]


def test_apply_runs_on_push_to_main_one_at_a_time():
    data = workflow("reconciler-apply.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"]["group"]
    assert data["concurrency"]["cancel-in-progress"] is False
    apply = step("reconciler-apply.yml", "Apply")["run"]
    assert "reconciler apply manifests/ --auto-approve --format json" in apply


def test_drift_runs_on_a_schedule():
    data = workflow("reconciler-drift.yml")
    assert data["on"]["schedule"][0]["cron"]
    assert "--detailed-exitcode" in step("reconciler-drift.yml", "Check for drift")["run"]


# --- the commands, run as written --------------------------------------------------------------


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


class Runner:
    """Runs a workflow's ``reconciler`` steps in one working folder, like one GitHub job would."""

    def __init__(self, workdir: Path, variables: dict[str, str]) -> None:
        self.workdir = workdir
        self.variables = variables

    def substitute(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("secrets."):
                return ""  # no token: the way GitHub expands a secret that is not set
            if expr.startswith("vars."):
                return self.variables.get(expr[len("vars.") :], "")
            if expr.startswith("github."):
                return "1"
            raise AssertionError(f"unexpected expression in a run step or env: {expr}")

        return EXPRESSION.sub(value, text)

    def run(self, name: str, title: str) -> StepRun:
        data = workflow(name)
        job = next(iter(data["jobs"].values()))
        the_step = next(s for s in job["steps"] if s.get("name") == title)
        assert "reconciler " in the_step["run"]
        env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": os.environ.get("HOME", str(self.workdir)),
            "RECONCILER_SANDBOX_DB": str(self.workdir / "sandbox.db"),
            "GITHUB_OUTPUT": str(self.workdir / "github_output"),
            "GITHUB_STEP_SUMMARY": str(self.workdir / "step_summary.md"),
        }
        for scope in (data.get("env", {}), job.get("env", {}), the_step.get("env", {})):
            env.update({k: self.substitute(str(v)) for k, v in scope.items()})
        (self.workdir / "github_output").write_text("")
        script = self.substitute(the_step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        outputs = dict(
            line.split("=", 1)
            for line in (self.workdir / "github_output").read_text().splitlines()
            if "=" in line
        )
        return StepRun(done.returncode, done.stdout, done.stderr, outputs)


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    return Runner(tmp_path, {"RECONCILER_SANDBOX": "true"})


def test_pipeline_commands_run_as_written_against_the_sandbox(runner: Runner):
    drift = runner.run("reconciler-drift.yml", "Check for drift")
    assert drift.code == 1, drift.stderr
    assert "::error title=HubSpot has drifted from manifests/::" in drift.stdout
    assert "::warning::No HUBSPOT_ACCESS_TOKEN" in drift.stdout

    validate = runner.run("reconciler-plan.yml", "Validate manifests")
    assert validate.code == 0, validate.stdout + validate.stderr

    plan = runner.run("reconciler-plan.yml", "Plan")
    assert plan.code == 0, plan.stdout + plan.stderr  # changes are a success for this step
    assert plan.outputs["exitcode"] == "2"  # the demo portal differs from manifests/
    assert (runner.workdir / "plan.md").read_text().startswith(MARKER + "\n")
    assert "## Reconciler plan" in (runner.workdir / "step_summary.md").read_text()

    apply = runner.run("reconciler-apply.yml", "Apply")
    assert apply.code == 0, apply.stdout + apply.stderr
    outcome = json.loads((runner.workdir / "apply.json").read_text())
    assert outcome["summary"]["failed"] == 0 and outcome["summary"]["created"] == 3
    assert "## Reconciler apply" in (runner.workdir / "step_summary.md").read_text()

    drift = runner.run("reconciler-drift.yml", "Check for drift")
    assert drift.code == 0, drift.stdout + drift.stderr

    plan = runner.run("reconciler-plan.yml", "Plan")
    assert plan.code == 0 and plan.outputs["exitcode"] == "0"


def test_validate_step_annotates_the_broken_line(runner: Runner):
    path = runner.workdir / "manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace("hs_audience: Developers", "hs_owner: '1'"))
    validate = runner.run("reconciler-plan.yml", "Validate manifests")
    assert validate.code == 1
    assert "::error file=manifests/campaigns.yaml,line=" in validate.stdout


def test_plan_error_is_recorded_for_the_comment(runner: Runner):
    path = runner.workdir / "manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace("id: 5b8e9f20-", "id: 00000000-"))  # unknown id
    plan = runner.run("reconciler-plan.yml", "Plan")
    assert plan.code == 0 and plan.outputs["exitcode"] == "1"
    assert "does not exist on the portal" in (runner.workdir / "plan.err").read_text()


@pytest.mark.parametrize(
    "name", ["reconciler-plan.yml", "reconciler-apply.yml", "reconciler-drift.yml"]
)
def test_without_a_token_and_no_sandbox_opt_in_the_job_fails_clearly(tmp_path: Path, name: str):
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    title = {"reconciler-plan.yml": "Plan", "reconciler-apply.yml": "Apply"}.get(
        name, "Check for drift"
    )
    result = Runner(tmp_path, {}).run(name, title)
    assert result.code == 1
    assert "::error title=No HubSpot token::" in result.stdout
    assert not (tmp_path / "sandbox.db").exists()  # nothing ran against any portal


# --- the comment script, run with node against a fake GitHub API ------------------------------

HARNESS = r"""
const fs = require('fs');
const [script, state] = [fs.readFileSync(process.argv[2], 'utf8'), JSON.parse(process.argv[3])];
const calls = [];
const github = {
  paginate: async (fn, args) => { calls.push(['list', args]); return state.comments; },
  rest: { issues: {
    listComments: () => {},
    updateComment: async (a) => calls.push(['update', a]),
    createComment: async (a) => calls.push(['create', a]),
  } },
};
const context = { repo: { owner: 'acme', repo: 'hubspot' }, issue: { number: 7 } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', script)(require, github, context)
  .then(() => console.log(JSON.stringify(calls)))
  .catch((e) => { console.error(e); process.exit(1); });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ([], "create"),
        ([{"id": 11, "user": {"type": "User"}, "body": "LGTM"}], "create"),
        (
            [
                {"id": 11, "user": {"type": "User"}, "body": "LGTM"},
                {"id": 12, "user": {"type": "Bot"}, "body": MARKER + "\nold plan"},
            ],
            "update",
        ),
    ],
)
def test_comment_script_creates_once_then_updates(
    tmp_path: Path, comments: list[dict[str, Any]], expected: str
):
    script = step("reconciler-plan.yml", "Post or update the plan comment")["with"]["script"]
    (tmp_path / "script.js").write_text(script)
    (tmp_path / "harness.js").write_text(HARNESS)
    (tmp_path / "plan.md").write_text(MARKER + "\n## Reconciler plan\n\nPlan: 1 to create.\n")
    done = subprocess.run(
        ["node", "harness.js", "script.js", json.dumps({"comments": comments})],
        cwd=tmp_path,
        env={**os.environ, "EXITCODE": "2"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    calls = json.loads(done.stdout)
    assert calls[0][0] == "list" and calls[0][1]["issue_number"] == 7
    assert [c[0] for c in calls[1:]] == [expected]
    args = calls[1][1]
    assert args["body"].startswith(MARKER)
    assert "Plan: 1 to create." in args["body"]
    if expected == "update":
        assert args["comment_id"] == 12
