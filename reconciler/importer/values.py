"""Values between a manifest's spelling and the models' canonical form, and new entries.

A value is compared by meaning (``_canonical`` reads a manifest value as the models would);
a changed value is written in the canonical form, multi-line text as a ``|`` block, so the
plan right after an import is empty. New entries hold only non-empty values: ``""`` in a
manifest means "must be empty" and would take ownership of the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from reconciler import roundtrip
from reconciler.models import (
    EVENT_VALUE_FIELDS,
    Campaign,
    MarketingEvent,
    Value,
    canonical_date,
    canonical_datetime,
    canonical_scalar,
)
from reconciler.portal_values import PORTALS

ValueKind = Literal["scalar", "date", "datetime", "bool"]
_EVENT_FIELD_ORDER = ("externalAccountId", "externalEventId", "objectId", *EVENT_VALUE_FIELDS)


def canonical(value: Any, kind: ValueKind) -> Value | None:
    """A manifest value as the models would canonicalise it; None when it is not understood."""
    try:
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if value is None or value == "":
            return ""
        if kind == "date":
            return canonical_date(str(value) if isinstance(value, roundtrip.Stamp) else value)
        if kind == "datetime":
            return canonical_datetime(str(value) if isinstance(value, str) else value)
        return canonical_scalar(str(value) if isinstance(value, str) else value)
    except ValueError:
        return None


def to_yaml(value: Value) -> Any:
    """A canonical value as it should be written: multi-line text as a ``|`` block."""
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        lines = value.split("\n")
        if all(
            line == line.rstrip() and line.isprintable() for line in lines
        ) and not value.startswith((" ", "\n")):
            return LiteralScalarString(value)
    return value


def replace_value(
    mapping: CommentedMap,
    key: str,
    value: Value,
    portal: str | None = None,
    sharing: Sequence[str] = (),
) -> None:
    """Set a value in place; the key's comment (kept in ``mapping.ca``) stays where it was.

    A per-portal value gets only ``portal``'s entry set (a portal it does not name is left
    unmanaged there, and without ``--portal`` the mapping is left as written). A shared value
    that other portals (``sharing``) manage too becomes per portal when it changes, so that
    importing one portal never changes what another portal's plan does.
    """
    current = mapping.get(key)
    if isinstance(current, CommentedMap):
        if portal is not None and portal in current:
            current[portal] = to_yaml(value)
        return
    if portal is not None and sharing:
        split = {name: current for name in sharing}
        if value != "":  # empty here: not managed here, as a new entry holds no empty value
            split[portal] = to_yaml(value)
        split_value(mapping, key, split)
        return
    mapping[key] = to_yaml(value)


def split_value(mapping: CommentedMap, key: str, values: dict[str, Any]) -> None:
    """Make ``mapping[key]`` the per-portal ``values``, block style; the comment (or blank
    line) that followed the old scalar moves after the last portal's value."""
    split = CommentedMap(values)
    after = mapping.ca.items.pop(key, None)
    if after is not None and len(after) > 2 and after[2] is not None and split:
        split.ca.items[list(split)[-1]] = [None, None, after[2], None]
    mapping[key] = split


def portal_entry(item: CommentedMap, key: str, portal: str | None) -> CommentedMap:
    """A new entry for a folder several portals share: its id as ``{portal: id}`` and
    ``portals: [portal]`` after it, since only this portal is known to hold the object (an
    import of another portal that holds it too merges into the entry by natural key)."""
    if portal is None:
        return item
    keys = list(item)
    if key in keys:
        ids = CommentedMap({portal: item[key]})
        ids.fa.set_flow_style()
        item[key] = ids
    listed = CommentedSeq([portal])
    listed.fa.set_flow_style()
    item.insert(keys.index(key) + 1 if key in keys else len(keys), PORTALS, listed)
    return item


def new_campaign(campaign: Campaign, properties: list[str]) -> CommentedMap:
    item = CommentedMap()
    item["name"] = campaign.name
    item["id"] = campaign.id
    values = CommentedMap()
    for name in properties:
        value = campaign.properties.get(name, "")
        if value != "":
            values[name] = to_yaml(value)
    if values:
        item["properties"] = values
    return item


def new_event(event: MarketingEvent) -> CommentedMap:
    item = CommentedMap()
    for name in _EVENT_FIELD_ORDER:
        value = getattr(event, name)
        if value is None or value == "":
            continue
        item[name] = to_yaml(value)
    custom = CommentedMap()
    for name in sorted(event.customProperties):
        value = event.customProperties[name]
        if value != "":
            custom[name] = to_yaml(value)
    if custom:
        item["customProperties"] = custom
    if event.lists:
        item["lists"] = list_ids(event.lists)
    return item


def list_ids(ids: list[str]) -> CommentedSeq:
    """An event's list ids as written: ``["501", "502"]`` on one line."""
    seq = CommentedSeq(ids)
    seq.fa.set_flow_style()
    return seq


def refresh_lists(item: CommentedMap, live: list[str]) -> bool:
    """Set an entry's ``lists`` to the portal's (kept as written when the set is the same);
    added only where the event has some. Whether anything changed."""
    written = item.get("lists")
    if written is None and not live:
        return False
    if isinstance(written, list) and {_id_text(i) for i in written} == set(live):
        return False
    item["lists"] = list_ids(live)
    return True


def _id_text(value: Any) -> str:
    return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""


__all__ = [
    "ValueKind",
    "canonical",
    "list_ids",
    "new_campaign",
    "new_event",
    "portal_entry",
    "refresh_lists",
    "replace_value",
    "split_value",
    "to_yaml",
]
