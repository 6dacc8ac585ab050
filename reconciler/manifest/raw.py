"""What the parser hands on: objects as plain values with where each key was written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reconciler.kinds import KindName
from reconciler.manifest.shapes import SHAPES
from reconciler.models import Location, trusted


@dataclass(slots=True)
class RawObject:
    """One object as parsed: plain values, plus (path, line, col) of each key (0-based)."""

    kind: KindName
    index: int  # position in its list, for objects too broken to have a name
    data: dict[str, Any]
    line: int
    col: int
    marks: list[tuple[str, int, int]]

    def label(self) -> str:
        """How messages name it: by its identity when it has one that reads well."""
        shape = SHAPES[self.kind]
        return shape.label(shape.spec, self.data, self.index)


class Refused(Exception):
    """A file we will not read further (syntax error, alias, nesting): one problem for it."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


# Location is frozen, so every instance can share one fields-set: a set per instance is ~200
# bytes, 40 MB at 100,000 objects. (model_copy copies it before updating.)
_LOCATION_FIELDS = set(Location.model_fields)


def location(file: str, line: int, col: int) -> Location:
    """A Location from trusted 0-based parser positions."""
    return trusted(Location, _LOCATION_FIELDS, {"file": file, "line": line + 1, "col": col + 1})


def type_name(value: Any) -> str:
    """What a message calls a value of the wrong type."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'text ("{shown}")'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
