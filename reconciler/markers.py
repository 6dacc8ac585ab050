"""Document markers (``---``, ``...``) of a manifest file, kept exactly as written.

Why: ruamel.yaml writes several documents with a ``---`` before each (adding one the file did
not start with), drops a ``...``, moves the comment of a ``--- # events`` line into the next
document and loses comment lines between documents. ``pin`` and ``import`` rewrote a
multi-document manifest that way, and ``pin`` then reported lines one off from the file it had
written. So ``reconciler.roundtrip`` cuts such a file at its marker lines (``split``), reads
each document on its own and puts the marker lines back byte for byte (``join``).

A marker line is ``---`` or ``...`` at the start of a line, followed by nothing, blanks or a
comment: YAML allows neither inside a document, so the cut is exact. Blank lines right after a
marker (or at the top of the file) stay with it, as ruamel drops one of them. A file whose
markers carry content (``--- {campaigns: []}``) or that has directives (``%YAML``) is left to
ruamel as a whole (``split`` returns None).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

_STARTS_MARKER = re.compile(r"(?:---|\.\.\.)(?=[ \t\n]|$)")
_BARE_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t]+(?:#.*)?)?\n?")


@dataclass(frozen=True)
class Body:
    """A document's text between marker lines, and its first line in the file (0-based)."""

    line: int
    text: str


@dataclass(frozen=True)
class Split:
    """``markers[i]`` is the marker text before ``bodies[i]``; the last one ends the file."""

    markers: list[str]
    bodies: list[Body]

    def join(self, documents: list[Any], dump: Callable[[Any], str]) -> str:
        """The file again: each document as ``dump`` writes it (its text as it was when it
        holds only comments), between the markers as they were."""
        out = [self.markers[0]]
        for body, document, marker in zip(self.bodies, documents, self.markers[1:], strict=True):
            out += [body.text if document is None else dump(document), marker]
        return "".join(out)


def _is_marker(line: str) -> bool | None:
    """True for a marker line, False for any other; None for one ruamel must read itself."""
    if line.startswith("%"):
        return None
    if not _STARTS_MARKER.match(line):
        return False
    return True if _BARE_MARKER.fullmatch(line) else None


def split(text: str) -> Split | None:
    """``text`` cut at its marker lines; None when it has none (or ones with content)."""
    runs: list[tuple[bool, int, list[str]]] = [(True, 0, [])]  # (marker?, first line, lines)
    found = False
    for row, line in enumerate(text.splitlines(keepends=True)):
        marker = _is_marker(line)
        if marker is None:
            return None
        found = found or marker
        # blank lines right after a marker (or at the top) stay with it
        joins_marker = marker or (runs[-1][0] and not line.strip())
        if joins_marker != runs[-1][0]:
            runs.append((joins_marker, row, []))
        runs[-1][2].append(line)
    if not runs[-1][0]:
        runs.append((True, 0, []))
    if not found:
        return None
    markers = ["".join(lines) for is_marker, _, lines in runs if is_marker]
    bodies = [Body(row, "".join(lines)) for is_marker, row, lines in runs if not is_marker]
    return Split(markers, bodies)


def shift_lines(node: Any, by: int) -> None:
    """Line numbers of a document read on its own, made the file's (``lc`` of every mapping and
    list: what ``pin`` and ``import`` report and match by)."""
    if not by:
        return
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CommentedMap):
            stack.extend(item.values())
        elif isinstance(item, CommentedSeq):
            stack.extend(item)
        else:
            continue
        lc = item.lc
        if lc.line is not None:
            lc.line += by
        for position in (lc.data or {}).values():
            position[0] += by
            if len(position) > 2:
                position[2] += by


__all__ = ["Body", "Split", "shift_lines", "split"]
