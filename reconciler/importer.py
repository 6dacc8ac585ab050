"""Portal -> manifests (``reconciler import``): the adoption path for portals made in the UI.

Why it is built this way:

- **Only what a plan can keep equal.** Campaigns are read with the writable properties (or the
  ``--property`` names), events with the fields a write can set; empty values are left out,
  because ``""`` in a manifest means "must be empty" and would take ownership of the field.
  Values are written in the models' canonical form, so the plan right after an import is empty.
- **Ids pinned.** Campaign ``id`` and event ``objectId`` are always written (two campaigns may
  share a name; UI-made events have no external ids). External ids are added where known: the
  events list lacks ``externalAccountId``, so one ``/identifiers`` look-up per distinct
  ``externalEventId`` tells it.
- **Re-import is an edit, not a rewrite.** Existing files are read with the round trip of
  ``reconciler.roundtrip`` (shared with ``pin``) and only changed values are replaced, so
  comments, key order, quoting and indentation stay. Objects are found in any ``*.yaml`` under
  the folder by pinned id or natural key; an existing entry's identity and its set of managed
  keys are the user's choice and are never widened; new portal objects go to the default files;
  entries whose object is gone are kept and reported, never deleted. A file is written only
  when something in it changed.
"""

from __future__ import annotations

import os
import shlex
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from reconciler import roundtrip
from reconciler.errors import ManifestError, ReconcilerError
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.live import to_live_campaign, to_live_event
from reconciler.manifest_files import walk_manifests
from reconciler.models import (
    DATE_CAMPAIGN_PROPERTIES,
    EVENT_REQUIRED_VALUE_FIELDS,
    EVENT_VALUE_FIELDS,
    READ_ONLY_CAMPAIGN_PROPERTIES,
    WRITABLE_CAMPAIGN_PROPERTIES,
    Campaign,
    MarketingEvent,
    Value,
    canonical_date,
    canonical_datetime,
    canonical_scalar,
    did_you_mean,
    values_equal,
)
from reconciler.portal_values import PortalChoice
from reconciler.render.safe import printable

if TYPE_CHECKING:
    from reconciler.hubspot.client import HubSpotClient
    from reconciler.target import Connection

Progress = Callable[[str, int, int | None], None]
"""progress(what, done so far, total if known), as in ``reconciler.live``."""

KINDS = roundtrip.KINDS
DEFAULT_FILES: dict[str, str] = {
    "campaigns": "campaigns.yaml",
    "marketingEvents": "marketing-events.yaml",
}
"""Where new portal objects go, under the ``--out`` folder."""

SCHEMA_FILE = Path("schemas") / "manifest.schema.json"
LOCAL_SCHEMA = "manifest.schema.json"  # the shipped schema, saved next to imported manifests
SCHEMA_COMMENT = "# yaml-language-server: $schema="
IDENTITY_WORKERS = 4
"""Side-by-side ``/identifiers`` look-ups; the client's pacer keeps them under the rate limit."""

_DATETIME_FIELDS = frozenset({"startDateTime", "endDateTime"})
_EVENT_FIELD_ORDER = ("externalAccountId", "externalEventId", "objectId", *EVENT_VALUE_FIELDS)


# --- the report -----------------------------------------------------------------------------


@dataclass
class FileResult:
    path: Path
    status: Literal["created", "updated", "unchanged"]
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class ImportReport:
    """What an import read and wrote; ``lines()`` is what the CLI prints."""

    target: str
    out: Path
    kinds: list[str]
    read_counts: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    read_seconds: float = 0.0
    seconds: float = 0.0
    files: list[FileResult] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gone: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, what: Literal["added", "updated"], kind: str) -> int:
        return sum(getattr(f, what).get(kind, 0) for f in self.files)

    def lines(self) -> list[str]:
        """The report's lines, each escaped: names and paths come from manifests and the portal."""
        out = [f"Target: {self.target}"]
        read = ", ".join(f"{n} {_noun(kind, n)}" for kind, n in self.read_counts.items())
        out.append(
            f"Read {read or 'nothing'} in {self.requests} requests ({self.read_seconds:.1f} s)."
        )
        for result in self.files:
            parts = [
                f"{n} {_noun(kind, n)} {what}"
                for what, counts in (("added", result.added), ("updated", result.updated))
                for kind, n in counts.items()
                if n
            ]
            detail = f": {', '.join(parts)}" if parts else ""
            verb = {"created": "Wrote", "updated": "Updated", "unchanged": "Unchanged"}
            out.append(f"{verb[result.status]} {result.path}{detail}")
        same = [f"{n} {_noun(kind, n)}" for kind, n in self.unchanged.items() if n]
        if same:
            out.append(f"Already up to date: {', '.join(same)}.")
        if self.gone:
            out.append(
                f"In the manifests but not on the portal ({len(self.gone)}; left as they are, "
                "delete them if they are gone for good):"
            )
            out.extend(f"  {item}" for item in self.gone)
        out.extend(f"Note: {note}" for note in self.notes)
        if self.problems:
            out.append(
                f"Warning: {self.out} does not validate; run `reconciler validate {self.out}`:"
            )
            out.extend(f"  {p}" for p in self.problems[:10])
            if len(self.problems) > 10:
                out.append(f"  ... and {len(self.problems) - 10} more")
        elif self.gone:
            out.append(f"Next: `reconciler plan {self.out}` shows only what is listed above.")
        else:
            out.append(f"Next: `reconciler plan {self.out}` should show no changes.")
        return [printable(line) for line in out]  # names and paths from manifests and portal


class _Index:
    """Live objects by pinned id and by natural key, the way the planner matches them."""

    def __init__(self, live: Sequence[Campaign | MarketingEvent]) -> None:
        self.by_id = {o.pinned_id: o for o in live if o.pinned_id}
        self.by_key: dict[object, list[Campaign | MarketingEvent]] = defaultdict(list)
        for o in live:
            if o.natural_key is not None:
                self.by_key[o.natural_key].append(o)

    def find(
        self, pinned: str | None, key: object
    ) -> tuple[Campaign | MarketingEvent | None, list[Campaign | MarketingEvent]]:
        """(the match or None, and the candidates when the natural key is ambiguous)."""
        if pinned:
            return self.by_id.get(pinned), []
        candidates = self.by_key.get(key, []) if key is not None else []
        if len(candidates) > 1:
            return None, candidates
        return (candidates[0] if candidates else None), []


def _noun(kind: str, n: int) -> str:
    if kind == "campaigns":
        return "campaign" if n == 1 else "campaigns"
    return "marketing event" if n == 1 else "marketing events"


# --- reading the portal ---------------------------------------------------------------------


@dataclass
class _Portal:
    campaigns: list[Campaign] = field(default_factory=list)
    events: list[MarketingEvent] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # campaign GUIDs without hs_name
    unknown_accounts: set[str] = field(default_factory=set)  # objectIds with an unknown account


def _read_campaigns(
    client: HubSpotClient, properties: list[str], progress: Progress | None
) -> tuple[list[Campaign], list[str]]:
    names = ["hs_name", *properties]
    on_page = (lambda n, total: progress("campaigns", n, total)) if progress else None
    campaigns: list[Campaign] = []
    unnamed: list[str] = []
    for item in campaigns_api.list_campaigns(client, names, on_page=on_page):
        if not item.properties.get("hs_name"):
            unnamed.append(item.id)
            continue
        campaigns.append(to_live_campaign(item, names))
    return campaigns, unnamed


def _read_events(
    client: HubSpotClient,
    manifest_keys: set[tuple[str, str]],
    progress: Progress | None,
) -> tuple[list[MarketingEvent], set[str]]:
    """Every event, with ``externalAccountId`` where ``/identifiers`` (or a GET) tells it."""
    on_page = (lambda n, total: progress("marketing events", n, total)) if progress else None
    items = events_api.list_events(client, on_page=on_page)
    by_external: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if item.externalEventId:
            by_external[item.externalEventId].append(item.objectId)
    externals = sorted(by_external)
    accounts: dict[str, str] = {}
    done = 0

    def look_up(external: str) -> dict[str, str]:
        listed = set(by_external[external])
        return {
            i.objectId: i.externalAccountId
            for i in events_api.identifiers(client, external)
            if i.externalAccountId and i.objectId in listed
        }

    if externals:
        with ThreadPoolExecutor(max_workers=IDENTITY_WORKERS) as pool:
            for part in pool.map(look_up, externals):
                accounts.update(part)
                done += 1
                if progress and len(externals) > 1:
                    progress("event accounts", done, len(externals))
    unknown = {oid for oids in by_external.values() for oid in oids if oid not in accounts}
    # /identifiers lags creation: an event the manifests name by external ids may be too new
    # for it; the by-external-id GET (this app's events) answers at once.
    for account, external in sorted(manifest_keys):
        if not unknown or not set(by_external.get(external, ())) & unknown:
            continue
        found = events_api.get_by_external_id(client, external, account)
        if found is not None and found.objectId in unknown:
            accounts[found.objectId] = account
            unknown.discard(found.objectId)
    events = [
        to_live_event(item.model_copy(update={"externalAccountId": accounts.get(item.objectId)}))
        for item in items
    ]
    return events, unknown


def _read_portal(
    client: HubSpotClient,
    kinds: list[str],
    properties: list[str],
    manifest_keys: set[tuple[str, str]],
    progress: Progress | None,
) -> _Portal:
    """Campaigns and events side by side, like the plan's reader."""
    portal = _Portal()
    with ThreadPoolExecutor(max_workers=2) as pool:
        campaigns = (
            pool.submit(_read_campaigns, client, properties, progress)
            if "campaigns" in kinds
            else None
        )
        events = (
            pool.submit(_read_events, client, manifest_keys, progress)
            if "marketingEvents" in kinds
            else None
        )
        if campaigns is not None:
            portal.campaigns, portal.unnamed = campaigns.result()
        if events is not None:
            portal.events, portal.unknown_accounts = events.result()
    return portal


# --- the manifests already in the folder ----------------------------------------------------


@dataclass
class _File:
    """One YAML file under ``--out``: its round-trip documents and how to write it back."""

    path: Path
    text: str
    documents: list[Any]
    yaml: YAML
    existed: bool = True
    comment_only: bool = False
    dirty: bool = False
    appended: dict[str, tuple[int, bool]] = field(default_factory=dict)
    """kind -> (index of the first appended item, whether the list has blank lines between items)"""
    result: FileResult | None = None

    def touch(self) -> FileResult:
        self.dirty = True
        if self.result is None:
            self.result = FileResult(self.path, "updated" if self.existed else "created")
        return self.result


@dataclass
class _Entry:
    """One object in a manifest file, as the round-trip loader gave it."""

    kind: str  # "campaigns" or "marketingEvents"
    item: CommentedMap
    file: _File
    line: int  # 1-based
    portal: str | None = None  # per-portal ids and values: this portal's entry (import --portal)

    @property
    def where(self) -> str:
        return f"{self.file.path}:{self.line}"

    @property
    def absent(self) -> bool:
        state: object = self.item.get("state")
        return state == "absent"

    def text(self, key: str) -> str | None:
        value = self.item.get(key)
        if isinstance(value, CommentedMap):  # per portal: this portal's entry, if any
            value = value.get(self.portal) if self.portal else None
        if value is None or isinstance(value, bool):
            return None
        return str(value)

    def label(self) -> str:
        if self.kind == "campaigns":
            return f'campaign "{self.item.get("name")}"'
        account, external = self.text("externalAccountId"), self.text("externalEventId")
        key = f"{account}/{external}" if account and external else self.text("objectId")
        return f'marketing event "{key}"'


def _read_file(path: Path) -> _File:
    loaded = roundtrip.load(path, f"cannot import into {path.parent}")
    for document in loaded.documents:
        _check_manifest(path, document)
    return _File(
        path=path,
        text=loaded.text,
        documents=loaded.documents,
        yaml=loaded.yaml,
        comment_only=loaded.comment_only,
    )


def _check_manifest(path: Path, document: Any) -> None:
    """Refuse to write into a file that is not a manifest (a ConfigMap, a CI config, ...).

    ``roundtrip.load`` already refuses a top level that is not a mapping."""
    if not isinstance(document, CommentedMap):
        return
    move = "move it out of the folder, or import into another folder with --out"
    keys = [str(k) for k in document]
    if keys and not any(k in KINDS for k in keys):
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        raise ReconcilerError(
            f"cannot import into {path.parent}: {path} is not a manifest (its top-level keys "
            f"are {shown}; a manifest holds `campaigns:` and `marketingEvents:` lists); {move}"
        )
    for kind in KINDS:
        value = document.get(kind)
        if value is not None and not isinstance(value, CommentedSeq):
            raise ReconcilerError(
                f"cannot import into {path.parent}: `{kind}` in {path} is not a list; fix it "
                "first (`reconciler validate` shows where)"
            )


def _entries(file: _File) -> Iterator[_Entry]:
    for kind, item in roundtrip.items(file.documents):
        yield _Entry(kind, item, file, item.lc.line + 1)


# --- values: manifest spelling -> canonical, canonical -> YAML ------------------------------


def _canonical(value: Any, kind: Literal["scalar", "date", "datetime", "bool"]) -> Value | None:
    """A manifest value as the models would canonicalise it; None when it is not understood."""
    try:
        if kind == "bool":
            return value if isinstance(value, bool) else None
        if value is None or value == "":
            return ""
        if kind == "date":
            return canonical_date(str(value) if isinstance(value, roundtrip.Stamp) else value)
        if kind == "datetime":
            return canonical_datetime(str(value) if isinstance(value, str) else value)
        return canonical_scalar(str(value) if isinstance(value, str) else value)
    except ValueError:
        return None


def _to_yaml(value: Value) -> Any:
    """A canonical value as it should be written: multi-line text as a ``|`` block."""
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        lines = value.split("\n")
        if all(
            line == line.rstrip() and line.isprintable() for line in lines
        ) and not value.startswith((" ", "\n")):
            return LiteralScalarString(value)
    return value


def _replace(mapping: CommentedMap, key: str, value: Value, portal: str | None = None) -> None:
    """Set a value in place; the key's comment (kept in ``mapping.ca``) stays where it was.

    A per-portal value gets only ``portal``'s entry set (a portal it does not name is left
    unmanaged there, and without ``--portal`` the mapping is left as written).
    """
    current = mapping.get(key)
    if isinstance(current, CommentedMap):
        if portal is not None and portal in current:
            current[portal] = _to_yaml(value)
        return
    mapping[key] = _to_yaml(value)


def _add_portal_id(entry: _Entry, key: str, live_id: str) -> None:
    """An entry matched by its natural key whose id is per portal gets this portal's id."""
    ids = entry.item.get(key)
    if entry.portal is not None and isinstance(ids, CommentedMap) and entry.portal not in ids:
        ids[entry.portal] = live_id
        entry.file.touch()


def per_portal_id(item: CommentedMap, key: str, portal: str | None) -> CommentedMap:
    """A new entry's id as ``{portal: id}`` when several portals share the manifests."""
    if portal is not None and key in item:
        ids = CommentedMap({portal: item[key]})
        ids.fa.set_flow_style()
        item[key] = ids
    return item


# --- building new entries -------------------------------------------------------------------


def _new_campaign(campaign: Campaign, properties: list[str]) -> CommentedMap:
    item = CommentedMap()
    item["name"] = campaign.name
    item["id"] = campaign.id
    values = CommentedMap()
    for name in properties:
        value = campaign.properties.get(name, "")
        if value != "":
            values[name] = _to_yaml(value)
    if values:
        item["properties"] = values
    return item


def _new_event(event: MarketingEvent) -> CommentedMap:
    item = CommentedMap()
    for name in _EVENT_FIELD_ORDER:
        value = getattr(event, name)
        if value is None or value == "":
            continue
        item[name] = _to_yaml(value)
    custom = CommentedMap()
    for name in sorted(event.customProperties):
        value = event.customProperties[name]
        if value != "":
            custom[name] = _to_yaml(value)
    if custom:
        item["customProperties"] = custom
    return item


# --- the import -----------------------------------------------------------------------------


class _Importer:
    def __init__(
        self,
        conn: Connection,
        out: Path,
        kinds: list[str],
        properties: list[str],
        explicit_properties: bool,
        command: str,
        choice: PortalChoice | None = None,
        mapping_key: str | None = None,
    ) -> None:
        self.choice = choice
        self.mapping_key = mapping_key
        self.conn = conn
        self.out = out
        self.kinds = kinds
        self.properties = properties
        self.explicit_properties = explicit_properties
        self.command = command
        self.report = ImportReport(target=conn.target.describe(), out=out, kinds=kinds)
        self.files: list[_File] = []
        self.entries: list[_Entry] = []
        self.new_files: dict[str, _File] = {}

    # -- existing manifests

    def scan(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise ReconcilerError(f"--out {self.out} is a file: give a folder for the manifests")
        if self.out.is_dir():
            for path in sorted(walk_manifests(self.out, self.skipped)):
                file = _read_file(path)
                self.files.append(file)
                self.entries.extend(
                    replace(e, portal=self.mapping_key)
                    for e in _entries(file)
                    if e.kind in self.kinds
                )

    def managed_custom_campaign_properties(self) -> list[str]:
        """Non-``hs_`` properties the manifests manage: refreshed too (default import only)."""
        names: set[str] = set()
        for entry in self.entries:
            props = entry.item.get("properties")
            if entry.kind == "campaigns" and isinstance(props, CommentedMap):
                names.update(str(k) for k in props if not str(k).startswith("hs_"))
        return sorted(names - set(self.properties))

    def manifest_event_keys(self) -> set[tuple[str, str]]:
        keys: set[tuple[str, str]] = set()
        for entry in self.entries:
            account, external = entry.text("externalAccountId"), entry.text("externalEventId")
            if entry.kind == "marketingEvents" and account and external:
                keys.add((account, external))
        return keys

    # -- matching and refreshing

    def merge_campaigns(self, live: list[Campaign], refreshable: set[str]) -> list[Campaign]:
        """Refresh the entries that name live campaigns; return the campaigns no entry names."""
        index = _Index(live)
        claimed: set[str] = set()
        for entry in (e for e in self.entries if e.kind == "campaigns"):
            pinned = entry.text("id")
            match, ambiguous = index.find(pinned, entry.text("name"))
            if ambiguous:
                ids = ", ".join(sorted(str(c.pinned_id) for c in ambiguous))
                self.report.notes.append(
                    f"{entry.where}: {entry.label()} is not pinned and {len(ambiguous)} "
                    f"campaigns have that name ({ids}); they were imported pinned by id: "
                    "delete this entry or add `id:` to it"
                )
                continue
            if match is None:
                self.gone(entry, pinned is not None)
                continue
            assert isinstance(match, Campaign) and match.id is not None
            claimed.add(match.id)
            _add_portal_id(entry, "id", match.id)
            self.refresh_campaign(entry, match, pinned is not None, refreshable)
        return [c for c in live if c.id not in claimed]

    def refresh_campaign(
        self, entry: _Entry, live: Campaign, pinned: bool, refreshable: set[str]
    ) -> None:
        if entry.absent:
            self.report.notes.append(
                f"{entry.where}: kept `state: absent` on {entry.label()}: it is still on the "
                "portal, so apply will delete it"
            )
            return
        changed = False
        if pinned and entry.item.get("name") != live.name:
            _replace(entry.item, "name", live.name, entry.portal)
            changed = True
        props = entry.item.get("properties")
        if isinstance(props, CommentedMap):
            for key in list(props):
                name = str(key)
                if name not in refreshable:
                    continue
                kind: Literal["date", "scalar"] = (
                    "date" if name in DATE_CAMPAIGN_PROPERTIES else "scalar"
                )
                now = live.properties.get(name, "")
                if not values_equal(_canonical(props[key], kind), now):
                    _replace(props, key, now, entry.portal)
                    changed = True
        self.tally(entry, changed)

    def merge_events(
        self, live: list[MarketingEvent], unknown_accounts: set[str]
    ) -> list[MarketingEvent]:
        """Refresh the entries that name live events; return the events no entry names."""
        index = _Index(live)
        claimed: set[str] = set()
        for entry in (e for e in self.entries if e.kind == "marketingEvents"):
            pinned = entry.text("objectId")
            account, external = entry.text("externalAccountId"), entry.text("externalEventId")
            key = (account, external) if account and external else None
            match, ambiguous = index.find(pinned, key)
            if ambiguous:
                ids = ", ".join(sorted(str(c.pinned_id) for c in ambiguous))
                self.report.notes.append(
                    f"{entry.where}: {entry.label()} matches {len(ambiguous)} events "
                    f"(objectIds {ids}); they were imported pinned: pin this entry with "
                    "`objectId` or delete it"
                )
                continue
            if match is None:
                self.gone(entry, pinned is not None)
                continue
            assert isinstance(match, MarketingEvent) and match.objectId is not None
            claimed.add(match.objectId)
            _add_portal_id(entry, "objectId", match.objectId)
            self.refresh_event(entry, match)
        unknown = [e for e in live if e.objectId in unknown_accounts and e.objectId not in claimed]
        if unknown:
            self.report.notes.append(
                f"{len(unknown)} marketing events have an externalEventId but HubSpot's "
                "/identifiers does not know their externalAccountId yet (it lags creation by "
                "minutes): they are pinned by objectId only; import again later to refresh"
            )
        return [e for e in live if e.objectId not in claimed]

    def refresh_event(self, entry: _Entry, live: MarketingEvent) -> None:
        if entry.absent:
            self.report.notes.append(
                f"{entry.where}: kept `state: absent` on {entry.label()}: it is still on the "
                "portal, so apply will delete it"
            )
            return
        changed = False
        item = entry.item
        for name in EVENT_VALUE_FIELDS:
            if name not in item:
                continue
            kind: Literal["scalar", "datetime", "bool"] = (
                "datetime"
                if name in _DATETIME_FIELDS
                else "bool"
                if name == "eventCancelled"
                else "scalar"
            )
            now = live.value_of(name)
            if values_equal(_canonical(item[name], kind), now):
                continue
            if now == "" and name in EVENT_REQUIRED_VALUE_FIELDS:
                self.report.notes.append(
                    f"{entry.where}: {entry.label()}: {name} is empty on the portal and cannot "
                    "be emptied through the API; kept the manifest's value (plan will set it)"
                )
                continue
            _replace(item, name, now, entry.portal)
            changed = True
        custom = item.get("customProperties")
        if isinstance(custom, CommentedMap):
            for key in list(custom):
                now = live.customProperties.get(str(key), "")
                if not values_equal(_canonical(custom[key], "scalar"), now):
                    _replace(custom, key, now, entry.portal)
                    changed = True
        self.tally(entry, changed)

    def gone(self, entry: _Entry, pinned: bool) -> None:
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

    def tally(self, entry: _Entry, changed: bool) -> None:
        if changed:
            entry.file.touch().updated[entry.kind] += 1
        else:
            self.report.unchanged[entry.kind] += 1

    # -- new objects

    def default_file(self, kind: str) -> _File:
        path = self.out / DEFAULT_FILES[kind]
        for file in self.files:
            if file.path == path:
                return file
        if kind not in self.new_files:
            file = _File(
                path=path, text="", documents=[], yaml=roundtrip.make_yaml(), existed=False
            )
            self.new_files[kind] = file
            self.files.append(file)
        return self.new_files[kind]

    def append(self, kind: str, items: list[CommentedMap]) -> None:
        if not items:
            return
        file = self.default_file(kind)
        file.touch().added[kind] += len(items)
        if not file.documents or all(d is None for d in file.documents):
            file.documents = [CommentedMap()]
        root = next(d for d in file.documents if d is not None)
        seq = root.get(kind)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            root[kind] = seq
        if file.existed and kind not in file.appended:
            file.appended[kind] = (len(seq), len(seq) < 2 or _has_gaps(file.text, seq))
        seq.extend(items)

    # -- writing

    def header(self, path: Path) -> str:
        lines = []
        schema = _schema_path(path.parent)
        if schema:
            lines += [f"{SCHEMA_COMMENT}{schema}", "#"]
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines += [
            f"# Imported from {_source(self.conn)} on {stamp}",
            f"# by `{self.command}`.",
            "# Ids are pinned (renaming here renames in HubSpot). Only non-empty writable values",
            '# were imported: a key you leave out is not managed, and "" would mean "must be',
            '# empty". Importing again refreshes values in place and keeps your comments.',
        ]
        return "\n".join(lines) + "\n\n"

    def render(self, file: _File) -> str:
        body = roundtrip.dump(file.yaml, file.documents)
        if not file.existed:
            return self.header(file.path) + _space_items(body)
        if file.comment_only:
            # ruamel drops the comments of a document with no content: keep them above ours
            return file.text.rstrip("\n") + "\n\n" + _space_items(body)
        spaced = {kind: start for kind, (start, gaps) in file.appended.items() if gaps}
        return _space_appended(body, spaced) if spaced else body

    def write(self) -> None:
        for file in self.files:
            if not file.dirty:
                continue
            text = self.render(file)
            assert file.result is not None
            if file.existed and text == file.text:
                file.result.status = "unchanged"
            else:
                roundtrip.write_atomic(file.path, text)
            self.report.files.append(file.result)

    def skipped(self, message: str) -> None:
        """A file under ``--out`` that is not read (a FIFO, a symlink loop): said in the report."""
        self.report.notes.append(message)

    def validate(self) -> None:
        """Load what is in the folder now, as plan will: any problem goes in the report."""
        from reconciler.manifest import load_manifests

        if not self.files:  # nothing there and nothing to write: nothing to check
            what = " or ".join(_noun(kind, 2) for kind in self.kinds)
            self.report.notes.append(f"nothing to import: the portal holds no {what}")
            return
        try:
            load_manifests([self.out], self.choice, warn=lambda _: None)  # skipped: noted by scan
        except ManifestError as exc:
            self.report.problems = [str(p) for p in exc.problems]


def _space_items(body: str) -> str:
    """A blank line between top-level list items of a file we write from scratch."""
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    seen = False
    for line in lines:
        if line.startswith("  - ") and not line.startswith("   "):
            if seen:
                out.append("\n")
            seen = True
        elif not line.startswith(" "):
            seen = False
        out.append(line)
    return "".join(out)


def _has_gaps(text: str, seq: CommentedSeq) -> bool:
    """Whether the user separates this list's items with blank lines (above their comments)."""
    lines = text.splitlines()
    for item in list(seq)[1:]:
        if not isinstance(item, CommentedMap):
            continue
        row = item.lc.line - 1
        while 0 <= row < len(lines) and lines[row].lstrip().startswith("#"):
            row -= 1
        if 0 <= row < len(lines) and not lines[row].strip():
            return True
    return False


def _space_appended(body: str, starts: dict[str, int]) -> str:
    """A blank line before each item appended to an existing list whose items are spaced."""
    try:
        documents = list(roundtrip.make_yaml().load_all(body))
    except YAMLError:  # pragma: no cover - we just wrote it
        return body
    root = next((d for d in documents if isinstance(d, CommentedMap)), None)
    if root is None:
        return body
    rows: set[int] = set()
    for kind, start in starts.items():
        seq = root.get(kind)
        if isinstance(seq, CommentedSeq):
            rows.update(
                item.lc.line
                for item in list(seq)[max(start, 1) :]
                if isinstance(item, CommentedMap)
            )
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    for row, line in enumerate(lines):
        if row in rows and out and out[-1].strip():
            out.append("\n")
        out.append(line)
    return "".join(out)


def _schema_path(folder: Path) -> str | None:
    """The editor schema relative to ``folder``: one saved in it, else ``schemas/...`` upwards."""
    if (folder / LOCAL_SCHEMA).is_file():
        return LOCAL_SCHEMA
    start = folder.resolve()
    for parent in (start, *start.parents):
        candidate = parent / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, start)).as_posix()
        if (parent / ".git").exists():
            break
    return None


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
    parts = ["reconciler", "import", "--out", str(out)]
    if sorted(kinds) != sorted(KINDS):
        for kind in kinds:
            parts += ["--kind", kind]
    for name in properties or ():
        parts += ["--property", name]
    return shlex.join(parts)


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

    ``choice``: the portal of reconciler.yaml being imported; ``mapping_key`` (when it names
    several portals): new ids are written as ``{portal: id}`` and only that portal's entry of a
    per-portal value is refreshed."""
    started = time.perf_counter()
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ReconcilerError(f"--kind must be one of {', '.join(KINDS)}")
    wanted = campaign_properties(properties)
    importer = _Importer(
        conn,
        out,
        list(dict.fromkeys(kinds)),
        wanted,
        bool(properties),
        _command(out, kinds, properties),
        choice,
        mapping_key,
    )
    if properties and "campaigns" not in kinds:
        importer.report.notes.append("--property applies to campaigns only; it was ignored")
    importer.scan()
    extra = [] if properties else importer.managed_custom_campaign_properties()
    before = conn.client.stats.requests
    portal = _read_portal(
        conn.client, importer.kinds, [*wanted, *extra], importer.manifest_event_keys(), progress
    )
    report = importer.report
    report.requests = conn.client.stats.requests - before
    report.read_seconds = time.perf_counter() - started
    if "campaigns" in importer.kinds:
        report.read_counts["campaigns"] = len(portal.campaigns) + len(portal.unnamed)
        new = importer.merge_campaigns(portal.campaigns, {*wanted, *extra})
        importer.append(
            "campaigns",
            [per_portal_id(_new_campaign(c, wanted), "id", mapping_key) for c in new],
        )
        if portal.unnamed:
            report.notes.append(
                f"{len(portal.unnamed)} campaigns have no name on the portal and were not "
                f"imported (a manifest needs one): {', '.join(portal.unnamed[:5])}"
                + (" ..." if len(portal.unnamed) > 5 else "")
            )
        _note_shared_names(report, new)
    if "marketingEvents" in importer.kinds:
        report.read_counts["marketingEvents"] = len(portal.events)
        new_events = importer.merge_events(portal.events, portal.unknown_accounts)
        importer.append(
            "marketingEvents",
            [per_portal_id(_new_event(e), "objectId", mapping_key) for e in new_events],
        )
    importer.write()
    importer.validate()
    report.seconds = time.perf_counter() - started
    return report


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


__all__ = ["DEFAULT_FILES", "ImportReport", "campaign_properties", "import_portal"]
