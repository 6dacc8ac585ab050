"""The plan for a terminal, Terraform-like: one line per object, one per field, then the cost.

Everything is built as ``rich.text.Text`` spans, never as markup strings: a value such as
``[red]`` or ``:warning:`` prints literally without escaping, and no highlighter colours it.
Lines are printed with ``soft_wrap`` so CI logs keep one field per line, whatever the width.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style

from reconciler.plan import Plan
from reconciler.render.rows import (
    FieldRow,
    ObjectRow,
    budget_line,
    endpoint_line,
    iter_object_rows,
    pin_hint,
    reads_sentence,
    summary_line,
    writes_sentence,
)
from reconciler.render.safe import printable

FIELD_INDENT = "    "
FIELD_STYLES = {"+": "green", "~": "yellow", "-": "red"}


class _Segments:
    """Ready-made segments: rich prints them as they are, without re-splitting lines."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self.segments


class _Writer:
    """Collects styled segments and prints them in chunks.

    One ``console.print`` per line, or a ``Text`` per line, costs more than everything else for
    a large plan. Without colour no style is attached, so a no-colour console gets plain text.
    Every string added is already printable (see ``rows.printable``): no control codes pass.
    """

    FLUSH_EVERY = 20_000

    def __init__(self, console: Console) -> None:
        self.console = console
        self.colour = _has_colour(console)
        self.styles: dict[str, Style] = {}
        self.segments: list[Segment] = []
        self.plain: list[str] = []

    def add(self, text: str, style: str = "") -> None:
        if not self.colour:
            self.plain.append(text)
        elif style:
            parsed = self.styles.get(style)
            if parsed is None:
                parsed = self.styles[style] = self.console.get_style(style)
            self.segments.append(Segment(text, parsed))
        else:
            self.segments.append(Segment(text))

    def end_line(self) -> None:
        self.add("\n")
        if len(self.segments) + len(self.plain) >= self.FLUSH_EVERY:
            self.flush()

    def line(self, text: str, style: str = "") -> None:
        self.add(text, style)
        self.end_line()

    def flush(self) -> None:
        """Print what was collected: without colour, as a single segment."""
        segments = self.segments or ([Segment("".join(self.plain))] if self.plain else [])
        if segments:
            self.console.print(_Segments(segments), soft_wrap=True, end="")
        self.segments, self.plain = [], []


def _has_colour(console: Console) -> bool:
    """``no_color`` consoles still emit bold and dim codes: those must get plain text too."""
    return console.color_system is not None and not console.no_color


def _field_line(out: _Writer, row: FieldRow) -> None:
    out.add(FIELD_INDENT)
    out.add(row.symbol, FIELD_STYLES[row.symbol])
    out.add(f" {row.field}: ")
    if row.before is not None:
        out.add(row.before.text)
        if row.before.note:
            out.add(f" {row.before.note}", "dim")
        if row.after is not None:
            out.add(" -> ")
    if row.after is not None:
        out.add(row.after.text, "bold" if row.before is not None else "")
        if row.after.note:
            out.add(f" {row.after.note}", "dim")
    out.end_line()


def _object_lines(out: _Writer, row: ObjectRow) -> None:
    out.add(f"{row.symbol} {row.action}", f"bold {row.style}")
    out.add(f" {row.subject}", "bold")
    if row.where:
        out.add(f" ({row.where})", "dim")
    out.end_line()
    for field in row.fields:
        _field_line(out, field)


def _cost_lines(out: _Writer, plan: Plan) -> None:
    cost = plan.requests
    out.line("Requests apply will send:", "bold")
    for w in cost.writes:
        out.line(f"  {endpoint_line(w.endpoint, w.requests, w.objects)}")
    out.line(f"  Total: {writes_sentence(cost)}")
    out.line(f"  {reads_sentence(cost)}")


def render_text(plan: Plan, console: Console) -> None:
    """Print the plan; colour and styles only when the console has colour."""
    out = _Writer(console)
    out.line(f"Target: {printable(plan.target.describe())}", "bold")
    for row in iter_object_rows(plan):
        out.line("")
        _object_lines(out, row)
    if plan.budgets:
        out.line("")
        out.line("Budget and spend totals (before -> after):", "bold")
        for totals in plan.budgets:
            out.line(f"  {budget_line(totals)}")
    if plan.warnings:
        out.line("")
        for warning in plan.warnings:
            out.line(f"Warning: {printable(warning)}", "bold red")
    out.line("")
    _cost_lines(out, plan)
    out.line("")
    out.line(summary_line(plan), "bold" if plan.has_changes else "bold green")
    hint = pin_hint(plan.requests)
    if hint:
        out.line(hint)
    out.flush()
