"""How each object kind is written in a manifest: its model, maps, text fields and identity.

The registry (``reconciler.kinds``) says what a kind is called and where it sits in a manifest;
this table adds what only reading manifests needs, keyed by the same kind name. A new object
kind adds one ``Shape`` here; the parser, validation and duplicate detection follow from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from reconciler.kinds import ATTACHED_KINDS, CAMPAIGN, MARKETING_EVENT, KindName, KindSpec, spec
from reconciler.models import Campaign, MarketingEvent

Handles = tuple[tuple[str, str], ...]
"""(handle, how a message says two objects share it): what must be unique per kind."""


@dataclass(frozen=True, slots=True)
class Shape:
    """What reading one object kind from a manifest needs beyond its ``KindSpec``."""

    spec: KindSpec
    model: type[BaseModel]
    desired: str
    """Its list in ``DesiredState`` (``campaigns``)."""
    property_map: str
    """The key of its ``name: value`` map, whose values are kept as written."""
    text_keys: frozenset[str]
    """Keys whose plain scalars are kept as written: ids (``007`` is not 7) and text fields
    (``eventName: 1.10`` is the text "1.10", not the number 1.1)."""
    placeholder: dict[str, str]
    """The least identity that validates, to re-check one property alone."""
    label: Callable[[KindSpec, dict[str, Any], int], str]
    """How messages name an object from its raw data (and position, when it has no name)."""
    handles: Callable[[KindSpec, dict[str, Any]], Handles]
    """The handles under which it must be unique, from its raw data."""
    missing_identity: Callable[[dict[str, Any], list[str]], str | None] = lambda _d, _m: None
    """A rule pydantic skips when fields already failed: (raw data, error messages) -> the
    problem, if the rule is broken and not reported yet."""
    item_lists: frozenset[str] = field(init=False)
    """Keys of the attached kinds' lists in it (``marketingEvents``): each item is located."""

    def __post_init__(self) -> None:
        lists = frozenset(s.attribute for s in ATTACHED_KINDS if s.parent == self.spec.name)
        object.__setattr__(self, "item_lists", frozenset(a for a in lists if a))


def _id_text(value: Any) -> str | None:
    """An id as text, or None for a value that cannot be one (booleans, maps, empty)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value) or None


def _campaign_label(kind: KindSpec, data: dict[str, Any], index: int) -> str:
    name = data.get("name")
    if isinstance(name, str) and name:
        return kind.describe(name)
    pinned = data.get("id")
    return f"{kind.label} {pinned}" if isinstance(pinned, str) else f"{kind.label} #{index}"


def _campaign_handles(kind: KindSpec, data: dict[str, Any]) -> Handles:
    name = data.get("name")
    pinned = _id_text(data.get("id"))
    handles: list[tuple[str, str]] = []
    # A pinned campaign is identified by its id alone: HubSpot allows two campaigns with
    # one name (and import pins both), so only unpinned names must be unique.
    if isinstance(name, str) and name and pinned is None:
        handles.append(("name", f'the same name "{name}"'))
    if pinned is not None:
        handles.append(("id", f"the same id {pinned.lower()}"))
    return tuple(handles)


_EXTERNAL = ("externalAccountId", "externalEventId")


def _event_label(kind: KindSpec, data: dict[str, Any], index: int) -> str:
    account, external = (data.get(k) for k in _EXTERNAL)
    if isinstance(account, str | int) and isinstance(external, str | int):
        return f"{kind.label} {account}/{external}"
    pinned = data.get("objectId")
    if isinstance(pinned, str | int) and not isinstance(pinned, bool):
        return f"{kind.label} {pinned}"
    return f"{kind.label} #{index}"


def _event_handles(kind: KindSpec, data: dict[str, Any]) -> Handles:
    account, external = (_id_text(data.get(k)) for k in _EXTERNAL)
    handles: list[tuple[str, str]] = []
    if account is not None and external is not None:
        handles.append(("key", f"the same externalAccountId/externalEventId {account}/{external}"))
    pinned = _id_text(data.get("objectId"))
    if pinned is not None:
        handles.append(("objectId", f"the same objectId {pinned}"))
    return tuple(handles)


def _event_missing_identity(data: dict[str, Any], messages: list[str]) -> str | None:
    """MarketingEvent's identity rule, for an event whose other fields already failed."""
    if any("needs objectId" in message for message in messages):
        return None
    if data.get("objectId") is not None:
        return None
    missing = [k for k in _EXTERNAL if data.get(k) is None]
    if not missing:
        return None
    return (
        "an event needs objectId, or both externalAccountId and externalEventId; missing "
        + " and ".join(missing)
    )


SHAPES: dict[KindName, Shape] = {
    shape.spec.name: shape
    for shape in (
        Shape(
            spec=spec(CAMPAIGN),
            model=Campaign,
            desired="campaigns",
            property_map="properties",
            text_keys=frozenset({"id", "name"}),
            placeholder={"name": "x"},
            label=_campaign_label,
            handles=_campaign_handles,
        ),
        Shape(
            spec=spec(MARKETING_EVENT),
            model=MarketingEvent,
            desired="events",
            property_map="customProperties",
            text_keys=frozenset(
                {
                    "objectId",
                    *_EXTERNAL,
                    "eventName",
                    "eventOrganizer",
                    "eventType",
                    "eventDescription",
                    "eventUrl",
                }
            ),
            placeholder={"objectId": "1"},
            label=_event_label,
            handles=_event_handles,
            missing_identity=_event_missing_identity,
        ),
    )
}
"""Every object kind a manifest holds, in the registry's order."""
