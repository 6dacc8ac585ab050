"""Marketing events: upsert, batch update and batch archive, each checked against the portal."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from reconciler.apply.batches import Batch, after, event_payload
from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import Sender
from reconciler.apply.verify import (
    ReadBack,
    created_event_outcome,
    deleted_event_outcomes,
    error_text,
    event_values,
)
from reconciler.hubspot import events as events_api
from reconciler.hubspot.batch import BatchAnswer
from reconciler.hubspot.errors import HubSpotError
from reconciler.plan import Change

READ_BACK_WORKERS = 4


class EventSender(Sender):
    def create(self, batch: Batch) -> list[Outcome]:
        inputs = [event_payload(c) for c in batch.changes]
        answer = events_api.upsert(self.client, inputs)
        errors = error_text(answer.errors) if answer.errors else "HubSpot did not create it"
        # Upsert results carry no external ids: read each back by them (HubSpot answers at
        # once for this app's events), a few at a time; never match results by position.
        with ThreadPoolExecutor(max_workers=READ_BACK_WORKERS) as pool:
            return list(
                pool.map(lambda change: self._created(change, answer, errors), batch.changes)
            )

    def _created(self, change: Change, answer: BatchAnswer, errors: str) -> Outcome:
        found = events_api.get_by_external_id(
            self.client,
            str(after(change, "externalEventId")),
            str(after(change, "externalAccountId")),
        )
        read: tuple[str, dict[str, Any]] | None = None
        if found is not None:
            read = (found.objectId, event_values(found.model_dump()))
        return created_event_outcome(change, read, answer, errors)

    def update(self, batch: Batch) -> list[Outcome]:
        inputs = [{"objectId": c.id, **event_payload(c)} for c in batch.changes]
        answer = events_api.batch_update(self.client, inputs)
        return self.settle_updates(batch, answer, event_values, "objectId")

    def delete(self, batch: Batch) -> list[Outcome]:
        """204: all deleted. A 207 names objects for any reason, "not found" or not (and may
        carry no body at all): each one it names, or every one when it names none, is read
        back, and counts as deleted only when HubSpot answers 404 for it."""
        answer = events_api.batch_archive(self.client, [c.id or "" for c in batch.changes])
        if answer.status_code == 204:
            return [outcome(c, "applied") for c in batch.changes]
        said = {i: e.message or "failed" for e in answer.errors for i in e.ids()}
        doubtful = [c for c in batch.changes if c.id in said] or list(batch.changes)
        note = ""
        try:
            now = self.read_back(doubtful)
        except HubSpotError as exc:
            now, note = {}, f"HubSpot answered {answer.status_code}; reading back failed: {exc}"
        checked = {c.id or "" for c in doubtful}
        return deleted_event_outcomes(batch.changes, said, checked, now, answer.status_code, note)

    def read_back(self, changes: Sequence[Change]) -> ReadBack:
        """No batch read for events: one GET by objectId each, a few at a time."""
        ids = [c.id or "" for c in changes]
        with ThreadPoolExecutor(max_workers=READ_BACK_WORKERS) as pool:
            events = list(pool.map(lambda i: events_api.get_event(self.client, i), ids))
        return {
            i: event_values(e.model_dump()) if e else None for i, e in zip(ids, events, strict=True)
        }
