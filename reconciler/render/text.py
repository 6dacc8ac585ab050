"""The plan for a terminal, Terraform-like: one line per object, one per field, then the cost.

Everything is built as ``rich.text.Text`` spans, never as markup strings: a value such as
``[red]`` or ``:warning:`` prints literally without escaping, and no highlighter colours it.
Lines are printed with ``soft_wrap`` so CI logs keep one field per line, whatever the width.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reconciler.plan import Plan
from reconciler.render.rows import (
    FieldRow,
    ObjectRow,
    endpoint_line,
    object_rows,
    reads_sentence,
    summary_line,
    writes_sentence,
)

FIELD_INDENT = "    "
FIELD_STYLES = {"+": "green", "~": "yellow", "-": "red"}


def _field_line(row: FieldRow) -> Text:
    line = Text(FIELD_INDENT)
    line.append(row.symbol, style=FIELD_STYLES[row.symbol])
    line.append(f" {row.field}: ")
    if row.before is not None:
        line.append(row.before.text)
        if row.before.note:
            line.append(f" {row.before.note}", style="dim")
        if row.after is not None:
            line.append(" -> ")
    if row.after is not None:
        line.append(row.after.text, style="bold" if row.before is not None else "")
        if row.after.note:
            line.append(f" {row.after.note}", style="dim")
    return line


def _object_lines(row: ObjectRow) -> Text:
    """An object and its fields as one Text: one print call per object, not per field."""
    head = Text()
    head.append(f"{row.symbol} {row.action}", style=f"bold {row.style}")
    head.append(row.title.removeprefix(row.action), style="bold")
    if row.where:
        head.append(f" ({row.where})", style="dim")
    return Text("\n").join([head, *(_field_line(f) for f in row.fields)])


def _cost_lines(plan: Plan) -> Text:
    cost = plan.requests
    lines = [Text("Requests apply will send:", style="bold")]
    lines += [Text(f"  {endpoint_line(w.endpoint, w.requests, w.objects)}") for w in cost.writes]
    lines.append(Text(f"  Total: {writes_sentence(cost)}"))
    lines.append(Text(f"  {reads_sentence(cost)}"))
    return Text("\n").join(lines)


def _has_colour(console: Console) -> bool:
    """``no_color`` consoles still emit bold and dim codes: those must get plain text too."""
    return console.color_system is not None and not console.no_color


def render_text(plan: Plan, console: Console) -> None:
    """Print the plan; colour and styles only when the console has colour."""
    blocks: list[Text] = [Text(f"Target: {plan.target.describe()}", style="bold")]
    blocks += [_object_lines(row) for row in object_rows(plan)]
    if plan.warnings:
        blocks.append(
            Text("\n").join(Text(f"Warning: {w}", style="bold red") for w in plan.warnings)
        )
    blocks.append(_cost_lines(plan))
    last = summary_line(plan)
    blocks.append(Text(last, style="bold" if plan.has_changes else "bold green"))
    colour = _has_colour(console)
    for i, block in enumerate(blocks):
        if i:
            console.print()
        console.print(block if colour else Text(block.plain), soft_wrap=True)
