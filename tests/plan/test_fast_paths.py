"""The shortcuts the plan path takes for speed give what the long way gives, for any input.

Each shortcut (a canonical instant by slicing, a model built without ``model_construct``) is
compared with the way it replaces: same value, same error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.models import (
    _CANONICAL_UTC_RE,
    Campaign,
    Location,
    Sourced,
    _parsed_datetime,
    canonical_datetime,
    trusted,
)


def _outcome(call: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", call(*args)
    except ValueError as exc:  # ValidationError is one too
        return "error", str(exc)


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ),
    st.sampled_from(["", ".000", "ms"]),
)
def test_hubspot_shaped_instants_are_canonical_as_by_parsing(when: datetime, fraction: str) -> None:
    """HubSpot sends ``...T10:00:00.000Z``; any year, with and without milliseconds."""
    if fraction == "ms":
        fraction = f".{when.microsecond // 1000:03d}"
    text = f"{when.year:04d}-{when:%m-%dT%H:%M:%S}{fraction}Z"
    assert canonical_datetime(text) == _parsed_datetime(text)


@given(st.from_regex(_CANONICAL_UTC_RE, fullmatch=True))
def test_anything_the_shortcut_accepts_parses_the_same(text: str) -> None:
    """Month 13, day 32, hour 24...: the shortcut steps aside and the error is the same."""
    assert _outcome(canonical_datetime, text) == _outcome(_parsed_datetime, text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-07-01T10:00:00.000Z",
        "2026-07-01T10:00:00.120Z",
        "2026-07-01T10:00:00Z",
        "2026-07-01T10:00:00.000z",
        " 2026-07-01T10:00:00.000Z",
        "2026-07-01T10:00:00.000+00:00",
        "2026-07-01T12:00:00+02:00",
        "0999-07-01T10:00:00Z",
        "2026-02-30T10:00:00Z",
        "2026-07-01T10:00:00.1234Z",
        "2026-07-01",
    ],
)
def test_instants_as_written(text: str) -> None:
    assert _outcome(canonical_datetime, text) == _outcome(_parsed_datetime, text)


def test_trusted_models_are_what_model_construct_makes() -> None:
    fields = set(Location.model_fields)
    made = trusted(Location, fields, {"file": "m.yaml", "line": 3, "col": 5})
    slow = Location.model_construct(fields, file="m.yaml", line=3, col=5)
    assert made == slow and made.model_dump() == slow.model_dump()
    assert made.__pydantic_fields_set__ == slow.__pydantic_fields_set__
    assert (made.__pydantic_extra__, made.__pydantic_private__) == (None, None)
    assert (slow.__pydantic_extra__, slow.__pydantic_private__) == (None, None)

    sourced_fields = set(Sourced.model_fields)
    values = {"obj": Campaign(name="A"), "location": made, "field_locations": {"name": made}}
    made_s = trusted(Sourced, sourced_fields, dict(values))
    slow_s = Sourced.model_construct(sourced_fields, **values)
    assert made_s == slow_s and made_s.model_dump() == slow_s.model_dump()
    assert made_s.__pydantic_fields_set__ == slow_s.__pydantic_fields_set__
    copied = made_s.model_copy(update={"location": Location(file="x", line=1)})
    assert copied.location.file == "x" and made_s.location is made
