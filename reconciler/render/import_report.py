"""The text ``reconciler import`` prints: what it read, what it wrote, what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.kinds import label_of
from reconciler.render.safe import printable

if TYPE_CHECKING:
    from reconciler.importer.report import FileResult, ImportReport

_VERB = {"created": "Wrote", "updated": "Updated", "unchanged": "Unchanged"}
_SHOWN_PROBLEMS = 10


def noun(kind: str, n: int) -> str:
    """``campaign`` / ``marketing events``: a kind's label for ``n`` objects."""
    label = label_of(kind)
    return label if n == 1 else f"{label}s"


def import_report_lines(report: ImportReport) -> list[str]:
    """The report's lines, each escaped: names and paths come from manifests and the portal."""
    out = [f"Target: {report.target}"]
    read = ", ".join(f"{n} {noun(kind, n)}" for kind, n in report.read_counts.items())
    out.append(
        f"Read {read or 'nothing'} in {report.requests} "
        f"request{'' if report.requests == 1 else 's'} ({report.read_seconds:.1f} s)."
    )
    out.extend(_file_line(result) for result in report.files)
    same = [f"{n} {noun(kind, n)}" for kind, n in report.unchanged.items() if n]
    if same:
        out.append(f"Already up to date: {', '.join(same)}.")
    if report.gone:
        out.append(
            f"In the manifests but not on the portal ({len(report.gone)}; left as they are, "
            "delete them if they are gone for good):"
        )
        out.extend(f"  {item}" for item in report.gone)
    out.extend(f"Note: {note}" for note in report.notes)
    out.extend(_next_steps(report))
    return [printable(line) for line in out]  # names and paths from manifests and portal


def _file_line(result: FileResult) -> str:
    parts = [
        f"{n} {noun(kind, n)} {what}"
        for what, counts in (("added", result.added), ("updated", result.updated))
        for kind, n in counts.items()
        if n
    ]
    detail = f": {', '.join(parts)}" if parts else ""
    return f"{_VERB[result.status]} {result.path}{detail}"


def _next_steps(report: ImportReport) -> list[str]:
    if report.problems:
        out = [f"Warning: {report.out} does not validate; run `reconciler validate {report.out}`:"]
        out.extend(f"  {p}" for p in report.problems[:_SHOWN_PROBLEMS])
        if len(report.problems) > _SHOWN_PROBLEMS:
            out.append(f"  ... and {len(report.problems) - _SHOWN_PROBLEMS} more")
        return out
    if report.gone:
        return [f"Next: `reconciler plan {report.out}` shows only what is listed above."]
    return [f"Next: `reconciler plan {report.out}` should show no changes."]


__all__ = ["import_report_lines", "noun"]
