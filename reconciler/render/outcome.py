"""What apply did, per object: text for terminals and CI logs, JSON for scripts."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reconciler.apply import ApplyResult

STATUS_STYLE = {"applied": "green", "failed": "bold red", "skipped": "yellow"}
ACTION_PAST = {"create": "created", "update": "updated", "delete": "deleted"}


def summary_line(result: ApplyResult) -> str:
    s = result.summary
    head = "Apply interrupted" if result.interrupted else "Apply complete"
    line = (
        f"{head}: {s.created} created, {s.updated} updated, {s.deleted} deleted, {s.failed} failed."
    )
    if s.skipped:
        line += f" {s.skipped} not attempted."
    return line


def render_outcome_text(result: ApplyResult, console: Console) -> None:
    lines: list[Text] = []
    for o in result.outcomes:
        label = "campaign" if o.kind == "campaign" else "marketing event"
        what = ACTION_PAST[o.action] if o.status == "applied" else o.status
        line = Text()
        line.append(f"{what}: ", style=STATUS_STYLE[o.status])
        line.append(f'{label} "{o.key}"')
        if o.id:
            line.append(f" ({o.id})", style="dim")
        if o.message:
            line.append(f": {o.message}")
        lines.append(line)
    sent = sum(result.requests.values())
    lines.append(Text(f"Sent {sent} request{'s' if sent != 1 else ''}."))
    style = "bold green" if result.ok else "bold red"
    lines.append(Text(summary_line(result), style=style))
    for line in lines:
        console.print(line, soft_wrap=True)


def render_outcome_json(result: ApplyResult) -> str:
    return result.model_dump_json(indent=2)
