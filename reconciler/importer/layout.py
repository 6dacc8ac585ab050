"""How imported files look: the header of a new file, blank lines between items as the user
spaces them, and the ``$schema`` modeline that points editors at the manifest schema."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from reconciler import roundtrip

SCHEMA_FILE = Path("schemas") / "manifest.schema.json"
LOCAL_SCHEMA = "manifest.schema.json"  # the shipped schema, saved next to imported manifests
SCHEMA_COMMENT = "# yaml-language-server: $schema="


def header(path: Path, source: str, command: str) -> str:
    """The comment block a file import creates starts with."""
    lines = []
    schema = schema_path(path.parent)
    if schema:
        lines += [f"{SCHEMA_COMMENT}{schema}", "#"]
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines += [
        f"# Imported from {source} on {stamp}",
        f"# by `{command}`.",
        "# Ids are pinned (renaming here renames in HubSpot). Only non-empty writable values",
        '# were imported: a key you leave out is not managed, and "" would mean "must be',
        '# empty". Importing again refreshes values in place and keeps your comments.',
    ]
    return "\n".join(lines) + "\n\n"


def space_items(body: str) -> str:
    """A blank line between top-level list items of a file we write from scratch."""
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    seen = False
    for line in lines:
        if line.startswith("  - ") and not line.startswith("   "):
            if seen:
                out.append("\n")
            seen = True
        elif not line.startswith(" "):
            seen = False
        out.append(line)
    return "".join(out)


def has_gaps(text: str, seq: CommentedSeq) -> bool:
    """Whether the user separates this list's items with blank lines (above their comments)."""
    lines = text.splitlines()
    for item in list(seq)[1:]:
        if not isinstance(item, CommentedMap):
            continue
        row = item.lc.line - 1
        while 0 <= row < len(lines) and lines[row].lstrip().startswith("#"):
            row -= 1
        if 0 <= row < len(lines) and not lines[row].strip():
            return True
    return False


def space_appended(body: str, starts: Mapping[str, int]) -> str:
    """A blank line before each item appended to an existing list whose items are spaced
    (``starts``: manifest key -> index of the first appended item)."""
    try:
        documents = list(roundtrip.make_yaml().load_all(body))
    except YAMLError:  # pragma: no cover - we just wrote it
        return body
    root = next((d for d in documents if isinstance(d, CommentedMap)), None)
    if root is None:
        return body
    rows: set[int] = set()
    for key, start in starts.items():
        seq = root.get(key)
        if isinstance(seq, CommentedSeq):
            rows.update(
                item.lc.line
                for item in list(seq)[max(start, 1) :]
                if isinstance(item, CommentedMap)
            )
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    for row, line in enumerate(lines):
        if row in rows and out and out[-1].strip():
            out.append("\n")
        out.append(line)
    return "".join(out)


def _block(node: Any) -> bool:
    """A non-empty collection written in block style (a flow one, ``[a, b]``, is one line)."""
    return (
        isinstance(node, CommentedMap | CommentedSeq)
        and bool(len(node))
        and not node.fa.flow_style()
    )


def _trailing(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps what follows a block node's last line (its comments, the blank line
    before the next item): the deepest last key or index, and the slot in its comment entry.
    What follows a flow collection (``FORM: [a, b]  # ours``) is its key's, not its last
    item's: moved inside the brackets it would break them."""
    found = None
    while _block(node):
        mapping = isinstance(node, CommentedMap)
        key = next(reversed(node)) if mapping else len(node) - 1
        found = (node, key, 2 if mapping else 0)
        node = node[key]
    return found


def grow_block(node: CommentedMap | CommentedSeq, add: Callable[[], None]) -> None:
    """Run ``add`` (a key or items added at the end of ``node``) so that the comments and
    blank line that followed ``node``'s last line still follow it, after what was added,
    rather than sit between the old content and the new."""
    old = _trailing(node)
    after = None
    if old is not None:
        holder, key, slot = old
        entry = holder.ca.items.get(key)
        if entry is not None and len(entry) > slot and entry[slot] is not None:
            token = entry[slot]
            text = str(token.value)
            # A comment on the last line itself (``x  # ours``) stays on that line.
            cut = text.index("\n") + 1 if text.startswith("#") and "\n" in text else 0
            if text[cut:]:
                rest = ("\n" if cut else "") + text[cut:]  # its own line's end first
                after = CommentToken(rest, token.start_mark, None, 0)
                token.value = text[:cut]
                if not cut:
                    entry[slot] = None
    add()
    new = _trailing(node) if after is not None else None
    if new is not None:
        holder, key, slot = new
        entry = holder.ca.items.setdefault(key, [None, None, None, None])
        entry[slot] = after


def schema_path(folder: Path) -> str | None:
    """The editor schema relative to ``folder``: one saved in it, else ``schemas/...`` upwards."""
    if (folder / LOCAL_SCHEMA).is_file():
        return LOCAL_SCHEMA
    start = folder.resolve()
    for parent in (start, *start.parents):
        candidate = parent / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, start)).as_posix()
        if (parent / ".git").exists():
            break
    return None


__all__ = [
    "LOCAL_SCHEMA",
    "SCHEMA_COMMENT",
    "SCHEMA_FILE",
    "grow_block",
    "has_gaps",
    "header",
    "schema_path",
    "space_appended",
    "space_items",
]
