"""The pure half of apply: a plan's changes as batch requests, and each input's payload.

Changes are grouped by kind and action and chunked to the API's limits
(``reconciler.hubspot.batching``); each input carries only the changed fields, ``""`` for a
reset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reconciler.hubspot.batch import chunks
from reconciler.hubspot.batching import batch_limit, group
from reconciler.hubspot.limits import DEFAULT_EVENT_BATCH_SIZE
from reconciler.kinds import KINDS, Action
from reconciler.kinds import KindName as Kind
from reconciler.models import CUSTOM_PREFIX, Value
from reconciler.plan import Change, Plan

ACTION_ORDER: dict[str, int] = {"create": 0, "update": 1, "delete": 2}


@dataclass(frozen=True)
class Batch:
    """One request's worth of changes of one kind and action."""

    kind: Kind
    action: Action
    changes: tuple[Change, ...]

    @property
    def attached(self) -> bool:
        """A batch of an attached kind (links): it may need ids the object batches make."""
        return KINDS[self.kind].attached


def build_batches(plan: Plan, event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE) -> list[Batch]:
    """ceil(n/limit) batches per (kind, action); creates first, then updates, then deletes;
    attached kinds (campaign-event links, one request each: HubSpot has no batch form) last,
    because a link may need an id that a create in the same plan only makes."""
    groups = sorted(
        group(plan.changes).items(),
        key=lambda kv: (KINDS[kv[0][0]].attached, ACTION_ORDER[kv[0][1]], kv[0][0]),
    )
    return [
        Batch(kind, action, tuple(chunk))
        for (kind, action), changes in groups
        for chunk in chunks(changes, batch_limit(kind, event_batch_size))
    ]


def _wire(value: Value | None) -> Any:
    return "" if value is None else value


def after(change: Change, name: str) -> Value | None:
    """The value ``change`` sends for field ``name`` (None when it sends none)."""
    for f in change.fields:
        if f.field == name:
            return f.after
    return None


def campaign_properties(change: Change) -> dict[str, str]:
    """Only the changed properties, as strings; ``""`` resets."""
    return {f.field: str(_wire(f.after)) for f in change.fields}


def event_payload(change: Change) -> dict[str, Any]:
    """Changed event fields; custom properties only the changed ones (``[]`` when none)."""
    body: dict[str, Any] = {}
    custom: list[dict[str, str]] = []
    for f in change.fields:
        if f.field.startswith(CUSTOM_PREFIX):
            custom.append({"name": f.field[len(CUSTOM_PREFIX) :], "value": str(_wire(f.after))})
        else:
            body[f.field] = _wire(f.after)
    body["customProperties"] = custom
    return body
