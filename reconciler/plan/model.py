"""The plan's data: what changes, against which portal, at what cost.

A plan is immutable and made only by the planner (``reconciler.plan.diff``); renderers, saved
plans and apply read it. ``changes`` is a discriminated union on ``kind``: an object change
(campaign, marketing event), a link change, which carries both ends, or a member change (a
list added to or removed from an event, an asset to or from a campaign), which carries its
parent and itself.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, TypeAlias

from pydantic import (
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
)

from reconciler.errors import UnsafePlanError
from reconciler.hubspot.limits import DEFAULT_RATE_INTERVAL_MS, DEFAULT_RATE_LIMIT
from reconciler.kinds import KINDS, Action, KindName
from reconciler.model_base import Model
from reconciler.models import Value, trusted
from reconciler.plan.items import BudgetTotals, ItemBody, ItemEnds

# After octoDNS: deletes above this share of existing managed objects need --force.
SAFE_DELETE_FRACTION = 0.30
SAFE_DELETE_MIN_EXISTING = 10


def unsafe_deletes(deletes: int, existing: int) -> list[str]:
    """The warning that makes a plan unsafe (apply needs --force), or none: a fresh plan and a
    saved plan's check both ask here."""
    if existing >= SAFE_DELETE_MIN_EXISTING and deletes > SAFE_DELETE_FRACTION * existing:
        return [
            f"this plan deletes {deletes} of {existing} existing managed objects "
            f"(more than {SAFE_DELETE_FRACTION:.0%}): apply refuses it without --force"
        ]
    return []


class Target(Model):
    """Which portal a plan was made against (never the token)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["sandbox", "hubspot"]
    base_url: str
    database: str | None = Field(
        default=None, description="The sandbox's database path: its identity, as its port changes."
    )
    portal_id: int | None = Field(
        default=None,
        description="HubSpot's portal id (Hub ID) the token opens: a HubSpot target's identity, "
        "since every portal shares https://api.hubapi.com.",
    )
    account_type: str | None = Field(
        default=None, description="STANDARD, SANDBOX, DEVELOPER_TEST or APP_DEVELOPER."
    )
    api_version: str | None = Field(
        default=None, description="The HubSpot API version the requests use: 2026-09, 2026-03, v3."
    )
    portal: str | None = Field(
        default=None, description="The portal's name in reconciler.yaml, when it names portals."
    )

    @property
    def identity(self) -> str:
        if self.kind == "sandbox":
            return f"sandbox:{self.database}"
        return f"hubspot:{self.portal_id}" if self.portal_id else f"hubspot:{self.base_url}"

    def short(self) -> str:
        """The portal without URL, port or local path (for summaries and PR comments)."""
        if self.kind == "sandbox":
            name = (self.database or "").replace("\\", "/").rsplit("/", 1)[-1]
            return f"embedded sandbox ({name})"
        kind = f" ({self.account_type})" if self.account_type else ""
        return f"HubSpot portal {self.portal_id}{kind}" if self.portal_id else "HubSpot"

    def describe(self) -> str:
        named = f"{self.portal}, " if self.portal else ""
        if self.kind == "sandbox":
            return f"{named}embedded sandbox portal ({self.database}) at {self.base_url}"
        if self.portal_id is None:
            return f"{named}HubSpot at {self.base_url}"
        kind = f" ({self.account_type})" if self.account_type else ""
        return f"{named}HubSpot portal {self.portal_id}{kind} at {self.base_url}"


class FieldChange(Model):
    model_config = ConfigDict(frozen=True)

    field: str
    before: Value | None = Field(description="null when the object is created")
    after: Value | None = Field(description='"" for a reset; null when the object is deleted')


class LinkEnds(Model):
    """Both ends of a campaign-event link; an id is null while its object is created in the
    same plan (apply fills it from that create's outcome)."""

    model_config = ConfigDict(frozen=True)

    campaign: str = Field(description="the campaign's key")
    campaignId: str | None = None
    marketingEvent: str = Field(description="the event's key")
    marketingEventId: str | None = None


class MemberEnds(Model):
    """A member of a parent's set (an event's contact list, a campaign's asset): the parent's
    key and id (null while the parent is created in the same plan: apply fills it from that
    create's outcome), the member's type where the kind has types (an asset type; else null)
    and its id."""

    model_config = ConfigDict(frozen=True)

    parent: str = Field(description="the parent object's key")
    parentId: str | None = None
    type: str | None = Field(default=None, description="the member's type, where it has one")
    id: str = Field(description="the member's id (a list id, an asset id)")


class _Change(Model):
    """What every change says: which object, what happens, where it was declared."""

    model_config = ConfigDict(frozen=True)

    kind: KindName
    key: str
    id: str | None = Field(
        description="HubSpot id (campaign GUID, event objectId, campaignGuid/objectId of a "
        "link, objectId/listId of an event list, campaignGuid/assetType/assetId of a campaign "
        "asset); null while the object is created in the same plan"
    )
    action: Action
    source: str | None = Field(default=None, description="file:line of the manifest object")
    fields: list[FieldChange] = Field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (KINDS[self.kind].order, self.key, self.id or "")

    @property
    def label(self) -> str:
        return KINDS[self.kind].describe(self.key)


class ObjectChange(_Change):
    """A change to one object of an object kind (campaign, marketing event)."""

    kind: Literal["campaign", "marketingEvent"]


class LinkChange(_Change):
    """A link created or removed; ``link`` names both ends."""

    kind: Literal["campaignEventLink"]
    link: LinkEnds


class MemberChange(_Change):
    """A member added to or removed from its parent's set; ``member`` names both."""

    kind: Literal["marketingEventList", "campaignAsset"]
    member: MemberEnds


class ItemChange(_Change):
    """A campaign's budget or spend item created, updated or deleted; ``item`` names its
    campaign, ``body`` is what a create or PUT sends (null on delete)."""

    kind: Literal["campaignBudgetItem", "campaignSpendItem"]
    item: ItemEnds
    body: ItemBody | None = None


Change: TypeAlias = Annotated[
    ObjectChange | LinkChange | MemberChange | ItemChange, Field(discriminator="kind")
]
"""One entry of a plan's ``changes``: which model by its ``kind``."""


class Summary(Model):
    model_config = ConfigDict(frozen=True)

    create: int = 0
    update: int = 0
    delete: int = 0
    unchanged: int = 0


class RequestCount(Model):
    """How many requests of one endpoint apply will send, and for how many objects."""

    model_config = ConfigDict(frozen=True)

    endpoint: str
    requests: int
    objects: int


class Cost(Model):
    """What apply will cost at the portal's rate limit (which no other reconciler states)."""

    model_config = ConfigDict(frozen=True)

    writes: list[RequestCount] = Field(default_factory=list)
    reads: int = Field(default=0, description="requests this plan sent to read live state")
    identity_lookups: int = Field(
        default=0,
        description="of the reads, the requests that confirmed unpinned events' accounts "
        "(/identifiers, by-external-id GET); `reconciler pin` makes them unnecessary",
    )
    rate_limit: int = DEFAULT_RATE_LIMIT
    rate_interval_ms: int = DEFAULT_RATE_INTERVAL_MS

    @computed_field  # type: ignore[prop-decorator]
    @property
    def write_requests(self) -> int:
        return sum(w.requests for w in self.writes)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def estimated_seconds(self) -> float:
        """The rate-limit floor for the writes: full windows waited, never less than 0."""
        windows = math.ceil(self.write_requests / self.rate_limit) if self.write_requests else 0
        return max(0, windows - 1) * self.rate_interval_ms / 1000


class Plan(Model):
    """The JSON plan of the contract: stable keys, sorted changes, counts and cost."""

    model_config = ConfigDict(frozen=True)

    format_version: Literal[1] = 1
    target: Target
    summary: Summary
    changes: list[Change]
    budgets: list[BudgetTotals] = Field(
        default_factory=list,
        description="per campaign that declares budget or spend items: its totals before and "
        "after the plan (left out when no campaign declares them)",
    )
    requests: Cost = Field(default_factory=Cost)
    warnings: list[str] = Field(default_factory=list)
    unsafe: bool = Field(
        default=False,
        description="true when deletes pass the safety threshold: apply needs --force",
    )
    live_values: dict[str, dict[str, Value]] = Field(
        default_factory=dict,
        exclude=True,
        description="saved plans only: per changed object (kind:id), its managed fields as read",
    )
    existing: int | None = Field(
        default=None,
        exclude=True,
        description="saved plans only: how many managed objects (campaigns, events) the plan "
        "found on the portal, which the delete threshold compares deletes with",
    )

    # No return annotation: pydantic then keeps the model's own fields in the JSON Schema.
    @model_serializer(mode="wrap")
    def _no_empty_budgets(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        """Plans of manifests without budget or spend items stay as they were, byte for byte."""
        data = handler(self)
        if not self.budgets and isinstance(data, dict):
            data.pop("budgets", None)
        return data

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def check_safety(self, force: bool) -> None:
        if self.unsafe and not force:
            raise UnsafePlanError(
                f"{self.warnings[0] if self.warnings else 'too many deletes'}; "
                "re-run with --force if that is intended"
            )


# The planner builds these from values it has already checked, so it skips validation and
# pydantic's model_construct (7 us a call): at 100,000 changes that is most of diff's time.
# What it sets is what model_construct sets; a test compares the two.
_FIELD_CHANGE_FIELDS = set(FieldChange.model_fields)  # shared; model_copy copies it first
_OBJECT_CHANGE_FIELDS = set(ObjectChange.model_fields)
_LINK_CHANGE_FIELDS = set(LinkChange.model_fields)
_MEMBER_CHANGE_FIELDS = set(MemberChange.model_fields)


def field_change(field: str, before: Value | None, after: Value | None) -> FieldChange:
    values = {"field": field, "before": before, "after": after}
    return trusted(FieldChange, _FIELD_CHANGE_FIELDS, values)


def _change_values(
    kind: KindName,
    key: str,
    obj_id: str | None,
    action: Action,
    source: str | None,
    fields: list[FieldChange],
) -> dict[str, object]:
    return {
        "kind": kind,
        "key": key,
        "id": obj_id,
        "action": action,
        "source": source,
        "fields": fields,
    }


def object_change(
    kind: KindName,
    key: str,
    obj_id: str | None,
    action: Action,
    source: str | None,
    fields: list[FieldChange],
) -> ObjectChange:
    values = _change_values(kind, key, obj_id, action, source, fields)
    return trusted(ObjectChange, _OBJECT_CHANGE_FIELDS, values)


def link_change(
    kind: KindName,
    key: str,
    obj_id: str | None,
    action: Action,
    source: str | None,
    fields: list[FieldChange],
    link: LinkEnds,
) -> LinkChange:
    values = {**_change_values(kind, key, obj_id, action, source, fields), "link": link}
    return trusted(LinkChange, _LINK_CHANGE_FIELDS, values)


def member_change(
    kind: KindName,
    key: str,
    obj_id: str | None,
    action: Action,
    source: str | None,
    fields: list[FieldChange],
    member: MemberEnds,
) -> MemberChange:
    values = {**_change_values(kind, key, obj_id, action, source, fields), "member": member}
    return trusted(MemberChange, _MEMBER_CHANGE_FIELDS, values)
