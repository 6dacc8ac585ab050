"""Whether a saved plan holds together as ``reconciler plan --out`` writes it.

Why: apply sends what the file says, and the file is JSON anyone can edit (or a merge can
mangle). Its schema alone let through a budget item whose ``body`` sends another amount than
the ``fields`` the reviewers saw, an amount that is not a number (apply stopped half way with
a traceback), an update without the id it needs, the same create twice (two items on the
portal), or a parent that is neither on the portal nor created by the plan (reported "not
attempted" with exit 0). Each is refused before anything is read or sent, naming the change.

The plan as a whole holds together too: its API version is one the tool knows (apply sends at
that version's paths), and its summary counts what it lists (reviewers read the summary, apply
sends the list; the unchanged count cannot be checked, only that it is not negative).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from reconciler.errors import pydantic_reason
from reconciler.hubspot.paths import API_VERSIONS
from reconciler.kinds import CAMPAIGN, KINDS, MARKETING_EVENT, Action, KindName
from reconciler.models import Value
from reconciler.plan import Change, ItemChange, LinkChange, MemberChange, ObjectChange, Plan
from reconciler.saved.safety import safety_problems
from reconciler.saved.scope import desired_for
from reconciler.saved.shapes import parent_problems, shape_problems


def problems(plan: Plan) -> Iterator[str]:
    """What does not hold together, one line per problem (the change's number and label)."""
    yield from _version_problems(plan)
    yield from _summary_problems(plan)
    yield from safety_problems(plan)
    yield from parent_problems(plan)
    created = {(c.kind, c.key) for c in plan.changes if c.action == "create"}
    seen: set[str] = set()
    for number, change in enumerate(plan.changes, 1):
        label = f"change {number} ({change.label}, {change.action})"
        twin = change.model_dump_json(exclude={"source"})
        if twin in seen:
            yield f"{label} is listed twice"
        seen.add(twin)
        for why in _change_problems(change, created, plan):
            yield f"{label}: {why}"
    try:
        desired_for(plan)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        yield f"an object it names is not valid ({where}: {pydantic_reason(first)})"


def _version_problems(plan: Plan) -> Iterator[str]:
    """Apply sends at the recorded version's paths: it must be one the tool knows."""
    version = plan.target.api_version
    known = ", ".join(API_VERSIONS)
    if version is None:
        yield f"it records no HubSpot API version (target.api_version); it needs one of {known}"
    elif version not in API_VERSIONS:
        yield f"its HubSpot API version {version!r} (target.api_version) is not one of {known}"


def _summary_problems(plan: Plan) -> Iterator[str]:
    """Reviewers read the summary, apply sends the changes: the counts must agree (refused,
    not recomputed: nothing tells which of the two was edited)."""
    listed = Counter(change.action for change in plan.changes)
    summary = plan.summary
    actions: tuple[Action, ...] = ("create", "update", "delete")
    for action in actions:
        counted, real = getattr(summary, action), listed[action]
        if counted != real:
            yield f"its summary says {action}: {counted}, but it lists {real} to {action}"
    if summary.unchanged < 0:
        yield f"its summary says unchanged: {summary.unchanged}, which is not a count"


def _change_problems(
    change: Change, created: set[tuple[KindName, str]], plan: Plan
) -> Iterator[str]:
    needs_id = change.action != "create" and isinstance(change, ObjectChange | ItemChange)
    if needs_id and not change.id:
        yield f"{_article(change.action)} needs the id of the object it changes"
    yield from shape_problems(change)
    if isinstance(change, ItemChange):
        yield from _item_problems(change, plan.live_values.get(f"{change.kind}:{change.id}", {}))
        yield from _parent(CAMPAIGN, change.item.campaign, change.item.campaignId, created)
    elif isinstance(change, MemberChange):
        parent = KINDS[change.kind].parent
        assert parent is not None  # a member kind is attached
        yield from _parent(parent, change.member.parent, change.member.parentId, created)
    elif isinstance(change, LinkChange):
        ends = change.link
        yield from _parent(CAMPAIGN, ends.campaign, ends.campaignId, created)
        yield from _parent(MARKETING_EVENT, ends.marketingEvent, ends.marketingEventId, created)


def _parent(
    kind: KindName, key: str, live_id: str | None, created: set[tuple[KindName, str]]
) -> Iterator[str]:
    """A parent without an id must be one the plan creates (apply takes the id it gets)."""
    if live_id is None and (kind, key) not in created:
        yield f"its {KINDS[kind].label} {key!r} has no id and the plan does not create it"


def _item_problems(change: ItemChange, read: dict[str, Value]) -> Iterator[str]:
    """What a create or PUT sends is what the plan shows: each field it changes as shown, and
    (a PUT replaces the item) each field it does not change as the plan read it."""
    body = change.body
    if change.action == "delete":
        return
    if body is None:
        yield f"{_article(change.action)} needs the body it sends"
        return
    amount = _decimal(body.amount)
    if amount is None or not amount.is_finite() or amount < 0:
        yield f"its amount {body.amount!r} is not a decimal number of at least 0"
        return
    sent = {"name": body.name, "amount": body.amount, "order": str(body.order)}
    sent["description"] = body.description or ""
    shown: dict[str, Value | None] = {f.field: f.after for f in change.fields}
    if change.action == "update":
        shown = {**read, **shown}
    elif "description" not in shown:
        shown["description"] = ""
    if body.name != change.item.name:
        yield f"it would send name {body.name!r}, but the plan shows {change.item.name!r}"
    for name, value in sent.items():
        if name in shown and not _agrees(name, shown[name], value):
            yield f"it would send {name} {value!r}, but the plan shows {shown[name]!r}"


def _agrees(name: str, shown: Value | None, sent: str) -> bool:
    after = "" if shown is None else str(shown)
    if name == "amount":
        return _decimal(after) == _decimal(sent)
    return after == sent


def _article(action: str) -> str:
    return f"an {action}" if action == "update" else f"a {action}"


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


__all__ = ["problems"]
