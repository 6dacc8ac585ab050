"""The Markdown the action writes: the sticky PR comment and the job summaries.

The plan's own Markdown comes from the CLI's renderer (``reconciler.render.markdown``), asked
for fewer bytes than GitHub's 65,536-character limit so that the links to the full plan (job
summary and artifact) always fit under it. Error text from the CLI is shown in a code fence
longer than any backtick run in it, so nothing from a manifest or the portal renders as Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reconciler_action.steps import MARKER, read_meta

COMMENT_LIMIT = 65_536  # GitHub refuses longer comments
SUMMARY_LIMIT = 1_000_000  # GitHub's step summary holds 1 MiB
ERROR_TAIL = 12_000  # characters of stderr shown when a plan fails (<= 48 KB in UTF-8)


def fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _size(text: str) -> int:
    return len(text.encode())


def plan_markdown(folder: Path, marker: str, limit: int) -> str | None:
    """The saved plan as the CLI renders it for a PR, within ``limit`` bytes; None if no plan."""
    from reconciler.render.markdown import render_markdown
    from reconciler.saved import load

    meta = read_meta(folder)
    plan_file = folder / "plan.json"
    if meta.get("exitcode") == 1 or not plan_file.is_file():
        return None
    text = render_markdown(load(plan_file), limit=limit - (_size(marker) - _size(MARKER)))
    return text.replace(MARKER, marker, 1)


def failure_markdown(folder: Path, marker: str, title: str) -> str:
    err_file = folder / "plan.err"
    err = err_file.read_text(encoding="utf-8") if err_file.is_file() else "(no output)"
    if len(err) > ERROR_TAIL:
        err = "…\n" + err[-ERROR_TAIL:]
    return f"{marker}\n## {title}\n\n{fenced(err)}\n"


def footer(meta: dict[str, Any], run_url: str, artifact_name: str, artifact_url: str) -> str:
    sha = str(meta.get("head_sha") or "")[:7]
    artifact = f"[`{artifact_name}`]({artifact_url})" if artifact_url else f"`{artifact_name}`"
    parts = [
        f"Plan of `{sha}`" if sha else "Plan",
        f"[full plan in the job summary]({run_url})",
        f"saved plan: artifact {artifact} (`reconciler show plan.json`)",
    ]
    if meta.get("has_changes"):
        parts.append("merging applies exactly this plan")
    return "\n---\n<sub>" + " · ".join(parts) + "</sub>\n"


def comment_body(
    folder: Path, marker: str, run_url: str, artifact_name: str, artifact_url: str
) -> str:
    """The one PR comment: the plan (cut to fit) and where the full plan is."""
    meta = read_meta(folder)
    end = footer(meta, run_url, artifact_name, artifact_url)
    body = plan_markdown(folder, marker, COMMENT_LIMIT - _size(end))
    if body is None:
        body = failure_markdown(folder, marker, "Reconciler plan failed")
    return body.rstrip("\n") + "\n" + end


def outcome_markdown(outcome: dict[str, Any], title: str) -> str:
    """An apply's outcome for the job summary (keys and messages in code spans: escaped)."""
    if "error" in outcome:
        return f"## {title}\n\n{fenced(str(outcome['error']))}\n"
    s = outcome.get("summary", {})
    lines = [
        f"## {title}",
        "",
        f"{s.get('created', 0)} created, {s.get('updated', 0)} updated, {s.get('deleted', 0)} "
        f"deleted, {s.get('failed', 0)} failed, {s.get('skipped', 0)} not attempted.",
    ]
    problems = [o for o in outcome.get("outcomes", []) if o.get("status") != "applied"]
    if problems:
        lines += [
            "",
            fenced(
                "\n".join(
                    f"{o['status']}: {o['kind']} {o['key']}: {o.get('message') or ''}"
                    for o in problems
                )
            ),
        ]
    return "\n".join(lines) + "\n"
