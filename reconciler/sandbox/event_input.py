"""What a Marketing Events write sends, read as HubSpot reads it: text fields (the required ones
cannot be emptied), instants (with an offset, kept as ``...T..:..:..mmmZ``), flags, custom
properties (names the portal does not define are dropped silently) and objectIds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from reconciler.sandbox.wire import (
    EPOCH,
    ApiError,
    expect_object,
    expect_str,
    iso_ms,
    standard_error,
)

TEXT_FIELDS = ("eventName", "eventOrganizer", "eventType", "eventDescription", "eventUrl")
REQUIRED_TEXT = frozenset({"eventName", "eventOrganizer"})
"""Fields that cannot be emptied once set."""
INSTANT_FIELDS = ("startDateTime", "endDateTime")


def _instant(value: Any, where: str) -> str:
    text = expect_str(value, where)
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ApiError(400, f"{where}: {text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise ApiError(400, f"{where}: {text!r} has no time zone offset")
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ApiError(400, f"{where}: {text!r} is out of range") from None
    epoch_ms = (utc - EPOCH) // timedelta(milliseconds=1)
    return iso_ms(epoch_ms)


def parse_fields(item: dict[str, Any], where: str, *, completed_ok: bool) -> dict[str, Any]:
    """The event fields named in a write; None means "empty it". Unknown keys are ignored."""
    out: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if item.get(name) is None:
            continue
        text = expect_str(item[name], f"{where}.{name}")
        if text == "" and name in REQUIRED_TEXT:
            raise ApiError(400, f"{where}.{name} cannot be empty")
        out[name] = text or None
    for name in INSTANT_FIELDS:
        if item.get(name) is not None:
            out[name] = _instant(item[name], f"{where}.{name}")
    flags = ("eventCancelled", "eventCompleted") if completed_ok else ("eventCancelled",)
    for name in flags:
        if item.get(name) is not None:
            if not isinstance(item[name], bool):
                raise ApiError(400, f"Invalid input JSON: {where}.{name} must be a boolean")
            out[name] = item[name]
    return out


def parse_custom(item: dict[str, Any], where: str, defined: set[str]) -> dict[str, str]:
    """``customProperties`` (required by the spec): ``[{name, value}, ...]``; the spec's other
    ``PropertyValue`` fields are accepted and ignored. Undefined names are dropped silently."""
    raw = item.get("customProperties")
    if not isinstance(raw, list):
        raise ApiError(
            400, f"Invalid input JSON: {where}.customProperties is required and must be an array"
        )
    out: dict[str, str] = {}
    for i, prop in enumerate(raw):
        prop = expect_object(prop, f"{where}.customProperties[{i}]")
        name = expect_str(prop.get("name"), f"{where}.customProperties[{i}].name")
        value = expect_str(prop.get("value"), f"{where}.customProperties[{i}].value")
        if name in defined:
            out[name] = value
    return out


def object_id(value: Any, where: str) -> int | None:
    """A numeric objectId as int; None for a well-formed string that cannot exist."""
    text = expect_str(value, where)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def target(
    raw: str, where: str, fail: set[str], verb: str, errors: list[dict[str, Any]]
) -> int | None:
    """The objectId a batch input names, or None with its error recorded: an injected
    failure (``fail_ids``) or an id that names no event."""
    oid = object_id(raw, where)
    if raw in fail:
        errors.append(
            standard_error(
                f"Injected failure {verb} marketing event {raw}",
                ids=[raw],
                category="VALIDATION_ERROR",
            )
        )
        return None
    if oid is None:
        errors.append(standard_error(f"Marketing event {raw} not found", ids=[raw]))
    return oid
