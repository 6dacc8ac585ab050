"""How apply's writes fall into requests: batch limits, endpoints, grouping, and their cost.

One source for both the plan's cost estimate and apply's batches, so the estimate counts
exactly the requests apply sends: ``ceil(n / limit)`` per (kind, action) with changes. Kinds
are keyed by their registry ``name`` (``reconciler.kinds``); the planner knows none of this.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from reconciler.hubspot.limits import DEFAULT_EVENT_BATCH_SIZE
from reconciler.hubspot.paths import ApiPaths, api_paths
from reconciler.kinds import KINDS, Action, KindName
from reconciler.plan import Cost, Plan, RequestCount

Endpoints = Mapping[tuple[KindName, Action], str]
"""``(kind, action) -> "METHOD path"`` of apply's writes, in apply's order."""


class Change(Protocol):
    """What grouping needs of a change: its kind and action."""

    @property
    def kind(self) -> KindName: ...

    @property
    def action(self) -> Action: ...


C = TypeVar("C", bound=Change)


def batch_limit(kind: KindName, event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE) -> int:
    """Inputs per request for ``kind``; marketing events take ``--event-batch-size``."""
    return KINDS[kind].batch_limit or event_batch_size


def write_endpoints(paths: ApiPaths) -> dict[tuple[KindName, Action], str]:
    """``(kind, action) -> "METHOD path"`` of every write apply sends, in apply's order."""
    return {
        (spec.name, action): endpoint
        for spec in KINDS.values()
        for action, endpoint in spec.writes(paths).items()
    }


DEFAULT_ENDPOINTS: Endpoints = write_endpoints(api_paths())


def group(changes: Iterable[C]) -> dict[tuple[KindName, Action], list[C]]:
    """Changes per (kind, action), each list in the order given."""
    groups: dict[tuple[KindName, Action], list[C]] = defaultdict(list)
    for change in changes:
        groups[(change.kind, change.action)].append(change)
    return groups


def estimate_writes(
    changes: Iterable[Change],
    event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE,
    endpoints: Endpoints = DEFAULT_ENDPOINTS,
) -> list[RequestCount]:
    """Exactly ceil(n/limit) requests per (kind, action) with changes, in a stable order."""
    counts = {key: len(found) for key, found in group(changes).items()}
    out = []
    for (kind, action), endpoint in endpoints.items():
        n = counts.get((kind, action), 0)
        if n:
            requests = math.ceil(n / batch_limit(kind, event_batch_size))
            out.append(RequestCount(endpoint=endpoint, requests=requests, objects=n))
    return out


def priced(plan: Plan, event_batch_size: int, paths: ApiPaths) -> Plan:
    """``plan`` with the write requests apply will send under ``paths`` in its cost."""
    writes = estimate_writes(plan.changes, event_batch_size, write_endpoints(paths))
    cost: Cost = plan.requests.model_copy(update={"writes": writes})
    return plan.model_copy(update={"requests": cost})
