"""Whether the parent id a saved plan's change sends to is the parent it shows, on the portal.

Why: some parent ids are shown by no renderer (the campaign a budget item is created on; a
link's campaign while its event is created by the same plan), and the file alone cannot tell
one campaign's GUID from another's. Read again, the parent must carry the key the plan shows
(a campaign's name, or its name before a rename this plan makes; an event's objectId or
``account/event id``), else the plan is refused before anything is sent, naming the change.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.kinds import CAMPAIGN, KINDS, KindName
from reconciler.models import LiveState
from reconciler.plan import Change, ObjectChange, Plan
from reconciler.saved.shapes import ENDS


class _Known:
    """The keys each parent read again may be shown by, by (kind, id)."""

    def __init__(self, plan: Plan, live: LiveState) -> None:
        self.keys: dict[tuple[KindName, str], set[str]] = {}
        for c in live.campaigns:
            if c.id:
                self.keys[(CAMPAIGN, c.id)] = {c.name}
        for e in live.events:
            if e.objectId:
                shown = {e.objectId, f"{e.externalAccountId}/{e.externalEventId}"}
                self.keys[("marketingEvent", e.objectId)] = shown
        for change in plan.changes:
            if isinstance(change, ObjectChange) and change.id:
                self.keys.setdefault((change.kind, change.id), set()).add(change.key)


def parents_moved(plan: Plan, live: LiveState) -> list[str]:
    """Each change whose parent, read by the id it sends to, is not the parent it shows."""
    known = _Known(plan, live)
    return [line for change in plan.changes for line in _change(change, known)]


def _change(change: Change, known: _Known) -> Iterator[str]:
    of = ENDS[change.kind]
    if of is None:
        return
    for kind, key, live_id in of(change).parents:
        keys = known.keys.get((kind, live_id)) if live_id else None
        if keys is not None and key not in keys:
            label = KINDS[kind].label
            names = " or ".join(sorted(repr(k) for k in keys))
            yield (
                f"{change.label}: its {label} id {live_id} is {label} {names} on the portal, "
                f"not {key!r} as the plan shows"
            )


__all__ = ["parents_moved"]
