"""The action's main step: ``validate``, ``plan``, ``drift`` or ``apply``, as action.yml asks.

Run by action.yml through ``action/run.py`` with the interpreter the tool was installed into; its inputs come as ``INPUT_*`` variables. Each command prints what a
reader of the job log needs, writes the job summary and the step outputs the later steps use
(the artifact folder to upload, whether to comment), and exits non-zero when the job must fail.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from reconciler_action import render
from reconciler_action.github import GitHub, GitHubError
from reconciler_action.reviewed import REPLAN, Refusal, find
from reconciler_action.steps import (
    META,
    Inputs,
    Ran,
    annotate,
    check_target,
    event,
    fail,
    manifests_digest,
    reconciler,
    set_output,
    summary,
    workdir,
)

MOVED = "the portal changed since the plan was saved"


def validate(inputs: Inputs) -> int:
    """Annotations on the diff (``::error file=...``) for every problem in the manifests."""
    ran = reconciler("validate", *inputs.manifests, "--format", "github")
    sys.stdout.write(ran.stdout)
    return ran.code


def _plan(inputs: Inputs, folder: Path) -> Ran:
    """Plan, the text plan in the log, the saved plan and its story in ``folder``."""
    plan_file = folder / "plan.json"
    ran = reconciler(
        "plan", *inputs.manifests, "--out", str(plan_file), "--detailed-exitcode",
        *inputs.portal_args(),
    )  # fmt: skip
    print(ran.stdout, flush=True)
    (folder / "plan.txt").write_text(ran.stdout, encoding="utf-8")
    if ran.code == 1:
        (folder / "plan.err").write_text(ran.stderr, encoding="utf-8")
    return ran


def _meta(inputs: Inputs, ran: Ran, number: str, head: str) -> dict[str, Any]:
    return {
        "format": 1,
        "pull_request": int(number) if number else None,
        "head_sha": head,
        "portal": inputs.portal or None,
        "manifests": inputs.manifests,
        "manifests_sha256": manifests_digest(inputs.manifests),
        "exitcode": ran.code,
        "has_changes": ran.code == 2,
    }


def plan(inputs: Inputs) -> int:
    if (code := check_target(inputs)) is not None:
        return code
    pull = event().get("pull_request") or {}
    number = str(pull.get("number") or inputs.pull_request or "")
    head = str(pull.get("head", {}).get("sha") or os.environ.get("GITHUB_SHA", ""))
    folder = workdir("plan")
    valid = validate(inputs)
    ran = _plan(inputs, folder)
    meta = _meta(inputs, ran, number, head)
    (folder / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    name = (
        inputs.artifact_name("plan-pr", number)
        if number
        else inputs.artifact_name("plan-run", os.environ.get("GITHUB_RUN_ID", "local"))
    )
    set_output("exitcode", str(ran.code))
    set_output("has-changes", "true" if ran.code == 2 else "false")
    set_output("artifact-dir", str(folder))
    set_output("artifact-name", name)
    set_output("plan-file", str(folder / "plan.json"))
    set_output("pull-request", number)
    set_output("comment", "true" if inputs.comment and number else "false")
    full = render.plan_markdown(folder, inputs.marker(), render.SUMMARY_LIMIT)
    summary(full or render.failure_markdown(folder, "", "Reconciler plan failed"))
    summary(f"\nSaved plan: artifact `{name}` (plan.json, plan.txt; `reconciler show plan.json`).")
    if ran.code == 1:
        return fail("reconciler plan failed", ran.stderr.strip()[-4000:])
    return 1 if valid != 0 else 0


def drift(inputs: Inputs) -> int:
    """Exit 1 when the portal no longer matches the manifests; the plan is in the summary."""
    if (code := check_target(inputs)) is not None:
        return code
    folder = workdir("drift")
    ran = _plan(inputs, folder)
    (folder / META).write_text(json.dumps(_meta(inputs, ran, "", "")) + "\n", encoding="utf-8")
    set_output("exitcode", str(ran.code))
    set_output("drifted", "true" if ran.code == 2 else "false")
    full = render.plan_markdown(folder, "", render.SUMMARY_LIMIT)
    summary(full or render.failure_markdown(folder, "", "Reconciler drift check failed"))
    if ran.code == 1:
        return fail("reconciler drift check failed", ran.stderr.strip()[-4000:])
    if ran.code == 2:
        return fail(
            "HubSpot has drifted from the manifests",
            "The portal no longer matches them; the job summary lists each difference. Run the "
            "apply workflow to put the portal back, or accept HubSpot's values with "
            "`reconciler import` and commit the manifests.",
        )
    return 0


def apply(inputs: Inputs) -> int:
    """On merge: apply the plan reviewed in the pull request (``apply --plan``), nothing else."""
    if (code := check_target(inputs)) is not None:
        return code
    folder = workdir("apply")
    set_output("artifact-dir", str(folder))
    set_output("artifact-name", inputs.artifact_name("apply", os.environ.get("GITHUB_RUN_ID", "")))
    if not inputs.require_reviewed_plan:
        annotate("warning", "Unreviewed apply", "Planning and applying what this commit holds.")
        ran = reconciler(
            "apply", *inputs.manifests, "--auto-approve", "--format", "json", *inputs.portal_args()
        )
        return _outcome(ran, folder, "Reconciler apply (unreviewed)", None)
    try:
        gh = GitHub(inputs.github_token, os.environ.get("GITHUB_REPOSITORY", ""))
        reviewed = find(gh, inputs, folder / "reviewed")
    except Refusal as refusal:
        summary(f"## Reconciler apply refused\n\n{refusal.message}\n")
        return fail(refusal.title, refusal.message)
    except GitHubError as exc:
        return fail("Cannot fetch the reviewed plan", str(exc))
    print(f"Applying the plan reviewed in pull request #{reviewed.number} "
          f"(commit {reviewed.head_sha[:7]})", flush=True)  # fmt: skip
    plan_file = reviewed.folder / "plan.json"
    ran = reconciler("apply", "--plan", str(plan_file), "--format", "json", *inputs.portal_args())
    return _outcome(
        ran, folder, f"Reconciler apply of pull request #{reviewed.number}", reviewed.number
    )


def _outcome(ran: Ran, folder: Path, title: str, number: int | None) -> int:
    (folder / "apply.json").write_text(ran.stdout, encoding="utf-8")
    print(ran.stdout, flush=True)
    try:
        outcome: dict[str, Any] = json.loads(ran.stdout)
    except ValueError:
        outcome = {"error": ran.stderr.strip()[-4000:] or f"apply exited {ran.code}"}
    summary(render.outcome_markdown(outcome, title))
    error = str(outcome.get("error") or "")
    if MOVED in error:
        moved = [line.strip() for line in error.splitlines() if line.strip().startswith("- ")]
        listed = "\n".join(moved) or error
        return fail(
            "The portal changed since the plan was reviewed",
            f"Pull request #{number}'s plan no longer matches the portal; these objects moved:\n"
            f"{listed}\n{REPLAN}",
        )
    if error:
        return fail("reconciler apply failed", error)
    failed = outcome.get("summary", {}).get("failed", 0)
    if ran.code != 0:
        return fail(
            "reconciler apply failed",
            f"{failed} object(s) failed, the others were applied; the job summary names them. "
            "Run the workflow again to finish once the cause is fixed.",
        )
    return 0


COMMANDS = {"validate": validate, "plan": plan, "drift": drift, "apply": apply}


def main() -> int:
    inputs = Inputs.from_env()
    command = COMMANDS.get(inputs.command)
    if command is None:
        return fail(
            "Unknown command",
            f"command must be one of {', '.join(COMMANDS)}, not {inputs.command!r}",
        )
    return command(inputs)
