"""What every kind's sender shares: the run's context, dispatch on action, settling updates.

A sender turns one batch of one kind into requests and an ``Outcome`` per change; it never
raises for HubSpot's errors (they become failed outcomes). A new kind adds one ``Sender``
subclass and its entry in ``reconciler.apply.executor.SENDERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.apply.batches import Batch
from reconciler.apply.result import Outcome, outcome
from reconciler.apply.verify import ReadBack, UpdateAnswer, update_outcomes
from reconciler.hubspot.batch import BatchAnswer
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.errors import HubSpotError
from reconciler.kinds import KindName
from reconciler.plan import Change


@dataclass
class SendContext:
    """What the senders of one run share."""

    client: HubSpotClient
    created: dict[tuple[KindName, str], str] = field(default_factory=dict)
    """(kind, key) -> the id a create of this run made: attached kinds (links) need them."""


class Sender:
    """Sends one kind's batches; subclasses implement the actions the kind has."""

    def __init__(self, context: SendContext) -> None:
        self.context = context
        self.client = context.client

    def send(self, batch: Batch) -> list[Outcome]:
        """Every change of ``batch`` with its outcome; an error fails the whole batch."""
        try:
            if batch.action == "create":
                return self.create(batch)
            if batch.action == "update":
                return self.update(batch)
            return self.delete(batch)
        except HubSpotError as exc:
            return [outcome(c, "failed", str(exc)) for c in batch.changes]

    def create(self, batch: Batch) -> list[Outcome]:
        raise NotImplementedError(f"{batch.kind} has no create")  # pragma: no cover

    def update(self, batch: Batch) -> list[Outcome]:
        raise NotImplementedError(f"{batch.kind} has no update")  # pragma: no cover

    def delete(self, batch: Batch) -> list[Outcome]:
        raise NotImplementedError(f"{batch.kind} has no delete")  # pragma: no cover

    def read_back(self, changes: Sequence[Change]) -> ReadBack:
        """id -> the object's values as the portal has them now (None: it is gone)."""
        raise NotImplementedError(f"{type(self).__name__} reads nothing back")  # pragma: no cover

    def settle_updates(
        self,
        batch: Batch,
        answer: BatchAnswer,
        values_of: Callable[[dict[str, Any]], dict[str, Any]],
        id_key: str,
    ) -> list[Outcome]:
        """Judge a ``batch/update`` answer; an object it does not show is read back first."""
        told = UpdateAnswer.of(answer, id_key)
        silent = told.silent(batch.changes)
        said = told.said
        try:
            now = self.read_back(silent) if silent else {}
        except HubSpotError as exc:
            now, said = {}, f"{said + '; ' if said else ''}reading it back failed: {exc}"
        return update_outcomes(batch.changes, told, values_of, now, said)


class OneByOneSender(Sender):
    """A kind HubSpot has no batch form for: one request per change (its batches hold one),
    sent after every object batch so a parent created in the same run has its id by then."""

    def create(self, batch: Batch) -> list[Outcome]:
        return [self.send_one(c) for c in batch.changes]

    def update(self, batch: Batch) -> list[Outcome]:
        return [self.send_one(c) for c in batch.changes]

    def delete(self, batch: Batch) -> list[Outcome]:
        return [self.send_one(c) for c in batch.changes]

    def send_one(self, change: Change) -> Outcome:
        raise NotImplementedError(type(self).__name__)  # pragma: no cover

    def parent_id(self, kind: KindName, live_id: str | None, key: str) -> str | None:
        """The parent's id: as planned, else made by a create of this run (None: not made)."""
        return live_id or self.context.created.get((kind, key))
