"""Which live object a manifest object means: one matcher for plan, import and pin.

Identity is never a guess (the contract's "Identity" section): a pinned id names its live
object or none; without one, the natural key names exactly one live object, and two or more
is an ambiguity the caller reports (plan fails, import notes it, pin leaves it alone). What a
missing or ambiguous match means is the caller's business; this module only finds. Pure: the
planner runs it for every object of a 100,000-object plan, so it builds two dicts once and
answers each question with one or two look-ups.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, Protocol, TypeVar


class Identified(Protocol):
    """A live object as the matcher sees it: its HubSpot id and its natural key."""

    @property
    def pinned_id(self) -> str | None: ...

    @property
    def natural_key(self) -> Hashable | None: ...


L = TypeVar("L", bound=Identified)

_NONE: tuple[()] = ()


class LiveIndex(Generic[L]):
    """Live objects of one kind by pinned id and by natural key."""

    __slots__ = ("by_id", "by_key")

    def __init__(self, live: Iterable[L]) -> None:
        self.by_id: dict[str, L] = {}
        self.by_key: dict[Hashable, list[L]] = {}
        for obj in live:
            pinned, key = obj.pinned_id, obj.natural_key
            if pinned:
                self.by_id[pinned] = obj
            if key is not None:
                found = self.by_key.get(key)
                if found is None:
                    self.by_key[key] = [obj]
                else:
                    found.append(obj)

    def find(
        self, pinned_id: str | None, natural_key: Hashable | None
    ) -> tuple[L | None, list[L] | tuple[()]]:
        """``(match, ())``, or ``(None, candidates)`` when two or more live objects share the
        natural key. A pinned id is looked up by id only: a pin the portal lacks matches nothing,
        whatever the natural key says."""
        if pinned_id:
            return self.by_id.get(pinned_id), _NONE
        if not natural_key:
            return None, _NONE
        candidates = self.by_key.get(natural_key)
        if candidates is None:
            return None, _NONE
        if len(candidates) > 1:
            return None, candidates
        return candidates[0], _NONE


__all__ = ["Identified", "LiveIndex"]
