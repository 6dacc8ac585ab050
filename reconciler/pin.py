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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from reconciler import roundtrip
from reconciler.errors import ReconcilerError
from reconciler.kinds import CAMPAIGN, KINDS, MARKETING_EVENT, OBJECT_KINDS, KindSpec
from reconciler.live import Progress, read_live
from reconciler.matching import LiveIndex
from reconciler.models import Campaign, DesiredState, LiveState, MarketingEvent, Sourced
from reconciler.render.safe import printable

if TYPE_CHECKING:
    from reconciler.target import Connection


@dataclass(frozen=True)
class Pinned:
    spec: KindSpec
    sourced: Sourced
    live_id: str
    line: int = 0  # the object's first line in the file as written, once written


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
                f"Pinned {printable(obj.label)}: {pin.spec.id_field} {printable(pin.live_id)} "
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
        counts = [(spec.label, sum(p.spec is spec for p in self.pinned)) for spec in OBJECT_KINDS]
        kinds = [_objects(n, noun) for noun, n in counts if n]
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


def _by_kind(desired: DesiredState) -> Iterator[tuple[KindSpec, Sequence[Sourced]]]:
    """Each object kind's manifest objects, in plan order."""
    yield KINDS[CAMPAIGN], desired.campaigns
    yield KINDS[MARKETING_EVENT], desired.events


def _live_of(live: LiveState, spec: KindSpec) -> list[Campaign] | list[MarketingEvent]:
    return live.campaigns if spec.name == CAMPAIGN else live.events


def unpinned(desired: DesiredState) -> list[Sourced]:
    return [s for _, objects in _by_kind(desired) for s in objects if not s.obj.pinned_id]


def _identity_only(desired: DesiredState) -> DesiredState:
    """What the reader needs to match the unpinned objects: names and external ids, nothing
    else (a campaign's properties and links, an event's lists, would cost reads)."""
    bare: dict[str, Any] = {"properties": {}, "marketingEvents": None}
    return DesiredState(
        campaigns=[
            s.model_copy(update={"obj": s.obj.model_copy(update=bare)})
            for s in desired.campaigns
            if not s.obj.pinned_id
        ],
        events=[
            s.model_copy(update={"obj": s.obj.model_copy(update={"lists": None})})
            for s in desired.events
            if not s.obj.pinned_id
        ],
    )


def _unpinned_links(desired: DesiredState) -> int:
    """Links by external ids to events no manifest declares: pin cannot help those."""
    declared = {s.obj.natural_key for s in desired.events}
    return sum(
        1
        for s in desired.campaigns
        for ref in s.obj.marketingEvents or ()
        if ref.objectId is None and ref.natural_key not in declared
    )


def match(desired: DesiredState, live: LiveState, report: PinReport) -> list[Pinned]:
    """The unpinned manifest objects that exactly one live object matches, as plan matches."""
    pins: list[Pinned] = []
    for spec, objects in _by_kind(desired):
        index = LiveIndex(_live_of(live, spec))
        claimed = {s.obj.pinned_id: s for s in objects if s.obj.pinned_id}
        for s in objects:
            if s.obj.pinned_id:
                continue
            found, ambiguous = index.find(None, s.obj.natural_key)
            where = f"{s.location.file}:{s.location.line}: {s.obj.label}"
            if ambiguous:
                ids = ", ".join(sorted(str(o.pinned_id) for o in ambiguous))
                report.problems.append(
                    f"{where} matches {len(ambiguous)} live objects ({ids}); "
                    f"pin the right one by hand with `{spec.id_field}`"
                )
            elif found is None or found.pinned_id is None:
                report.missing.append(s)
            elif (other := claimed.get(found.pinned_id)) is not None:
                report.problems.append(
                    f"{where} matches {found.pinned_id}, which the object at "
                    f"{other.location.short} already names: keep one of them"
                )
            else:
                claimed[found.pinned_id] = s
                pins.append(Pinned(spec, s, found.pinned_id))
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
    read = read_live(conn.client, _identity_only(desired), progress=progress)
    report.requests, report.identity_lookups = read.requests, read.identity_lookups
    pins = match(desired, read.live, report)
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
    for spec, objects in _by_kind(desired):
        for s in objects:
            rows[(s.location.file, spec.name, s.location.line)].append(s)
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
    for spec, item in roundtrip.items(loaded.documents):
        items[(spec.name, item.lc.line + 1)].append(item)
    for row in items.values():
        row.sort(key=lambda i: i.lc.col)
    inserted: list[tuple[int, bool]] = []  # (original line, whether a line was added)
    for pin in pins:
        kind, line, index = where[id(pin.sourced)]
        row = items.get((kind, line), [])
        found = row[index] if index < len(row) else None
        if found is None or not _same_object(found, pin.spec, pin.sourced.obj, portal):
            raise ReconcilerError(
                f"cannot pin {path}: it changed while pin was reading the portal "
                f"({pin.sourced.obj.label} is no longer at line {line}); run pin again"
            )
        added = _insert_id(found, pin.spec, pin.live_id, portal)
        inserted.append((line, added and not found.fa.flow_style()))
    text = roundtrip.dump(loaded.yaml, loaded.documents, loaded.split)
    roundtrip.write_atomic(path, text, loaded.style)
    return [
        Pinned(
            p.spec,
            p.sourced,
            p.live_id,
            p.sourced.location.line
            + sum(added for line, added in inserted if line < p.sourced.location.line),
        )
        for p in pins
    ]


def _same_object(
    item: CommentedMap, spec: KindSpec, obj: Campaign | MarketingEvent, portal: str | None
) -> bool:
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

    return unpinned_here(str(spec.id_field)) and all(
        same(key, getattr(obj, key)) for key in spec.key_fields
    )


def _insert_id(item: CommentedMap, spec: KindSpec, live_id: str, portal: str | None) -> bool:
    """The id right after the identity key, key and value quoted like it (JSON stays JSON);
    that key's own comment stays on its line, comment lines below it with the key after it.
    With ``portal``, the id goes into the per-portal mapping (added to one already there).
    Returns whether a new key was inserted."""
    id_field = str(spec.id_field)
    existing = item.get(id_field)
    if portal is not None and isinstance(existing, CommentedMap):
        existing[portal] = _quoted_like(next(iter(existing.values()), None), live_id)
        return False
    keys = list(item)
    # after the last key of the identity it makes redundant (``name``, ``externalEventId``)
    anchor = next((k for name in reversed(spec.key_fields) for k in keys if k == name), None)
    position = keys.index(anchor) + 1 if anchor is not None else 0
    key = _quoted_like(anchor, id_field)
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
