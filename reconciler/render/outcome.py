"""What apply did, per object: text for terminals and CI logs, JSON for scripts."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reconciler.apply import ApplyResult
from reconciler.plan import KIND_LABEL
from reconciler.render.safe import json_text, printable

STATUS_STYLE = {"applied": "green", "failed": "bold red", "skipped": "yellow"}
ACTION_PAST = {"create": "created", "update": "updated", "delete": "deleted"}
LINK_PAST = {"create": "linked", "delete": "unlinked"}


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
    """One line per object; keys, ids and HubSpot's messages escaped (``safe.printable``)."""
    lines: list[Text] = []
    for o in result.outcomes:
        label = KIND_LABEL.get(o.kind, o.kind)
        past = LINK_PAST if o.kind == "campaignEventLink" else ACTION_PAST
        what = past[o.action] if o.status == "applied" else o.status
        line = Text()
        line.append(f"{what}: ", style=STATUS_STYLE[o.status])
        line.append(f'{label} "{printable(o.key)}"')
        if o.id:
            line.append(f" ({printable(o.id)})", style="dim")
        if o.message:
            line.append(f": {printable(o.message)}")
        lines.append(line)
    sent = sum(result.requests.values())
    lines.append(Text(f"Sent {sent} request{'s' if sent != 1 else ''}."))
    style = "bold green" if result.ok else "bold red"
    lines.append(Text(summary_line(result), style=style))
    for line in lines:
        console.print(line, soft_wrap=True)


def render_outcome_json(result: ApplyResult) -> str:
    return json_text(result.model_dump_json(indent=2))
