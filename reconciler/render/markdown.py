"""The plan as a pull-request comment, written for GitHub's renderer.

Layout: a hidden marker (a bot finds and updates its one comment by it), the summary and target,
warnings as a ``> [!WARNING]`` alert, a table per object kind, then one collapsible ``diff`` block
per kind and action (GitHub colours ``-``/``+`` lines), then the cost.

GitHub refuses comments over 65,536 characters. When the full text is larger, the largest
detail sections are folded first; if the tables alone are still too large, each action's rows
are capped. The comment then says so at the top and points to the full plan. Size is measured in
UTF-8 bytes, which is never less than GitHub's count however it counts characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reconciler.plan import Plan, Target
from reconciler.render.rows import (
    Group,
    ObjectRow,
    change_groups,
    counts,
    kind_label,
    pin_hint,
    reads_sentence,
    writes_sentence,
)
from reconciler.render.safe import markdown_code as code
from reconciler.render.safe import markdown_text as escape_text

MARKER = "<!-- reconciler-plan -->"
COMMENT_LIMIT = 65_536
TITLE = "## Reconciler plan"
FIELD_NAMES_SHOWN = 3
MIN_ROW = 16  # bytes: no table row is shorter ("| update | `x` |  |  |  |")
FULL_PLAN_HINT = "The full plan is in the JSON plan artifact; `reconciler show PLANFILE` prints it."


def portal_name(target: Target) -> str:
    """The portal as reviewers know it (its name, HubSpot id, or the sandbox's database file):
    never the CI runner's local path, the base URL or a random port."""
    named = f"{target.portal}, " if target.portal else ""
    return f"{named}{target.short()}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    aligns = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in aligns]
    return ["| " + " | ".join(cells) + " |" for cells in (header, rule, *rows)]


def _fields_cell(row: ObjectRow) -> str:
    names = [code(f.field) for f in row.fields[:FIELD_NAMES_SHOWN]]
    more = len(row.fields) - FIELD_NAMES_SHOWN
    if more > 0:
        names.append(f"+{more} more")
    return ", ".join(names)


def _table_row(row: ObjectRow) -> list[str]:
    action = f"**{row.action}**" if row.action == "delete" else row.action
    return [
        action,
        code(row.key),
        code(row.shown_id) if row.shown_id else "",
        _fields_cell(row),
        code(row.source) if row.source else "",
    ]


def _moved(before: str, after: str) -> str:
    return before if before == after else f"{before} -> {after}"


def _diff_lines(row: ObjectRow) -> list[str]:
    """One object in a ``diff`` block; no line can start with a backtick, so no fence clash."""
    lines = [row.heading]
    for f in row.fields:
        if f.before is not None:
            lines.append(f"-     {f.field}: {f.before}")
        if f.after is not None:
            lines.append(f"+     {f.field}: {f.after}")
    return lines


@dataclass
class _Section:
    """One ``<details>`` block: one kind and action, foldable when the comment is too long."""

    group: Group
    body: str
    folded: bool = False

    def render(self) -> str:
        if self.folded:
            summary = f"{self.group.title} (folded)"
            body = (
                f"The field changes of these {len(self.group.rows)} objects are folded to fit "
                f"GitHub's comment limit. {FULL_PLAN_HINT}"
            )
        else:
            summary, body = self.group.title, self.body
        return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def _section(group: Group, limit: int) -> _Section:
    """The group's diff block; one that alone passes ``limit`` is folded without being built."""
    lines: list[str] = []
    size = 0
    for row in group.rows:
        if lines:
            lines.append("")
        row_lines = _diff_lines(row)
        lines += row_lines
        size += sum(len(line) + 1 for line in row_lines)
        if size > limit:
            return _Section(group, "", folded=True)
    return _Section(group, "```diff\n" + "\n".join(lines) + "\n```")


class _Comment:
    """The comment's parts, rendered again as sections fold and table rows are capped."""

    def __init__(self, plan: Plan, limit: int) -> None:
        self.plan = plan
        self.groups = change_groups(plan)
        self.kinds = list(dict.fromkeys(g.kind for g in self.groups))
        # A table row takes at least MIN_ROW bytes: more rows than fit are never shown.
        most = limit // MIN_ROW + 1
        self.table_rows = [[_table_row(r) for r in g.rows[:most]] for g in self.groups]
        self.sections = [_section(g, limit) for g in self.groups]
        self.row_cap: int | None = None

    @property
    def rows_left_out(self) -> int:
        if self.row_cap is None:
            return 0
        return sum(max(0, len(g.rows) - self.row_cap) for g in self.groups)

    def _header(self) -> list[str]:
        plan = self.plan
        if plan.has_changes:
            summary = f"**Plan:** {counts(plan)}"
        else:
            summary = (
                f"**No changes.** The portal matches the manifests "
                f"({plan.summary.unchanged} unchanged)."
            )
        target = f"Target: {escape_text(portal_name(plan.target))}"
        lines = [MARKER, TITLE, "", summary, "", target]
        folded = sum(s.folded for s in self.sections)
        if folded or self.row_cap is not None:
            of = "all" if folded == len(self.sections) else f"{folded} of"
            what = [f"the details of {of} {len(self.sections)} sections are folded"]
            if self.rows_left_out:
                what.append(f"{self.rows_left_out} table rows are left out")
            lines += [
                "",
                "> [!NOTE]",
                f"> This plan is too long for one GitHub comment ({COMMENT_LIMIT} characters), so "
                f"{' and '.join(what)}. {FULL_PLAN_HINT}",
            ]
        if plan.warnings:
            lines += ["", "> [!WARNING]"]
            lines += [f"> {escape_text(w)}  " for w in plan.warnings]
            lines[-1] = lines[-1].rstrip()
        return lines

    def _kind_table(self, kind: str) -> list[str]:
        body: list[list[str]] = []
        for group, rows in zip(self.groups, self.table_rows, strict=True):
            if group.kind != kind:
                continue
            shown = rows if self.row_cap is None else rows[: self.row_cap]
            body += shown
            if len(shown) < len(group.rows):
                more = f"_{len(group.rows) - len(shown)} more not listed_"
                body.append([group.action, more, "", "", ""])
        header = ["Action", "Key", "ID", "Fields changed", "Source"]
        return _table(header, body)

    def _cost(self) -> list[str]:
        cost = self.plan.requests
        lines = ["### Requests apply will send", ""]
        if cost.writes:
            rows = [[code(w.endpoint), str(w.requests), str(w.objects)] for w in cost.writes]
            lines += [*_table(["Endpoint", "Requests", "Objects"], rows, "lrr"), ""]
        lines.append(f"{writes_sentence(cost)} {reads_sentence(cost)}")
        hint = pin_hint(cost)
        if hint:
            lines += ["", hint]
        return lines

    def _budgets(self) -> list[str]:
        """Each campaign's totals before -> after (only plans with budget or spend items)."""
        rows = [
            [
                code(t.campaign),
                _moved(t.budget_before, t.budget_after),
                _moved(t.spend_before, t.spend_after),
                escape_text(t.currency or ""),
            ]
            for t in self.plan.budgets
        ]
        header = ["Campaign", "Budget", "Spend", "Currency"]
        return ["### Budget and spend totals", "", *_table(header, rows, "lrrl")]

    def render(self) -> str:
        parts = ["\n".join(self._header())]
        for kind in self.kinds:
            title = f"### {kind_label(kind).capitalize()}s"
            parts.append(f"{title}\n\n" + "\n".join(self._kind_table(kind)))
            parts += [s.render() for s in self.sections if s.group.kind == kind]
        if self.plan.budgets:
            parts.append("\n".join(self._budgets()))
        parts.append("\n".join(self._cost()))
        return "\n\n".join(parts) + "\n"


def _size(text: str) -> int:
    return len(text.encode())


def render_markdown(plan: Plan, *, limit: int = COMMENT_LIMIT) -> str:
    """The PR comment, at most ``limit`` bytes unless the header and cost alone exceed it."""
    comment = _Comment(plan, limit)
    text = comment.render()
    for section in sorted(comment.sections, key=lambda s: len(s.body), reverse=True):
        if _size(text) <= limit:
            return text
        if section.folded:
            continue
        section.folded = True
        text = comment.render()
    if _size(text) <= limit:
        return text
    # Folding was not enough: cap each action's table rows at the largest count that fits.
    low, high = 0, max((len(g.rows) for g in comment.groups), default=0)
    while low < high:
        comment.row_cap = (low + high + 1) // 2
        if _size(comment.render()) <= limit:
            low = comment.row_cap
        else:
            high = comment.row_cap - 1
    comment.row_cap = low
    return comment.render()
