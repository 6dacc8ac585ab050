"""Ids of the members a manifest object declares (an event's contact lists): each written
once and none empty, so the plan never adds one member twice."""

from __future__ import annotations


def checked_list_ids(ids: list[str]) -> list[str]:
    """``ids`` as written; an empty or repeated id is an error naming it."""
    if any(not list_id.strip() for list_id in ids):
        raise ValueError("a list id must not be empty")
    seen: dict[str, int] = {}
    for position, list_id in enumerate(ids, start=1):
        first = seen.setdefault(list_id, position)
        if first != position:
            raise ValueError(
                f"list {list_id} is listed twice (items {first} and {position}): keep one"
            )
    return ids
