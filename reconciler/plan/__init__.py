"""The plan: a pure, field-level diff of desired state against live state.

``model`` holds the plan's data, ``planner`` matches and settles objects, ``links`` plans
links, ``diff`` drives them and ``select`` narrows a plan to ``--target``. No I/O here.
"""

from reconciler.plan.diff import DEFAULT_ENDPOINTS, Endpoints, diff, estimate_writes
from reconciler.plan.model import (
    CAMPAIGN_BATCH_LIMIT,
    DEFAULT_EVENT_BATCH_SIZE,
    DEFAULT_RATE_INTERVAL_MS,
    DEFAULT_RATE_LIMIT,
    MAX_EVENT_BATCH_SIZE,
    SAFE_DELETE_FRACTION,
    SAFE_DELETE_MIN_EXISTING,
    Change,
    Cost,
    FieldChange,
    LinkChange,
    LinkEnds,
    ObjectChange,
    Plan,
    RequestCount,
    Summary,
    Target,
)
from reconciler.plan.select import select_targets

__all__ = [
    "CAMPAIGN_BATCH_LIMIT",
    "DEFAULT_ENDPOINTS",
    "DEFAULT_EVENT_BATCH_SIZE",
    "DEFAULT_RATE_INTERVAL_MS",
    "DEFAULT_RATE_LIMIT",
    "MAX_EVENT_BATCH_SIZE",
    "SAFE_DELETE_FRACTION",
    "SAFE_DELETE_MIN_EXISTING",
    "Change",
    "Cost",
    "Endpoints",
    "FieldChange",
    "LinkChange",
    "LinkEnds",
    "ObjectChange",
    "Plan",
    "RequestCount",
    "Summary",
    "Target",
    "diff",
    "estimate_writes",
    "select_targets",
]
