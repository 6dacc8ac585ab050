"""Live objects into the entries that name them: matched as plan matches, refreshed in place.

An entry is matched through ``reconciler.matching`` (pinned id first, else exactly one
natural key), so import and plan never disagree on which object an entry means. Only the
keys an entry already has are refreshed: its identity and its set of managed keys are the
user's choice. Entries whose object is gone are kept and reported, never deleted.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

from ruamel.yaml.comments import CommentedMap

from reconciler.importer.files import Entry
from reconciler.importer.report import ImportReport
from reconciler.importer.values import ValueKind, canonical, refresh_lists
from reconciler.matching import Identified, LiveIndex
from reconciler.models import (
    DATE_CAMPAIGN_PROPERTIES,
    EVENT_REQUIRED_VALUE_FIELDS,
    EVENT_VALUE_FIELDS,
    Campaign,
    MarketingEvent,
    values_equal,
)

L = TypeVar("L", bound=Identified)
L_contra = TypeVar("L_contra", bound=Identified, contravariant=True)

_DATETIME_FIELDS = frozenset({"startDateTime", "endDateTime"})


def matched(entries: Iterable[Entry], live: Iterable[L]) -> Iterator[tuple[Entry, L]]:
    """Each entry that names exactly one live object (as plan matches them) and is not
    ``state: absent``, with that object: the entries whose attached items import refreshes."""
    index = LiveIndex(live)
    for entry in entries:
        match, ambiguous = index.find(entry.pinned_id(), entry.natural_key())
        if match is not None and not ambiguous and not entry.absent:
            yield entry, match


class Refresher(Protocol[L_contra]):
    """One kind's part of a merge: its note on an ambiguous entry, and its refresh."""

    def ambiguous(self, entry: Entry, ids: str, n: int) -> str: ...

    def refresh(self, entry: Entry, live: L_contra, pinned: bool, notes: list[str]) -> bool:
        """Set the entry's values to the live ones; whether anything changed."""
        ...


class Merger(Generic[L]):
    """Merges the live objects of one kind into the entries of that kind."""

    def __init__(self, report: ImportReport, refresher: Refresher[L]) -> None:
        self.report = report
        self.refresher = refresher

    def merge(self, entries: list[Entry], live: Sequence[L]) -> list[L]:
        """Refresh the entries that name live objects; return the objects no entry names."""
        index = LiveIndex(live)
        claimed: set[str] = set()
        for entry in entries:
            pinned = entry.pinned_id()
            match, ambiguous = index.find(pinned, entry.natural_key())
            if ambiguous:
                ids = ", ".join(sorted(str(c.pinned_id) for c in ambiguous))
                self.report.notes.append(self.refresher.ambiguous(entry, ids, len(ambiguous)))
                continue
            if match is None or match.pinned_id is None:
                self.gone(entry, pinned is not None)
                continue
            claimed.add(match.pinned_id)
            entry.add_portal_id(match.pinned_id)
            if entry.absent:
                self.report.notes.append(
                    f"{entry.where}: kept `state: absent` on {entry.label()}: it is still on "
                    "the portal, so apply will delete it"
                )
                continue
            changed = self.refresher.refresh(entry, match, pinned is not None, self.report.notes)
            self.tally(entry, changed)
        return [o for o in live if o.pinned_id not in claimed]

    def adopt(self, entries: list[Entry], unclaimed: Sequence[L]) -> list[L]:
        """Objects no entry of this portal names, merged into entries of other portals
        (``entries``) with the same natural key, one entry for one object (never a guess);
        return the rest. An absent entry or one pinned here already is left alone."""
        index = LiveIndex(unclaimed)
        groups: dict[Hashable, list[Entry]] = {}
        for entry in entries:
            key = entry.natural_key()
            if key is not None and entry.pinned_id() is None and not entry.absent:
                groups.setdefault(key, []).append(entry)
        claimed: set[str] = set()
        for key, group in groups.items():
            live = index.by_key.get(key, [])
            if len(group) == 1 and len(live) == 1 and live[0].pinned_id:
                group[0].adopt(live[0].pinned_id)
                claimed.add(live[0].pinned_id)
                self.refresher.refresh(group[0], live[0], False, self.report.notes)
                self.tally(group[0], True)
            elif live:
                self.report.notes.append(
                    f"{', '.join(e.where for e in group)}: {group[0].label()}: {len(group)} "
                    f"entries of other portals and {len(live)} objects here have that name; "
                    "which is which cannot be told, so this portal's were imported as entries "
                    "of their own"
                )
        return [o for o in unclaimed if o.pinned_id not in claimed]

    def gone(self, entry: Entry, pinned: bool) -> None:
        """An entry whose object is not on the portal: kept, and said what plan will do."""
        if entry.absent:
            self.report.unchanged[entry.kind] += 1
            return
        what = (
            "pinned to an id the portal does not have: plan fails until you delete the entry"
            if pinned
            else "plan would create it"
        )
        self.report.gone.append(f"{entry.where}: {entry.label()} ({what})")

    def tally(self, entry: Entry, changed: bool) -> None:
        if changed:
            entry.file.touch().updated[entry.kind] += 1
        else:
            self.report.unchanged[entry.kind] += 1


class CampaignRefresher:
    """A campaign entry's name (when pinned: a rename) and the properties it manages."""

    def __init__(self, refreshable: Collection[str]) -> None:
        self.refreshable = refreshable

    def ambiguous(self, entry: Entry, ids: str, n: int) -> str:
        return (
            f"{entry.where}: {entry.label()} is not pinned and {n} campaigns have that name "
            f"({ids}); they were imported pinned by id: delete this entry or add `id:` to it"
        )

    def refresh(self, entry: Entry, live: Campaign, pinned: bool, notes: list[str]) -> bool:
        changed = False
        if pinned and entry.item.get("name") != live.name:
            entry.replace(entry.item, "name", live.name)
            changed = True
        props = entry.item.get("properties")
        if isinstance(props, CommentedMap):
            for key in list(props):
                name = str(key)
                if name not in self.refreshable:
                    continue
                kind: ValueKind = "date" if name in DATE_CAMPAIGN_PROPERTIES else "scalar"
                now = live.properties.get(name, "")
                if not values_equal(canonical(props[key], kind), now):
                    entry.replace(props, key, now)
                    changed = True
        return changed


class EventRefresher:
    """An event entry's fields and the custom properties it manages; with ``lists`` (import
    asked for event lists) its ``lists`` too, added where the event has some."""

    def __init__(self, lists: bool = False) -> None:
        self.lists = lists

    def ambiguous(self, entry: Entry, ids: str, n: int) -> str:
        return (
            f"{entry.where}: {entry.label()} matches {n} events (objectIds {ids}); they were "
            "imported pinned: pin this entry with `objectId` or delete it"
        )

    def refresh(self, entry: Entry, live: MarketingEvent, pinned: bool, notes: list[str]) -> bool:
        changed = False
        item = entry.item
        for name in EVENT_VALUE_FIELDS:
            if name not in item:
                continue
            now = live.value_of(name)
            if values_equal(canonical(item[name], _value_kind(name)), now):
                continue
            if now == "" and name in EVENT_REQUIRED_VALUE_FIELDS:
                if entry.unmanage(item, name):  # other portals keep it; not managed here
                    changed = True
                    continue
                notes.append(
                    f"{entry.where}: {entry.label()}: {name} is empty on the portal and cannot "
                    "be emptied through the API; kept the manifest's value (plan will set it)"
                )
                continue
            entry.replace(item, name, now)
            changed = True
        custom = item.get("customProperties")
        if isinstance(custom, CommentedMap):
            for key in list(custom):
                now = live.customProperties.get(str(key), "")
                if not values_equal(canonical(custom[key], "scalar"), now):
                    entry.replace(custom, key, now)
                    changed = True
        if self.lists and live.lists is not None:
            changed = refresh_lists(item, live.lists) or changed
        return changed


def _value_kind(name: str) -> ValueKind:
    if name in _DATETIME_FIELDS:
        return "datetime"
    return "bool" if name == "eventCancelled" else "scalar"


__all__ = ["CampaignRefresher", "EventRefresher", "Merger", "Refresher"]
