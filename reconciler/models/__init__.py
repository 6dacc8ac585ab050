"""Desired and live state as pydantic models, shared by the manifests and the portal reader.

- ``values``: canonical values both sides normalise into, so the planner compares with equality;
- ``campaign``, ``event``: one model per kind (plus ``EventRef``, a campaign's link to an event);
- ``state``: ``Location``, ``Sourced``, ``DesiredState``, ``LiveState`` and ``ManifestFile``.

No I/O here. The names below are the package's public surface: import them from here.
"""

from reconciler.models.budget import (
    BudgetItem,
    LiveBudget,
    LiveItem,
    canonical_amount,
    decimal_text,
)
from reconciler.models.campaign import (
    DATE_CAMPAIGN_PROPERTIES,
    READ_ONLY_CAMPAIGN_PROPERTIES,
    WRITABLE_CAMPAIGN_PROPERTIES,
    Campaign,
)
from reconciler.models.event import (
    CUSTOM_PREFIX,
    EVENT_CREATE_REQUIRED,
    EVENT_EMPTIABLE_FIELDS,
    EVENT_REQUIRED_VALUE_FIELDS,
    EVENT_VALUE_FIELDS,
    EventRef,
    MarketingEvent,
)
from reconciler.models.state import DesiredState, LiveState, Location, ManifestFile, Sourced
from reconciler.models.values import (
    MANIFEST,
    Identifier,
    Presence,
    Value,
    canonical_date,
    canonical_datetime,
    canonical_scalar,
    did_you_mean,
    trusted,
    values_equal,
)

__all__ = [
    "CUSTOM_PREFIX",
    "DATE_CAMPAIGN_PROPERTIES",
    "EVENT_CREATE_REQUIRED",
    "EVENT_EMPTIABLE_FIELDS",
    "EVENT_REQUIRED_VALUE_FIELDS",
    "EVENT_VALUE_FIELDS",
    "MANIFEST",
    "READ_ONLY_CAMPAIGN_PROPERTIES",
    "WRITABLE_CAMPAIGN_PROPERTIES",
    "BudgetItem",
    "Campaign",
    "DesiredState",
    "EventRef",
    "Identifier",
    "LiveBudget",
    "LiveItem",
    "LiveState",
    "Location",
    "ManifestFile",
    "MarketingEvent",
    "Presence",
    "Sourced",
    "Value",
    "canonical_amount",
    "canonical_date",
    "canonical_datetime",
    "canonical_scalar",
    "decimal_text",
    "did_you_mean",
    "trusted",
    "values_equal",
]
