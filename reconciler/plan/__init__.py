"""The plan: a pure, field-level diff of desired state against live state.

``model`` holds the plan's data, ``planner`` matches and settles objects, ``links`` plans
links, ``lists`` events' contact lists, ``diff`` drives them and ``select`` narrows a plan to
``--target``. No I/O here.
"""

from reconciler.plan.diff import diff
from reconciler.plan.items import BudgetTotals, ItemBody, ItemEnds
from reconciler.plan.model import (
    SAFE_DELETE_FRACTION,
    SAFE_DELETE_MIN_EXISTING,
    Change,
    Cost,
    FieldChange,
    ItemChange,
    LinkChange,
    LinkEnds,
    MemberChange,
    MemberEnds,
    ObjectChange,
    Plan,
    RequestCount,
    Summary,
    Target,
)
from reconciler.plan.select import select_targets

__all__ = [
    "SAFE_DELETE_FRACTION",
    "SAFE_DELETE_MIN_EXISTING",
    "BudgetTotals",
    "Change",
    "Cost",
    "FieldChange",
    "ItemBody",
    "ItemChange",
    "ItemEnds",
    "LinkChange",
    "LinkEnds",
    "MemberChange",
    "MemberEnds",
    "ObjectChange",
    "Plan",
    "RequestCount",
    "Summary",
    "Target",
    "diff",
    "select_targets",
]
