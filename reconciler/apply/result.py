"""What apply did: an ``Outcome`` per object, and the ``ApplyResult`` renderers and CI read."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import ConfigDict, Field

from reconciler.kinds import Action
from reconciler.kinds import KindName as Kind
from reconciler.model_base import Model
from reconciler.plan import Change, Plan

Status = Literal["applied", "failed", "skipped"]


class Outcome(Model):
    model_config = ConfigDict(frozen=True)

    kind: Kind
    key: str
    id: str | None
    action: Action
    status: Status
    message: str | None = None


class ApplySummary(Model):
    model_config = ConfigDict(frozen=True)

    created: int = 0
    updated: int = 0
    deleted: int = 0
    failed: int = 0
    skipped: int = 0


class ApplyResult(Model):
    """What apply did, per object; rendered as text or JSON for CI."""

    model_config = ConfigDict(frozen=True)

    target: dict[str, Any]
    summary: ApplySummary
    outcomes: list[Outcome]
    requests: dict[str, int] = Field(default_factory=dict, description="requests sent per endpoint")
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return self.summary.failed == 0 and not self.interrupted


def outcome(
    change: Change, status: Status, message: str | None = None, new_id: str | None = None
) -> Outcome:
    """The outcome of one change; ``new_id`` is the id a create made (else the change's)."""
    return Outcome(
        kind=change.kind,
        key=change.key,
        id=new_id or change.id,
        action=change.action,
        status=status,
        message=message,
    )


def summarize(outcomes: list[Outcome]) -> ApplySummary:
    applied = [o for o in outcomes if o.status == "applied"]
    return ApplySummary(
        created=sum(o.action == "create" for o in applied),
        updated=sum(o.action == "update" for o in applied),
        deleted=sum(o.action == "delete" for o in applied),
        failed=sum(o.status == "failed" for o in outcomes),
        skipped=sum(o.status == "skipped" for o in outcomes),
    )


def result(
    plan: Plan,
    outcomes: list[Outcome],
    sent: dict[str, int],
    *,
    interrupted: bool,
) -> ApplyResult:
    """The result, outcomes in the plan's order (batches finish in any order)."""
    order = {(c.kind, c.key): i for i, c in enumerate(plan.changes)}
    ordered = sorted(outcomes, key=lambda o: order.get((o.kind, o.key), len(order)))
    return ApplyResult(
        target=json.loads(plan.target.model_dump_json()),
        summary=summarize(ordered),
        outcomes=ordered,
        requests=sent,
        interrupted=interrupted,
    )
