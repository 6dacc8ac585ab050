"""The manifests already under ``--out``: read for editing, and the objects in them.

A file that is not a manifest (a ConfigMap, a CI config) is refused rather than written into;
each object is an ``Entry`` whose identity and managed keys are the user's choice.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import roundtrip
from reconciler.errors import ReconcilerError
from reconciler.importer.report import FileResult
from reconciler.importer.values import replace_value, split_value
from reconciler.kinds import OBJECT_KINDS, KindSpec
from reconciler.markers import Split
from reconciler.models import Value
from reconciler.portal_values import PORTALS


@dataclass
class ManifestFile:
    """One YAML file under ``--out``: its round-trip documents and how to write it back."""

    path: Path
    text: str
    documents: list[Any]
    yaml: YAML
    existed: bool = True
    comment_only: bool = False
    dirty: bool = False
    appended: dict[str, tuple[int, bool]] = field(default_factory=dict)
    """manifest key -> (index of the first appended item, whether the list has blank lines
    between items)"""
    result: FileResult | None = None
    style: roundtrip.Style = field(
        default_factory=roundtrip.Style
    )  # line endings and BOM, kept when written
    markers: Split | None = None  # a file of several documents: its markers, kept as written

    def touch(self) -> FileResult:
        self.dirty = True
        if self.result is None:
            self.result = FileResult(self.path, "updated" if self.existed else "created")
        return self.result


@dataclass
class Entry:
    """One object in a manifest file, as the round-trip loader gave it."""

    spec: KindSpec
    item: CommentedMap
    file: ManifestFile
    line: int  # 1-based
    portal: str | None = None  # per-portal ids and values: this portal's entry (import --portal)
    names: tuple[str, ...] = ()  # every portal of reconciler.yaml, when ``portal`` is set

    @property
    def kind(self) -> str:
        return self.spec.name

    @property
    def where(self) -> str:
        return f"{self.file.path}:{self.line}"

    @property
    def absent(self) -> bool:
        state: object = self.item.get("state")
        return state == "absent"

    def text(self, key: str) -> str | None:
        value = self.item.get(key)
        if isinstance(value, CommentedMap):  # per portal: this portal's entry, if any
            value = value.get(self.portal) if self.portal else None
        if value is None or isinstance(value, bool):
            return None
        return str(value)

    @property
    def portals(self) -> list[str] | None:
        """The entry's ``portals`` list (None: it is managed in every portal)."""
        value = self.item.get(PORTALS)
        return [str(v) for v in value] if isinstance(value, list) else None

    @property
    def managed_here(self) -> bool:
        listed = self.portals
        return self.portal is None or listed is None or self.portal in listed

    def sharing(self) -> list[str]:
        """The other portals that manage this entry: import keeps their values as they are."""
        if self.portal is None:
            return []
        listed = self.portals
        return [n for n in (self.names if listed is None else listed) if n != self.portal]

    def pinned_id(self) -> str | None:
        """This portal's pin; a scalar id belongs to the portals the entry is managed in."""
        id_field = str(self.spec.id_field)
        if not self.managed_here and not isinstance(self.item.get(id_field), CommentedMap):
            return None
        return self.text(id_field)

    def replace(self, mapping: CommentedMap, key: str, value: Value) -> None:
        """Set one of the entry's values for this portal; where other portals manage it too,
        their value stays theirs (the value becomes per portal)."""
        replace_value(mapping, key, value, self.portal, self.sharing())

    def natural_key(self) -> Hashable | None:
        """As the kind's model spells it: the one key field's value, or a tuple of several;
        None while any is missing."""
        values = [self.text(name) for name in self.spec.key_fields]
        if not all(values):
            return None
        return values[0] if len(values) == 1 else tuple(values)

    def label(self) -> str:
        values = [self.text(name) for name in self.spec.key_fields]
        if len(values) == 1:  # a lone key names the object even when it is missing
            return self.spec.describe(str(self.item.get(self.spec.key_fields[0])))
        key = "/".join(str(v) for v in values) if all(values) else self.pinned_id()
        return self.spec.describe(key or self._other_portals_ids())

    def _other_portals_ids(self) -> str:
        """Neither key nor this portal's id: the ids it is pinned to elsewhere name it."""
        ids = self.item.get(self.spec.id_field)
        if isinstance(ids, CommentedMap):
            return ", ".join(f"{value} ({portal})" for portal, value in ids.items())
        return f"at line {self.line}"

    def add_portal_id(self, live_id: str) -> None:
        """An entry matched by its natural key whose id is per portal gets this portal's id."""
        ids = self.item.get(self.spec.id_field)
        if self.portal is not None and isinstance(ids, CommentedMap) and self.portal not in ids:
            ids[self.portal] = live_id
            self.file.touch()

    def unmanage(self, mapping: CommentedMap, key: str) -> bool:
        """A shared value this portal cannot take (empty here, and the API cannot empty it):
        kept for the other portals only; False when nothing else shares it."""
        others, current = self.sharing(), mapping.get(key)
        if not others or isinstance(current, CommentedMap):
            return False
        split_value(mapping, key, {name: current for name in others})
        return True

    def adopt(self, live_id: str) -> None:
        """An entry of other portals whose natural key names one of this portal's objects:
        managed here too, with this portal's id pinned (a scalar id stays the others')."""
        assert self.portal is not None
        listed, id_field = self.portals or [], str(self.spec.id_field)
        ids = self.item.get(id_field)
        if ids is not None and not isinstance(ids, CommentedMap):
            ids = CommentedMap((name, ids) for name in listed)
            ids.fa.set_flow_style()
            self.item[id_field] = ids
        if isinstance(ids, CommentedMap):
            ids[self.portal] = live_id
        seq = self.item.get(PORTALS)
        if set(self.names) <= {*listed, self.portal}:
            del self.item[PORTALS]  # every portal: as if never restricted
        elif isinstance(seq, CommentedSeq):
            seq.append(self.portal)
        self.file.touch()


def read_file(path: Path) -> ManifestFile:
    loaded = roundtrip.load(path, f"cannot import into {path.parent}")
    for document in loaded.documents:
        _check_manifest(path, document)
    return ManifestFile(
        path=path,
        text=loaded.text,
        documents=loaded.documents,
        yaml=loaded.yaml,
        comment_only=loaded.comment_only,
        style=loaded.style,
        markers=loaded.split,
    )


_KEYS = [str(spec.manifest_key) for spec in OBJECT_KINDS]


def _check_manifest(path: Path, document: Any) -> None:
    """Refuse to write into a file that is not a manifest (a ConfigMap, a CI config, ...).

    ``roundtrip.load`` already refuses a top level that is not a mapping."""
    if not isinstance(document, CommentedMap):
        return
    move = "move it out of the folder, or import into another folder with --out"
    keys = [str(k) for k in document]
    if keys and not any(k in _KEYS for k in keys):
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        lists = " and ".join(f"`{k}:`" for k in _KEYS)
        raise ReconcilerError(
            f"cannot import into {path.parent}: {path} is not a manifest (its top-level keys "
            f"are {shown}; a manifest holds {lists} lists); {move}"
        )
    for key in _KEYS:
        value = document.get(key)
        if value is not None and not isinstance(value, CommentedSeq):
            raise ReconcilerError(
                f"cannot import into {path.parent}: `{key}` in {path} is not a list; fix it "
                "first (`reconciler validate` shows where)"
            )


def entries(file: ManifestFile, portal: str | None, names: tuple[str, ...] = ()) -> Iterator[Entry]:
    for spec, item in roundtrip.items(file.documents):
        yield Entry(spec, item, file, item.lc.line + 1, portal, names)


__all__ = ["Entry", "ManifestFile", "entries", "read_file"]
