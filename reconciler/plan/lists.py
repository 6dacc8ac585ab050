"""Planning a marketing event's contact lists (the ``marketingEventList`` kind).

An event's ``lists`` is a set of list ids: a list declared and not associated is added; with
``listsExclusive``, an associated list the manifest does not declare is removed; the rest is
left alone (``reconciler.plan.members``). Runs after events are matched, so an event this plan
creates gets its lists too (apply fills its objectId from the create). An event the manifests
delete plans no list changes: HubSpot removes its associations with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.kinds import MARKETING_EVENT, MARKETING_EVENT_LIST, Action
from reconciler.models import LiveState, Location, MarketingEvent, Sourced
from reconciler.plan.members import Member, plan_members
from reconciler.plan.model import MemberEnds, field_change, member_change
from reconciler.plan.planner import Planner


def list_key(event_key: str, list_id: str) -> str:
    """How the plan names one association: ``acct-1/webinar-42 -> list 501``."""
    return f"{event_key} -> list {list_id}"


def _declared(sourced: Sourced[MarketingEvent]) -> Iterator[Member]:
    for i, list_id in enumerate(sourced.obj.lists or ()):
        where = sourced.field_locations.get(f"lists.{i}", sourced.location)
        yield Member(where, list_id, list_id)


def _plan_event(planner: Planner, sourced: Sourced[MarketingEvent], live: LiveState) -> None:
    event = sourced.obj
    resolved = planner.resolved.get((MARKETING_EVENT, event.natural_key or event.key))
    if resolved is None:
        return  # an event that could not be matched has its error reported already
    event_id = resolved[0]

    def add(where: Location, action: Action, list_id: str, _id: str | None) -> None:
        before, after = (None, list_id) if action == "create" else (list_id, None)
        ends = MemberEnds(parent=event.key, parentId=event_id, id=list_id)
        planner.changes.append(
            member_change(
                MARKETING_EVENT_LIST,
                list_key(event.key, list_id),
                f"{event_id}/{list_id}" if event_id else None,
                action,
                where.short,
                [field_change("listId", before, after)],
                ends,
            )
        )

    planner.unchanged += plan_members(
        _declared(sourced),
        set(live.event_lists.get(event_id, ())) if event_id else set(),
        exclusive=event.listsExclusive,
        parent_at=sourced.location,
        key_of=lambda list_id: list_id,
        add=add,
    )


def plan_event_lists(
    planner: Planner, desired: list[Sourced[MarketingEvent]], live: LiveState
) -> None:
    """List changes of every event that declares ``lists`` and is not deleted (deleting an
    event removes its associations)."""
    for sourced in desired:
        if sourced.obj.lists is not None and sourced.obj.state != "absent":
            _plan_event(planner, sourced, live)
