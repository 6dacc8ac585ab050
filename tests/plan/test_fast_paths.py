"""The shortcuts the plan path takes for speed give what the long way gives, for any input.

Each shortcut (a canonical instant by slicing, a model built without ``model_construct``, a
live object built from a checked answer without a second validation) is compared with the way
it replaces: same value, same error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from reconciler.hubspot.answers import MalformedAnswerError, validated
from reconciler.hubspot.campaigns import PublicCampaign
from reconciler.hubspot.events import EventRead
from reconciler.live import (
    live_event_from_answer,
    to_live_campaign,
    to_live_campaign_validated,
    to_live_event,
    to_live_event_validated,
)
from reconciler.models import Campaign, Location, Sourced, canonical_datetime, trusted
from reconciler.models.values import _CANONICAL_UTC_RE, _parsed_datetime


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
    obj, where = Campaign(name="A"), {"name": made}
    values: dict[str, object] = {"obj": obj, "location": made, "field_locations": where}
    made_s = trusted(Sourced, sourced_fields, dict(values))
    slow_s = Sourced.model_construct(sourced_fields, obj=obj, location=made, field_locations=where)
    assert made_s == slow_s and made_s.model_dump() == slow_s.model_dump()
    assert made_s.__pydantic_fields_set__ == slow_s.__pydantic_fields_set__
    copied = made_s.model_copy(update={"location": Location(file="x", line=1)})
    assert copied.location.file == "x" and made_s.location is made


def _built(call: Any, *args: Any) -> tuple[str, Any]:
    """A model with everything that makes it what it is, or the validation error's places."""
    try:
        obj = call(*args)
    except ValidationError as exc:
        return "error", [(e["loc"], e["type"], e["msg"]) for e in exc.errors()]
    return "ok", (obj, obj.model_fields_set, obj.__dict__, obj.__pydantic_extra__)


LISTED_EVENT = {
    "objectId": "1",
    "eventName": "Bulk event 000000",
    "eventOrganizer": "Bulk Org",
    "eventType": "WEBINAR",
    "startDateTime": "2026-07-01T10:00:00.000Z",
    "endDateTime": "2026-07-01T11:00:00.000Z",
    "eventCancelled": False,
    "eventCompleted": False,
    "customProperties": [{"name": "region", "value": "EMEA"}],
    "appInfo": {"id": "4242", "name": "reconciler"},
    "externalEventId": "bulk-000000",
}
TEXT = st.sampled_from([None, "", "x", " spaced ", "2026-07-01"])
INSTANT = st.sampled_from(
    [
        None,
        "",
        "2026-07-01T10:00:00.000Z",
        "2026-07-01T10:00:00.250Z",
        "2026-07-01T12:00:00+02:00",
        "2026-07-01T10:00:00z",
        "0001-01-01T00:30:00+01:00",
        "2026-07-01T10:00:00",
        "soon",
    ]
)
CUSTOM_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(), st.sampled_from(["", "EMEA", "5"])
)
EVENT_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "externalAccountId": TEXT,
        "externalEventId": TEXT,
        "eventName": TEXT,
        "eventOrganizer": TEXT,
        "eventType": TEXT,
        "eventDescription": TEXT,
        "eventUrl": TEXT,
        "startDateTime": INSTANT,
        "endDateTime": INSTANT,
        "eventCancelled": st.sampled_from([None, True, False]),
        "customProperties": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["region", "track"]), "value": CUSTOM_VALUE},
                optional={"extra": st.just(1)},
            ),
            max_size=3,
        ),
    },
)


@given(EVENT_CHANGES)
def test_a_live_event_is_what_validating_it_makes(changes: dict[str, Any]) -> None:
    """Any event the checked answer lets through: same fields, same fields-set, same error."""
    try:
        item = EventRead.model_validate({**LISTED_EVENT, **changes})
    except ValidationError:
        assume(False)
        raise
    assert _built(to_live_event, item) == _built(to_live_event_validated, item)


def test_a_listed_event_is_built_the_short_way_as_the_long_way() -> None:
    item = EventRead.model_validate(LISTED_EVENT)
    ok, (event, fields_set, _, _) = _built(to_live_event, item)
    assert ok == "ok" and event.startDateTime == "2026-07-01T10:00:00Z"
    assert event.customProperties == {"region": "EMEA"} and "state" not in fields_set
    assert _built(to_live_event, item) == _built(to_live_event_validated, item)
    copied = event.model_copy(update={"externalAccountId": "acct"})
    assert "externalAccountId" in copied.model_fields_set and event.externalAccountId is None


PROPERTY_VALUE = st.sampled_from(
    [None, "", "x", "2026-01-01", "2026-02-30", "2026-01-01T00:00:00Z", "5", " 5 "]
)


@given(
    st.dictionaries(
        st.sampled_from(["hs_name", "hs_start_date", "hs_end_date", "hs_notes", "budget"]),
        PROPERTY_VALUE,
    ),
    st.lists(
        st.sampled_from(["hs_name", "hs_start_date", "hs_end_date", "hs_notes", "budget"]),
        unique=True,
    ),
)
def test_a_live_campaign_is_what_validating_it_makes(
    properties: dict[str, str | None], managed: list[str]
) -> None:
    item = PublicCampaign.model_validate({"id": "guid-1", "properties": properties})
    assert _built(to_live_campaign, item, managed) == _built(
        to_live_campaign_validated, item, managed
    )


def _values_equal_the_long_way(before: str, after: str) -> bool:
    from decimal import Decimal, InvalidOperation

    if before == after:
        return True
    try:
        return Decimal(before) == Decimal(after)
    except (InvalidOperation, ValueError):
        return False


NUMBERISH = st.text(alphabet=" \t+-_.0123456789eEinfINFaAsS\u0665\u00b2x", max_size=8)


@given(st.one_of(NUMBERISH, st.text(max_size=6)), st.one_of(NUMBERISH, st.text(max_size=6)))
def test_texts_compare_by_number_as_decimal_says(before: str, after: str) -> None:
    """The check that spares parsing texts that cannot be numbers never changes an answer:
    ``"5"`` equals ``" 5.0"``, ``"Infinity"`` ``"inf"``, an Arabic-Indic five ``"5"``."""
    from reconciler.models.values import values_equal

    assert values_equal(before, after) == _values_equal_the_long_way(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Infinity", "inf"),
        ("-Infinity", " -inf "),
        ("5", " 5.0"),
        ("\u0665", "5"),
        ("-.5", "-0.50"),
        ("+1_000", "1000"),
        ("NaN", "nan"),
        ("1e3", "1000"),
        ("Summer", "summer"),
        ("", "0"),
    ],
)
def test_number_texts_as_decimal_says(before: str, after: str) -> None:
    from reconciler.models.values import values_equal

    assert values_equal(before, after) == _values_equal_the_long_way(before, after)
    assert values_equal(after, before) == _values_equal_the_long_way(after, before)


ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.floats(),
    st.sampled_from(["", "true", "1", "x", "2026-07-01T10:00:00.000Z"]),
    st.just([]),
    st.just({}),
)
RAW_CHANGES = st.one_of(
    EVENT_CHANGES,
    st.dictionaries(
        st.sampled_from(
            [
                "objectId",
                "id",
                "eventName",
                "eventType",
                "eventCancelled",
                "eventCompleted",
                "startDateTime",
                "createdAt",
                "appInfo",
                "customProperties",
                "externalEventId",
            ]
        ),
        ODD,
        max_size=3,
    ),
    st.fixed_dictionaries(
        {
            "customProperties": st.lists(
                st.dictionaries(st.sampled_from(["name", "value"]), ODD | CUSTOM_VALUE),
                max_size=2,
            )
        }
    ),
)


def _from_answer(call: Any, raw: dict[str, Any]) -> tuple[str, Any]:
    try:
        return _built(call, raw)
    except MalformedAnswerError as exc:
        return "malformed", str(exc)


@given(RAW_CHANGES, st.booleans())
def test_a_listed_event_from_its_json_is_what_checking_it_first_makes(
    changes: dict[str, Any], drop_object_id: bool
) -> None:
    """Any JSON object the list may hold, odd types included: the same event, fields-set and
    values as ``EventRead`` then ``to_live_event``, or the same malformed-answer message."""
    raw = {**LISTED_EVENT, **changes}
    if drop_object_id and "objectId" not in changes:
        raw.pop("objectId")
    op = "GET /marketing/marketing-events/2026-09"

    def long_way(answer: dict[str, Any]) -> Any:
        return to_live_event(validated(EventRead, answer, op))

    def short_way(answer: dict[str, Any]) -> Any:
        return live_event_from_answer(answer, op)

    assert _from_answer(short_way, raw) == _from_answer(long_way, raw)
