"""The containers: where a manifest object was written, everything the manifests declare, what
the portal holds, and the manifest file's shape (what the editors' JSON Schema is made from)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, overload

from pydantic import BaseModel, ConfigDict, Field, field_serializer
from typing_extensions import TypeVar

from reconciler.model_base import Model
from reconciler.models.budget import LiveBudget
from reconciler.models.campaign import Campaign
from reconciler.models.event import MarketingEvent
from reconciler.models.values import trusted


class Location(Model):
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


class ManifestFile(Model):
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


_Obj = TypeVar(
    "_Obj",
    bound=Campaign | MarketingEvent,
    default=Campaign | MarketingEvent,
    covariant=True,
)
"""What a ``Sourced`` holds; a bare ``Sourced`` is either kind (covariant: a
``Sourced[Campaign]`` is a ``Sourced``)."""
_Kind = TypeVar("_Kind", bound=Campaign | MarketingEvent)


class Sourced(Model, Generic[_Obj]):
    """A manifest object with where it was written (for errors and the plan's ``source``).

    Make them with ``Sourced.of``: it picks ``Sourced[Campaign]`` or ``Sourced[MarketingEvent]``
    without validating again, and the ``DesiredState`` lists hold only those (pydantic would
    otherwise validate a bare ``Sourced`` again, into a copy, on the loader's hot path).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    obj: _Obj
    location: Location
    field_locations: Mapping[str, Location] = Field(
        default_factory=dict,
        description="Where each key was written, by dotted path: name, properties.hs_notes, "
        "customProperties.region. A Mapping, so the loader can make Locations lazily.",
    )

    @field_serializer("field_locations")
    def _plain_locations(self, value: Mapping[str, Location]) -> dict[str, Location]:
        return dict(value)

    @overload
    @staticmethod
    def of(
        obj: _Kind, location: Location, field_locations: Mapping[str, Location] | None = None
    ) -> Sourced[_Kind]: ...

    @overload
    @staticmethod
    def of(
        obj: BaseModel, location: Location, field_locations: Mapping[str, Location] | None = None
    ) -> Sourced: ...

    @staticmethod
    def of(
        obj: BaseModel, location: Location, field_locations: Mapping[str, Location] | None = None
    ) -> Sourced[Any]:
        """``Sourced[type(obj)](obj=..., ...)`` for a model already validated, at the cost of
        ``trusted``: the loader makes one per manifest object. (The second overload is for
        callers that know the model only from a registry, as ``type[BaseModel]``.)"""
        values = {
            "obj": obj,
            "location": location,
            "field_locations": {} if field_locations is None else field_locations,
        }
        model = type(obj)
        cls = _PARAMETRISED.get(model) or Sourced[model]  # type: ignore[valid-type]
        return trusted(cls, _SOURCED_FIELDS, values)


_PARAMETRISED: dict[type[Any], type[Sourced[Any]]] = {
    Campaign: Sourced[Campaign],
    MarketingEvent: Sourced[MarketingEvent],
}
# Every instance shares one fields-set (frozen; model_copy copies it before updating): a set
# per instance is ~200 bytes, 20 MB at 100,000 objects.
_SOURCED_FIELDS = set(Sourced.model_fields)


class DesiredState(Model):
    """Everything the manifests declare, in file order."""

    model_config = ConfigDict(frozen=True)

    campaigns: list[Sourced[Campaign]] = Field(default_factory=list)
    events: list[Sourced[MarketingEvent]] = Field(default_factory=list)
    untargeted_events: list[Sourced[MarketingEvent]] = Field(
        default_factory=list,
        description="events --target left out: not planned, but named in link errors",
    )
    files: list[str] = Field(default_factory=list, description="The manifest files read, in order.")
    paths: list[str] = Field(
        default_factory=list, description='The paths given, as shown to users ("manifests/").'
    )

    @property
    def objects(self) -> list[Sourced]:
        """The campaigns, then the events."""
        return [*self.campaigns, *self.events]

    @property
    def object_count(self) -> int:
        return len(self.campaigns) + len(self.events)


class LiveState(Model):
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
    event_lists: dict[str, list[str]] = Field(
        default_factory=dict,
        description="event objectId -> ids of its associated lists, for live events whose "
        "manifest declares lists",
    )
    budgets: dict[str, LiveBudget] = Field(
        default_factory=dict,
        description="campaign GUID -> its budget and spend items, for campaigns whose manifest "
        "declares budget or spend",
    )
    campaign_assets: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict,
        description="campaign GUID -> asset type -> asset ids, for campaigns whose manifests "
        "declare assets, and only the types they list",
    )
