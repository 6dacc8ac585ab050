"""Validation: raw objects -> Sourced models, or problems pointing at the key that is wrong.

Every message names the object (``campaign "Spring launch"``) and the line of the key at
fault, and says what to write instead; an invalid object is never dropped silently.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from reconciler.errors import Problem
from reconciler.manifest.items import ITEM_ATTRIBUTES
from reconciler.manifest.raw import RawObject, location, type_name
from reconciler.manifest.shapes import SHAPES, Shape
from reconciler.models import MANIFEST, Location, Sourced, did_you_mean


class FieldLocations(Mapping[str, Location]):
    """Where each key of one object was written, keyed by dotted path (``properties.hs_notes``).

    Locations are made only when asked for: a million ``Location`` models (100,000 objects)
    would take ~450 MB, while two small arrays per object take a few hundred bytes.
    """

    __slots__ = ("_file", "_keys", "_positions")

    def __init__(self, file: str, keys: tuple[str, ...], positions: array[int]) -> None:
        self._file = file
        self._keys = keys
        self._positions = positions  # line, col, line, col, ... (1-based)

    def __getitem__(self, key: str) -> Location:
        try:
            i = self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        return Location(
            file=self._file, line=self._positions[2 * i], col=self._positions[2 * i + 1]
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"FieldLocations({dict(self.items())!r})"


class Validator:
    """Turns one file's raw objects into Sourced models, or problems pointing at the key."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self._file = file
        self._problems = problems
        self._marks: tuple[RawObject, dict[str, tuple[int, int]]] | None = None

    def location(self, line: int, col: int) -> Location:
        return location(self._file, line, col)

    def sourced(self, raw: RawObject, location: Location) -> Sourced | None:
        shape = SHAPES[raw.kind]
        maps_ok = self._check_property_map(raw, shape.property_map)
        try:
            obj = shape.model.model_validate(raw.data, context=MANIFEST)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            self._explain(raw, shape, errors)
            missing = shape.missing_identity(raw.data, [error["msg"] for error in errors])
            if missing:  # pydantic skips identity rules when fields already failed
                self._report(raw, "", missing)
            return None
        if not maps_ok:
            return None
        keys = tuple(path for path, _, _ in raw.marks)
        positions = array("i")
        for _, line, col in raw.marks:
            positions.append(line + 1)
            positions.append(col + 1)
        return Sourced.of(obj, location, FieldLocations(self._file, keys, positions))

    def report_at(self, raw: RawObject, path: str, message: str) -> None:
        """A problem at one field of ``raw`` (by its dotted path), naming the object."""
        self._report(raw, path, message)

    def _check_property_map(self, raw: RawObject, key: str) -> bool:
        """A manifest's property map is ``name: value`` (the wire's list form is not for users)."""
        value = raw.data.get(key)
        if value is None or isinstance(value, dict):
            return True
        self._report(
            raw, key, f"`{key}` must be a mapping of names to values, not {type_name(value)}"
        )
        del raw.data[key]
        return False

    def _report(self, raw: RawObject, path: str, message: str) -> None:
        self._problems.append(Problem(message, self._where(raw, path), raw.label()))

    def _where(self, raw: RawObject, path: str) -> Location:
        """The key a dotted path names, else its nearest written parent, else the object."""
        marks = self._marks_of(raw)
        while path:
            if path in marks:
                return self.location(*marks[path])
            path = path.rpartition(".")[0]
        return self.location(raw.line, raw.col)

    def _marks_of(self, raw: RawObject) -> dict[str, tuple[int, int]]:
        """``raw``'s marks by path (the first of each), made once per object: a scan per
        problem took 39 s for a list of 20,000 items without a name."""
        if self._marks is None or self._marks[0] is not raw:
            index: dict[str, tuple[int, int]] = {}
            for written, line, col in raw.marks:
                index.setdefault(written, (line, col))
            self._marks = (raw, index)
        return self._marks[1]

    def _explain(self, raw: RawObject, shape: Shape, errors: list[ErrorDetails]) -> None:
        fields = list(shape.model.model_fields)
        for error in errors:
            loc = [str(part) for part in error["loc"]]
            field = loc[0] if loc else ""
            kind = error["type"]
            before = len(self._problems)
            if kind == "value_error" and field == shape.property_map:
                self._explain_properties(raw, shape)
            if len(self._problems) == before:  # never drop an invalid object silently
                self._report(raw, ".".join(loc), _item_message(loc, kind, error, fields))

    def _explain_properties(self, raw: RawObject, shape: Shape) -> None:
        """Property-map problems are reported together; re-check each to point at its line."""
        field = shape.property_map
        values = raw.data.get(field) or {}
        for name, value in values.items():
            try:
                shape.model.model_validate(
                    {**shape.placeholder, field: {name: value}}, context=MANIFEST
                )
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    self._report(raw, f"{field}.{name}", _strip(error["msg"]))


def _item_message(loc: list[str], kind: str, error: Any, fields: list[str]) -> str:
    """A field of a budget or spend item (``budget.1.amount``) is named with its item:
    ``budget #2: amount ...``; any other field as ``_message`` names it."""
    if len(loc) >= 3 and loc[0] in ITEM_ATTRIBUTES and loc[1].isdigit():
        item = f"{loc[0]} #{int(loc[1]) + 1}"
        if kind == "extra_forbidden":
            return f'{item}: unknown key "{loc[2]}"; remove it or fix its spelling'
        return f"{item}: {_message(loc[2], kind, error, [])}"
    if kind == "list_type" and loc:
        where = ".".join(loc)
        return f"`{where}` must be a list (one `- item` a line, or [a, b]), not {type_name(error.get('input'))}"
    return _message(loc[0] if loc else "", kind, error, fields)


def _strip(message: str) -> str:
    return message.removeprefix("Value error, ")


def _message(field: str, kind: str, error: Any, fields: list[str]) -> str:
    """What went wrong with one field, and what to write instead."""
    value = error.get("input")
    if kind == "extra_forbidden":
        return f'unknown key "{field}"{did_you_mean(field, fields)}; remove it or fix its spelling'
    if kind == "missing":
        return f'"{field}" is required'
    if not field:
        return _strip(error["msg"])
    if kind == "literal_error":
        return f'{field} must be "present" or "absent", not {_shown(value)}'
    if kind == "string_type":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        hint = f' (quote it: "{value}")' if number else ""
        return f"{field} must be text, not {type_name(value)}{hint}"
    if kind == "bool_type":
        return f"{field} must be true or false, not {type_name(value)}"
    if kind in ("dict_type", "mapping_type"):
        return f"`{field}` must be a mapping of names to values, not {type_name(value)}"
    if kind == "string_too_short":
        return f"{field} must not be empty"
    message = _strip(error["msg"])
    if message.startswith(field):
        return message
    return f"{field}: {message}"


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else type_name(value)
