"""Editing manifests in place: ruamel.yaml's round trip, shared by ``import`` and ``pin``.

Why it is built this way:

- **An edit, not a rewrite.** Files are read with ruamel.yaml's round-trip mode and written
  back from the same documents, so comments, key order, quoting and indentation stay; the
  indents are guessed from the file so a rewrite keeps its look.
- **Any text reads back as it was.** A string with a character YAML would fold (NEL, U+2028,
  CR) or that is not printable is written double-quoted, with escapes.
- **Timestamps stay text.** Round-trip mode would turn ``2026-03-01`` into a date object; a
  constructor and representer keep it as the string it was and write new ones unquoted, the way
  the example manifests spell them (the manifest loader reads them as text too).
- **Line endings and BOM as they were.** A file saved with CRLF line endings or a byte-order
  mark is edited as LF text (ruamel would keep a stray CR inside comments and write LF
  elsewhere, mixing both) and written back with its CRLF and its BOM.
- **Document markers as written.** A file of several documents is cut at its ``---``/``...``
  lines and each document read and written on its own, the marker lines kept byte for byte
  (``reconciler.markers``).
- **Never half a file.** Writes go to a temporary file next to the target and are renamed over
  it, so an interrupted command leaves the old file or the new one.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver

from reconciler.errors import ReconcilerError
from reconciler.kinds import OBJECT_KINDS, KindSpec
from reconciler.manifest.files import Unreadable, max_bytes, read_manifest
from reconciler.markers import Split, shift_lines, split

_LISTS = "/".join(str(spec.manifest_key) for spec in OBJECT_KINDS)  # for messages
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


# --- YAML round trip that keeps timestamps as the text they were ---------------------------


class Stamp(str):
    """A scalar YAML would resolve as a timestamp, kept as its text (and written unquoted)."""

    __slots__ = ()


_RESOLVER = VersionedResolver()


def _looks_like_timestamp(text: str) -> bool:
    return bool(_RESOLVER.resolve(ScalarNode, text, (True, False)) == _TIMESTAMP)


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that never makes date/datetime objects."""


def _construct_stamp(constructor: RoundTripConstructor, node: ScalarNode) -> Stamp:
    return Stamp(node.value)


_Constructor.add_constructor(_TIMESTAMP, _construct_stamp)


class _Representer(RoundTripRepresenter):
    """Writes timestamp-looking strings unquoted (our loader reads them as text)."""


def _represent_str(representer: RoundTripRepresenter, data: str) -> ScalarNode:
    if _looks_like_timestamp(data):
        return representer.represent_scalar(_TIMESTAMP, str(data))
    if not data.isprintable():
        # NEL (U+0085) and other line breaks, controls and invisible characters: ruamel would
        # write some raw, and YAML folds a raw line break into a space. Escaped in double
        # quotes, each reads back as it was, so the plan after an import is empty.
        return representer.represent_scalar(_STR, str(data), style='"')
    node: ScalarNode = representer.represent_str(data)
    return node


_Representer.add_representer(Stamp, _represent_str)
_Representer.add_representer(str, _represent_str)


def make_yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    """A round-trip YAML that writes with these indents (see ``guess_indent``)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 2**31  # never fold a long line (a pasted description) over several lines
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_ITEM_RE = re.compile(r"^( *)- +(?=\S)")
_KEY_ONLY_RE = re.compile(r"^( *)[^\s#][^:#]*:\s*(#.*)?$")


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indents as the file uses them, so a rewrite keeps its look.

    ruamel's ``load_yaml_guess_indent`` parses the whole file a second time (seconds for a few
    thousand objects); the first list item and the first nested mapping tell enough.
    """
    mapping = sequence = offset = None
    lines = text.splitlines()
    for row, line in enumerate(lines):
        if sequence is None and (item := _ITEM_RE.match(line)):
            offset, sequence = len(item.group(1)), item.end()
        elif mapping is None and (key := _KEY_ONLY_RE.match(line)):
            below = next(
                (n for n in lines[row + 1 :] if n.strip() and not n.lstrip().startswith("#")), ""
            )
            step = len(below) - len(below.lstrip(" "))
            if not below.lstrip().startswith("-") and step > len(key.group(1)):
                mapping = step - len(key.group(1))
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 4, 2 if offset is None else offset


# --- reading and writing one manifest file --------------------------------------------------


_BOM = "\ufeff"


@dataclass(frozen=True)
class Style:
    """How a file spells its line endings and whether it starts with a byte-order mark."""

    crlf: bool = False
    bom: bool = False

    @classmethod
    def of(cls, raw: str) -> Style:
        """Judged by the first line break, as editors do."""
        first = raw.find("\n")
        return cls(crlf=first > 0 and raw[first - 1] == "\r", bom=raw.startswith(_BOM))

    def apply(self, text: str) -> str:
        """LF text as this file spells it."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return _BOM + text if self.bom else text


@dataclass
class Loaded:
    """One manifest file as the round trip read it, and the YAML that writes it back alike."""

    path: Path
    text: str
    documents: list[Any]
    yaml: YAML
    style: Style = Style()
    split: Split | None = None  # the document markers, for a file of several documents

    @property
    def comment_only(self) -> bool:
        return all(d is None for d in self.documents)


def load(path: Path, context: str) -> Loaded:
    """Read a manifest for editing; ``context`` starts the error (``cannot pin x.yaml``)."""
    try:
        raw = read_manifest(path, max_bytes()).decode("utf-8")
    except (Unreadable, UnicodeDecodeError) as exc:
        raise ReconcilerError(f"{context}: {path} cannot be read as UTF-8 text ({exc})") from None
    style = Style.of(raw)
    text = raw.removeprefix(_BOM).replace("\r\n", "\n")
    yaml = make_yaml(*guess_indent(text))
    try:
        documents, markers = _documents(yaml, text)
    except YAMLError as exc:
        raise ReconcilerError(
            f"{context}: {path} is not valid YAML; fix it first "
            "(`reconciler validate` shows where):",
            details=str(exc).splitlines(),
        ) from None
    for document in documents:
        if document is not None and not isinstance(document, CommentedMap):
            raise ReconcilerError(
                f"{context}: {path} is not a manifest (its top level is not a mapping of "
                f"{_LISTS}); move it out of the folder"
            )
    return Loaded(path=path, text=text, documents=documents, yaml=yaml, style=style, split=markers)


def _documents(yaml: YAML, text: str) -> tuple[list[Any], Split | None]:
    """The file's documents, each read on its own when the file has document markers."""
    markers = split(text)
    if markers is not None:
        try:
            documents = [yaml.load(body.text) for body in markers.bodies]
        except YAMLError:
            pass  # read as a whole below: the error then names the file's lines
        else:
            for body, document in zip(markers.bodies, documents, strict=True):
                shift_lines(document, body.line)
            return documents, markers
    return list(yaml.load_all(text)), None


def items(documents: Iterable[Any]) -> Iterator[tuple[KindSpec, CommentedMap]]:
    """(kind, item) for every object mapping (each kind's list), in file order per document."""
    for document in documents:
        if document is None:
            continue
        for spec in OBJECT_KINDS:
            found = document.get(spec.manifest_key)
            if not isinstance(found, CommentedSeq):
                continue
            for item in found:
                if isinstance(item, CommentedMap):
                    yield spec, item


def dump(yaml: YAML, documents: list[Any], markers: Split | None = None) -> str:
    """The documents as text: between the file's own ``markers`` when it had some (and still
    has as many documents), else several get ``---`` between them, as they had to have."""
    if markers is not None and len(markers.bodies) == len(documents):
        return markers.join(documents, partial(_dump_one, yaml))
    stream = io.StringIO()
    if len(documents) > 1:
        yaml.explicit_start = True
        yaml.dump_all(documents, stream)
    else:
        yaml.dump(documents[0], stream)
    return stream.getvalue()


def _dump_one(yaml: YAML, document: Any) -> str:
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def write_atomic(path: Path, text: str, style: Style = Style()) -> None:
    """Write next to the file and rename, so an interruption never leaves half a file;
    ``text`` is LF text, written with ``style``'s line endings and BOM."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(style.apply(text))
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            else:
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReconcilerError(f"cannot write {path}: {exc.strerror or exc}") from None


__all__ = [
    "Loaded",
    "Stamp",
    "Style",
    "dump",
    "guess_indent",
    "items",
    "load",
    "make_yaml",
    "write_atomic",
]
