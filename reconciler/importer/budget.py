"""``import --kind campaignBudgetItem`` / ``campaignSpendItem``: each campaign's items into its
entry's ``budget`` / ``spend`` list.

Like the rest of import, an edit and never a removal: an item the entry lists is matched as
plan matches it (its pinned ``id``, else its ``name``) and only the keys it already has are
refreshed (``name`` when pinned: a rename; ``amount``; ``order`` and ``description`` when
written), so the user's spelling (``"1500.00"``) stays where the amount did not change. An item
the entry lists that the portal no longer holds is kept and reported (plan would create it);
a portal item the entry does not list is appended with its name, amount (a YAML number, as
HubSpot holds it), order and description when set, so the plan right after an import has no
item to create or update. ``budgetExclusive`` / ``spendExclusive`` are never written: that is
the user's choice. A list is added only where the campaign has items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.importer.budget_items import ListEdit, Owner, new_items
from reconciler.importer.files import Entry
from reconciler.importer.folder import Folder
from reconciler.importer.layout import grow_block
from reconciler.importer.merge import matched
from reconciler.importer.report import ImportReport
from reconciler.kinds import CAMPAIGN, CAMPAIGN_BUDGET_ITEM, CAMPAIGN_SPEND_ITEM, KINDS
from reconciler.live import PortalRead
from reconciler.models import Campaign, LiveBudget, LiveItem

ITEM_KINDS = (CAMPAIGN_BUDGET_ITEM, CAMPAIGN_SPEND_ITEM)


def _live(budget: LiveBudget, kind: str) -> list[LiveItem]:
    items: list[LiveItem] = getattr(budget, str(KINDS[kind].attribute))
    return items


def _per_portal(items: CommentedSeq, portal: str | None) -> CommentedMap | CommentedSeq:
    """A list as a new key holds it: ``{portal: [...]}`` when several portals share the
    manifests (the others do not manage it until they say so)."""
    return items if portal is None else CommentedMap({portal: items})


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


def refresh_items(entry: Entry, kind: str, live: list[LiveItem], portal: str | None) -> _Counts:
    """One entry's list of one kind brought up to the portal's items."""
    attribute = str(KINDS[kind].attribute)
    current = entry.item.get(attribute)
    counts = _Counts()
    if isinstance(current, CommentedMap):  # per portal: only this portal's list
        if portal is None:
            return counts
        if portal not in current:
            made = new_items(live, counts.notes, _owner(entry, kind))
            if made is not None:
                per_portal, items = current, made
                grow_block(per_portal, lambda: per_portal.__setitem__(portal, items))
                counts.added = len(made)
            return counts
        current = current[portal]
    if attribute not in entry.item:
        made = new_items(live, counts.notes, _owner(entry, kind))
        if made is not None:
            value = _per_portal(made, portal)
            grow_block(entry.item, lambda: entry.item.__setitem__(attribute, value))
            counts.added = len(made)
        return counts
    if not isinstance(current, CommentedSeq):
        return counts  # null or not a list: validation reports it, nothing to refresh
    edit = ListEdit(current, live, _owner(entry, kind), str(entry.file.path))
    edit.run()
    counts.added, counts.updated, counts.unchanged = edit.added, edit.updated, edit.unchanged
    counts.notes, counts.gone = edit.notes, edit.gone
    return counts


def _owner(entry: Entry, kind: str) -> Owner:
    return Owner(entry.label(), KINDS[kind].label)


def import_items(
    folder: Folder,
    report: ImportReport,
    portal: PortalRead,
    new: list[tuple[Campaign, CommentedMap]],
    mapping_key: str | None,
) -> None:
    """The asked item kinds into the campaign entries (matched as plan matches them) and into
    ``new``, the campaigns this import appends (with their entries)."""
    budgets = portal.budgets or {}
    kinds = [kind for kind in ITEM_KINDS if kind in report.kinds]
    for kind in kinds:
        report.read_counts[kind] = sum(len(_live(b, kind)) for b in budgets.values())
    for entry, match in matched(folder.of_kind(KINDS[CAMPAIGN]), portal.campaigns):
        if match.id not in budgets:
            continue
        for kind in kinds:
            counts = refresh_items(entry, kind, _live(budgets[match.id], kind), mapping_key)
            _tally(report, entry, kind, counts)
    for campaign, item in new:
        held = budgets.get(campaign.id or "")
        for kind in kinds:
            notes: list[str] = []
            owner = Owner(KINDS[CAMPAIGN].describe(campaign.name), KINDS[kind].label)
            made = new_items(_live(held, kind) if held else [], notes, owner)
            report.notes.extend(notes)
            if made is not None:
                item[str(KINDS[kind].attribute)] = _per_portal(made, mapping_key)
                folder.default_file(KINDS[CAMPAIGN]).touch().added[kind] += len(made)


def _tally(report: ImportReport, entry: Entry, kind: str, counts: _Counts) -> None:
    report.notes.extend(counts.notes)
    report.gone.extend(counts.gone)
    report.unchanged[kind] += counts.unchanged
    if counts.added or counts.updated:
        result = entry.file.touch()
        result.added[kind] += counts.added
        result.updated[kind] += counts.updated


__all__ = ["ITEM_KINDS", "import_items", "refresh_items"]
