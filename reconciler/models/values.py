"""Canonical values: how both sides (manifests and the portal) write a value, so that the
planner can compare with plain equality.

Property values are strings (``5`` -> ``"5"``, ``true`` -> ``"true"``, null -> ``""``), dates
are ``YYYY-MM-DD``, datetimes are UTC ``...Z`` strings, and an empty value is always ``""``.
Rules that only make sense for what a user writes (read-only properties, fields that cannot be
emptied) run only when the validation context is ``MANIFEST``; live objects read from the
portal are taken as they are.

No I/O here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import BaseModel, BeforeValidator, ValidationInfo

Presence: TypeAlias = Literal["present", "absent"]
Value: TypeAlias = str | bool
"""A managed field's canonical value: a string, or a bool for ``eventCancelled``."""

MANIFEST = {"origin": "manifest"}
"""Validation context for objects written by users (enables the manifest-only rules)."""

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET_RE = re.compile(r"(Z|z|[+-]\d{2}:?\d{2})$")
_CANONICAL_UTC_RE = re.compile(
    r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?Z"
)


_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__


def trusted(cls: type[_Model], fields_set: set[str], values: dict[str, Any]) -> _Model:
    """``cls.model_construct(fields_set, **values)`` for values already checked that name every
    field: the same instance in a third of the time (model_construct looks at every field's
    default: 11 us a call; the loader makes two per manifest object). ``fields_set`` is shared,
    so it must never be changed (the models are frozen; model_copy copies it first)."""
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def did_you_mean(name: str, candidates: tuple[str, ...] | list[str]) -> str:
    """A ' (did you mean "x"?)' suffix when one candidate is close, else ''."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def is_manifest(info: ValidationInfo) -> bool:
    """True when validating what a user wrote (the validation context is ``MANIFEST``)."""
    context = info.context  # None for live objects: answered before the (slow) ABC check
    return (
        context is not None and isinstance(context, Mapping) and context.get("origin") == "manifest"
    )


def canonical_scalar(value: Any) -> str:
    """A property value as HubSpot sends it: always a string, ``""`` for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        return repr(value)
    if isinstance(value, datetime):
        return canonical_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise ValueError(f"must be a string, number, boolean or null, not {type(value).__name__}")


def _canonical_utc(text: str) -> str | None:
    """HubSpot's own shape (``2026-07-01T10:00:00.000Z``) made canonical by slicing, or None.

    Every live event brings two such values: parsing, converting and formatting each took
    ~15 us, a quarter of a live event's validation. Only a real instant takes this path;
    anything else (offsets, years before 1000, invalid dates) goes the full way below.
    """
    match = _CANONICAL_UTC_RE.fullmatch(text)
    if match is None:
        return None
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return text if match[1] not in (None, ".000") else text[:19] + "Z"


def canonical_datetime(value: Any) -> str:
    """An instant as ``YYYY-MM-DDTHH:MM:SS[.fff]Z`` in UTC; a value without offset is refused."""
    if isinstance(value, str) and (fast := _canonical_utc(value)) is not None:
        return fast
    return _parsed_datetime(value)


def _parsed_datetime(value: Any) -> str:
    """``canonical_datetime`` the full way: parse, check the offset, convert, format."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if _DATE_RE.match(text):
            raise ValueError(f'"{value}" has no time: write a datetime such as {text}T16:00:00Z')
        try:
            parsed = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise ValueError(
                f'"{value}" is not an ISO 8601 datetime such as 2026-03-10T16:00:00Z'
            ) from None
        if not _OFFSET_RE.search(text):
            raise ValueError(
                f'"{value}" has no time zone: end it with Z or an offset such as +01:00'
            )
    elif isinstance(value, int) and not isinstance(value, bool):
        try:
            parsed = datetime.fromtimestamp(value / 1000, tz=UTC)  # HubSpot epoch milliseconds
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"{value} is out of range for a timestamp in milliseconds") from None
    else:
        raise ValueError(f"must be a datetime such as 2026-03-10T16:00:00Z, not {value!r}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f'"{value}" has no time zone: end it with Z or an offset such as +01:00')
    try:
        utc = parsed.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError(f'"{value}" is out of range') from None
    ms = utc.microsecond // 1000
    base = utc.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{ms:03d}Z" if ms else f"{base}Z"


def canonical_date(value: Any) -> str:
    if isinstance(value, datetime):
        raise ValueError(f"must be a date YYYY-MM-DD without a time, not {value.isoformat()}")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if value == "":
            return ""
        if _DATE_RE.match(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f'"{value}" is not a real date') from None
            return value
    raise ValueError(f"must be a date YYYY-MM-DD, not {value!r}")


def values_equal(before: Value | None, after: Value | None) -> bool:
    """Compare canonical values by meaning: ``"5"`` equals ``"5.0"``; None equals ``""``."""
    if before == after:
        return True
    if before is None or after is None:
        return (before or "") == (after or "")
    if isinstance(before, str) and isinstance(after, str):
        if not (_may_be_number(before) and _may_be_number(after)):
            return False
        try:
            return Decimal(before) == Decimal(after)
        except (InvalidOperation, ValueError):
            return False
    return False


_NUMBER_STARTS = frozenset(".iInNsS")  # .5, Infinity, NaN, sNaN


def _may_be_number(text: str) -> bool:
    """Whether ``Decimal(text)`` might parse: after spaces and a sign, a digit, a point,
    infinity or NaN. Ruling texts out here spares raising InvalidOperation once for every
    changed text field (10,000 of them in a plan changing 10,000 events' organizers)."""
    head = text.lstrip()[:2]
    first = head[1:] if head[:1] in ("+", "-") else head[:1]
    return first.isdigit() or first in _NUMBER_STARTS


def _coerce_identifier(value: Any) -> Any:
    """Ids written as YAML numbers (``objectId: 1234567``) are still ids."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Identifier = Annotated[str, BeforeValidator(_coerce_identifier)]
