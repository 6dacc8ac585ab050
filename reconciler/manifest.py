"""YAML manifests -> DesiredState, with file:line:col for every object and field.

Why not ruamel's round-trip (or safe) loader: at 100,000 objects it takes minutes and
gigabytes, converts timestamps and ``010`` behind the user's back, and expands aliases. We read
the C parser's (libyaml via ruamel.yaml.clib) event stream instead and build plain dicts
ourselves, which is ~50x faster and lets us:

- keep only (line, column) of each object and key, never a node tree;
- keep timestamps as strings until the models parse them (so a missing offset is caught);
- keep property values as written (``010`` stays ``"010"``): HubSpot stores strings;
- refuse aliases (no billion laughs), explicit tags and duplicate keys.

Every problem of the run, across all files, is collected and raised once as ``ManifestError``.
"""

from __future__ import annotations

import codecs
import gc
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reconciler.errors import ManifestError, Problem
from reconciler.manifest_files import Unreadable, Warn, find_manifests, max_bytes, read_manifest
from reconciler.models import (
    MANIFEST,
    Campaign,
    DesiredState,
    Location,
    MarketingEvent,
    Sourced,
    did_you_mean,
    trusted,
)
from reconciler.portal_values import PortalChoice, resolve
from reconciler.render.safe import printable

Kind = Literal["campaign", "event"]

TOP_LEVEL_KEYS: dict[str, Kind] = {"campaigns": "campaign", "marketingEvents": "event"}
_INTERN_MAX = 40  # scalars up to this length are shared, not copied per object
MAX_DEPTH = 64  # manifests need 4 levels; far deeper input is an attack or an accident

# Keys whose plain scalars keep their source text: ids (``007`` is not 7) and, one level down,
# the property maps whose values HubSpot stores as strings.
# Keys whose plain scalars are kept as written: ids, and text fields (`eventName: 1.10` is
# the text "1.10", not the number 1.1).
_TEXT_KEYS = frozenset(
    {
        "id",
        "objectId",
        "externalAccountId",
        "externalEventId",
        "name",
        "eventName",
        "eventOrganizer",
        "eventType",
        "eventDescription",
        "eventUrl",
    }
)
_LINKS = "marketingEvents"  # a campaign's linked events: each item gets its own mark
_PROPERTY_MAPS: dict[Kind, str] = {"campaign": "properties", "event": "customProperties"}

# YAML 1.2 core schema for plain scalars (what ruamel does by default), minus timestamps.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = frozenset({None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


# --- where things were written -------------------------------------------------------------


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


@dataclass(slots=True)
class _RawObject:
    """One object as parsed: plain values, plus (path, line, col) of each key (0-based)."""

    kind: Kind
    index: int  # position in its list, for objects too broken to have a name
    data: dict[str, Any]
    line: int
    col: int
    marks: list[tuple[str, int, int]]


class _Refused(Exception):
    """A file we will not read further (syntax error, alias, nesting): one problem for it."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


# --- discovering and reading files ---------------------------------------------------------


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    """Text of a manifest: UTF-8, with or without a BOM; UTF-16/32 only with their BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def _read(file: Path, limit: int) -> str:
    try:
        data = read_manifest(file, limit)
    except Unreadable as exc:
        raise _Refused(str(exc), 0, 0) from None
    try:
        return _decode(data)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n")
        col = len(before) - (before.rfind(b"\n") + 1)
        raise _Refused(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}): save it as UTF-8",
            line,
            col,
        ) from None


# --- parsing: events -> plain values -------------------------------------------------------


def _plain_scalar(text: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2 core rules, except timestamps stay strings."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text and (text[0].isdigit() or text[0] in "+-."):
        if _INT_RE.fullmatch(text):
            return int(text)
        if text.startswith(("0o", "0x")):
            try:
                return int(text, 0)
            except ValueError:
                return text
        if _FLOAT_RE.fullmatch(text):
            return float(text)
        if text.lower() in _SPECIAL_FLOATS:
            return float(_SPECIAL_FLOATS[text.lower()])
    return text


def _text_scalar(text: str) -> Any:
    """A plain scalar as written, for values HubSpot keeps as strings; null and booleans aside."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    return text


class _Parser:
    """Builds one file's documents from the event stream, recording where objects and keys are."""

    def __init__(self, events: Iterator[Event], file: str, problems: list[Problem]) -> None:
        self._next: Callable[[], Event] = events.__next__
        self._file = file
        self._problems = problems
        self._depth = 0
        self.objects: list[_RawObject] = []

    def _problem(self, message: str, mark: Any, obj: str | None = None) -> None:
        self._problems.append(Problem(message, _location(self._file, mark.line, mark.column), obj))

    def run(self) -> None:
        """Read all documents of the stream."""
        event = self._next()  # StreamStartEvent
        while True:
            event = self._next()
            if isinstance(event, StreamEndEvent):
                return
            if isinstance(event, DocumentStartEvent):
                self._document(self._next())
                end = self._next()
                assert isinstance(end, DocumentEndEvent)

    def _document(self, event: Event) -> None:
        if not isinstance(event, MappingStartEvent):
            value = self._value(event)
            if value is not None:
                self._problem(
                    "the top level must be a mapping with `campaigns:` and/or "
                    f"`marketingEvents:` lists, not {_type_name(value)}",
                    event.start_mark,
                )
            return
        self._check_tag(event)
        seen: dict[str, int] = {}
        for key, key_event, value_event in self._pairs(seen):
            kind = TOP_LEVEL_KEYS.get(key)
            if kind is None:
                self._value(value_event)
                self._problem(
                    f'unknown top-level key "{key}"{did_you_mean(key, list(TOP_LEVEL_KEYS))}: '
                    "a manifest holds `campaigns:` and `marketingEvents:` lists",
                    key_event.start_mark,
                )
            else:
                self._object_list(kind, key, value_event)

    def _pairs(self, seen: dict[str, int]) -> Iterator[tuple[str, ScalarEvent, Event]]:
        """A mapping's (key, key event, value's first event) until its end; checks the keys."""
        while True:
            key_event = self._next()
            if isinstance(key_event, MappingEndEvent):
                return
            if not isinstance(key_event, ScalarEvent):
                self._value(key_event)
                self._value(self._next())
                self._problem(
                    "a key must be a plain name, not a list or mapping", key_event.start_mark
                )
                continue
            key = sys.intern(key_event.value)
            line = key_event.start_mark.line
            if key in seen:
                self._value(self._next())
                self._problem(
                    f'duplicate key "{key}" (first at line {seen[key] + 1}): keep only one',
                    key_event.start_mark,
                )
                continue
            seen[key] = line
            yield key, key_event, self._next()

    def _object_list(self, kind: Kind, key: str, event: Event) -> None:
        if not isinstance(event, SequenceStartEvent):
            value = self._value(event)
            if value is not None:
                self._problem(
                    f"`{key}` must be a list (items start with `- `), not {_type_name(value)}",
                    event.start_mark,
                )
            return
        self._check_tag(event)
        index = 0
        while True:
            item = self._next()
            if isinstance(item, SequenceEndEvent):
                return
            index += 1
            if isinstance(item, MappingStartEvent):
                self._check_tag(item)
                self.objects.append(self._object(kind, index, item))
            else:
                value = self._value(item)
                noun = "campaign" if kind == "campaign" else "marketing event"
                self._problem(
                    f"{noun} #{index} in `{key}` must be a mapping of fields, not {_type_name(value)}",
                    item.start_mark,
                )

    def _object(self, kind: Kind, index: int, start: MappingStartEvent) -> _RawObject:
        before = len(self._problems)
        raw = self._object_data(kind, index, start)
        if len(self._problems) > before:  # duplicate keys inside it: name the object
            label = _label(raw)
            for i in range(before, len(self._problems)):
                self._problems[i] = replace(self._problems[i], obj=label)
        return raw

    def _object_data(self, kind: Kind, index: int, start: MappingStartEvent) -> _RawObject:
        data: dict[str, Any] = {}
        marks: list[tuple[str, int, int]] = []
        seen: dict[str, int] = {}
        property_map = _PROPERTY_MAPS[kind]
        for key, key_event, value_event in self._pairs(seen):
            mark = key_event.start_mark
            marks.append((key, mark.line, mark.column))
            if key == property_map and isinstance(value_event, MappingStartEvent):
                data[key] = self._property_map(key, value_event, marks)
            elif (
                key == _LINKS and kind == "campaign" and isinstance(value_event, SequenceStartEvent)
            ):
                data[key] = self._item_list(key, value_event, marks)
            elif key in _TEXT_KEYS:
                data[key] = self._value(value_event, text=True)
            else:
                data[key] = self._value(value_event)
        first = marks[0] if marks else ("", start.start_mark.line, start.start_mark.column)
        return _RawObject(kind, index, data, first[1], first[2], marks)

    def _item_list(
        self, prefix: str, start: SequenceStartEvent, marks: list[tuple[str, int, int]]
    ) -> list[Any]:
        """A list whose items errors and the plan point at (``marketingEvents.2``)."""
        self._check_tag(start)
        items: list[Any] = []
        while not isinstance(item := self._next(), SequenceEndEvent):
            mark = item.start_mark
            marks.append((f"{prefix}.{len(items)}", mark.line, mark.column))
            items.append(self._value(item))
        return items

    def _property_map(
        self, prefix: str, start: MappingStartEvent, marks: list[tuple[str, int, int]]
    ) -> dict[str, Any]:
        self._check_tag(start)
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key, key_event, value_event in self._pairs(seen):
            mark = key_event.start_mark
            marks.append((sys.intern(f"{prefix}.{key}"), mark.line, mark.column))
            out[key] = self._value(value_event, text=True)
        return out

    def _value(self, event: Event, text: bool = False) -> Any:
        """Any value, consuming its events; ``text`` keeps plain scalars as written."""
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is not None and tag != "!":
                if tag != _STR_TAG:
                    raise _Refused(
                        f"YAML tags such as {tag.replace('tag:yaml.org,2002:', '!!')} are not "
                        "supported: write the plain value (quote it to make it text)",
                        event.start_mark.line,
                        event.start_mark.column,
                    )
                return event.value
            value = event.value
            if len(value) <= _INTERN_MAX:  # the same statuses, dates, URLs over and over
                value = sys.intern(value)
            if event.style:  # quoted or block: always text
                return value
            return _text_scalar(value) if text else _plain_scalar(value)
        if isinstance(event, AliasEvent):
            raise _Refused(
                f"aliases (*{event.anchor}) are not supported: write the value out in full",
                event.start_mark.line,
                event.start_mark.column,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                "values are nested too deeply", event.start_mark.line, event.start_mark.column
            )
        try:
            if isinstance(event, MappingStartEvent):
                self._check_tag(event)
                return {key: self._value(value) for key, _, value in self._pairs({})}
            if isinstance(event, SequenceStartEvent):
                self._check_tag(event)
                items = []
                while not isinstance(item := self._next(), SequenceEndEvent):
                    items.append(self._value(item))
                return items
        finally:
            self._depth -= 1
        raise _Refused(f"unexpected YAML event {type(event).__name__}", 0, 0)  # pragma: no cover

    def _check_tag(self, event: Any) -> None:
        if event.tag not in _COLLECTION_TAGS:
            raise _Refused(
                f"YAML tags such as {event.tag} are not supported: remove the tag",
                event.start_mark.line,
                event.start_mark.column,
            )


def _type_name(value: Any) -> str:
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


def _parse(text: str, file: str, problems: list[Problem]) -> list[_RawObject]:
    """One file's objects; a syntax error, alias or tag refuses the whole file."""
    yaml = YAML(typ="safe", pure=False)  # C parser when ruamel.yaml.clib is installed
    parser = _Parser(iter(yaml.parse(text)), file, problems)
    try:
        parser.run()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _syntax_message(exc)
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            message += "; indent with spaces, not tabs"
        raise _Refused(message, mark.line if mark else 0, mark.column if mark else 0) from None
    except YAMLError as exc:  # reader errors: characters YAML does not allow
        position = getattr(exc, "position", 0) or 0
        before = text[:position]
        line = before.count("\n")
        raise _Refused(
            f"invalid YAML: {getattr(exc, 'reason', None) or exc}; remove the character",
            line,
            position - (before.rfind("\n") + 1),
        ) from None
    return parser.objects


def _syntax_message(exc: MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return message


# --- validation: plain values -> models ----------------------------------------------------

_MODELS: dict[Kind, type[Campaign] | type[MarketingEvent]] = {
    "campaign": Campaign,
    "event": MarketingEvent,
}


def _label(raw: _RawObject) -> str:
    """How messages name an object: by its identity when it has one that reads well."""
    data = raw.data
    if raw.kind == "campaign":
        name = data.get("name")
        if isinstance(name, str) and name:
            return f'campaign "{name}"'
        pinned = data.get("id")
        return f"campaign {pinned}" if isinstance(pinned, str) else f"campaign #{raw.index}"
    account, external = data.get("externalAccountId"), data.get("externalEventId")
    if isinstance(account, str | int) and isinstance(external, str | int):
        return f"marketing event {account}/{external}"
    pinned = data.get("objectId")
    if isinstance(pinned, str | int) and not isinstance(pinned, bool):
        return f"marketing event {pinned}"
    return f"marketing event #{raw.index}"


# Sourced and Location are frozen, so every instance can share one fields-set: a set per
# instance is ~200 bytes, 40 MB at 100,000 objects. (model_copy copies it before updating.)
_LOCATION_FIELDS = set(Location.model_fields)
_SOURCED_FIELDS = set(Sourced.model_fields)


def _location(file: str, line: int, col: int) -> Location:
    """A Location from trusted 0-based parser positions."""
    return trusted(Location, _LOCATION_FIELDS, {"file": file, "line": line + 1, "col": col + 1})


class _Validator:
    """Turns one file's raw objects into Sourced models, or problems pointing at the key."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self._file = file
        self._problems = problems

    def location(self, line: int, col: int) -> Location:
        return _location(self._file, line, col)

    def sourced(self, raw: _RawObject, location: Location) -> Sourced | None:
        model = _MODELS[raw.kind]
        data = raw.data
        property_map = _PROPERTY_MAPS[raw.kind]
        maps_ok = self._check_property_map(raw, property_map)
        try:
            obj = model.model_validate(data, context=MANIFEST)
        except ValidationError as exc:
            self._explain(raw, model, exc)
            if raw.kind == "event" and not any(
                "needs objectId" in e["msg"] for e in exc.errors(include_url=False)
            ):
                self._check_event_identity(raw)
            return None
        if not maps_ok:
            return None
        keys = tuple(path for path, _, _ in raw.marks)
        positions = array("i")
        for _, line, col in raw.marks:
            positions.append(line + 1)
            positions.append(col + 1)
        return trusted(
            Sourced,
            _SOURCED_FIELDS,
            {
                "obj": obj,
                "location": location,
                "field_locations": FieldLocations(self._file, keys, positions),
            },
        )

    def report_at(self, raw: _RawObject, path: str, message: str) -> None:
        """A problem at one field of ``raw`` (by its dotted path), naming the object."""
        self._report(raw, path, message)

    def _check_event_identity(self, raw: _RawObject) -> None:
        """Pydantic skips the identity rule when fields already failed; report it anyway."""
        data = raw.data
        if data.get("objectId") is not None:
            return
        missing = [k for k in ("externalAccountId", "externalEventId") if data.get(k) is None]
        if missing:
            self._report(
                raw,
                "",
                "an event needs objectId, or both externalAccountId and externalEventId; missing "
                + " and ".join(missing),
            )

    def _check_property_map(self, raw: _RawObject, key: str) -> bool:
        """A manifest's property map is ``name: value`` (the wire's list form is not for users)."""
        value = raw.data.get(key)
        if value is None or isinstance(value, dict):
            return True
        self._report(
            raw, key, f"`{key}` must be a mapping of names to values, not {_type_name(value)}"
        )
        del raw.data[key]
        return False

    def _report(self, raw: _RawObject, path: str, message: str) -> None:
        self._problems.append(Problem(message, self._where(raw, path), _label(raw)))

    def _where(self, raw: _RawObject, path: str) -> Location:
        """The key a dotted path names, else its nearest written parent, else the object."""
        while path:
            for written, line, col in raw.marks:
                if written == path:
                    return self.location(line, col)
            path = path.rpartition(".")[0]
        return self.location(raw.line, raw.col)

    def _explain(self, raw: _RawObject, model: type[BaseModel], exc: ValidationError) -> None:
        fields = list(model.model_fields)
        for error in exc.errors(include_url=False):
            loc = [str(part) for part in error["loc"]]
            field = loc[0] if loc else ""
            kind = error["type"]
            before = len(self._problems)
            if kind == "value_error" and field in _PROPERTY_MAPS.values():
                self._explain_properties(raw, model, field)
            if len(self._problems) == before:  # never drop an invalid object silently
                self._report(raw, ".".join(loc), _message(field, kind, error, fields))

    def _explain_properties(self, raw: _RawObject, model: type[BaseModel], field: str) -> None:
        """Property-map problems are reported together; re-check each to point at its line."""
        identity = {"name": "x"} if model is Campaign else {"objectId": "1"}
        values = raw.data.get(field) or {}
        for name, value in values.items():
            try:
                model.model_validate({**identity, field: {name: value}}, context=MANIFEST)
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    self._report(raw, f"{field}.{name}", _strip(error["msg"]))


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
        return f"{field} must be text, not {_type_name(value)}{hint}"
    if kind == "bool_type":
        return f"{field} must be true or false, not {_type_name(value)}"
    if kind in ("dict_type", "mapping_type"):
        return f"`{field}` must be a mapping of names to values, not {_type_name(value)}"
    if kind == "string_too_short":
        return f"{field} must not be empty"
    message = _strip(error["msg"])
    if message.startswith(field):
        return message
    return f"{field}: {message}"


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else _type_name(value)


# --- the same object twice -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Identity:
    """The handles under which one object must be unique, taken from what was written."""

    kind: Kind
    handles: tuple[tuple[str, str], ...]
    location: Location
    label: str


def _id_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value) or None


def _identity(raw: _RawObject, location: Location) -> _Identity:
    """From the raw data, so that a copy with other mistakes still counts as a duplicate."""
    data = raw.data
    handles: list[tuple[str, str]] = []
    if raw.kind == "campaign":
        name = data.get("name")
        pinned = _id_text(data.get("id"))
        # A pinned campaign is identified by its id alone: HubSpot allows two campaigns with
        # one name (and import pins both), so only unpinned names must be unique.
        if isinstance(name, str) and name and pinned is None:
            handles.append(("name", f'the same name "{name}"'))
        if pinned is not None:
            handles.append(("id", f"the same id {pinned.lower()}"))
    else:
        account = _id_text(data.get("externalAccountId"))
        external = _id_text(data.get("externalEventId"))
        if account is not None and external is not None:
            handles.append(
                ("key", f"the same externalAccountId/externalEventId {account}/{external}")
            )
        pinned = _id_text(data.get("objectId"))
        if pinned is not None:
            handles.append(("objectId", f"the same objectId {pinned}"))
    return _Identity(raw.kind, tuple(handles), location, _label(raw))


def _duplicates(kind: Kind, identities: list[_Identity], problems: list[Problem]) -> None:
    """Each later copy of an object is an error naming both places (once per pair)."""
    noun = "campaign" if kind == "campaign" else "marketing event"
    first: dict[tuple[str, str], _Identity] = {}
    for identity in identities:
        reported: set[int] = set()
        for handle in identity.handles:
            other = first.setdefault(handle, identity)
            if other is identity or id(other) in reported:
                continue
            reported.add(id(other))
            problems.append(
                Problem(
                    f"declared twice: this {noun} and the one at {other.location} have "
                    f"{handle[1]}; keep only one",
                    identity.location,
                    identity.label,
                    related=(other.location,),
                )
            )


# --- the public entry point ----------------------------------------------------------------


def _load_file(
    file: Path, limit: int, problems: list[Problem], choice: PortalChoice | None = None
) -> tuple[list[Sourced], list[_Identity]]:
    """One manifest file's valid objects and every object's identity; problems are appended."""
    name = str(file)
    try:
        raw_objects = _parse(_read(file, limit), name, problems)
    except _Refused as refused:
        problems.append(Problem(refused.message, _location(name, refused.line, refused.col)))
        return [], []
    validator = _Validator(name, problems)
    valid: list[Sourced] = []
    identities: list[_Identity] = []
    for raw in raw_objects:
        location = validator.location(raw.line, raw.col)
        resolve(raw.data, choice, partial(validator.report_at, raw))
        identities.append(_identity(raw, location))
        sourced = validator.sourced(raw, location)
        if sourced is not None:
            valid.append(sourced)
    return valid, identities


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """Pause automatic full collections while loading.

    Each full collection rescans every object kept so far, which made a third of a
    100,000-object load. What we keep holds no cycles; the YAML loader of each file does, and a
    young-generation sweep after each file (``gc.collect(0)``) frees it cheaply.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def warn_on_stderr(message: str) -> None:
    """What was skipped, for the person running the command (stdout may hold a JSON document)."""
    print(f"Warning: {printable(message)}", file=sys.stderr)


def load_manifests(
    paths: list[Path], choice: PortalChoice | None = None, *, warn: Warn = warn_on_stderr
) -> DesiredState:
    """Read every manifest under ``paths``, per-portal values resolved for ``choice``; raise
    ManifestError with all problems of the run.

    Files that are not read (a FIFO, a device, a symlink loop) are reported through ``warn``.
    """
    with _young_collections_only():
        return _load(paths, choice, warn)


def _load(paths: list[Path], choice: PortalChoice | None, warn: Warn) -> DesiredState:
    limit = max_bytes()
    found_files = find_manifests(paths, warn)
    files, labels = found_files.files, found_files.labels
    problems = [Problem(message) for message in found_files.missing]
    found: dict[Kind, list[Sourced]] = {"campaign": [], "event": []}
    identities: dict[Kind, list[_Identity]] = {"campaign": [], "event": []}
    for file in files:
        valid, named = _load_file(file, limit, problems, choice)
        gc.collect(0)
        for sourced in valid:
            found["campaign" if isinstance(sourced.obj, Campaign) else "event"].append(sourced)
        for identity in named:
            identities[identity.kind].append(identity)
    _duplicates("campaign", identities["campaign"], problems)
    _duplicates("event", identities["event"], problems)
    if problems:
        order = {str(file): i for i, file in enumerate(files)}
        problems.sort(key=lambda p: _problem_order(p, order))
        raise ManifestError(problems)
    return DesiredState(
        campaigns=found["campaign"],
        events=found["event"],
        files=[str(file) for file in files],
        paths=labels,
    )


def _problem_order(problem: Problem, order: dict[str, int]) -> tuple[int, int, int]:
    location = problem.location
    if location is None:
        return (-1, 0, 0)
    return (order.get(location.file, len(order)), location.line, location.col)
