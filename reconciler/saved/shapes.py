"""Whether what a saved plan's change sends agrees with what its renderers show.

Why: apply builds each request from a change's ends (a link's campaign and event ids, an
asset's type, a list's id, an item's campaign), while ``show``, the PR comment and the JSON
plan show its ``key``, ``id`` and ``fields``. The planner writes both from the same values,
so in a file ``plan --out`` wrote they agree; an edit to one side only (an asset type turned
into ``BOGUS`` while the key still says ``FORM``) would send what no reviewer saw.

Each attached kind's change is reduced to its :class:`Ends` (one function per kind, keyed
by the registry's names); from them follow the key, id and fields a planner would have
written, compared with the file's. Across the plan, every change that names the same parent
must give it the same id (the id of a campaign its budget items hang on is shown by no
renderer: it must be the one its other changes show), and a parent the plan creates has no
id yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reconciler.kinds import (
    CAMPAIGN,
    CAMPAIGN_ASSET,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_EVENT_LINK,
    CAMPAIGN_SPEND_ITEM,
    KINDS,
    MARKETING_EVENT,
    MARKETING_EVENT_LIST,
    KindName,
)
from reconciler.models import Value
from reconciler.models.assets import MANIFEST_ASSET_TYPES
from reconciler.plan import Change, ItemChange, LinkChange, MemberChange, ObjectChange, Plan
from reconciler.plan.assets import asset_key
from reconciler.plan.lists import list_key


@dataclass(frozen=True)
class Ends:
    """What an attached change's requests are built from, and how the plan shows them."""

    parents: tuple[tuple[KindName, str, str | None], ...]
    """Each parent it names: (kind, key as shown, id sent; None while the plan creates it)."""
    key: str
    """The key a planner writes for these ends."""
    id_parts: tuple[str | None, ...] = ()
    """The parts of the id a planner writes (joined by ``/``; none while any is unknown)."""
    field: str = ""
    """The one field it shows, whose value is the member; empty: an item (fields vary)."""
    value: str = ""


def _link(change: Change) -> Ends:
    assert isinstance(change, LinkChange)
    ends = change.link
    return Ends(
        parents=(
            (CAMPAIGN, ends.campaign, ends.campaignId),
            (MARKETING_EVENT, ends.marketingEvent, ends.marketingEventId),
        ),
        key=f"{ends.campaign} -> {ends.marketingEvent}",
        id_parts=(ends.campaignId, ends.marketingEventId),
        field="marketingEvent",
        value=ends.marketingEvent,
    )


def _event_list(change: Change) -> Ends:
    assert isinstance(change, MemberChange)
    member = change.member
    return Ends(
        parents=((MARKETING_EVENT, member.parent, member.parentId),),
        key=list_key(member.parent, member.id),
        id_parts=(member.parentId, member.id),
        field="listId",
        value=member.id,
    )


def _asset(change: Change) -> Ends:
    assert isinstance(change, MemberChange)
    member = change.member
    asset_type = member.type or ""
    return Ends(
        parents=((CAMPAIGN, member.parent, member.parentId),),
        key=asset_key(member.parent, asset_type, member.id),
        id_parts=(member.parentId, asset_type, member.id),
        field=asset_type,
        value=member.id,
    )


def _item(change: Change) -> Ends:
    assert isinstance(change, ItemChange)
    item = change.item
    return Ends(
        parents=((CAMPAIGN, item.campaign, item.campaignId),),
        key=f"{item.campaign} / {item.name}",
        id_parts=(change.id,),
    )


ENDS: dict[KindName, Callable[[Change], Ends] | None] = {
    CAMPAIGN: None,
    MARKETING_EVENT: None,
    CAMPAIGN_EVENT_LINK: _link,
    MARKETING_EVENT_LIST: _event_list,
    CAMPAIGN_BUDGET_ITEM: _item,
    CAMPAIGN_SPEND_ITEM: _item,
    CAMPAIGN_ASSET: _asset,
}
"""Each attached kind's ends (None: an object kind, whose id and fields are what it sends).
A new kind adds one entry."""


def shape_problems(change: Change) -> Iterator[str]:
    """What the change shows that is not what it sends (empty: they agree)."""
    spec = KINDS[change.kind]
    if change.action not in spec.past:
        yield f"a {spec.label} is only {' or '.join(spec.past.values())}, never {change.action}d"
    if isinstance(change, ObjectChange):
        yield from _object_key(change)
        return
    of = ENDS[change.kind]
    assert of is not None  # every attached kind has its entry (a test holds the table)
    ends = of(change)
    if change.key != ends.key:
        yield f"its key {change.key!r} is not {ends.key!r}, which its {_sent(change)} make"
    if isinstance(change, MemberChange):
        yield from _type_problems(change)
    if not isinstance(change, ItemChange):
        yield from _id_problems(change, ends)
        yield from _field_problems(change, ends)


def _sent(change: Change) -> str:
    return "link's ends" if isinstance(change, LinkChange) else "ends"


def _type_problems(change: MemberChange) -> Iterator[str]:
    """An asset's type is one a manifest may write (it is part of the path apply sends to);
    an event list has none."""
    member_type = change.member.type
    if change.kind != CAMPAIGN_ASSET:
        if member_type is not None:
            yield f"its member has a type ({member_type!r}), which a {change.kind} has not"
    elif member_type not in MANIFEST_ASSET_TYPES:
        yield f"its asset type {member_type!r} is not one of {', '.join(MANIFEST_ASSET_TYPES)}"


def _id_problems(change: Change, ends: Ends) -> Iterator[str]:
    known = all(ends.id_parts)
    expected = "/".join(p for p in ends.id_parts if p) if known else None
    if change.id != expected:
        yield f"its id {change.id!r} is not {expected!r}, which its {_sent(change)} make"


def _field_problems(change: Change, ends: Ends) -> Iterator[str]:
    value: Value = ends.value
    before, after = (None, value) if change.action == "create" else (value, None)
    shown = [(f.field, f.before, f.after) for f in change.fields]
    if shown != [(ends.field, before, after)]:
        yield (
            f"it shows fields {[f.field for f in change.fields]!r}, but it sends "
            f"{ends.field} {value!r}"
        )


def _object_key(change: ObjectChange) -> Iterator[str]:
    """A created object's key is made of the fields it sends (a campaign's name, an event's
    account and event id): apply finds what it created by that key."""
    sent = {f.field: f.after for f in change.fields}
    if change.kind == CAMPAIGN and "hs_name" in sent and sent["hs_name"] != change.key:
        yield f"it sends hs_name {sent['hs_name']!r}, but its key is {change.key!r}"
    if change.kind == MARKETING_EVENT and change.action == "create":
        key = f"{sent.get('externalAccountId')}/{sent.get('externalEventId')}"
        if key != change.key:
            yield f"it sends the event {key!r}, but its key is {change.key!r}"


def parent_problems(plan: Plan) -> Iterator[str]:
    """Every change naming a parent gives it the id the others show; a parent the plan
    creates has none yet (apply takes the id its create gets)."""
    ids: dict[tuple[KindName, str], set[str | None]] = {}
    for change in plan.changes:
        if isinstance(change, ObjectChange):
            ids.setdefault((change.kind, change.key), set()).add(change.id)
            continue
        of = ENDS[change.kind]
        assert of is not None
        for kind, key, live_id in of(change).parents:
            ids.setdefault((kind, key), set()).add(live_id)
    for (kind, key), named in ids.items():
        if len(named) > 1:
            shown = ", ".join(sorted(repr(i) if i else "none" for i in named))
            yield f"its changes give {KINDS[kind].label} {key!r} different ids ({shown})"


__all__ = ["ENDS", "Ends", "parent_problems", "shape_problems"]
