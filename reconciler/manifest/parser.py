"""The event-stream parser: one manifest file -> raw objects with where each key was written.

We read the C parser's (libyaml via ruamel.yaml.clib) event stream and build plain dicts
ourselves rather than use a ruamel loader: see the package's docstring for why. Aliases,
explicit tags and nesting past ``MAX_DEPTH`` refuse the whole file; duplicate keys and values
of the wrong shape are problems, and reading goes on.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

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

from reconciler.errors import Problem
from reconciler.manifest.files import Unreadable, read_manifest
from reconciler.manifest.raw import RawObject, Refused, location, type_name
from reconciler.manifest.scalars import plain_scalar, text_scalar
from reconciler.manifest.shapes import SHAPES, Shape
from reconciler.models import did_you_mean

_INTERN_MAX = 40  # scalars up to this length are shared, not copied per object
MAX_DEPTH = 64  # manifests need 4 levels; far deeper input is an attack or an accident

_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = frozenset({None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

TOP_LEVEL: dict[str, Shape] = {
    shape.spec.manifest_key: shape for shape in SHAPES.values() if shape.spec.manifest_key
}
"""The manifest's top-level lists (``campaigns``), each the objects of one kind."""


def _keys(joined_by: str) -> str:
    """The top-level keys as messages list them: "`campaigns:` and `marketingEvents:`"."""
    keys = [f"`{key}:`" for key in TOP_LEVEL]
    return ", ".join(keys[:-1]) + f" {joined_by} " + keys[-1] if len(keys) > 1 else keys[0]


# --- reading a file's text -----------------------------------------------------------------


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


def read_text(file: Path, limit: int) -> str:
    """A manifest's text; what cannot be read or is not text refuses the file."""
    try:
        data = read_manifest(file, limit)
    except Unreadable as exc:
        raise Refused(str(exc), 0, 0) from None
    try:
        return _decode(data)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n")
        col = len(before) - (before.rfind(b"\n") + 1)
        raise Refused(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}): save it as UTF-8",
            line,
            col,
        ) from None


# --- parsing: events -> plain values -------------------------------------------------------


class _Parser:
    """Builds one file's documents from the event stream, recording where objects and keys are."""

    def __init__(self, next_event: Callable[[], Event], file: str, problems: list[Problem]) -> None:
        self._next = next_event
        self._file = file
        self._problems = problems
        self._depth = 0
        self.objects: list[RawObject] = []

    def _problem(self, message: str, mark: Any, obj: str | None = None) -> None:
        self._problems.append(Problem(message, location(self._file, mark.line, mark.column), obj))

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
                    f"the top level must be a mapping with {_keys('and/or')} lists, "
                    f"not {type_name(value)}",
                    event.start_mark,
                )
            return
        self._check_tag(event)
        seen: dict[str, int] = {}
        for key, key_event, value_event in self._pairs(seen):
            shape = TOP_LEVEL.get(key)
            if shape is None:
                self._value(value_event)
                self._problem(
                    f'unknown top-level key "{key}"{did_you_mean(key, list(TOP_LEVEL))}: '
                    f"a manifest holds {_keys('and')} lists",
                    key_event.start_mark,
                )
            else:
                self._object_list(shape, key, value_event)

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

    def _object_list(self, shape: Shape, key: str, event: Event) -> None:
        if not isinstance(event, SequenceStartEvent):
            value = self._value(event)
            if value is not None:
                self._problem(
                    f"`{key}` must be a list (items start with `- `), not {type_name(value)}",
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
                self.objects.append(self._object(shape, index, item))
            else:
                value = self._value(item)
                self._problem(
                    f"{shape.spec.label} #{index} in `{key}` must be a mapping of fields, "
                    f"not {type_name(value)}",
                    item.start_mark,
                )

    def _object(self, shape: Shape, index: int, start: MappingStartEvent) -> RawObject:
        before = len(self._problems)
        raw = self._object_data(shape, index, start)
        if len(self._problems) > before:  # duplicate keys inside it: name the object
            label = raw.label()
            for i in range(before, len(self._problems)):
                self._problems[i] = replace(self._problems[i], obj=label)
        return raw

    def _object_data(self, shape: Shape, index: int, start: MappingStartEvent) -> RawObject:
        data: dict[str, Any] = {}
        marks: list[tuple[str, int, int]] = []
        seen: dict[str, int] = {}
        property_map, item_lists, text_keys = shape.property_map, shape.item_lists, shape.text_keys
        for key, key_event, value_event in self._pairs(seen):
            mark = key_event.start_mark
            marks.append((key, mark.line, mark.column))
            if key == property_map and isinstance(value_event, MappingStartEvent):
                data[key] = self._property_map(key, value_event, marks)
            elif key in item_lists and isinstance(value_event, SequenceStartEvent):
                data[key] = self._item_list(key, value_event, marks)
            elif key in item_lists and isinstance(value_event, MappingStartEvent):
                data[key] = self._item_map(key, value_event, marks)
            elif key in text_keys:
                data[key] = self._value(value_event, text=True)
            else:
                data[key] = self._value(value_event)
        first = marks[0] if marks else ("", start.start_mark.line, start.start_mark.column)
        return RawObject(shape.spec.name, index, data, first[1], first[2], marks)

    def _item_list(
        self,
        prefix: str,
        start: SequenceStartEvent,
        marks: list[tuple[str, int, int]],
        text: bool = False,
    ) -> list[Any]:
        """A list whose items errors and the plan point at (``marketingEvents.2``)."""
        self._check_tag(start)
        items: list[Any] = []
        while not isinstance(item := self._next(), SequenceEndEvent):
            mark = item.start_mark
            marks.append((f"{prefix}.{len(items)}", mark.line, mark.column))
            items.append(self._value(item, text=text))
        return items

    def _item_map(
        self, prefix: str, start: MappingStartEvent, marks: list[tuple[str, int, int]]
    ) -> dict[str, Any]:
        """Lists of ids by type (``assets: {FORM: [...]}``): errors and the plan point at a
        type's key (``assets.FORM``) and at each id (``assets.FORM.0``), kept as written."""
        self._check_tag(start)
        out: dict[str, Any] = {}
        for key, key_event, value_event in self._pairs({}):
            path = f"{prefix}.{key}"
            marks.append((path, key_event.start_mark.line, key_event.start_mark.column))
            if isinstance(value_event, SequenceStartEvent):
                out[key] = self._item_list(path, value_event, marks, text=True)
            else:
                out[key] = self._value(value_event, text=True)
        return out

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
                    raise Refused(
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
            return text_scalar(value) if text else plain_scalar(value)
        if isinstance(event, AliasEvent):
            raise Refused(
                f"aliases (*{event.anchor}) are not supported: write the value out in full",
                event.start_mark.line,
                event.start_mark.column,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise Refused(
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
        raise Refused(f"unexpected YAML event {type(event).__name__}", 0, 0)  # pragma: no cover

    def _check_tag(self, event: Any) -> None:
        if event.tag not in _COLLECTION_TAGS:
            raise Refused(
                f"YAML tags such as {event.tag} are not supported: remove the tag",
                event.start_mark.line,
                event.start_mark.column,
            )


def parse(text: str, file: str, problems: list[Problem]) -> list[RawObject]:
    """One file's objects; a syntax error, alias or tag refuses the whole file."""
    parser = _Parser(_event_source(text), file, problems)
    try:
        parser.run()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _syntax_message(exc)
        if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            message += "; indent with spaces, not tabs"
        raise Refused(message, mark.line if mark else 0, mark.column if mark else 0) from None
    except YAMLError as exc:  # reader errors: characters YAML does not allow
        position = getattr(exc, "position", 0) or 0
        before = text[:position]
        line = before.count("\n")
        raise Refused(
            f"invalid YAML: {getattr(exc, 'reason', None) or exc}; remove the character",
            line,
            position - (before.rfind("\n") + 1),
        ) from None
    return parser.objects


def _event_source(text: str) -> Callable[[], Event]:
    """The next-event call of libyaml's parser (ruamel.yaml.clib, a dependency), else of
    ruamel's pure-Python one. Called directly, libyaml's spares what ``YAML.parse`` adds to
    every event (a generator step and a second C call): 0.05 s of loading 10,000 objects."""
    next_event: Callable[[], Event]
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - the clib is a dependency; a platform may lack it
        next_event = iter(YAML(typ="safe", pure=True).parse(text)).__next__
    else:
        next_event = CParser(text).get_event
    return next_event


def _syntax_message(exc: MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return message
