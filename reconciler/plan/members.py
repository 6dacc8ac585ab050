"""Planning a set of members a parent object declares: the shape every attached kind shares.

A campaign's linked events, its assets of one type, an event's contact lists: each is a set
of ids hanging on one parent. A member declared and missing is created; with the parent's
``...Exclusive`` flag, a live member not declared is removed; the rest is left alone (not
ours). The kind-specific part (resolving a reference to an id, and the change it makes) is
the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reconciler.kinds import Action
from reconciler.models import Location


@dataclass(frozen=True)
class Member:
    """One member as declared: where it was written, its key as the plan shows it, and its live
    id (None while the member is created in the same plan)."""

    where: Location
    key: str
    id: str | None


AddMember = Callable[[Location, Action, str, str | None], None]
"""Records one change: (where, create or delete, the member's key, its id)."""


def plan_members(
    declared: Iterable[Member],
    current: set[str],
    *,
    exclusive: bool,
    parent_at: Location,
    key_of: Callable[[str], str],
    add: AddMember,
) -> int:
    """Creates for declared members not in ``current``, deletes for undeclared ones when
    ``exclusive``; returns how many declared members are already there (unchanged)."""
    wanted: set[str] = set()
    unchanged = 0
    for member in declared:
        if member.id is not None:
            wanted.add(member.id)
            if member.id in current:
                unchanged += 1
                continue
        add(member.where, "create", member.key, member.id)
    if exclusive:
        for member_id in sorted(current - wanted):
            add(parent_at, "delete", key_of(member_id), member_id)
    return unchanged
