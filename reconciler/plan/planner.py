"""The planner's state: matching manifest objects to live ones and settling each into a change.

Pure: it reads desired and live state and accumulates changes and errors; ``diff`` drives it.
The settling is written for 100,000 objects: changes are built with ``model.object_change``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reconciler.kinds import CAMPAIGN_EVENT_LINK, KINDS, Action, KindName
from reconciler.matching import LiveIndex
from reconciler.models import (
    EVENT_CREATE_REQUIRED,
    Campaign,
    Location,
    MarketingEvent,
    Sourced,
    Value,
    values_equal,
)
from reconciler.plan.items import BudgetTotals
from reconciler.plan.model import (
    FieldChange,
    ItemChange,
    LinkChange,
    LinkEnds,
    MemberChange,
    ObjectChange,
    field_change,
    link_change,
    object_change,
)


def _field_changes(desired: dict[str, Value], live: Campaign | MarketingEvent) -> list[FieldChange]:
    changes = []
    value_of = live.value_of
    for name, after in desired.items():
        before = value_of(name)
        if before != after and not values_equal(before, after):
            changes.append(field_change(name, before, after))
    return changes


def _create_fields(values: Iterable[tuple[str, Value]]) -> list[FieldChange]:
    """A new object needs no resets: fields that must be empty are simply not sent."""
    return [field_change(k, None, v) for k, v in values if v != ""]


class Planner:
    """Accumulates changes and errors over both kinds; ``diff`` is its user."""

    def __init__(self, save_live_values: bool = True) -> None:
        self.save_live_values = save_live_values
        self.changes: list[ObjectChange | LinkChange | MemberChange | ItemChange] = []
        self.errors: list[str] = []
        self.unchanged = 0
        self.existing = 0
        self.claimed: dict[tuple[str, str], Sourced] = {}
        self.live_values: dict[str, dict[str, Value]] = {}
        # (kind, key or pinned id) -> (live id or None when created here, the object's state)
        self.resolved: dict[tuple[str, object], tuple[str | None, str]] = {}
        self.object_deletes = 0
        self.budgets: list[BudgetTotals] = []
        """Each campaign's budget and spend totals before -> after, for the plan's ``budgets``."""

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
            object_change(kind, key, obj_id, action, sourced.location.short, fields)
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
            link_change(
                CAMPAIGN_EVENT_LINK,
                f"{ends.campaign} -> {ends.marketingEvent}",
                f"{ends.campaignId}/{ends.marketingEventId}" if both else None,
                action,
                where.short,
                [field_change("marketingEvent", before, after)],
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


def match(
    planner: Planner,
    kind: KindName,
    desired: Sequence[Sourced],
    live: Sequence[Campaign | MarketingEvent],
) -> None:
    """Pinned id first, else the natural key; a missing pin or two candidates is an error."""
    spec = KINDS[kind]
    index = LiveIndex(live)
    for sourced in desired:
        obj = sourced.obj
        match, ambiguous = index.find(obj.pinned_id, obj.natural_key)
        if ambiguous:
            ids = ", ".join(sorted(c.pinned_id or "?" for c in ambiguous))
            planner.errors.append(
                f"{_where(sourced)} is ambiguous: {len(ambiguous)} live {spec.label}s have that "
                f"{spec.natural_key} ({spec.ids_intro}{ids}); pin one with `{spec.id_field}`"
            )
            continue
        if match is None and obj.pinned_id and obj.state == "present":
            planner.errors.append(
                f"{_where(sourced)} is pinned to {spec.id_field} {obj.pinned_id}, which does not exist on "
                f"the portal: remove `{spec.id_field}` to create it, or fix the id"
            )
            continue
        planner.settle(sourced, kind, obj.key, match, match.pinned_id if match else None)


def _where(sourced: Sourced) -> str:
    """How an error names a manifest object (made only for errors: 10,000 objects, no errors)."""
    return f"{sourced.location}: {sourced.obj.label}"
