"""``reconciler import``: read the portal, merge it into the folder's manifests, write, check."""

from __future__ import annotations

import shlex
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap

from reconciler.errors import ManifestError, ReconcilerError
from reconciler.importer.assets import import_assets
from reconciler.importer.budget import import_items
from reconciler.importer.folder import Folder
from reconciler.importer.layout import header
from reconciler.importer.merge import CampaignRefresher, EventRefresher, Merger
from reconciler.importer.report import ImportReport
from reconciler.importer.values import new_campaign, new_event, portal_entry
from reconciler.kinds import (
    BY_MANIFEST_KEY,
    CAMPAIGN,
    IMPORTED_ON_REQUEST,
    KINDS,
    MARKETING_EVENT,
    MARKETING_EVENT_LIST,
    KindSpec,
)
from reconciler.live import PortalRead, Progress, read_portal
from reconciler.models import (
    READ_ONLY_CAMPAIGN_PROPERTIES,
    WRITABLE_CAMPAIGN_PROPERTIES,
    Campaign,
    did_you_mean,
)
from reconciler.portal_values import PortalChoice
from reconciler.render.import_report import noun

if TYPE_CHECKING:
    from reconciler.target import Connection


def import_portal(
    conn: Connection,
    out: Path,
    *,
    kinds: list[str],
    properties: list[str] | None,
    progress: Progress | None = None,
    choice: PortalChoice | None = None,
    mapping_key: str | None = None,
) -> ImportReport:
    """Write (or refresh) manifests under ``out`` for what the portal holds, ids pinned.

    ``kinds``: the ``--kind`` values as users type them (each kind's manifest key).
    ``choice``: the portal of reconciler.yaml being imported; ``mapping_key`` (when it names
    several portals): new ids are written as ``{portal: id}`` and only that portal's entry of a
    per-portal value is refreshed."""
    started = time.perf_counter()
    specs = _kinds(kinds)
    names: list[str] = [spec.name for spec in specs]
    wanted = campaign_properties(properties)
    report = ImportReport(target=conn.target.describe(), out=out, kinds=names)
    if properties and CAMPAIGN not in names:
        report.notes.append("--property applies to campaigns only; it was ignored")
    folder = Folder(out, report.notes.append)
    folder.scan(names, mapping_key, choice.names if choice else ())
    extra = [] if properties else _custom_campaign_properties(folder, wanted)
    portal = read_portal(
        conn.client,
        names,
        campaign_properties=[*wanted, *extra],
        named_events=_event_keys(folder),
        progress=progress,
    )
    report.requests = portal.requests
    report.read_seconds = time.perf_counter() - started
    if CAMPAIGN in names:
        _campaigns(folder, report, portal, wanted, {*wanted, *extra}, mapping_key)
    if MARKETING_EVENT in names:
        _events(folder, report, portal, mapping_key)  # with lists when they were read
    command = _command(out, kinds, properties)
    report.files = folder.write(lambda path: header(path, _source(conn), command))
    _validate(folder, report, choice)
    report.seconds = time.perf_counter() - started
    return report


def _kinds(values: list[str]) -> list[KindSpec]:
    """The kinds ``--kind`` names, in the order given, each once; an attached kind brings its
    parent kind."""
    known = [*BY_MANIFEST_KEY, *IMPORTED_ON_REQUEST]
    if not values or any(v not in known for v in values):
        raise ReconcilerError(f"--kind must be one of {', '.join(known)}")
    specs: list[KindSpec] = []
    for value in values:
        spec = BY_MANIFEST_KEY.get(value) or KINDS[value]
        parent = KINDS[spec.parent] if spec.parent else None
        specs += [s for s in (parent, spec) if s is not None and s not in specs]
    return specs


def _campaigns(
    folder: Folder,
    report: ImportReport,
    portal: PortalRead,
    wanted: list[str],
    refreshable: set[str],
    mapping_key: str | None,
) -> None:
    spec = KINDS[CAMPAIGN]
    report.read_counts[spec.name] = len(portal.campaigns) + len(portal.unnamed)
    merger = Merger(report, CampaignRefresher(refreshable))
    new = merger.merge(folder.of_kind(spec), portal.campaigns)
    new = merger.adopt(folder.elsewhere(spec), new)
    id_field = str(spec.id_field)
    items = [portal_entry(new_campaign(c, wanted), id_field, mapping_key) for c in new]
    appended = list(zip(new, items, strict=True))
    if portal.campaign_assets is not None:
        import_assets(folder, report, portal, appended, mapping_key)
    if portal.budgets is not None:
        import_items(folder, report, portal, appended, mapping_key)
    folder.append(spec, items)
    if portal.unnamed:
        report.notes.append(
            f"{len(portal.unnamed)} campaigns have no name on the portal and were not "
            f"imported (a manifest needs one): {', '.join(portal.unnamed[:5])}"
            + (" ..." if len(portal.unnamed) > 5 else "")
        )
    _note_shared_names(report, new)


def _events(
    folder: Folder, report: ImportReport, portal: PortalRead, mapping_key: str | None
) -> None:
    spec = KINDS[MARKETING_EVENT]
    report.read_counts[spec.name] = len(portal.events)
    with_lists = any(e.lists is not None for e in portal.events)
    if with_lists:
        report.read_counts[MARKETING_EVENT_LIST] = sum(len(e.lists or ()) for e in portal.events)
    merger = Merger(report, EventRefresher(with_lists))
    new = merger.adopt(folder.elsewhere(spec), merger.merge(folder.of_kind(spec), portal.events))
    unknown = sum(e.objectId in portal.unknown_accounts for e in new)
    if unknown:
        report.notes.append(
            f"{unknown} marketing events have an externalEventId but HubSpot's "
            "/identifiers does not know their externalAccountId yet (it lags creation by "
            "minutes): they are pinned by objectId only; import again later to refresh"
        )
    id_field = str(spec.id_field)
    folder.append(spec, [portal_entry(new_event(e), id_field, mapping_key) for e in new])


def _custom_campaign_properties(folder: Folder, wanted: list[str]) -> list[str]:
    """Non-``hs_`` properties the manifests manage: refreshed too (default import only)."""
    names: set[str] = set()
    for entry in folder.every(KINDS[CAMPAIGN]):
        props = entry.item.get("properties")
        if isinstance(props, CommentedMap):
            names.update(str(k) for k in props if not str(k).startswith("hs_"))
    return sorted(names - set(wanted))


def _event_keys(folder: Folder) -> set[tuple[str, str]]:
    """The (account, externalEventId) pairs the manifests write."""
    keys: set[tuple[str, str]] = set()
    for entry in folder.every(KINDS[MARKETING_EVENT]):  # other portals' too: see adopt
        account, external = entry.text("externalAccountId"), entry.text("externalEventId")
        if account and external:
            keys.add((account, external))
    return keys


def _validate(folder: Folder, report: ImportReport, choice: PortalChoice | None) -> None:
    """Load what is in the folder now, as plan will: any problem goes in the report."""
    from reconciler.manifest import load_manifests

    if not folder.files:  # nothing there and nothing to write: nothing to check
        what = " or ".join(noun(kind, 2) for kind in report.kinds)
        report.notes.append(f"nothing to import: the portal holds no {what}")
        return
    try:
        load_manifests([folder.out], choice, warn=lambda _: None)  # skipped: noted by scan
    except ManifestError as exc:
        report.problems = [str(p) for p in exc.problems]


def campaign_properties(names: Iterable[str] | None) -> list[str]:
    """The campaign properties to import: ``--property`` names checked, or all writable ones."""
    if not names:
        return list(WRITABLE_CAMPAIGN_PROPERTIES)
    out: list[str] = []
    problems: list[str] = []
    for name in names:
        if name == "hs_name" or name in out:
            continue  # the name is always imported, as `name`
        if name in READ_ONLY_CAMPAIGN_PROPERTIES:
            problems.append(f'--property "{name}": {READ_ONLY_CAMPAIGN_PROPERTIES[name]}')
        elif name.startswith("hs_") and name not in WRITABLE_CAMPAIGN_PROPERTIES:
            problems.append(
                f'--property "{name}" is not a writable HubSpot campaign property'
                f"{did_you_mean(name, WRITABLE_CAMPAIGN_PROPERTIES)}"
            )
        else:
            out.append(name)
    if problems:
        raise ReconcilerError(
            "; ".join(problems)
            + f". Writable properties: {', '.join(WRITABLE_CAMPAIGN_PROPERTIES)}"
        )
    return out


def _source(conn: Connection) -> str:
    """The target without the sandbox's port, which changes every run."""
    target = conn.target
    if target.kind == "sandbox":
        return f"the embedded sandbox portal ({target.database})"
    return f"HubSpot at {target.base_url}"


def _command(out: Path, kinds: list[str], properties: list[str] | None) -> str:
    """The command line that made the files, as the header names it (``--kind`` as typed)."""
    parts = ["reconciler", "import", "--out", str(out)]
    if sorted(kinds) != sorted(BY_MANIFEST_KEY):  # the default
        for kind in kinds:
            parts += ["--kind", kind]
    for name in properties or ():
        parts += ["--property", name]
    return shlex.join(parts)


def _note_shared_names(report: ImportReport, campaigns: list[Campaign]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for campaign in campaigns:
        counts[campaign.name] += 1
    shared = sorted(name for name, n in counts.items() if n > 1)
    if shared:
        names = ", ".join(f'"{n}" ({counts[n]})' for n in shared[:5])
        report.notes.append(
            f"imported campaigns that share a name: {names}; their pinned ids keep them apart "
            "(use the id with `--target`)"
        )


__all__ = ["campaign_properties", "import_portal"]
