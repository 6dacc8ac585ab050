"""The registry of kinds: every kind of object the reconciler manages, described once.

A kind's ``name`` is the one word for it everywhere: the JSON plan's ``kind``, saved plans,
request tables, apply's outcomes and the code's dictionaries. Labels, the manifest key, the
words for its identity, its order in a plan and what ``import`` writes follow from its spec,
so the diff, renderers, importer and saved plans name no kind of their own.

Two shapes of kind exist:

- *object kinds* (``campaign``, ``marketingEvent``) are top-level manifest lists with an id
  HubSpot assigns and a natural key users write;
- *attached kinds* (``campaignEventLink``) are declared inside an object of their ``parent``
  kind and exist only while it does.

HTTP facts (paths, batch limits, payloads) live with the HubSpot client, which keys them by
the same ``name``; this module is imported by the pure core and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

KindName: TypeAlias = Literal["campaign", "marketingEvent", "campaignEventLink"]
Action: TypeAlias = Literal["create", "update", "delete"]

CAMPAIGN: KindName = "campaign"
MARKETING_EVENT: KindName = "marketingEvent"
CAMPAIGN_EVENT_LINK: KindName = "campaignEventLink"


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
    ids_intro: str = ""
    """How a message introduces a list of live ids (``objectIds 1, 2``)."""
    import_file: str | None = None
    """The file ``import`` writes this kind's objects to."""
    parent: KindName | None = None
    """For an attached kind, the kind it is declared in."""
    attribute: str | None = None
    """For an attached kind, the key of its list in the parent's manifest object."""

    @property
    def attached(self) -> bool:
        return self.parent is not None

    def describe(self, key: str) -> str:
        """The object as messages and renderers name it."""
        return f'{self.label} "{key}"'


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
            import_file="campaigns.yaml",
        ),
        KindSpec(
            name=MARKETING_EVENT,
            label="marketing event",
            order=1,
            past=_OBJECT_PAST,
            manifest_key="marketingEvents",
            id_field="objectId",
            natural_key="key",
            ids_intro="objectIds ",
            import_file="marketing-events.yaml",
        ),
        KindSpec(
            name=CAMPAIGN_EVENT_LINK,
            label="campaign-event link",
            order=2,
            past=_LINK_PAST,
            parent=CAMPAIGN,
            attribute="marketingEvents",
        ),
    )
}
"""Every kind, in plan order."""

OBJECT_KINDS: tuple[KindSpec, ...] = tuple(s for s in KINDS.values() if not s.attached)
ATTACHED_KINDS: tuple[KindSpec, ...] = tuple(s for s in KINDS.values() if s.attached)
BY_MANIFEST_KEY: dict[str, KindSpec] = {s.manifest_key: s for s in OBJECT_KINDS if s.manifest_key}


def spec(name: str) -> KindSpec:
    """The spec of ``name``; a name no spec has is a programming error."""
    return KINDS[name]


def label_of(name: str) -> str:
    """The label of a kind, or the name itself for one this version does not know (a saved
    plan or JSON from a newer version is shown, not crashed on)."""
    found = KINDS.get(name)
    return found.label if found else name
