"""Switches that make the sandbox behave as HubSpot might where its specs do not settle it.

The sandbox agrees with the client by construction, so no test against it alone can catch a
mismatch with the real HubSpot. Each switch here flips one unsettled behaviour (the ones that
``reconciler doctor --probe`` confirms on a real portal) to the other reading, so a test can
prove that ``doctor`` notices. Set them with ``PUT /_sandbox/faults {"deviations": [...]}``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from starlette.requests import Request

from reconciler.sandbox.state import state_of


class Deviation(StrEnum):
    PROPERTIES_COMMA_ONLY = "properties-comma-only"
    """Campaign reads honour ``properties`` only comma-separated (a repeated one keeps the last)."""
    CAMPAIGN_RESET_IGNORED = "campaign-reset-ignored"
    """``""`` in campaign ``batch/update`` leaves the property as it was."""
    EVENT_RESET_IGNORED = "event-reset-ignored"
    """``""`` in event ``batch/update`` leaves the field as it was."""
    EVENT_EMPTY_CUSTOM_CLEARS = "event-empty-custom-clears"
    """``customProperties: []`` in event ``batch/update`` removes every custom property."""
    UPSERT_DROPS_CUSTOM = "upsert-drops-custom"
    """``events/upsert`` keeps no custom property."""
    EVENT_IDENTITY_HIDDEN = "event-identity-hidden"
    """Neither ``/identifiers`` nor the by-external-id GET finds an event."""
    EVENT_ASSETS_NOT_EMBEDDED = "event-assets-not-embedded"
    """Campaign ``batch/read`` embeds no ``MARKETING_EVENT`` assets."""
    CAMPAIGN_ARCHIVE_NOOP = "campaign-archive-noop"
    """Campaign ``batch/archive`` answers 204 and deletes nothing."""
    BUDGET_PUT_MERGES = "budget-put-merges"
    """A budget or spend item ``PUT`` without ``description`` keeps the old one (a merge)."""


NAMES = frozenset(d.value for d in Deviation)


def validate(value: Any) -> list[str]:
    """Problems with a ``deviations`` setting; empty when fine."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return ["deviations must be a list of strings"]
    unknown = sorted(set(value) - NAMES)
    if unknown:
        return [f"unknown deviations {unknown}: use any of {sorted(NAMES)}"]
    return []


def deviates(request: Request, deviation: Deviation) -> bool:
    return deviation.value in state_of(request).faults.current.deviations


def requested_properties(request: Request) -> list[str]:
    """``properties`` given repeated (``a=1&a=2``) or comma-separated (``a=1,2``)."""
    raw = request.query_params.getlist("properties")
    if raw and deviates(request, Deviation.PROPERTIES_COMMA_ONLY):
        raw = raw[-1:]
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def without_resets(values: dict[str, Any]) -> dict[str, Any]:
    """The update minus its ``""`` resets (for the reset-ignored deviations)."""
    return {k: v for k, v in values.items() if v != ""}
