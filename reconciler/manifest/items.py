"""Budget and spend items named twice in one campaign's list: each later copy is an error
naming both lines (an item's name is its identity within the list, as is a pinned id)."""

from __future__ import annotations

from reconciler.errors import Problem
from reconciler.models import Campaign, Location, Sourced

ITEM_LISTS: tuple[tuple[str, str], ...] = (("budget", "budget item"), ("spend", "spend item"))
ITEM_ATTRIBUTES = frozenset(attribute for attribute, _ in ITEM_LISTS)


def report_item_duplicates(sourced: Sourced, problems: list[Problem]) -> bool:
    """Append a problem per repeated item name or id; True when the campaign has none."""
    campaign = sourced.obj
    if not isinstance(campaign, Campaign):
        return True
    clean = True
    for attribute, noun in ITEM_LISTS:
        first: dict[tuple[str, str], Location] = {}
        for index, item in enumerate(getattr(campaign, attribute) or ()):
            where = sourced.field_locations.get(f"{attribute}.{index}", sourced.location)
            handles = [("name", f'the name "{item.name}"')]
            if item.id:
                handles.append(("id", f"the id {item.id}"))
            for handle in handles:
                other = first.setdefault(handle, where)
                if other is where:
                    continue
                clean = False
                problems.append(
                    Problem(
                        f"{noun} declared twice in `{attribute}`: this one and the one at "
                        f"{other} have {handle[1]}; keep only one",
                        where,
                        campaign.label,
                        related=(other,),
                    )
                )
                break
    return clean
