"""What an import read and wrote (the text is ``render.import_report``'s)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


def _counts() -> dict[str, int]:
    return defaultdict(int)


@dataclass
class FileResult:
    """One file import wrote, and how many objects of each kind (by kind name) it added or
    updated."""

    path: Path
    status: Literal["created", "updated", "unchanged"]
    added: dict[str, int] = field(default_factory=_counts)
    updated: dict[str, int] = field(default_factory=_counts)


@dataclass
class ImportReport:
    """What an import read and wrote; ``lines()`` is what the CLI prints. Counts are keyed by
    kind name (``campaign``, ``marketingEvent``)."""

    target: str
    out: Path
    kinds: list[str]
    read_counts: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    read_seconds: float = 0.0
    seconds: float = 0.0
    files: list[FileResult] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=_counts)
    gone: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report's lines, each escaped (names and paths come from manifests and portal)."""
        from reconciler.render.import_report import import_report_lines

        return import_report_lines(self)


__all__ = ["FileResult", "ImportReport"]
