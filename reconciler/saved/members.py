"""The moved check every member-set kind shares (links, event lists, assets)."""

from __future__ import annotations

from collections.abc import Collection

from reconciler.plan import Change


def member_moved(
    change: Change, held: Collection[str] | None, member_id: str, parent: str
) -> list[str]:
    """A member to add that is there now, one to remove that is gone, or its parent gone
    (``held`` None: the parent's members were not found on the portal)."""
    where = f"{change.label} ({change.id})"
    if held is None:
        return [f"{where}: its {parent} is gone from the portal"]
    if change.action == "create" and member_id in held:
        return [f"{where} now exists on the portal"]
    if change.action == "delete" and member_id not in held:
        return [f"{where} is gone from the portal"]
    return []
