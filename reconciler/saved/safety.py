"""Whether a saved plan's ``unsafe`` flag is the one its own changes give.

Why: apply asks for ``--force`` when a plan deletes more than a share of the managed objects
it found (``plan.model.unsafe_deletes``); a saved plan carries the answer as ``unsafe`` and
its first warning, and an edit to ``"unsafe": false`` let a mass delete through without
``--force``. So the answer is recomputed from the file, the same way a fresh plan makes it:

- the deletes are counted from the changes (campaigns and events the plan deletes);
- how many managed objects the plan found is not in the changes: unchanged objects are not
  listed, and the summary's ``unchanged`` also counts attached members and absent objects
  that were not on the portal. The saved file records the count (``existing``), and it must
  fit the summary: at least the objects the plan updates or deletes, at most those plus the
  unchanged ones.

What cannot be recomputed: an edit that raises ``existing`` and ``unchanged`` together
(so that the deletes fall under the threshold) holds together; it shows as a larger
"unchanged" count in the summary reviewers read. ``moved`` then checks every object the plan
changes against the portal before anything is sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.kinds import KINDS
from reconciler.plan import Plan
from reconciler.plan.model import unsafe_deletes

_THRESHOLD_WORDS = "this plan deletes "
"""How the warning that makes a plan unsafe begins (``unsafe_deletes``)."""


def safety_problems(plan: Plan) -> Iterator[str]:
    """Where the file's ``unsafe`` flag or its warning is not what its changes give."""
    objects = [c for c in plan.changes if not KINDS[c.kind].attached]
    deletes = sum(c.action == "delete" for c in objects)
    changed = sum(c.action != "create" for c in objects)
    existing = plan.existing
    if existing is None:
        yield "it records no count of the managed objects it found (existing)"
        return
    if not changed <= existing <= changed + plan.summary.unchanged:
        yield (
            f"it says it found {existing} existing managed objects, but it updates or deletes "
            f"{changed} and leaves {plan.summary.unchanged} unchanged"
        )
        return
    expected = unsafe_deletes(deletes, existing)
    if plan.unsafe != bool(expected):
        needs = "needs --force" if expected else "does not need --force"
        yield (
            f"it says unsafe: {str(plan.unsafe).lower()}, but deleting {deletes} of {existing} "
            f"existing managed objects {needs}"
        )
    shown = [w for w in plan.warnings if w.startswith(_THRESHOLD_WORDS)]
    if shown != expected or (expected and plan.warnings[0] != expected[0]):
        yield "its warnings do not say what its deletes give: " + (
            expected[0] if expected else "no delete warning"
        )


__all__ = ["safety_problems"]
