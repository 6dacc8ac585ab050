"""The registry of kinds: every kind of object the reconciler manages, described once.

A kind's ``name`` is the one word for it everywhere: the JSON plan's ``kind``, saved plans,
request tables, apply's outcomes and the code's dictionaries. Labels, the manifest key, the
words for its identity, its order in a plan and what ``import`` writes follow from its spec,
so the diff, renderers, importer and saved plans name no kind of their own.

Two shapes of kind exist:

- *object kinds* (``campaign``, ``marketingEvent``) are top-level manifest lists with an id
  HubSpot assigns and a natural key users write;
- *attached kinds* (``campaignEventLink``, ``marketingEventList``, ``campaignBudgetItem``,
  ``campaignSpendItem``) are declared inside an object of their ``parent`` kind and exist only
  while it does.

A spec also carries its kind's write facts (batch limit, the endpoint of each action per API
version) so that the cost estimate and apply's batches follow from it; the planner reads
none of them. Layers that need code per kind (the manifest's shapes, the live reader, apply's
senders) key one table by ``name``, and a test holds each table to this registry.
This module does no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from reconciler.hubspot.limits import CAMPAIGN_BATCH_LIMIT, LINK_BATCH_LIMIT
from reconciler.hubspot.paths import ApiPaths

KindName: TypeAlias = Literal[
    "campaign",
    "marketingEvent",
    "campaignEventLink",
    "marketingEventList",
    "campaignBudgetItem",
    "campaignSpendItem",
    "campaignAsset",
]
Action: TypeAlias = Literal["create", "update", "delete"]

CAMPAIGN: KindName = "campaign"
MARKETING_EVENT: KindName = "marketingEvent"
CAMPAIGN_EVENT_LINK: KindName = "campaignEventLink"
MARKETING_EVENT_LIST: KindName = "marketingEventList"
CAMPAIGN_BUDGET_ITEM: KindName = "campaignBudgetItem"
CAMPAIGN_SPEND_ITEM: KindName = "campaignSpendItem"
CAMPAIGN_ASSET: KindName = "campaignAsset"


@dataclass(frozen=True)
class KindSpec:
    """What the core needs to know about one kind (nothing about HTTP)."""

    name: KindName
    label: str
    """How a message names one object of this kind: ``marketing event "webinar"``."""
    order: int
    """Its place in a sorted plan and in apply: parents before what hangs on them."""
    past: dict[str, str]
    """Apply's outcome words per action: ``created``, ``linked``."""
    manifest_key: str | None = None
    """The top-level manifest list (``campaigns``); None for an attached kind."""
    id_field: str | None = None
    """The key of the pinned HubSpot id in a manifest (``id``, ``objectId``)."""
    natural_key: str = ""
    """What messages call the natural key (``name``, ``key``)."""
    key_fields: tuple[str, ...] = ()
    """The manifest keys whose values make the natural key, in its order."""
    ids_intro: str = ""
    """How a message introduces a list of live ids (``objectIds 1, 2``)."""
    import_file: str | None = None
    """The file ``import`` writes this kind's objects to."""
    parent: KindName | None = None
    """For an attached kind, the kind it is declared in."""
    attribute: str | None = None
    """For an attached kind, the key of its list in the parent's manifest object."""
    batch_limit: int | None = None
    """Inputs per write request; None: the configurable event batch size."""
    writes: Callable[[ApiPaths], Mapping[Action, str]] = field(default=lambda _: {})
    """``action -> "METHOD path"`` of each write apply sends, under one API version."""
    imported_on_request: bool = False
    """For an attached kind: ``import --kind <name>`` writes it into its parents' entries
    (a read per parent, so never by default)."""

    @property
    def attached(self) -> bool:
        return self.parent is not None

    def describe(self, key: str) -> str:
        """The object as messages and renderers name it."""
        return f'{self.label} "{key}"'


def _campaign_writes(paths: ApiPaths) -> Mapping[Action, str]:
    return {
        "create": f"POST {paths.campaigns}/batch/create",
        "update": f"POST {paths.campaigns}/batch/update",
        "delete": f"POST {paths.campaigns}/batch/archive",
    }


def _event_writes(paths: ApiPaths) -> Mapping[Action, str]:
    return {
        "create": f"POST {paths.events}/events/upsert",
        "update": f"POST {paths.events}/batch/update",
        "delete": f"POST {paths.events}/batch/archive",
    }


def _link_writes(paths: ApiPaths) -> Mapping[Action, str]:
    link = paths.event_link_pattern()
    return {"create": f"PUT {link}", "delete": f"DELETE {link}"}


def _event_list_writes(paths: ApiPaths) -> Mapping[Action, str]:
    endpoints = paths.item_endpoints()
    return {"create": endpoints["eventList.create"], "delete": endpoints["eventList.delete"]}


def _item_writes(list_name: str) -> Callable[[ApiPaths], Mapping[Action, str]]:
    """A campaign's budget or spend items: one request per item (HubSpot has no batch)."""

    def writes(paths: ApiPaths) -> Mapping[Action, str]:
        endpoints = paths.item_endpoints()
        return {a: endpoints[f"{list_name}.{a}"] for a in ("create", "update", "delete")}

    return writes


def _asset_writes(paths: ApiPaths) -> Mapping[Action, str]:
    endpoints = paths.item_endpoints()
    return {"create": endpoints["asset.create"], "delete": endpoints["asset.delete"]}


_OBJECT_PAST = {"create": "created", "update": "updated", "delete": "deleted"}
_LINK_PAST = {"create": "linked", "delete": "unlinked"}

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            name=CAMPAIGN,
            label="campaign",
            order=0,
            past=_OBJECT_PAST,
            manifest_key="campaigns",
            id_field="id",
            natural_key="name",
            key_fields=("name",),
            import_file="campaigns.yaml",
            batch_limit=CAMPAIGN_BATCH_LIMIT,
            writes=_campaign_writes,
        ),
        KindSpec(
            name=MARKETING_EVENT,
            label="marketing event",
            order=1,
            past=_OBJECT_PAST,
            manifest_key="marketingEvents",
            id_field="objectId",
            natural_key="key",
            key_fields=("externalAccountId", "externalEventId"),
            ids_intro="objectIds ",
            import_file="marketing-events.yaml",
            writes=_event_writes,
        ),
        KindSpec(
            name=CAMPAIGN_EVENT_LINK,
            label="campaign-event link",
            order=2,
            past=_LINK_PAST,
            parent=CAMPAIGN,
            attribute="marketingEvents",
            batch_limit=LINK_BATCH_LIMIT,
            writes=_link_writes,
        ),
        KindSpec(
            name=MARKETING_EVENT_LIST,
            label="event list",
            order=3,
            past=_LINK_PAST,
            parent=MARKETING_EVENT,
            attribute="lists",
            batch_limit=1,
            imported_on_request=True,
            writes=_event_list_writes,
        ),
        KindSpec(
            name=CAMPAIGN_BUDGET_ITEM,
            label="budget item",
            order=4,
            past=_OBJECT_PAST,
            parent=CAMPAIGN,
            attribute="budget",
            batch_limit=1,
            imported_on_request=True,
            writes=_item_writes("budget"),
        ),
        KindSpec(
            name=CAMPAIGN_SPEND_ITEM,
            label="spend item",
            order=5,
            past=_OBJECT_PAST,
            parent=CAMPAIGN,
            attribute="spend",
            batch_limit=1,
            imported_on_request=True,
            writes=_item_writes("spend"),
        ),
        KindSpec(
            name=CAMPAIGN_ASSET,
            label="campaign asset",
            order=6,
            past=_LINK_PAST,
            parent=CAMPAIGN,
            attribute="assets",
            batch_limit=1,
            imported_on_request=True,
            writes=_asset_writes,
        ),
    )
}
"""Every kind, in plan order."""

OBJECT_KINDS: tuple[KindSpec, ...] = tuple(s for s in KINDS.values() if not s.attached)
ATTACHED_KINDS: tuple[KindSpec, ...] = tuple(s for s in KINDS.values() if s.attached)
BY_MANIFEST_KEY: dict[str, KindSpec] = {s.manifest_key: s for s in OBJECT_KINDS if s.manifest_key}
IMPORTED_ON_REQUEST: tuple[str, ...] = tuple(
    s.name for s in ATTACHED_KINDS if s.imported_on_request
)
"""The attached kinds ``import --kind`` takes by name."""


def spec(name: str) -> KindSpec:
    """The spec of ``name``; a name no spec has is a programming error."""
    return KINDS[name]


def label_of(name: str) -> str:
    """The label of a kind, or the name itself for one this version does not know (a saved
    plan or JSON from a newer version is shown, not crashed on)."""
    found = KINDS.get(name)
    return found.label if found else name
