"""Doctor's report as a table (text) or the contract's JSON document."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reconciler.doctor.report import DoctorReport
from reconciler.render.safe import json_text, printable

STYLES = {"ok": "green", "fail": "bold red", "skip": "yellow"}


def render_doctor_json(report: DoctorReport) -> str:
    return json_text(json.dumps(report.model_dump(mode="json"), indent=2))


def render_doctor_text(report: DoctorReport, console: Console) -> None:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("detail", overflow="fold")
    for check in report.checks:
        table.add_row(
            Text(check.status, style=STYLES[check.status]),
            Text(printable(check.name)),
            Text(printable(check.detail)),
        )
    console.print(table)
    counts = {s: sum(c.status == s for c in report.checks) for s in STYLES}
    verdict = "ready" if report.ok else "NOT ready: fix what failed before the first apply"
    console.print(
        f"Doctor: {counts['ok']} ok, {counts['fail']} failed, {counts['skip']} skipped: {verdict}.",
        markup=False,
        highlight=False,
    )
