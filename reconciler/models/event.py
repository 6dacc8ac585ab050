"""The marketing event model, and ``EventRef``: a campaign's link to an event by its identity."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, StrictBool, ValidationInfo, field_validator, model_validator

from reconciler.model_base import Model
from reconciler.models.member_ids import checked_list_ids
from reconciler.models.values import (
    Identifier,
    Presence,
    Value,
    canonical_datetime,
    canonical_scalar,
    is_manifest,
)

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
_NOT_A_FIELD: Any = object()


class EventRef(Model):
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


def _event_scalar(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | dict | list):
        return value  # pydantic reports the type error
    return canonical_scalar(value)


class MarketingEvent(Model):
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
    lists: list[Identifier] | None = Field(
        default=None,
        description="Ids of contact lists associated with this event. Lists not listed are "
        "left alone unless listsExclusive.",
    )
    listsExclusive: bool = Field(
        default=False, description="true: lists not listed in lists are disassociated."
    )

    @field_validator("eventName", "eventOrganizer", mode="before")
    @classmethod
    def _not_emptiable(cls, value: Any, info: ValidationInfo) -> Any:
        if is_manifest(info) and (value is None or value == ""):
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
            if is_manifest(info):
                raise ValueError(
                    f"{info.field_name} cannot be emptied on HubSpot: give it a value or remove the key"
                )
            return ""
        return canonical_datetime(value)

    @field_validator("eventCancelled", mode="before")
    @classmethod
    def _cancelled(cls, value: Any, info: ValidationInfo) -> Any:
        if (value is None or value == "") and is_manifest(info):
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

    @field_validator("lists")
    @classmethod
    def _list_ids(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else checked_list_ids(value)

    @model_validator(mode="after")
    def _exclusive_needs_lists(self) -> MarketingEvent:
        if self.listsExclusive and self.lists is None:
            raise ValueError(
                "listsExclusive needs a lists list (an empty list disassociates every list)"
            )
        return self

    @model_validator(mode="after")
    def _ends_after_start(self, info: ValidationInfo) -> MarketingEvent:
        if is_manifest(info) and self.startDateTime and self.endDateTime:
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
        """The fields the manifest set, custom properties flattened as ``customProperties.name``.
        (Read from the instance's own dicts: the planner asks once per object, 100,000 times.)"""
        fields, written = self.__dict__, self.__pydantic_fields_set__
        values: dict[str, Value] = {}
        for name in EVENT_VALUE_FIELDS:
            if name in written:
                value = fields[name]
                values[name] = "" if value is None else value
        for name, value in self.customProperties.items():
            values[CUSTOM_PREFIX + name] = value
        return values

    def value_of(self, field: str) -> Value:
        """A field's live value: absent is ``""``, and an unset ``eventCancelled`` is false."""
        value: Value | None = self.__dict__.get(field, _NOT_A_FIELD)
        if value is _NOT_A_FIELD:
            if not field.startswith(CUSTOM_PREFIX):
                raise AttributeError(f"a marketing event has no field {field!r}")
            return self.customProperties.get(field[len(CUSTOM_PREFIX) :], "")
        if value is None:
            return False if field == "eventCancelled" else ""
        return value
