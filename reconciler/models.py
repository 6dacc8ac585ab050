"""Desired and live state as pydantic models, shared by the manifests and the portal reader.

Both sides normalise into the same canonical values so that the planner can compare with
plain equality: property values are strings (``5`` -> ``"5"``, ``true`` -> ``"true"``,
null -> ``""``), dates are ``YYYY-MM-DD``, datetimes are UTC ``...Z`` strings, and an empty
value is always ``""``. Rules that only make sense for what a user writes (read-only
properties, fields that cannot be emptied) run only when the validation context says
``{"origin": "manifest"}``; live objects read from the portal are taken as they are.

No I/O here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from reconciler.currencies import currency_problem

Presence: TypeAlias = Literal["present", "absent"]
Value: TypeAlias = str | bool
"""A managed field's canonical value: a string, or a bool for ``eventCancelled``."""

MANIFEST = {"origin": "manifest"}
"""Validation context for objects written by users (enables the manifest-only rules)."""

# Campaign properties HubSpot will not let this API write (field reports + spec), with why.
READ_ONLY_CAMPAIGN_PROPERTIES: dict[str, str] = {
    "hs_object_id": "it is HubSpot's numeric id and read-only",
    "hs_owner": "it is read-only through the Campaigns API",
    "hs_color_hex": "it is read-only through the Campaigns API",
    "hs_goal": "it is deprecated and HubSpot ignores it on write",
    "hs_created_by_user_id": "it is set by HubSpot and read-only",
    "hs_budget_items_sum_amount": "it is a rollup of budget items and read-only",
    "hs_spend_items_sum_amount": "it is a rollup of spend items and read-only",
}
WRITABLE_CAMPAIGN_PROPERTIES: tuple[str, ...] = (
    "hs_start_date",
    "hs_end_date",
    "hs_notes",
    "hs_audience",
    "hs_currency_code",
    "hs_campaign_status",
    "hs_utm",
    "hs_business_unit_ids",
)
DATE_CAMPAIGN_PROPERTIES = frozenset({"hs_start_date", "hs_end_date"})

EVENT_EMPTIABLE_FIELDS: tuple[str, ...] = ("eventType", "eventDescription", "eventUrl")
EVENT_REQUIRED_VALUE_FIELDS: tuple[str, ...] = (
    "eventName",
    "eventOrganizer",
    "startDateTime",
    "endDateTime",
    "eventCancelled",
)
EVENT_VALUE_FIELDS: tuple[str, ...] = (
    "eventName",
    "eventOrganizer",
    "eventType",
    "eventDescription",
    "eventUrl",
    "startDateTime",
    "endDateTime",
    "eventCancelled",
)
EVENT_CREATE_REQUIRED: tuple[str, ...] = (
    "externalAccountId",
    "externalEventId",
    "eventName",
    "eventOrganizer",
)
CUSTOM_PREFIX = "customProperties."

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


def _is_manifest(info: ValidationInfo) -> bool:
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
        try:
            return Decimal(before) == Decimal(after)
        except (InvalidOperation, ValueError):
            return False
    return False


def _coerce_identifier(value: Any) -> Any:
    """Ids written as YAML numbers (``objectId: 1234567``) are still ids."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Identifier = Annotated[str, BeforeValidator(_coerce_identifier)]


class Location(BaseModel):
    """Where a manifest object or field was written (1-based line and column)."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    @property
    def short(self) -> str:
        return f"{self.file}:{self.line}"


class EventRef(BaseModel):
    """A campaign's link to a marketing event, by the event's identity: objectId, or its
    external key (an event in the manifests, or one the portal already holds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    externalAccountId: Identifier | None = None
    externalEventId: Identifier | None = None
    objectId: Identifier | None = None

    @model_validator(mode="after")
    def _one_identity(self) -> EventRef:
        external = (self.externalAccountId, self.externalEventId)
        if self.objectId is None and None in external:
            raise ValueError(
                "a linked event needs objectId, or both externalAccountId and externalEventId"
            )
        if self.objectId is not None and external != (None, None):
            raise ValueError(
                "name a linked event by objectId or by externalAccountId and externalEventId, "
                "not both"
            )
        return self

    @property
    def key(self) -> str:
        if self.objectId is not None:
            return self.objectId
        return f"{self.externalAccountId}/{self.externalEventId}"

    @property
    def natural_key(self) -> tuple[str, str] | None:
        if self.externalAccountId is not None and self.externalEventId is not None:
            return (self.externalAccountId, self.externalEventId)
        return None


class Campaign(BaseModel):
    """A campaign: ``name`` is ``hs_name``; ``properties`` are the managed HubSpot properties."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    name: str = Field(
        min_length=1, description="The campaign's hs_name; its identity unless id is given."
    )
    id: Identifier | None = Field(
        default=None, description="Pin to the campaign's GUID (needed for renames)."
    )
    state: Presence = Field(
        default="present", description="present (default) or absent (delete it)."
    )
    properties: dict[str, str] = Field(
        default_factory=dict,
        description='HubSpot property names to values; only these are managed. "" or null: must be empty.',
    )
    marketingEvents: list[EventRef] | None = Field(
        default=None,
        description="Marketing events linked to this campaign (HubSpot assets of type "
        "MARKETING_EVENT). Links not listed are left alone unless marketingEventsExclusive.",
    )
    marketingEventsExclusive: bool = Field(
        default=False,
        description="true: links to events not listed in marketingEvents are removed.",
    )

    @model_validator(mode="after")
    def _exclusive_needs_list(self) -> Campaign:
        if self.marketingEventsExclusive and self.marketingEvents is None:
            raise ValueError(
                "marketingEventsExclusive needs a marketingEvents list (an empty list removes "
                "every link)"
            )
        return self

    @field_validator("properties", mode="before")
    @classmethod
    def _check_properties(cls, raw: Any, info: ValidationInfo) -> Any:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            return raw  # pydantic reports the type error
        out: dict[str, str] = {}
        problems: list[str] = []
        manifest = _is_manifest(info)
        for name, value in raw.items():
            name = str(name)
            if manifest:
                if name == "hs_name":
                    problems.append('"hs_name" is the campaign name: set `name` instead')
                    continue
                if name in READ_ONLY_CAMPAIGN_PROPERTIES:
                    problems.append(
                        f'"{name}" cannot be managed: {READ_ONLY_CAMPAIGN_PROPERTIES[name]}; remove it'
                    )
                    continue
                if name.startswith("hs_") and name not in WRITABLE_CAMPAIGN_PROPERTIES:
                    problems.append(
                        f'"{name}" is not a writable HubSpot campaign property'
                        f"{did_you_mean(name, WRITABLE_CAMPAIGN_PROPERTIES)}"
                    )
                    continue
            try:
                if name in DATE_CAMPAIGN_PROPERTIES and value is not None:
                    try:
                        out[name] = canonical_date(value)
                    except ValueError:
                        if manifest:
                            raise
                        out[name] = canonical_scalar(value)  # live: show what HubSpot holds
                else:
                    out[name] = canonical_scalar(value)
            except ValueError as exc:
                problems.append(f'"{name}" {exc}')
                continue
            if name == "hs_currency_code" and manifest:
                why = currency_problem(out[name])
                if why:
                    problems.append(f'"{name}": {out[name]!r} {why}')
        if problems:
            raise ValueError("; ".join(problems))
        return out

    @property
    def key(self) -> str:
        return self.name

    @property
    def pinned_id(self) -> str | None:
        return self.id

    @property
    def natural_key(self) -> str | None:
        return self.name

    @property
    def label(self) -> str:
        return f'campaign "{self.name}"'

    def managed_values(self) -> dict[str, Value]:
        """The fields this object manages, by the name the plan shows (``hs_name`` first)."""
        return {"hs_name": self.name, **self.properties}

    def value_of(self, field: str) -> Value:
        """A field's live value; a property HubSpot left out is ``""``."""
        return self.name if field == "hs_name" else self.properties.get(field, "")


def _event_scalar(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | dict | list):
        return value  # pydantic reports the type error
    return canonical_scalar(value)


class MarketingEvent(BaseModel):
    """A marketing event; the fields a manifest sets are the ones it manages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    externalAccountId: Identifier | None = Field(
        default=None, description="With externalEventId: the identity unless objectId is given."
    )
    externalEventId: Identifier | None = None
    objectId: Identifier | None = Field(default=None, description="Pin to HubSpot's objectId.")
    state: Presence = "present"
    eventName: str | None = None
    eventOrganizer: str | None = None
    eventType: str | None = Field(
        default=None, description='e.g. WEBINAR; "" or null: must be empty.'
    )
    eventDescription: str | None = None
    eventUrl: str | None = None
    startDateTime: str | None = Field(
        default=None, description="ISO 8601 with Z or an offset, e.g. 2026-03-10T16:00:00Z."
    )
    endDateTime: str | None = None
    eventCancelled: StrictBool | None = None
    customProperties: dict[str, str] = Field(
        default_factory=dict,
        description='name -> value; only these are managed. "" or null: must be empty.',
    )

    @field_validator("eventName", "eventOrganizer", mode="before")
    @classmethod
    def _not_emptiable(cls, value: Any, info: ValidationInfo) -> Any:
        if _is_manifest(info) and (value is None or value == ""):
            raise ValueError(
                f"{info.field_name} cannot be emptied on HubSpot: give it a value or remove the key"
            )
        return _event_scalar(value)

    @field_validator("eventType", "eventDescription", "eventUrl", mode="before")
    @classmethod
    def _emptiable(cls, value: Any) -> Any:
        return "" if value is None else _event_scalar(value)

    @field_validator("startDateTime", "endDateTime", mode="before")
    @classmethod
    def _datetime(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or value == "":
            if _is_manifest(info):
                raise ValueError(
                    f"{info.field_name} cannot be emptied on HubSpot: give it a value or remove the key"
                )
            return ""
        return canonical_datetime(value)

    @field_validator("eventCancelled", mode="before")
    @classmethod
    def _cancelled(cls, value: Any, info: ValidationInfo) -> Any:
        if (value is None or value == "") and _is_manifest(info):
            raise ValueError(
                "eventCancelled cannot be emptied on HubSpot: set true or false, or remove the key"
            )
        return value

    @field_validator("customProperties", mode="before")
    @classmethod
    def _custom(cls, raw: Any) -> Any:
        if raw is None:
            return {}
        if isinstance(raw, list):  # the wire shape: [{name, value}]
            raw = {item.get("name"): item.get("value") for item in raw if isinstance(item, Mapping)}
        if not isinstance(raw, Mapping):
            return raw
        out: dict[str, str] = {}
        problems: list[str] = []
        for name, value in raw.items():
            try:
                out[str(name)] = canonical_scalar(value)
            except ValueError as exc:
                problems.append(f'"{name}" {exc}')
        if problems:
            raise ValueError("; ".join(problems))
        return out

    @model_validator(mode="after")
    def _ends_after_start(self, info: ValidationInfo) -> MarketingEvent:
        if _is_manifest(info) and self.startDateTime and self.endDateTime:
            start = datetime.fromisoformat(self.startDateTime)
            end = datetime.fromisoformat(self.endDateTime)
            if end < start:
                raise ValueError(
                    f"endDateTime {self.endDateTime} is before startDateTime {self.startDateTime}"
                )
        return self

    @model_validator(mode="after")
    def _has_identity(self, info: ValidationInfo) -> MarketingEvent:
        if self.objectId is None and (
            self.externalAccountId is None or self.externalEventId is None
        ):
            missing = [
                k for k in ("externalAccountId", "externalEventId") if getattr(self, k) is None
            ]
            raise ValueError(
                "an event needs objectId, or both externalAccountId and externalEventId; missing "
                + " and ".join(missing)
            )
        return self

    @property
    def key(self) -> str:
        if self.externalAccountId is not None and self.externalEventId is not None:
            return f"{self.externalAccountId}/{self.externalEventId}"
        return str(self.objectId)

    @property
    def pinned_id(self) -> str | None:
        return self.objectId

    @property
    def natural_key(self) -> tuple[str, str] | None:
        """(account, externalEventId) -- a pair, so ids containing "/" never collide; None
        while either is unknown (UI events, or a live event whose account was not looked up)."""
        if self.externalAccountId is not None and self.externalEventId is not None:
            return (self.externalAccountId, self.externalEventId)
        return None

    @property
    def label(self) -> str:
        return f"marketing event {self.key}"

    def managed_values(self) -> dict[str, Value]:
        """The fields the manifest set, custom properties flattened as ``customProperties.name``."""
        values: dict[str, Value] = {}
        for name in EVENT_VALUE_FIELDS:
            if name in self.model_fields_set:
                value = getattr(self, name)
                values[name] = "" if value is None else value
        for name, value in self.customProperties.items():
            values[CUSTOM_PREFIX + name] = value
        return values

    def value_of(self, field: str) -> Value:
        """A field's live value: absent is ``""``, and an unset ``eventCancelled`` is false."""
        if field.startswith(CUSTOM_PREFIX):
            return self.customProperties.get(field[len(CUSTOM_PREFIX) :], "")
        value: Value | None = getattr(self, field)
        if value is None:
            return False if field == "eventCancelled" else ""
        return value


class ManifestFile(BaseModel):
    """One manifest file: either list, or both. The JSON Schema for editors is made from this."""

    model_config = ConfigDict(
        defer_build=True,  # only the schema generator uses it: built then, not at every start
        extra="forbid",
        json_schema_extra={
            "title": "reconciler manifest",
            "$id": "https://github.com/reconciler/schemas/manifest.schema.json",
        },
    )

    campaigns: list[Campaign] = Field(default_factory=list)
    marketingEvents: list[MarketingEvent] = Field(default_factory=list)


class Sourced(BaseModel):
    """A manifest object with where it was written (for errors and the plan's ``source``)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    obj: Campaign | MarketingEvent
    location: Location
    field_locations: Mapping[str, Location] = Field(
        default_factory=dict,
        description="Where each key was written, by dotted path: name, properties.hs_notes, "
        "customProperties.region. A Mapping, so the loader can make Locations lazily.",
    )

    @field_serializer("field_locations")
    def _plain_locations(self, value: Mapping[str, Location]) -> dict[str, Location]:
        return dict(value)


class DesiredState(BaseModel):
    """Everything the manifests declare, in file order."""

    model_config = ConfigDict(frozen=True)

    campaigns: list[Sourced] = Field(default_factory=list)
    events: list[Sourced] = Field(default_factory=list)
    untargeted_events: list[Sourced] = Field(
        default_factory=list,
        description="events --target left out: not planned, but named in link errors",
    )
    files: list[str] = Field(default_factory=list, description="The manifest files read, in order.")
    paths: list[str] = Field(
        default_factory=list, description='The paths given, as shown to users ("manifests/").'
    )

    @property
    def object_count(self) -> int:
        return len(self.campaigns) + len(self.events)


class LiveState(BaseModel):
    """What the portal holds for the objects the manifests name (and their name-sakes).

    Campaigns carry only the managed properties (absent = ""). Events carry every field the
    list returned; ``externalAccountId`` is filled in only where an identity look-up was needed.
    """

    model_config = ConfigDict(frozen=True)

    campaigns: list[Campaign] = Field(default_factory=list)
    events: list[MarketingEvent] = Field(default_factory=list)
    campaign_links: dict[str, list[str]] = Field(
        default_factory=dict,
        description="campaign GUID -> objectIds of its linked events, for campaigns whose links "
        "the manifests manage",
    )
