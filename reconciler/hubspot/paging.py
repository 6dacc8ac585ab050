"""HubSpot's cursor paging, followed in one place for every list endpoint.

Each list answer names the next page's cursor (``paging.next.after``); the last page names
none. A portal that answers the same cursor twice would otherwise page forever, so a repeated
cursor stops the read with an error naming the endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from reconciler.hubspot.errors import HubSpotError

T = TypeVar("T")


def follow(
    fetch: Callable[[str | None], tuple[T, str | None]],
    operation: str,
    *,
    after: str | None = None,
) -> Iterator[T]:
    """Every page from ``after`` (the first without it): ``fetch(cursor)`` answers the page
    and the next cursor. Pages are yielded as they come, so a caller may stop early."""
    seen: set[str] = set()
    while True:
        page, after = fetch(after)
        yield page
        if not after:
            return
        if after in seen:
            raise HubSpotError(
                f"{operation}: HubSpot repeated the paging cursor {after!r}; stopping"
            )
        seen.add(after)


__all__ = ["follow"]
