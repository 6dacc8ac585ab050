"""On merge: find the plan that was reviewed for the merged pull request, and download it.

The plan step uploads its saved plan as the artifact ``reconciler-plan-pr-N`` (one per run).
The reviewed plan is the newest one made for the pull request's final head commit; anything
else (no plan, a plan of an older push, a failed plan, manifests that changed on main since)
is refused with what to do, never re-planned silently.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconciler_action.github import GitHub
from reconciler_action.steps import Inputs, event, manifests_digest, read_meta

REPLAN = (
    "Nothing was applied. Re-plan: open a pull request (or push to an open one) so the plan "
    "runs again, review it and merge; or run this workflow by hand with `unreviewed` to plan "
    "and apply what main holds now."
)


class Refusal(Exception):
    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


@dataclass
class Reviewed:
    number: int
    head_sha: str
    folder: Path
    meta: dict[str, Any]


def merged_pull_request(gh: GitHub, inputs: Inputs) -> dict[str, Any]:
    """The pull request whose plan to apply: the input's, else the one merged as this commit."""
    if inputs.pull_request:
        return gh.pull(int(inputs.pull_request))
    sha = os.environ.get("GITHUB_SHA", "")
    pulls = [p for p in gh.pulls_of_commit(sha) if p.get("merged_at")]
    exact = [p for p in pulls if p.get("merge_commit_sha") == sha]
    if exact or pulls:
        return (exact or pulls)[0]
    name = event().get("head_commit", {}).get("message", "").split("\n")[0]
    raise Refusal(
        "No reviewed plan",
        f"Commit {sha[:7]} ({name}) was not merged from a pull request, so no plan was "
        f"reviewed for it. {REPLAN}",
    )


def find(gh: GitHub, inputs: Inputs, folder: Path) -> Reviewed:
    pull = merged_pull_request(gh, inputs)
    number, head = int(pull["number"]), str(pull["head"]["sha"])
    name = inputs.artifact_name("plan-pr", number)
    artifacts = [a for a in gh.artifacts(name) if not a.get("expired")]
    for_head = [a for a in artifacts if a.get("workflow_run", {}).get("head_sha") == head]
    if not for_head:
        if artifacts:
            planned = artifacts[0].get("workflow_run", {}).get("head_sha", "?")[:7]
            why = (
                f"the newest plan of pull request #{number} is of commit {planned}, but the "
                f"pull request merged {head[:7]}: its last push was never planned"
            )
        else:
            why = f"no plan artifact `{name}` exists (expired, or the plan job never ran)"
        raise Refusal("No reviewed plan", f"Cannot apply pull request #{number}: {why}. {REPLAN}")
    newest = max(for_head, key=lambda a: str(a.get("created_at", "")))
    with zipfile.ZipFile(io.BytesIO(gh.download_artifact(int(newest["id"])))) as archive:
        archive.extractall(folder)
    reviewed = Reviewed(number, head, folder, read_meta(folder))
    check(reviewed, inputs)
    return reviewed


def check(reviewed: Reviewed, inputs: Inputs) -> None:
    meta, number = reviewed.meta, reviewed.number
    if meta.get("head_sha") != reviewed.head_sha:
        raise Refusal(
            "No reviewed plan",
            f"The plan artifact of pull request #{number} says it planned commit "
            f"{str(meta.get('head_sha'))[:7]}, not the merged head {reviewed.head_sha[:7]}. {REPLAN}",
        )
    if meta.get("exitcode") == 1 or not (reviewed.folder / "plan.json").is_file():
        raise Refusal(
            "The reviewed plan failed",
            f"The last plan of pull request #{number} failed, so there is nothing reviewed to "
            f"apply. {REPLAN}",
        )
    if (meta.get("portal") or "") != inputs.portal:
        raise Refusal(
            "The reviewed plan is for another portal",
            f"Pull request #{number} was planned for portal {meta.get('portal') or '(default)'}, "
            f"this job applies to {inputs.portal or '(default)'}. {REPLAN}",
        )
    if meta.get("manifests_sha256") != manifests_digest(inputs.manifests):
        raise Refusal(
            "The manifests changed since the plan was reviewed",
            f"The manifests on this commit differ from the ones planned in pull request "
            f"#{number} (another change to them was merged after that plan). {REPLAN}",
        )
