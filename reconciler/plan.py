"""The plan: a pure, field-level diff of desired state against live state.

``diff(desired, live)`` matches every manifest object to at most one live object (pinned id
first, then natural key; two candidates is an error, never a guess), compares only the fields
the manifest names, and returns a frozen ``Plan``. Renderers and the applier only read it.
No I/O here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
)

from reconciler.errors import PlanError, UnsafePlanError
from reconciler.hubspot.paths import api_paths
from reconciler.kinds import CAMPAIGN, CAMPAIGN_EVENT_LINK, KINDS, MARKETING_EVENT, Action, KindName
from reconciler.models import (
    EVENT_CREATE_REQUIRED,
    Campaign,
    DesiredState,
    EventRef,
    LiveState,
    Location,
    MarketingEvent,
    Sourced,
    Value,
    did_you_mean,
    values_equal,
)

CAMPAIGN_BATCH_LIMIT = 50
DEFAULT_EVENT_BATCH_SIZE = 100
# HubSpot's usual batch limit; marketing events answer 400 to more inputs than this.
MAX_EVENT_BATCH_SIZE = 100
DEFAULT_RATE_LIMIT = 190
DEFAULT_RATE_INTERVAL_MS = 10_000
# After octoDNS: deletes above this share of existing managed objects need --force.
SAFE_DELETE_FRACTION = 0.30
SAFE_DELETE_MIN_EXISTING = 10

Endpoints = Mapping[tuple[str, str], str]
"""``(kind, action) -> "METHOD path"`` of apply's writes, from the client's API version."""
DEFAULT_ENDPOINTS: Endpoints = api_paths().write_endpoints()


class Target(BaseModel):
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


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    before: Value | None = Field(description="null when the object is created")
    after: Value | None = Field(description='"" for a reset; null when the object is deleted')


class LinkEnds(BaseModel):
    """Both ends of a campaign-event link; an id is null while its object is created in the
    same plan (apply fills it from that create's outcome)."""

    model_config = ConfigDict(frozen=True)

    campaign: str = Field(description="the campaign's key")
    campaignId: str | None = None
    marketingEvent: str = Field(description="the event's key")
    marketingEventId: str | None = None


class ObjectChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: KindName
    key: str
    id: str | None = Field(
        description="HubSpot id (campaign GUID or event objectId); null on create"
    )
    action: Action
    source: str | None = Field(default=None, description="file:line of the manifest object")
    fields: list[FieldChange] = Field(default_factory=list)
    link: LinkEnds | None = Field(default=None, description="campaignEventLink changes only")

    @model_serializer(mode="wrap")
    def _drop_empty_link(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("link") is None:
            data.pop("link", None)
        return data

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (KINDS[self.kind].order, self.key, self.id or "")

    @property
    def label(self) -> str:
        return KINDS[self.kind].describe(self.key)


# The planner builds these from values it has already checked, so it skips validation and
# pydantic's model_construct (7 us a call): at 100,000 changes that is most of diff's time.
# What it sets is what model_construct sets; a test compares the two.
_FIELD_CHANGE_FIELDS = set(FieldChange.model_fields)  # shared; model_copy copies it first
_OBJECT_CHANGE_FIELDS = set(ObjectChange.model_fields)
_new = object.__new__
_set = object.__setattr__


def _field_change(field: str, before: Value | None, after: Value | None) -> FieldChange:
    change = _new(FieldChange)
    _set(change, "__dict__", {"field": field, "before": before, "after": after})
    _set(change, "__pydantic_fields_set__", _FIELD_CHANGE_FIELDS)
    _set(change, "__pydantic_extra__", None)
    _set(change, "__pydantic_private__", None)
    return change


def _object_change(
    kind: KindName,
    key: str,
    obj_id: str | None,
    action: Action,
    source: str | None,
    fields: list[FieldChange],
    link: LinkEnds | None = None,
) -> ObjectChange:
    change = _new(ObjectChange)
    values = {
        "kind": kind,
        "key": key,
        "id": obj_id,
        "action": action,
        "source": source,
        "fields": fields,
        "link": link,
    }
    _set(change, "__dict__", values)
    _set(change, "__pydantic_fields_set__", _OBJECT_CHANGE_FIELDS)
    _set(change, "__pydantic_extra__", None)
    _set(change, "__pydantic_private__", None)
    return change


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True)

    create: int = 0
    update: int = 0
    delete: int = 0
    unchanged: int = 0


class RequestCount(BaseModel):
    """How many requests of one endpoint apply will send, and for how many objects."""

    model_config = ConfigDict(frozen=True)

    endpoint: str
    requests: int
    objects: int


class Cost(BaseModel):
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


class Plan(BaseModel):
    """The JSON plan of the contract: stable keys, sorted changes, counts and cost."""

    model_config = ConfigDict(frozen=True)

    format_version: Literal[1] = 1
    target: Target
    summary: Summary
    changes: list[ObjectChange]
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

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def check_safety(self, force: bool) -> None:
        if self.unsafe and not force:
            raise UnsafePlanError(
                f"{self.warnings[0] if self.warnings else 'too many deletes'}; "
                "re-run with --force if that is intended"
            )


def _field_changes(desired: dict[str, Value], live: Campaign | MarketingEvent) -> list[FieldChange]:
    changes = []
    value_of = live.value_of
    for name, after in desired.items():
        before = value_of(name)
        if before != after and not values_equal(before, after):
            changes.append(_field_change(name, before, after))
    return changes


def _create_fields(values: Iterable[tuple[str, Value]]) -> list[FieldChange]:
    """A new object needs no resets: fields that must be empty are simply not sent."""
    return [_field_change(k, None, v) for k, v in values if v != ""]


class _Planner:
    """Accumulates changes and errors over both kinds; ``diff`` is its only user."""

    def __init__(self, save_live_values: bool = True) -> None:
        self.save_live_values = save_live_values
        self.changes: list[ObjectChange] = []
        self.errors: list[str] = []
        self.unchanged = 0
        self.existing = 0
        self.claimed: dict[tuple[str, str], Sourced] = {}
        self.live_values: dict[str, dict[str, Value]] = {}
        # (kind, key or pinned id) -> (live id or None when created here, the object's state)
        self.resolved: dict[tuple[str, object], tuple[str | None, str]] = {}
        self.object_deletes = 0

    def claim(self, kind: KindName, live_id: str, sourced: Sourced) -> bool:
        """One live object may be matched by one manifest object only."""
        other = self.claimed.setdefault((kind, live_id), sourced)
        if other is not sourced:
            self.errors.append(
                f"{sourced.location}: {KINDS[kind].label} {live_id} is also matched by the object at "
                f"{other.location}: keep one of them"
            )
            return False
        return True

    def add(
        self,
        sourced: Sourced,
        kind: KindName,
        key: str,
        obj_id: str | None,
        action: Action,
        fields: list[FieldChange],
    ) -> None:
        self.changes.append(
            _object_change(kind, key, obj_id, action, sourced.location.short, fields)
        )

    def settle(
        self,
        sourced: Sourced,
        kind: KindName,
        key: str,
        live: Campaign | MarketingEvent | None,
        live_id: str | None,
    ) -> None:
        obj = sourced.obj
        self.remember(kind, obj, key, live_id)
        if live is None or live_id is None:
            if obj.state == "absent":
                self.unchanged += 1
            else:
                self.create(sourced, kind, key)
            return
        if not self.claim(kind, live_id, sourced):
            return
        self.existing += 1
        managed = obj.managed_values()
        if obj.state == "absent":
            self.keep_live(kind, live_id, managed, live)
            self.add(sourced, kind, key, live_id, "delete", [])
            self.object_deletes += 1
            return
        fields = _field_changes(managed, live)
        if fields:
            self.keep_live(kind, live_id, managed, live)
            self.add(sourced, kind, key, live_id, "update", fields)
        else:
            self.unchanged += 1

    def keep_live(
        self,
        kind: KindName,
        live_id: str,
        managed: dict[str, Value],
        live: Campaign | MarketingEvent,
    ) -> None:
        """What a saved plan needs to notice that an object moved; only kept when asked for."""
        if self.save_live_values:
            self.live_values[f"{kind}:{live_id}"] = {f: live.value_of(f) for f in managed}

    def add_link(self, where: Location, action: Action, ends: LinkEnds) -> None:
        both = ends.campaignId is not None and ends.marketingEventId is not None
        before, after = (
            (None, ends.marketingEvent) if action == "create" else (ends.marketingEvent, None)
        )
        self.changes.append(
            _object_change(
                CAMPAIGN_EVENT_LINK,
                f"{ends.campaign} -> {ends.marketingEvent}",
                f"{ends.campaignId}/{ends.marketingEventId}" if both else None,
                action,
                where.short,
                [_field_change("marketingEvent", before, after)],
                ends,
            )
        )

    def remember(
        self, kind: KindName, obj: Campaign | MarketingEvent, key: str, live_id: str | None
    ) -> None:
        entry = (live_id, "absent" if obj.state == "absent" else "present")
        self.resolved[(kind, obj.natural_key or key)] = entry
        if obj.pinned_id:
            self.resolved[(kind, obj.pinned_id)] = entry

    def create(self, sourced: Sourced, kind: KindName, key: str) -> None:
        obj = sourced.obj
        if isinstance(obj, MarketingEvent):
            missing = [f for f in EVENT_CREATE_REQUIRED if getattr(obj, f) in (None, "")]
            if missing:
                self.errors.append(
                    f"{sourced.location}: marketing event {key} does not exist on the portal and "
                    f"cannot be created without {', '.join(missing)}: add "
                    f"{'it' if len(missing) == 1 else 'them'} to the manifest"
                )
                return
            identity = [
                ("externalAccountId", obj.externalAccountId or ""),
                ("externalEventId", obj.externalEventId or ""),
            ]
            self.add(
                sourced,
                kind,
                key,
                None,
                "create",
                _create_fields([*identity, *obj.managed_values().items()]),
            )
        else:
            self.add(
                sourced, kind, key, None, "create", _create_fields(obj.managed_values().items())
            )


def _match(
    planner: _Planner,
    kind: KindName,
    desired: list[Sourced],
    live: Sequence[Campaign | MarketingEvent],
) -> None:
    """Pinned id first, else the natural key; a missing pin or two candidates is an error."""
    spec = KINDS[kind]
    by_id = {o.pinned_id: o for o in live if o.pinned_id}
    by_key: dict[object, list[Campaign | MarketingEvent]] = defaultdict(list)
    for o in live:
        if o.natural_key is not None:
            by_key[o.natural_key].append(o)
    for sourced in desired:
        obj = sourced.obj
        match: Campaign | MarketingEvent | None
        if obj.pinned_id:
            match = by_id.get(obj.pinned_id)
            if match is None and obj.state == "present":
                planner.errors.append(
                    f"{_where(sourced)} is pinned to {spec.id_field} {obj.pinned_id}, which does not exist on "
                    f"the portal: remove `{spec.id_field}` to create it, or fix the id"
                )
                continue
        else:
            candidates = by_key.get(obj.natural_key, []) if obj.natural_key else []
            if len(candidates) > 1:
                ids = ", ".join(sorted(c.pinned_id or "?" for c in candidates))
                planner.errors.append(
                    f"{_where(sourced)} is ambiguous: {len(candidates)} live {spec.label}s have that "
                    f"{spec.natural_key} ({spec.ids_intro}{ids}); pin one with `{spec.id_field}`"
                )
                continue
            match = candidates[0] if candidates else None
        planner.settle(sourced, kind, obj.key, match, match.pinned_id if match else None)


def _where(sourced: Sourced) -> str:
    """How an error names a manifest object (made only for errors: 10,000 objects, no errors)."""
    return f"{sourced.location}: {sourced.obj.label}"


def _declared(events: list[Sourced], ref: EventRef) -> bool:
    return any(
        (ref.objectId is not None and s.obj.pinned_id == ref.objectId)
        or (ref.natural_key is not None and s.obj.natural_key == ref.natural_key)
        for s in events
    )


def _plan_links(
    planner: _Planner, desired: list[Sourced], live: LiveState, untargeted: list[Sourced]
) -> None:
    """Links a campaign declares that are missing get created; with ``marketingEventsExclusive``
    links it does not declare get removed; others are left alone."""
    live_ids = {e.objectId for e in live.events if e.objectId}
    live_keys: dict[object, list[str]] = defaultdict(list)
    for e in live.events:
        if e.externalEventId is not None and e.objectId:
            live_keys[e.natural_key].append(e.objectId)
    event_keys = {e.objectId: e.key for e in live.events if e.objectId}
    for sourced in desired:
        campaign = sourced.obj
        assert isinstance(campaign, Campaign)
        if campaign.marketingEvents is None or campaign.state == "absent":
            continue
        if (CAMPAIGN, campaign.key) not in planner.resolved:
            continue  # the campaign itself could not be planned; its error is reported
        campaign_id = planner.resolved[(CAMPAIGN, campaign.key)][0]
        current = set(live.campaign_links.get(campaign_id, [])) if campaign_id else set()
        wanted: set[str] = set()
        for i, ref in enumerate(campaign.marketingEvents):
            where = sourced.field_locations.get(f"marketingEvents.{i}", sourced.location)
            label = f'{where}: campaign "{campaign.name}" links to marketing event {ref.key}'
            handle = ref.objectId or ref.natural_key
            declared = planner.resolved.get((MARKETING_EVENT, handle))
            if declared is not None:
                event_id, state = declared
                if state == "absent":
                    planner.errors.append(
                        f"{label}, which the manifests delete (state: absent): remove the link or the deletion"
                    )
                    continue
            elif ref.objectId is not None and ref.objectId in live_ids:
                event_id = ref.objectId
            elif ref.objectId is None and len(live_keys.get(handle, [])) == 1:
                event_id = live_keys[handle][0]
            elif ref.objectId is None and live_keys.get(handle):
                planner.errors.append(
                    f"{label}, which is ambiguous on the portal (objectIds {', '.join(sorted(live_keys[handle]))}): link it by objectId"
                )
                continue
            elif _declared(untargeted, ref):
                planner.errors.append(
                    f"{label}, which this plan would have to create but --target leaves out: "
                    f'add --target "{ref.key}"'
                )
                continue
            else:
                planner.errors.append(
                    f"{label}, which is neither in the manifests nor on the portal: declare the "
                    "event in a manifest, or fix the reference"
                )
                continue
            if event_id is not None:
                wanted.add(event_id)
            if event_id is not None and event_id in current:
                planner.unchanged += 1
                continue
            ends = LinkEnds(
                campaign=campaign.key,
                campaignId=campaign_id,
                marketingEvent=ref.key,
                marketingEventId=event_id,
            )
            planner.add_link(where, "create", ends)
        if campaign.marketingEventsExclusive:
            for event_id in sorted(current - wanted):
                ends = LinkEnds(
                    campaign=campaign.key,
                    campaignId=campaign_id,
                    marketingEvent=event_keys.get(event_id, event_id),
                    marketingEventId=event_id,
                )
                planner.add_link(sourced.location, "delete", ends)


def estimate_writes(
    changes: list[ObjectChange], event_batch_size: int, endpoints: Endpoints = DEFAULT_ENDPOINTS
) -> list[RequestCount]:
    """Exactly ceil(n/limit) requests per (kind, action) with changes, in a stable order."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for change in changes:
        counts[(change.kind, change.action)] += 1
    out = []
    for (kind, action), endpoint in endpoints.items():
        n = counts.get((kind, action), 0)
        if n:
            limit = {"campaign": CAMPAIGN_BATCH_LIMIT, "campaignEventLink": 1}.get(
                kind, event_batch_size
            )
            out.append(RequestCount(endpoint=endpoint, requests=math.ceil(n / limit), objects=n))
    return out


def diff(
    desired: DesiredState,
    live: LiveState,
    target: Target,
    *,
    event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE,
    reads: int = 0,
    identity_lookups: int = 0,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    rate_interval_ms: int = DEFAULT_RATE_INTERVAL_MS,
    save_live_values: bool = True,
    endpoints: Endpoints = DEFAULT_ENDPOINTS,
) -> Plan:
    """Plan = diff(desired, live). Raises ``PlanError`` naming every object that cannot be planned.

    ``save_live_values=False`` leaves out what only a saved plan needs (the managed fields as
    read, per changed object): a plan printed and thrown away saves that memory.
    """
    planner = _Planner(save_live_values)
    _match(planner, CAMPAIGN, desired.campaigns, live.campaigns)
    _match(planner, MARKETING_EVENT, desired.events, live.events)
    _plan_links(planner, desired.campaigns, live, desired.untargeted_events)
    if planner.errors:
        raise PlanError(planner.errors)
    changes = sorted(planner.changes, key=lambda c: c.sort_key)
    summary = Summary(
        create=sum(c.action == "create" for c in changes),
        update=sum(c.action == "update" for c in changes),
        delete=sum(c.action == "delete" for c in changes),
        unchanged=planner.unchanged,
    )
    warnings: list[str] = []
    unsafe = False
    if (
        planner.existing >= SAFE_DELETE_MIN_EXISTING
        and planner.object_deletes > SAFE_DELETE_FRACTION * planner.existing
    ):
        unsafe = True
        warnings.append(
            f"this plan deletes {planner.object_deletes} of {planner.existing} existing managed objects "
            f"(more than {SAFE_DELETE_FRACTION:.0%}): apply refuses it without --force"
        )
    cost = Cost(
        writes=estimate_writes(changes, event_batch_size, endpoints),
        reads=reads,
        identity_lookups=identity_lookups,
        rate_limit=rate_limit,
        rate_interval_ms=rate_interval_ms,
    )
    return Plan(
        target=target,
        summary=summary,
        changes=changes,
        requests=cost,
        warnings=warnings,
        unsafe=unsafe,
        live_values=planner.live_values,
    )


def select_targets(desired: DesiredState, keys: list[str]) -> DesiredState:
    """Only the objects named by ``--target`` (key as the plan prints it, or a pinned id)."""
    if not keys:
        return desired
    wanted = set(keys)
    found: set[str] = set()

    def named(sourced: Sourced) -> bool:
        obj = sourced.obj
        ids = {obj.key}
        if isinstance(obj, Campaign) and obj.id:
            ids.add(obj.id)
        if isinstance(obj, MarketingEvent) and obj.objectId:
            ids.add(obj.objectId)
        hit = ids & wanted
        found.update(hit)
        return bool(hit)

    campaigns = [s for s in desired.campaigns if named(s)]
    events = [s for s in desired.events if named(s)]
    missing = sorted(wanted - found)
    if missing:
        known = [s.obj.key for s in [*desired.campaigns, *desired.events]]
        raise PlanError([_unknown_target(key, known) for key in missing])
    return DesiredState(
        campaigns=campaigns,
        events=events,
        untargeted_events=[s for s in desired.events if s not in events],
    )


def _unknown_target(key: str, known: list[str]) -> str:
    campaign, arrow, _ = key.partition(" -> ")
    if arrow:
        return (
            f'--target "{key}" names a link: target its campaign ("{campaign}"), whose links '
            "come with it"
        )
    return f'--target "{key}" names no object in the manifests{did_you_mean(key, known)}'
