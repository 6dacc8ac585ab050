"""A bad option or argument value, in our words rather than pydantic's.

typer checks each value with pydantic and click prints the first error's text as it is:
``Value error, 'tcsh' is not one of 'bash', ...`` or ``Input should be a valid integer, unable
to parse string as an integer``. ``install`` rewords those: what is wrong with the value and
what to write instead (the choices, or the range). It stays click's usage error (the usage
line, ``Invalid value for '--kind': ...``, exit 2), raised before anything is read or sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

import typer

from reconciler.render.safe import printable

Command = Any  # a click Command or Group, walked by duck typing as in global_flags
Param = Any  # a typer parameter: it carries ``type_descriptor``
_RANGE_ERRORS = frozenset({"greater_than_equal", "greater_than", "less_than_equal", "less_than"})
_NUMBER_ERRORS = frozenset({"int_parsing", "int_from_float", "int_type"})


def install(root: Command) -> Command:
    """Reword the value errors of every parameter of the tree; returns it for chaining."""
    for command in _walk(root):
        for param in command.params:
            if hasattr(param, "type_descriptor"):
                _reword_errors(param)
    return root


def _walk(command: Command) -> Iterator[Command]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _walk(sub)


def _reword_errors(param: Param) -> None:
    process = param.process_value

    def process_value(ctx: Any, value: Any) -> Any:
        try:
            return process(ctx, value)
        except typer.BadParameter as exc:
            errors = getattr(exc.__cause__, "errors", None)  # a pydantic ValidationError's
            if callable(errors) and errors():
                exc.message = reworded(param, errors()[0])
            raise

    param.process_value = process_value


def reworded(param: Param, error: Any) -> str:
    """What is wrong with the value and what to write instead: ``error`` is pydantic's."""
    shown = printable(repr(error.get("input")))
    choices = _choices(param)
    if choices:
        return f"{shown} is not one of its choices: write {_one_of(choices)}"
    kind = error.get("type")
    if kind in _NUMBER_ERRORS:
        return f"{shown} is not a whole number: write one {_range(param) or 'in digits'}"
    if kind in _RANGE_ERRORS:
        return f"{shown} is out of range: write a whole number {_range(param)}".rstrip()
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if message.startswith("Input should be "):
        return f"{shown} is not valid here: it should be {message.removeprefix('Input should be ')}"
    return printable(message)


def _choices(param: Param) -> list[str]:
    words = param.type_descriptor.choices or ()
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in words]


def _one_of(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _range(param: Param) -> str:
    """``from 0 to 65535`` (or one bound), else ``in digits, such as 190`` (the default)."""
    info = param.type_descriptor.parameter_info
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None or high is not None:
        return f"of at least {low}" if low is not None else f"of at most {high}"
    default = param.default
    return f"in digits, such as {default}" if type(default) is int else ""
