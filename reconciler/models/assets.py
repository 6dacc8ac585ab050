"""A campaign's ``assets``: asset type -> asset ids, checked against the types HubSpot associates.

``MARKETING_EVENT`` is refused: a campaign's events are its ``marketingEvents`` links, named by
the event's identity (which may be an event created in the same plan); listing them here too
would manage one association twice.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from reconciler.hubspot.asset_types import ASSET_TYPES
from reconciler.models.values import Identifier, did_you_mean

MANIFEST_ASSET_TYPES: tuple[str, ...] = tuple(t for t in ASSET_TYPES if t != "MARKETING_EVENT")
"""The types a manifest's ``assets`` takes: every associable type but marketing events."""


def _asset_type(value: str) -> str:
    if value == "MARKETING_EVENT":
        raise ValueError(
            "MARKETING_EVENT assets are the campaign's event links: list those events under "
            "`marketingEvents` (by objectId, or externalAccountId and externalEventId)"
        )
    if value not in MANIFEST_ASSET_TYPES:
        raise ValueError(
            f"unknown asset type {value!r}{did_you_mean(value, MANIFEST_ASSET_TYPES)}: use one "
            f"of {', '.join(MANIFEST_ASSET_TYPES)}"
        )
    return value


def _text(item: Any) -> Any:
    return str(item) if isinstance(item, int) and not isinstance(item, bool) else item


def _asset_ids(value: Any) -> Any:
    """A type's ids: a list (``null``: none), each id once."""
    if value is None:
        return []
    if isinstance(value, list):
        seen: set[Any] = set()
        for item in map(_text, value):
            if isinstance(item, str) and item in seen:
                raise ValueError(f"lists asset {item} twice: keep one")
            if isinstance(item, str):
                seen.add(item)
    return value


def _asset_id(value: str) -> str:
    if not value.strip():
        raise ValueError("an asset id must not be empty")
    return value


AssetType = Annotated[
    str,
    AfterValidator(_asset_type),
    WithJsonSchema({"type": "string", "enum": list(MANIFEST_ASSET_TYPES)}),
]
AssetId = Annotated[
    Identifier, AfterValidator(_asset_id), WithJsonSchema({"type": ["string", "integer"]})
]
Assets = dict[AssetType, Annotated[list[AssetId], BeforeValidator(_asset_ids)]]
"""``assets`` as a manifest writes it: ``{FORM: ["123"], LANDING_PAGE: ["456"]}``."""

__all__ = ["MANIFEST_ASSET_TYPES", "Assets"]
