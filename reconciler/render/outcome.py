"""What apply did, per object: text for terminals and CI logs, JSON for scripts."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reconciler.apply import ApplyResult
from reconciler.kinds import KINDS, label_of
from reconciler.render.safe import json_text, printable

STATUS_STYLE = {"applied": "green", "failed": "bold red", "skipped": "yellow"}


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
        spec = KINDS.get(o.kind)
        past = spec.past.get(o.action, o.action) if spec else o.action
        what = past if o.status == "applied" else o.status
        line = Text()
        line.append(f"{what}: ", style=STATUS_STYLE[o.status])
        line.append(f'{label_of(o.kind)} "{printable(o.key)}"')
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
