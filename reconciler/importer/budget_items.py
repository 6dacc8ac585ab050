"""One campaign's ``budget`` or ``spend`` list against the portal's items: new items as
written, and the refresh of a list a manifest already has (see ``importer.budget``).

Items are matched as the planner matches them (``plan.budget``): a pinned ``id`` claims its
live item, the others match by ``name`` among the live items no pin claims. A manifest list
holds each name once, so of several live items that share a name only the first is written
(pinned, so that plan tells it from the others) and the rest are named in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.importer.layout import grow_block
from reconciler.importer.values import to_yaml
from reconciler.matching import LiveIndex
from reconciler.models import LiveItem, canonical_amount


def amount_yaml(text: str) -> int | float | str:
    """A canonical amount as written: a YAML number, as HubSpot holds it; text only where a
    float would not hold it exactly (more digits than a double has, or an exponent)."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return int(value)
    number = float(text)
    return number if repr(number) == text else text


def _id_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value) or None


def item_name(item: object) -> str | None:
    """An item's name as written (None for an item that is not a mapping or has none)."""
    if not isinstance(item, CommentedMap):
        return None
    name = item.get("name")
    return None if name is None or isinstance(name, bool) else str(name)


def new_item(live: LiveItem, pinned: bool = False) -> CommentedMap:
    """A portal item as a manifest item: name, amount, order, description when set."""
    item = CommentedMap()
    item["name"] = to_yaml(live.name)
    if pinned:
        item["id"] = live.id
    item["amount"] = amount_yaml(live.amount)
    item["order"] = live.order
    if live.description:
        item["description"] = to_yaml(live.description)
    return item


def _shared_names(live: list[LiveItem]) -> set[str]:
    """The names several live items share (an item of such a name is written pinned)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for item in live:
        (shared if item.name in seen else seen).add(item.name)
    return shared


@dataclass(frozen=True)
class Owner:
    """Whose list it is, for messages: the campaign's label and the kind's label."""

    campaign: str
    noun: str

    def item(self, name: object) -> str:
        return f'{self.noun} "{name}" of {self.campaign}'


def _append(
    seq: CommentedSeq, add: list[LiveItem], live: list[LiveItem], notes: list[str], owner: Owner
) -> int:
    """Append the portal items ``add`` (of all ``live``) to ``seq``; one whose name the list
    has already is left out and named in a note."""
    names = {item_name(i) for i in seq}
    shared = _shared_names(live)
    made: list[CommentedMap] = []
    for item in add:
        if item.name in names:
            notes.append(
                f"{owner.campaign}: portal {owner.noun} {item.id} is not written: the list has "
                f'a {owner.noun} named "{item.name}" already (a list holds each name once); '
                "it stays unmanaged"
            )
            continue
        names.add(item.name)
        made.append(new_item(item, pinned=item.name in shared))
    if made:
        grow_block(seq, lambda: seq.extend(made))
    return len(made)


def new_items(live: list[LiveItem], notes: list[str], owner: Owner) -> CommentedSeq | None:
    """A list the entry does not have yet, with the portal's items; None when there are none."""
    if not live:
        return None
    seq = CommentedSeq()
    _append(seq, live, live, notes, owner)
    return seq


@dataclass
class ListEdit:
    """The refresh of one list a manifest already has (``seq``, edited in place)."""

    seq: CommentedSeq
    live: list[LiveItem]
    owner: Owner
    path: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    def run(self) -> None:
        declared = [item for item in self.seq if isinstance(item, CommentedMap)]
        pinned = {i for i in (_id_text(item.get("id")) for item in declared) if i is not None}
        by_id = {live.id: live for live in self.live}
        index = LiveIndex(live for live in self.live if live.id not in pinned)
        claimed: set[str] = set(pinned)
        for item in declared:
            item_id = _id_text(item.get("id"))
            if item_id is not None:
                self.settle(item, by_id.get(item_id), item_id)
                continue
            found, ambiguous = index.find(None, item_name(item))
            if ambiguous:
                claimed.update(i.id for i in ambiguous)
                ids = ", ".join(sorted(i.id for i in ambiguous))
                self.notes.append(
                    f"{self.where(item)}: {self.describe(item)} matches portal items {ids}, "
                    "which share its name: pin it with `id` (plan refuses to guess)"
                )
                continue
            if found is not None:
                claimed.add(found.id)
            self.settle(item, found, None)
        rest = [live for live in self.live if live.id not in claimed]
        self.added = _append(self.seq, rest, self.live, self.notes, self.owner)

    def where(self, item: CommentedMap) -> str:
        return f"{self.path}:{item.lc.line + 1}"

    def describe(self, item: CommentedMap) -> str:
        return self.owner.item(item_name(item))

    def settle(self, item: CommentedMap, live: LiveItem | None, pinned: str | None) -> None:
        """A listed item: refreshed from its live item, or reported when the portal has none."""
        if live is None:
            what = (
                f"pinned to id {pinned}, which the portal does not hold: plan fails until you "
                "remove `id` (to create it) or the item"
                if pinned
                else "not on the portal: plan would create it"
            )
            self.gone.append(f"{self.where(item)}: {self.describe(item)} ({what})")
            return
        if refresh_item(item, live, pinned is not None):
            self.updated += 1
        else:
            self.unchanged += 1


def refresh_item(item: CommentedMap, live: LiveItem, pinned: bool) -> bool:
    """Set the keys ``item`` has to ``live``'s values (its name only when pinned: a rename);
    values that mean the same stay as written. Whether anything changed."""
    changed = False
    if pinned and item_name(item) != live.name:
        item["name"] = to_yaml(live.name)
        changed = True
    try:
        same = Decimal(canonical_amount(item.get("amount"))) == Decimal(live.amount)
    except ValueError:
        same = False
    if not same:
        item["amount"] = amount_yaml(live.amount)
        changed = True
    order = item.get("order")
    if "order" in item and (isinstance(order, bool) or order != live.order):
        item["order"] = live.order
        changed = True
    if "description" in item:
        written = item.get("description")
        if ("" if written is None else str(written)) != live.description:
            item["description"] = to_yaml(live.description)
            changed = True
    return changed


__all__ = ["ListEdit", "Owner", "amount_yaml", "item_name", "new_item", "new_items", "refresh_item"]
