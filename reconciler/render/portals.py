"""Several portals' plans as one report: a summary table first, then a section per portal.

Text for the terminal, Markdown for one PR comment (the sections share GitHub's 65,536
characters), and JSON as the contract gives it: ``{"format_version": 1, "portals": {NAME:
plan}}`` (a portal that failed: ``{"error": "..."}``).
"""

from __future__ import annotations

import json
from io import StringIO

from rich.console import Console
from rich.rule import Rule
from rich.table import Table

from reconciler.multi import PortalPlan
from reconciler.render.markdown import COMMENT_LIMIT, MARKER, TITLE, render_markdown
from reconciler.render.safe import json_text, printable
from reconciler.render.safe import markdown_text as escape_text
from reconciler.render.text import render_text

SUMMARY_HEADER = ["Portal", "Target", "Create", "Update", "Delete", "Unchanged"]


def _cells(result: PortalPlan) -> list[str]:
    if result.plan is None:
        return [result.name, "error (see its section)", "-", "-", "-", "-"]
    s = result.plan.summary
    target = result.plan.target.short()
    return [result.name, target, str(s.create), str(s.update), str(s.delete), str(s.unchanged)]


def render_portals_json(results: list[PortalPlan]) -> str:
    portals = {
        r.name: (r.plan.model_dump(mode="json") if r.plan else {"error": r.error}) for r in results
    }
    return json_text(json.dumps({"format_version": 1, "portals": portals}, indent=2))


def render_portals_text(results: list[PortalPlan], console: Console) -> None:
    table = Table(title="Plan for every portal", title_justify="left")
    for column in SUMMARY_HEADER:
        numeric = column in SUMMARY_HEADER[2:]
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column != "Target")
    for result in results:
        table.add_row(*(printable(c) for c in _cells(result)), style="red" if result.error else "")
    console.print(table)
    for result in results:
        console.print(Rule(f"portal {printable(result.name)}", align="left"))
        if result.plan is not None:
            render_text(result.plan, console)
        else:
            console.print(f"Error: {printable(result.error or '')}", markup=False, style="red")


def render_portals_markdown(results: list[PortalPlan]) -> str:
    rows = [[escape_text(printable(c)) for c in _cells(r)] for r in results]
    head = [
        MARKER,
        f"{TITLE}: {len(results)} portals",
        "",
        "| " + " | ".join(SUMMARY_HEADER) + " |",
        "|" + "|".join(["---", "---", "--:", "--:", "--:", "--:"]) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
    ]
    intro = "\n".join(head) + "\n"
    share = (COMMENT_LIMIT - len(intro.encode()) - 200 * len(results)) // max(1, len(results))
    sections = [intro]
    for result in results:
        title = f"## Portal `{printable(result.name).replace('`', '')}`"
        if result.plan is None:
            body = f"> [!CAUTION]\n> {escape_text(printable(result.error or ''))}\n"
        else:
            body = _without_title(render_markdown(result.plan, limit=share))
        sections.append(f"{title}\n\n{body}")
    return "\n".join(sections)


def _without_title(text: str) -> str:
    """A single plan's comment minus its marker and title (the report has one of each)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].strip() in (MARKER, TITLE, ""):
        lines.pop(0)
    return "".join(lines)


def render_portals(results: list[PortalPlan], fmt: str, console: Console | None = None) -> str:
    """The report in ``fmt``; text goes through a rich console (colour on a terminal)."""
    if fmt == "json":
        return render_portals_json(results) + "\n"
    if fmt == "markdown":
        return render_portals_markdown(results)
    buffer = StringIO()
    render_portals_text(results, console or Console(file=buffer, no_color=True, width=100))
    return buffer.getvalue()
