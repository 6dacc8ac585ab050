"""``import --kind campaignAsset``: each campaign's assets into its entry's ``assets`` map.

Every type but ``MARKETING_EVENT`` (those are the campaign's event links, named by the event's
identity under ``marketingEvents``). Like the rest of import, nothing is removed: an id the
entry lists that the portal no longer holds is kept and reported (plan would associate it
again); a type the entry does not list yet is added with the portal's ids, so the plan right
after an import has no asset to create. ``assetsExclusive`` is never written: that is the
user's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler.importer.files import Entry
from reconciler.importer.folder import Folder
from reconciler.importer.layout import grow_block
from reconciler.importer.merge import matched
from reconciler.importer.report import ImportReport
from reconciler.kinds import CAMPAIGN, CAMPAIGN_ASSET, KINDS
from reconciler.live import PortalRead
from reconciler.models import Campaign

ASSETS_KEY = str(KINDS[CAMPAIGN_ASSET].attribute)
"""The key this kind is written under in a campaign entry: ``assets``."""

Held = Mapping[str, list[str]]
"""asset type -> asset ids, as the portal holds them."""


def _ids(ids: list[str]) -> CommentedSeq:
    seq = CommentedSeq(ids)
    seq.fa.set_flow_style()
    return seq


def _per_portal(ids: list[str], portal: str | None) -> CommentedMap | CommentedSeq:
    if portal is None:
        return _ids(ids)
    value = CommentedMap({portal: _ids(ids)})
    value.fa.set_flow_style()
    return value


def new_assets(held: Held | None, portal: str | None) -> CommentedMap | None:
    """A new entry's ``assets``: every type it has, ids as the portal lists them."""
    types = {t: ids for t, ids in sorted((held or {}).items()) if ids}
    if not types:
        return None
    out = CommentedMap()
    for asset_type, ids in types.items():
        out[asset_type] = _per_portal(ids, portal)
    return out


def _listed(value: object, portal: str | None) -> tuple[CommentedSeq | None, bool]:
    """The entry's id list of one type to refresh (None: not this portal's to touch), and
    whether it is there at all (a per-portal map without this portal's entry is not)."""
    if isinstance(value, CommentedSeq):
        return value, True
    if isinstance(value, CommentedMap):  # per portal: only this portal's list
        found = value.get(portal) if portal else None
        return (found if isinstance(found, CommentedSeq) else None), portal in value
    return None, True


def _put(mapping: CommentedMap, key: str, value: object) -> None:
    """Set ``key`` (a new one lands last) before the comments and blank line that end the
    block, which belong after it or to the next entry."""
    grow_block(mapping, lambda: mapping.__setitem__(key, value))


def refresh_assets(entry: Entry, held: Held, report: ImportReport, portal: str | None) -> int:
    """Add the portal's assets the entry does not list; the number of ids added."""
    current = entry.item.get(ASSETS_KEY)
    if current is None:
        made = new_assets(held, portal)
        if made is None:
            return 0
        _put(entry.item, ASSETS_KEY, made)
        return sum(len(ids) for ids in held.values())
    if not isinstance(current, CommentedMap):
        return 0  # not a map: validation reports it
    added = 0
    for asset_type in sorted({*held, *(str(k) for k in current)}):
        ids = held.get(asset_type, [])
        listed, present = _listed(current.get(asset_type), portal)
        if asset_type not in current or not present:
            if ids:
                target = current.get(asset_type)
                if isinstance(target, CommentedMap) and portal:
                    _put(target, portal, _ids(ids))
                else:
                    _put(current, asset_type, _per_portal(ids, portal))
                added += len(ids)
            continue
        if listed is None:
            continue
        written = {str(i) for i in listed}
        new = [i for i in ids if i not in written]
        if new:
            grow_block(listed, partial(listed.extend, new))
        added += len(new)
        gone = sorted(written - set(ids))
        if gone:
            report.gone.append(
                f"{entry.where}: {entry.label()} lists {asset_type} {', '.join(gone)}, which the "
                "portal does not hold (plan would associate it again)"
            )
    return added


def import_assets(
    folder: Folder,
    report: ImportReport,
    portal: PortalRead,
    new: list[tuple[Campaign, CommentedMap]],
    mapping_key: str | None,
) -> None:
    """The portal's assets into the campaign entries (matched as plan matches them) and into
    ``new``, the campaigns this import appends (with their items)."""
    held = portal.campaign_assets or {}
    report.read_counts[CAMPAIGN_ASSET] = sum(len(i) for t in held.values() for i in t.values())
    spec = KINDS[CAMPAIGN]
    for entry, match in matched(folder.of_kind(spec), portal.campaigns):
        if match.id not in held:
            continue
        added = refresh_assets(entry, held[match.id], report, mapping_key)
        if added:
            entry.file.touch().added[CAMPAIGN_ASSET] += added
    appended = 0
    for campaign, item in new:
        made = new_assets(held.get(campaign.id or ""), mapping_key)
        if made is not None:
            item[ASSETS_KEY] = made
            appended += sum(len(ids) for ids in held[campaign.id or ""].values())
    if appended:
        folder.default_file(spec).touch().added[CAMPAIGN_ASSET] += appended
