"""Post the plan as ONE pull-request comment, updated in place on every push.

The comment is found again by its hidden first line (``<!-- reconciler-plan -->``, or one per
portal). Run by action.yml after the saved plan was uploaded, so it can link the artifact.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reconciler_action.github import GitHub, GitHubError
from reconciler_action.render import comment_body
from reconciler_action.steps import Inputs, fail, run_url


def ours(comments: list[dict[str, Any]], marker: str) -> dict[str, Any] | None:
    """Our comment: its first line is the marker; a bot's (the workflow token's) first."""
    mine = [c for c in comments if (c.get("body") or "").split("\n", 1)[0].strip() == marker]
    mine.sort(key=lambda c: (c.get("user") or {}).get("type") != "Bot")
    return mine[0] if mine else None


def upsert(gh: GitHub, number: int, marker: str, body: str) -> tuple[str, dict[str, Any]]:
    existing = ours(gh.comments(number), marker)
    if existing is not None:
        return "Updated", gh.update_comment(int(existing["id"]), body)
    return "Posted", gh.create_comment(number, body)


def main() -> int:
    inputs = Inputs.from_env()
    folder = Path(os.environ["RECONCILER_PLAN_DIR"])
    number = int(os.environ["RECONCILER_PULL_REQUEST"])
    body = comment_body(
        folder,
        inputs.marker(),
        run_url(),
        os.environ.get("RECONCILER_ARTIFACT_NAME", ""),
        os.environ.get("RECONCILER_ARTIFACT_URL", ""),
    )
    try:
        gh = GitHub(inputs.github_token, os.environ.get("GITHUB_REPOSITORY", ""))
        verb, comment = upsert(gh, number, inputs.marker(), body)
    except GitHubError as exc:
        return fail(
            "Cannot post the plan comment",
            f"{exc}. The workflow needs `permissions: pull-requests: write`; pull requests "
            "from forks get a read-only token.",
        )
    print(f"{verb} the plan comment: {comment.get('html_url', '')}")
    return 0
