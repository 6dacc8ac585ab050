"""Row views shared by the text and Markdown renderers.

One place decides what a change *says* (its symbol, title, value literals, elision, the
summary and cost sentences), so the two human formats cannot drift apart; each renderer only
decides how to lay those rows out. The JSON renderer does not use this: it serialises the plan.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple, overload

from reconciler.kinds import Action, label_of
from reconciler.models import Value
from reconciler.plan import BudgetTotals, Change, Cost, Plan
from reconciler.render.safe import printable

ACTIONS: tuple[Action, ...] = ("create", "update", "delete")
SYMBOLS: dict[Action, str] = {"create": "+", "update": "~", "delete": "-"}
STYLES: dict[Action, str] = {"create": "green", "update": "yellow", "delete": "red"}

ELIDE_OVER = 120
"""Values longer than this many characters are shown with their middle left out."""
KEEP_HEAD = 60
KEEP_TAIL = 40


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def kind_label(kind: str) -> str:
    """``campaign`` / ``marketing event``; later kinds fall back to their own name."""
    return label_of(kind)


def literal(value: Value | None) -> str:
    """A value as a JSON literal, so ``""``, ``"true"`` and ``true`` look different."""
    if (
        isinstance(value, str)
        and value.isprintable()
        and '"' not in value
        and "\\" not in value
        and "##[" not in value
    ):
        return f'"{value}"'  # what json.dumps gives, several times faster
    return printable(json.dumps(value, ensure_ascii=False))


class ValueView(NamedTuple):
    """A value ready to print: its literal (middle elided when long) and what was left out.

    Named tuples here and in ``FieldRow``: a large plan has a million of them, and a frozen
    dataclass is several times slower to build.
    """

    text: str
    length: int = 0
    elided: int = 0

    @property
    def note(self) -> str:
        if not self.elided:
            return ""
        return f"({self.length} characters, {self.elided} elided in the middle)"

    def __str__(self) -> str:
        return f"{self.text} {self.note}" if self.elided else self.text


def value_view(value: Value | None) -> ValueView:
    """Elide the raw string, not its literal, so an escape sequence is never cut in two."""
    if isinstance(value, str) and len(value) > ELIDE_OVER:
        head = literal(value[:KEEP_HEAD])
        tail = literal(value[-KEEP_TAIL:])
        return ValueView(
            text=f"{head[:-1]}…{tail[1:]}",
            length=len(value),
            elided=len(value) - KEEP_HEAD - KEEP_TAIL,
        )
    return ValueView(literal(value))


class FieldRow(NamedTuple):
    """One field of one change: ``before`` is None on create, ``after`` None on delete."""

    field: str
    symbol: str
    before: ValueView | None
    after: ValueView | None


@dataclass(frozen=True, slots=True)
class ObjectRow:
    """One changed object, with everything a renderer prints about it."""

    kind: str
    action: Action
    key: str
    id: str | None
    source: str | None
    fields: tuple[FieldRow, ...]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.action]

    @property
    def style(self) -> str:
        return STYLES[self.action]

    @property
    def shown_id(self) -> str | None:
        """The id, unless the key already is it (a pinned key)."""
        return self.id if self.id and self.id != self.key else None

    @property
    def subject(self) -> str:
        """``campaign "Spring Launch 2026"``; the key is a literal so quotes stay clear."""
        return f"{kind_label(self.kind)} {literal(self.key)}"

    @property
    def title(self) -> str:
        return f"{self.action} {self.subject}"

    @property
    def where(self) -> str:
        """``id 9dbec438-..., manifests/campaigns.yaml:3``, or "" when neither is known."""
        parts = []
        if self.shown_id:
            parts.append(f"id {self.shown_id}")
        if self.source:
            parts.append(self.source)
        return ", ".join(parts)

    @property
    def heading(self) -> str:
        """The object's line: symbol, title and where it lives."""
        where = f" ({self.where})" if self.where else ""
        return f"{self.symbol} {self.title}{where}"


def _field_row(field: str, before: Value | None, after: Value | None) -> FieldRow:
    field = printable(field)
    if before is None:
        return FieldRow(field, "+", None, value_view(after))
    if after is None:
        return FieldRow(field, "-", value_view(before), None)
    return FieldRow(field, "~", value_view(before), value_view(after))


def object_row(change: Change) -> ObjectRow:
    return ObjectRow(
        kind=change.kind,
        action=change.action,
        key=change.key,
        id=change.id and printable(change.id),
        source=change.source and printable(change.source),
        fields=tuple(_field_row(f.field, f.before, f.after) for f in change.fields),
    )


def object_rows(plan: Plan) -> list[ObjectRow]:
    """The plan's changes in the plan's own (sorted) order."""
    return [object_row(c) for c in plan.changes]


def iter_object_rows(plan: Plan) -> Iterator[ObjectRow]:
    """Rows one at a time, for renderers that stream (less memory on a large plan)."""
    return map(object_row, plan.changes)


class LazyRows(Sequence[ObjectRow]):
    """Rows built when first looked at: a renderer that shows only the first few thousand of
    100,000 changes (the Markdown comment) never pays for the rest."""

    def __init__(self, changes: Sequence[Change]) -> None:
        self._changes = changes
        self._rows: dict[int, ObjectRow] = {}

    def __len__(self) -> int:
        return len(self._changes)

    @overload
    def __getitem__(self, index: int) -> ObjectRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ObjectRow]: ...
    def __getitem__(self, index: int | slice) -> ObjectRow | Sequence[ObjectRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = object_row(self._changes[index])
        return row


@dataclass(frozen=True, slots=True)
class Group:
    """The changes of one kind and one action: ``2 campaigns to update``."""

    kind: str
    action: Action
    rows: Sequence[ObjectRow]

    @property
    def title(self) -> str:
        return f"{plural(len(self.rows), kind_label(self.kind))} to {self.action}"


def change_groups(plan: Plan) -> list[Group]:
    """``groups`` straight from the plan's changes, with rows built only when looked at."""
    order: dict[str, int] = {}
    for change in plan.changes:
        order.setdefault(change.kind, len(order))
    ranked = sorted(plan.changes, key=lambda c: (order[c.kind], ACTIONS.index(c.action)))
    return [
        Group(kind, action, LazyRows(list(members)))
        for (kind, action), members in groupby(ranked, key=lambda c: (c.kind, c.action))
    ]


def kinds_in_order(rows: Iterable[ObjectRow]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(row.kind)
    return list(seen)


def groups(rows: Sequence[ObjectRow]) -> list[Group]:
    """Group by kind (in plan order), then action (create, update, delete), keeping row order."""
    order = {kind: i for i, kind in enumerate(kinds_in_order(rows))}
    ranked = sorted(rows, key=lambda r: (order[r.kind], ACTIONS.index(r.action)))
    return [
        Group(kind, action, tuple(members))
        for (kind, action), members in groupby(ranked, key=lambda r: (r.kind, r.action))
    ]


def _moved(before: str, after: str, currency: str | None) -> str:
    unit = f" {printable(currency)}" if currency else ""
    return f"{before}{unit}" if before == after else f"{before} -> {after}{unit}"


def budget_line(totals: BudgetTotals) -> str:
    """``campaign "Spring": budget 1000 -> 1500 USD, spend 200 USD`` (amounts as decimals)."""
    budget = _moved(totals.budget_before, totals.budget_after, totals.currency)
    spend = _moved(totals.spend_before, totals.spend_after, totals.currency)
    return f"{kind_label('campaign')} {literal(totals.campaign)}: budget {budget}, spend {spend}"


def counts(plan: Plan) -> str:
    s = plan.summary
    return f"{s.create} to create, {s.update} to update, {s.delete} to delete, {s.unchanged} unchanged."


def summary_line(plan: Plan) -> str:
    """Terraform's last line; scripts grep it, so its wording is fixed."""
    if not plan.has_changes:
        return no_changes_line(plan)
    return f"Plan: {counts(plan)}"


def no_changes_line(plan: Plan) -> str:
    return f"No changes. The portal matches the manifests ({plan.summary.unchanged} unchanged)."


def _seconds(value: float) -> str:
    return f"{value:g} s"


def endpoint_line(endpoint: str, requests: int, objects: int) -> str:
    return f"{endpoint}: {plural(requests, 'request')} ({plural(objects, 'object')})"


def writes_sentence(cost: Cost) -> str:
    """How many write requests apply sends and the floor time at the portal's rate limit."""
    n = cost.write_requests
    if not n:
        return "No write requests."
    rate = f"{cost.rate_limit} requests per {_seconds(cost.rate_interval_ms / 1000)}"
    if cost.estimated_seconds > 0:
        took = f"at least {_seconds(cost.estimated_seconds)}"
    else:
        took = f"under {_seconds(cost.rate_interval_ms / 1000)}"
    return f"{plural(n, 'write request')}; at {rate} that takes {took}."


def reads_sentence(cost: Cost) -> str:
    return f"Reading live state took {plural(cost.reads, 'request')}."


PIN_HINT_LOOKUPS = 10
"""More identity look-ups than this, and the plan ends with a line that names ``reconciler pin``."""


def pin_hint(cost: Cost) -> str | None:
    """The last line of a plan that spent many requests confirming unpinned events, or None.

    The cost is the share of the portal's rate limit those requests used: every plan pays it
    again until the ids are pinned.
    """
    n = cost.identity_lookups
    if n <= PIN_HINT_LOOKUPS:
        return None
    seconds = n * cost.rate_interval_ms / 1000 / cost.rate_limit
    rate = f"{cost.rate_limit} requests per {_seconds(cost.rate_interval_ms / 1000)}"
    return (
        f"{n:,} of the reads were identity look-ups for unpinned marketing events, about "
        f"{seconds:.0f} s at {rate}; run `reconciler pin` to write the ids into the manifests "
        "so that plans skip them."
    )
