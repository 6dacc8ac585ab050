"""The GitHub Action: action.yml's steps, run as GitHub runs them, against the embedded sandbox
and a fake GitHub API. A pull request's plan is posted as one sticky comment and saved as an
artifact; on merge, apply downloads the plan that was reviewed and applies exactly that; a
portal that moved since, a plan of an older push or manifests changed on main are refused,
never re-planned silently.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reconciler import cli

from .harness import REPO, TOKEN, ActionRun, ActionRunner, FakeGitHub, python_path_env

MARKER = "<!-- reconciler-plan -->"
HEAD_1, HEAD_2, MERGE = "a1" * 20, "b2" * 20, "c3" * 20
SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The repository's checkout: the example manifests."""
    root = tmp_path / "workspace"
    root.mkdir()
    shutil.copytree(REPO / "manifests", root / "manifests")
    return root


@pytest.fixture
def job(workspace: Path, github: FakeGitHub, tmp_path: Path) -> ActionRunner:
    """Every job of the test talks to one embedded sandbox portal (the same database)."""
    env = {**python_path_env(), "RECONCILER_SANDBOX_DB": str(tmp_path / "portal.db")}
    return ActionRunner(workspace, github, env)


SANDBOX = {"sandbox": "true", "token": ""}


def pull_request_event(number: int, head: str) -> dict[str, Any]:
    return {"pull_request": {"number": number, "head": {"sha": head}}}


def plan(job: ActionRunner, number: int = 7, head: str = HEAD_1, **inputs: str) -> ActionRun:
    return job.run(
        {"command": "plan", **SANDBOX, **inputs},
        event_name="pull_request",
        event=pull_request_event(number, head),
        sha="e0" * 20,  # GitHub's test-merge commit, not the head
    )


def merge(github: FakeGitHub, number: int = 7, head: str = HEAD_1) -> None:
    github.pulls[MERGE] = [
        {"number": number, "merged_at": "2026-05-01T12:00:00Z", "merge_commit_sha": MERGE,
         "head": {"sha": head}}
    ]  # fmt: skip


def apply(job: ActionRunner, **inputs: str) -> ActionRun:
    return job.run(
        {"command": "apply", **SANDBOX, **inputs},
        event_name="push",
        event={"head_commit": {"message": "Merge pull request #7"}},
        sha=MERGE,
    )


def plan_now(
    job: ActionRunner, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> int:
    """What a plan of the workspace against the portal says now (0: no changes)."""
    monkeypatch.chdir(job.workspace)
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", job.env["RECONCILER_SANDBOX_DB"])
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    code = cli.run(["plan", "--detailed-exitcode"])
    capsys.readouterr()
    return code


# -- the action's shape ---------------------------------------------------------------------------


def test_the_action_installs_itself_and_takes_the_inputs_a_pipeline_needs() -> None:
    from .harness import action

    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert {"command", "manifests", "portal", "token", "comment", "github-token"} <= set(
        spec["inputs"]
    )
    steps = {s.get("name"): s for s in spec["runs"]["steps"]}
    install = steps["Install reconciler"]["run"]
    assert 'pip install -q --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install
    uses = [s["uses"] for s in spec["runs"]["steps"] if "uses" in s]
    assert all(u.startswith(("actions/setup-python@v", "actions/upload-artifact@v")) for u in uses)
    for step in spec["runs"]["steps"]:  # the scripts the tests run are the ones GitHub runs
        if "run" in step and "action/" in step["run"]:
            script = step["run"].split('"$GITHUB_ACTION_PATH/')[1].split('"')[0]
            assert (REPO / script).is_file(), script


# -- plan ---------------------------------------------------------------------------------------


def test_plan_posts_one_comment_and_uploads_the_saved_plan(
    job: ActionRunner, github: FakeGitHub
) -> None:
    first = plan(job)
    assert first.code == 0, first.log
    assert first.outputs["run"]["exitcode"] == "2"  # the demo portal differs from manifests/
    assert first.outputs["run"]["has-changes"] == "true"
    assert "Plan: 7 to create" in first.log  # the text plan, in the job log

    (comment,) = github.comments[7]
    body = comment["body"]
    assert body.startswith(MARKER + "\n## Reconciler plan")
    assert "Target: embedded sandbox (portal.db)" in body
    assert str(job.workspace.parent) not in body and "127.0.0.1" not in body
    assert f"Plan of `{HEAD_1[:7]}`" in body
    assert "[full plan in the job summary](https://github.test/acme/hubspot/actions/runs/" in body
    assert "merging applies exactly this plan" in body

    (artifact,) = github.artifacts
    assert artifact["name"] == "reconciler-plan-pr-7"
    assert github.artifact_files(artifact) >= {"plan.json", "plan.txt", "meta.json"}
    assert f"/artifacts/{artifact['id']})" in body  # the comment links it
    assert "## Reconciler plan" in first.summary and "reconciler-plan-pr-7" in first.summary

    second = plan(job, head=HEAD_2)  # a new push: the same comment, updated in place
    assert second.code == 0, second.log
    (comment,) = github.comments[7]
    assert f"Plan of `{HEAD_2[:7]}`" in comment["body"]
    assert [m for m, *_ in github.requests].count("POST") == 1
    assert [m for m, *_ in github.requests].count("PATCH") == 1


def test_validate_annotates_and_a_failed_plan_is_commented(
    job: ActionRunner, github: FakeGitHub, workspace: Path
) -> None:
    path = workspace / "manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace("hs_audience: Developers", "hs_owner: '1'"))
    result = plan(job)
    assert result.code == 1
    assert "::error file=manifests/campaigns.yaml,line=" in result.log
    assert "::error title=reconciler plan failed::" in result.log
    (comment,) = github.comments[7]
    assert comment["body"].startswith(MARKER + "\n## Reconciler plan failed\n")
    assert "hs_owner" in comment["body"] and "```text\n" in comment["body"]
    assert github.artifacts and github.artifact_files(github.artifacts[0]) >= {"plan.err"}


def test_without_a_token_or_sandbox_the_job_fails_clearly(
    job: ActionRunner, github: FakeGitHub
) -> None:
    result = plan(job, sandbox="false")
    assert result.code == 1
    assert "::error title=No HubSpot token::" in result.log
    assert not Path(job.env["RECONCILER_SANDBOX_DB"]).exists()  # no portal was touched
    assert github.comments == {}


def test_with_a_reconciler_yaml_the_cli_chooses_the_portal(
    job: ActionRunner, github: FakeGitHub, workspace: Path
) -> None:
    (workspace / "reconciler.yaml").write_text("portals:\n  demo:\n    sandbox: true\n")
    result = plan(job, sandbox="false")  # no token, no sandbox input: the file's default portal
    assert result.code == 0, result.log
    assert "Target: demo, embedded sandbox (demo.db)" in github.comments[7][0]["body"]


def test_a_portal_input_is_passed_on_and_gets_its_own_comment_and_artifact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reconciler_action.steps import Inputs  # action/ is on sys.path (conftest)

    monkeypatch.setenv("INPUT_PORTAL", "staging")
    staging = Inputs.from_env()
    assert staging.portal_args() == ["--portal", "staging"]
    assert staging.marker() == "<!-- reconciler-plan portal=staging -->"
    assert staging.artifact_name("plan-pr", 7) == "reconciler-plan-pr-7-staging"
    monkeypatch.setenv("INPUT_PORTAL", "eu --> <b>")
    assert Inputs.from_env().marker() == "<!-- reconciler-plan portal=eu_--___b_ -->"


# -- apply on merge -------------------------------------------------------------------------------


@dataclass
class Reviewed:
    """One pull request planned once for the apply tests: its portal, checkout and artifacts."""

    workspace: Path
    db: Path
    db_files: dict[str, bytes]
    github: FakeGitHub


ON_THE_REVIEWED_PLAN = pytest.mark.xdist_group("reviewed")
"""The tests that use ``reviewed`` run on one xdist worker, so its plan is made once."""


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reviewed]:
    root = tmp_path_factory.mktemp("reviewed")
    workspace = root / "workspace"
    shutil.copytree(REPO / "manifests", workspace / "manifests")
    db = root / "portal.db"  # the same path in every test: it is the sandbox's identity
    fake = FakeGitHub()
    server = fake.serve()
    result = plan(
        ActionRunner(workspace, fake, {**python_path_env(), "RECONCILER_SANDBOX_DB": str(db)})
    )
    server.shutdown()
    assert result.code == 0, result.log
    files = {p.name: p.read_bytes() for p in root.glob("portal.db*")}
    yield Reviewed(workspace, db, files, fake)


@pytest.fixture
def merged(reviewed: Reviewed, github: FakeGitHub) -> ActionRunner:
    """Pull request 7 reviewed and merged: the portal and checkout as they were at its plan."""
    for path in reviewed.db.parent.glob("portal.db*"):
        path.unlink()
    for name, data in reviewed.db_files.items():
        (reviewed.db.parent / name).write_bytes(data)
    shutil.rmtree(reviewed.workspace / "manifests")
    shutil.copytree(REPO / "manifests", reviewed.workspace / "manifests")
    github.artifacts = copy.deepcopy(reviewed.github.artifacts)
    github.blobs = dict(reviewed.github.blobs)
    merge(github)
    env = {**python_path_env(), "RECONCILER_SANDBOX_DB": str(reviewed.db)}
    return ActionRunner(reviewed.workspace, github, env)


@ON_THE_REVIEWED_PLAN
def test_apply_on_merge_applies_the_plan_reviewed_in_the_pull_request(
    merged: ActionRunner,
    github: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = merged
    result = apply(job)
    assert result.code == 0, result.log
    assert "Applying the plan reviewed in pull request #7" in result.log
    assert "## Reconciler apply of pull request #7" in result.summary
    assert "7 created, 3 updated, 1 deleted, 0 failed" in result.summary
    downloads = [(url, auth) for method, url, auth in github.requests if "/blob/" in url]
    assert downloads and all(auth is None for _, auth in downloads)  # no token to storage
    assert result.outputs["run"]["artifact-name"].startswith("reconciler-apply-")
    assert plan_now(job, capsys, monkeypatch) == 0  # the portal matches the manifests


@ON_THE_REVIEWED_PLAN
def test_apply_refuses_when_the_portal_moved_since_the_review(
    merged: ActionRunner,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = merged
    # Someone changes a field the reviewed plan updates, in HubSpot, before the merge.
    elsewhere = tmp_path / "edit"
    elsewhere.mkdir()
    (elsewhere / "c.yaml").write_text(
        f"campaigns:\n  - name: Spring Launch 2026\n    id: {SPRING}\n"
        "    properties:\n      hs_end_date: 2026-06-30\n"
    )
    monkeypatch.chdir(elsewhere)  # not the repository: its reconciler.yaml names other portals
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", job.env["RECONCILER_SANDBOX_DB"])
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    assert cli.run(["apply", str(elsewhere), "--auto-approve"]) == 0

    result = apply(job)
    assert result.code == 1
    assert "::error title=The portal changed since the plan was reviewed::" in result.log
    assert "Spring Launch 2026" in result.log and "hs_end_date is now" in result.log
    assert "Re-plan" in result.log and "Nothing was applied" in result.log
    assert plan_now(job, capsys, monkeypatch) == 2  # nothing was applied


@ON_THE_REVIEWED_PLAN
def test_apply_refuses_a_plan_of_an_older_push(merged: ActionRunner, github: FakeGitHub) -> None:
    merge(github, head=HEAD_2)  # pushed again after the last plan (of HEAD_1)
    result = apply(merged)
    assert result.code == 1
    assert "::error title=No reviewed plan::" in result.log
    assert f"of commit {HEAD_1[:7]}, but the pull request merged {HEAD_2[:7]}" in result.log


@ON_THE_REVIEWED_PLAN
def test_apply_refuses_when_main_holds_other_manifests(merged: ActionRunner) -> None:
    path = merged.workspace / "manifests" / "events.yaml"
    path.write_text(path.read_text() + "\n# another pull request merged first\n")
    result = apply(merged)
    assert result.code == 1
    assert "::error title=The manifests changed since the plan was reviewed::" in result.log


def test_apply_of_a_commit_not_merged_from_a_pull_request_is_refused(job: ActionRunner) -> None:
    result = apply(job)
    assert result.code == 1
    assert "::error title=No reviewed plan::" in result.log
    assert "was not merged from a pull request" in result.log


def test_an_unreviewed_apply_is_a_deliberate_input(
    job: ActionRunner, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = apply(job, **{"require-reviewed-plan": "false"})
    assert result.code == 0, result.log
    assert "::warning title=Unreviewed apply::" in result.log
    assert plan_now(job, capsys, monkeypatch) == 0


# -- validate and drift ---------------------------------------------------------------------------


def test_validate_command(job: ActionRunner, workspace: Path) -> None:
    ok = job.run({"command": "validate", **SANDBOX}, event_name="push", event={}, sha=MERGE)
    assert ok.code == 0, ok.log
    (workspace / "manifests" / "bad.yaml").write_text("campaigns:\n  - nme: x\n")
    bad = job.run({"command": "validate", **SANDBOX}, event_name="push", event={}, sha=MERGE)
    assert bad.code == 1 and "::error file=manifests/bad.yaml,line=2" in bad.log
    assert not bad.ran("Upload") and not bad.ran("Comment")


def test_drift_fails_when_the_portal_differs_then_passes(
    job: ActionRunner,
    github: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drift = job.run({"command": "drift", **SANDBOX}, event_name="schedule", event={}, sha=MERGE)
    assert drift.code == 1
    assert "::error title=HubSpot has drifted from the manifests::" in drift.log
    assert "## Reconciler plan" in drift.summary
    assert github.artifacts == [] and github.comments == {}

    monkeypatch.chdir(job.workspace)
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", job.env["RECONCILER_SANDBOX_DB"])
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    assert cli.run(["apply", "--auto-approve"]) == 0
    again = job.run({"command": "drift", **SANDBOX}, event_name="schedule", event={}, sha=MERGE)
    assert again.code == 0, again.log


def test_the_fake_checks_the_workflow_token(github: FakeGitHub) -> None:
    assert github.handle("GET", "/repos/acme/hubspot/commits/x/pulls", None, None)[0] == 401
    ok = github.handle("GET", "/repos/acme/hubspot/commits/x/pulls", f"Bearer {TOKEN}", None)
    assert ok[0] == 200
