"""``reconciler pin``: write each matched object's live id into the manifests, in place.

Why it exists: an unpinned event is found by ``(externalAccountId, externalEventId)``, and the
events list does not show the account, so every plan confirms it with one ``/identifiers``
look-up per distinct ``externalEventId`` (3,000 events: ~160 s of the rate limit per plan).
``import`` pins ids, but hand-written manifests had no way to pin them short of re-importing.

Why it is built this way:

- **Matched as plan matches.** The portal is read by the plan's own reader, limited to the
  objects that lack an id (their names and external ids, no properties, no links); an object
  is pinned only when exactly one live object has its natural key and no other manifest object
  claims it. Ambiguous and doubly claimed objects are reported and left alone (plan fails on
  them too); objects not on the portal are left alone (plan creates them). No write request.
- **An edit, not a rewrite.** Files go through ``reconciler.roundtrip``, the importer's round
  trip: comments, key order, quoting and indentation stay. The id goes right after the key it
  makes redundant (``id`` after ``name``, ``objectId`` after ``externalEventId``), quoted as
  that key is; comment lines below that key stay above the key they were written for. A file
  with nothing to pin is never opened for writing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from reconciler import roundtrip
from reconciler.errors import ReconcilerError
from reconciler.live import Progress, read_live
from reconciler.models import Campaign, DesiredState, MarketingEvent, Sourced
from reconciler.render.safe import printable

if TYPE_CHECKING:
    from reconciler.target import Connection

ROUNDTRIP_KIND = {Campaign: "campaigns", MarketingEvent: "marketingEvents"}
ID_KEY = {"campaigns": "id", "marketingEvents": "objectId"}
AFTER_KEYS = {"campaigns": ("name",), "marketingEvents": ("externalEventId", "externalAccountId")}
"""The new key goes after the first of these the item has (the identity it makes redundant)."""


@dataclass(frozen=True)
class Pinned:
    sourced: Sourced
    live_id: str
    line: int = 0  # the object's first line in the file as written, once written

    @property
    def kind(self) -> str:
        return ROUNDTRIP_KIND[type(self.sourced.obj)]


@dataclass
class PinReport:
    """What pin found and wrote; ``lines()`` is what the CLI prints, ``ok`` its exit status."""

    target: str
    pinned: list[Pinned] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    already: int = 0
    missing: list[Sourced] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    identity_lookups: int = 0
    unpinned_links: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"Target: {printable(self.target)}"]
        for pin in self.pinned:
            obj = pin.sourced.obj
            where = f"{pin.sourced.location.file}:{pin.line}"
            out.append(
                f"Pinned {printable(obj.label)}: {ID_KEY[pin.kind]} {printable(pin.live_id)} "
                f"({printable(where)})"
            )
        out += [f"Not pinned: {printable(p)}" for p in self.problems]
        out.append(self.summary())
        if self.missing:
            it, it_is = ("it", "it is") if len(self.missing) == 1 else ("them", "they are")
            out.append(
                f"{_objects(len(self.missing))} not on the portal, left as {it_is} (plan "
                f"creates {it}; run pin again after apply to pin {it})."
            )
        if self.unpinned_links:
            verb = "names" if self.unpinned_links == 1 else "name"
            out.append(
                f"{_objects(self.unpinned_links, 'campaign link')} {verb} an event by external "
                "ids that no manifest event declares: plans still look those up; link by "
                "objectId to skip it."
            )
        return out

    def summary(self) -> str:
        kinds = [
            _objects(n, noun)
            for noun, n in (
                ("campaign", sum(p.kind == "campaigns" for p in self.pinned)),
                ("marketing event", sum(p.kind == "marketingEvents" for p in self.pinned)),
            )
            if n
        ]
        what = f"{_objects(len(self.pinned))} ({', '.join(kinds)})" if kinds else "nothing"
        files = f" in {_objects(len(self.files), 'file')}" if self.files else ""
        read = (
            f"; reading took {_objects(self.requests, 'request')}, "
            f"{self.identity_lookups:,} of them identity look-ups"
            if self.requests
            else ""
        )
        return (
            f"Pinned {what}{files}; {self.already:,} already pinned{read}. No write request sent."
        )


def _objects(n: int, noun: str = "object") -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def unpinned(desired: DesiredState) -> list[Sourced]:
    return [s for s in [*desired.campaigns, *desired.events] if not s.obj.pinned_id]


def _identity_only(objects: list[Sourced]) -> DesiredState:
    """What the reader needs to match these objects: names and external ids, nothing else."""

    def bare(sourced: Sourced) -> Sourced:
        obj = sourced.obj
        if isinstance(obj, Campaign):
            update: dict[str, Any] = {"properties": {}, "marketingEvents": None}
            return sourced.model_copy(update={"obj": obj.model_copy(update=update)})
        return sourced

    return DesiredState(
        campaigns=[bare(s) for s in objects if isinstance(s.obj, Campaign)],
        events=[s for s in objects if isinstance(s.obj, MarketingEvent)],
    )


def _unpinned_links(desired: DesiredState) -> int:
    """Links by external ids to events no manifest declares: pin cannot help those."""
    declared = {s.obj.natural_key for s in desired.events}
    return sum(
        1
        for s in desired.campaigns
        if isinstance(s.obj, Campaign)
        for ref in s.obj.marketingEvents or ()
        if ref.objectId is None and ref.natural_key not in declared
    )


def match(
    desired: DesiredState, live: Iterable[Campaign | MarketingEvent], report: PinReport
) -> list[Pinned]:
    """The unpinned manifest objects that exactly one live object matches, as plan matches."""
    claimed: dict[tuple[type, str], Sourced] = {}
    for s in [*desired.campaigns, *desired.events]:
        if s.obj.pinned_id:
            claimed[(type(s.obj), s.obj.pinned_id)] = s
    by_key: dict[tuple[type, object], list[str]] = defaultdict(list)
    for o in live:
        if o.natural_key is not None and o.pinned_id:
            by_key[(type(o), o.natural_key)].append(o.pinned_id)
    pins: list[Pinned] = []
    for s in unpinned(desired):
        obj = s.obj
        found = by_key.get((type(obj), obj.natural_key), [])
        where = f"{s.location.file}:{s.location.line}: {obj.label}"
        if not found:
            report.missing.append(s)
        elif len(found) > 1:
            report.problems.append(
                f"{where} matches {len(found)} live objects ({', '.join(sorted(found))}); "
                f"pin the right one by hand with `{ID_KEY[ROUNDTRIP_KIND[type(obj)]]}`"
            )
        elif (other := claimed.get((type(obj), found[0]))) is not None:
            report.problems.append(
                f"{where} matches {found[0]}, which the object at {other.location.short} already "
                "names: keep one of them"
            )
        else:
            claimed[(type(obj), found[0])] = s
            pins.append(Pinned(s, found[0]))
    return pins


def pin_manifests(
    conn: Connection,
    desired: DesiredState,
    *,
    progress: Progress | None = None,
    portal: str | None = None,
) -> PinReport:
    """Read the portal for the unpinned objects and write their ids into the manifests;
    with ``portal`` (reconciler.yaml names several), into the id's per-portal mapping."""
    report = PinReport(target=conn.target.describe(), unpinned_links=_unpinned_links(desired))
    todo = unpinned(desired)
    report.already = len(desired.campaigns) + len(desired.events) - len(todo)
    if not todo:
        return report
    read = read_live(conn.client, _identity_only(todo), progress=progress)
    report.requests, report.identity_lookups = read.requests, read.identity_lookups
    pins = match(desired, [*read.live.campaigns, *read.live.events], report)
    by_file: dict[str, list[Pinned]] = defaultdict(list)
    for pin in pins:
        by_file[pin.sourced.location.file].append(pin)
    where = _positions(desired)
    for name, file_pins in by_file.items():
        report.pinned += write_pins(Path(name), file_pins, where, portal)
        report.files.append(Path(name))
    return report


# --- writing ---------------------------------------------------------------------------------


def _positions(desired: DesiredState) -> dict[int, tuple[str, int, int]]:
    """id(Sourced) -> (kind, line, index among the objects of that kind starting on that line).

    The manifest loader and the round trip agree on an object's first line; a line may hold
    several flow mappings (``[{...}, {...}]``), told apart by their order on it.
    """
    rows: dict[tuple[str, str, int], list[Sourced]] = defaultdict(list)
    for s in [*desired.campaigns, *desired.events]:
        rows[(s.location.file, ROUNDTRIP_KIND[type(s.obj)], s.location.line)].append(s)
    out: dict[int, tuple[str, int, int]] = {}
    for (_, kind, line), objects in rows.items():
        for i, s in enumerate(sorted(objects, key=lambda o: o.location.col)):
            out[id(s)] = (kind, line, i)
    return out


def write_pins(
    path: Path,
    pins: list[Pinned],
    where: dict[int, tuple[str, int, int]],
    portal: str | None = None,
) -> list[Pinned]:
    """Insert each pin into its item; write the file once. Returns the pins with their lines."""
    loaded = roundtrip.load(path, f"cannot pin {path}")
    items: dict[tuple[str, int], list[CommentedMap]] = defaultdict(list)
    for kind, item in roundtrip.items(loaded.documents):
        items[(kind, item.lc.line + 1)].append(item)
    for row in items.values():
        row.sort(key=lambda i: i.lc.col)
    inserted: list[tuple[int, bool]] = []  # (original line, whether a line was added)
    for pin in pins:
        kind, line, index = where[id(pin.sourced)]
        row = items.get((kind, line), [])
        found = row[index] if index < len(row) else None
        if found is None or not _same_object(found, pin.sourced.obj, portal):
            raise ReconcilerError(
                f"cannot pin {path}: it changed while pin was reading the portal "
                f"({pin.sourced.obj.label} is no longer at line {line}); run pin again"
            )
        added = _insert_id(found, kind, pin.live_id, portal)
        inserted.append((line, added and not found.fa.flow_style()))
    roundtrip.write_atomic(path, roundtrip.dump(loaded.yaml, loaded.documents))
    return [
        Pinned(
            p.sourced,
            p.live_id,
            p.sourced.location.line
            + sum(added for line, added in inserted if line < p.sourced.location.line),
        )
        for p in pins
    ]


def _same_object(item: CommentedMap, obj: Campaign | MarketingEvent, portal: str | None) -> bool:
    """Whether the round trip's item is the loader's object (a check that both read alike).

    Only text is compared: the round trip reads ``007`` as the number 7, the loader as "007".
    An id mapping without this portal's entry counts as unpinned here.
    """

    def unpinned_here(key: str) -> bool:
        value = item.get(key)
        return value is None or (
            portal is not None and isinstance(value, CommentedMap) and portal not in value
        )

    def same(key: str, expected: str | None) -> bool:
        value = item.get(key)
        return value == expected if isinstance(value, str) else value is not None

    if isinstance(obj, Campaign):
        return unpinned_here("id") and same("name", obj.name)
    return (
        unpinned_here("objectId")
        and same("externalAccountId", obj.externalAccountId)
        and same("externalEventId", obj.externalEventId)
    )


def _insert_id(item: CommentedMap, kind: str, live_id: str, portal: str | None) -> bool:
    """The id right after the identity key, key and value quoted like it (JSON stays JSON);
    that key's own comment stays on its line, comment lines below it with the key after it.
    With ``portal``, the id goes into the per-portal mapping (added to one already there).
    Returns whether a new key was inserted."""
    existing = item.get(ID_KEY[kind])
    if portal is not None and isinstance(existing, CommentedMap):
        existing[portal] = _quoted_like(next(iter(existing.values()), None), live_id)
        return False
    keys = list(item)
    anchor = next((k for name in AFTER_KEYS[kind] for k in keys if k == name), None)
    position = keys.index(anchor) + 1 if anchor is not None else 0
    key = _quoted_like(anchor, ID_KEY[kind])
    value: Any = _quoted_like(item.get(anchor), live_id)
    if portal is not None:
        value = CommentedMap({portal: value})
        value.fa.set_flow_style()
    item.insert(position, key, value)
    comments = item.ca.items.get(anchor) if anchor is not None else None
    token = comments[2] if comments and len(comments) > 2 else None
    if isinstance(token, CommentToken):
        own, newline, below = token.value.partition("\n")
        if below:
            token.value = own + newline
            item.ca.items[key] = [None, None, CommentToken("\n" + below, token.start_mark), None]
    return True


def _quoted_like(model: object, text: str) -> str:
    """``text`` quoted as ``model`` was (ruamel types these constructors ``-> Any``)."""
    quoted: str = text
    if isinstance(model, DoubleQuotedScalarString):
        quoted = DoubleQuotedScalarString(text)
    elif isinstance(model, SingleQuotedScalarString):
        quoted = SingleQuotedScalarString(text)
    return quoted


__all__ = ["PinReport", "Pinned", "match", "pin_manifests", "unpinned", "write_pins"]
