"""Campaigns: batch create, update and archive, each checked against what HubSpot kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.apply.batches import Batch, campaign_properties
from reconciler.apply.result import Outcome, outcome
from reconciler.apply.sending import Sender
from reconciler.apply.verify import (
    ReadBack,
    campaign_values,
    created_outcome,
    error_text,
    results_by_name,
    unread_creates,
)
from reconciler.duplicates import campaigns_named
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot.errors import HubSpotError
from reconciler.plan import Change


class CampaignSender(Sender):
    def create(self, batch: Batch) -> list[Outcome]:
        inputs = [campaign_properties(c) for c in batch.changes]
        try:
            answer = campaigns_api.batch_create(self.client, inputs)
        except HubSpotError as exc:
            # Not retried: HubSpot may have created some. Read back by name to know which.
            return self._check_created(batch, {}, str(exc), read_unknown=True)
        by_name = results_by_name(answer)
        if answer.errors:
            return self._check_created(batch, by_name, error_text(answer.errors))
        return self._check_created(batch, by_name, "not in HubSpot's answer", read_unknown=True)

    def _check_created(
        self,
        batch: Batch,
        by_name: dict[str, dict[str, Any]],
        why: str,
        *,
        read_unknown: bool = False,
    ) -> list[Outcome]:
        """Read the campaigns of these names back: a second campaign with a name we just
        created is a duplicate a concurrent apply caused (see ``duplicates``); a campaign the
        answer did not show (``read_unknown``) is found this way, or reported failed."""
        names = [c.key for c in batch.changes if c.key in by_name or read_unknown]
        try:
            named = campaigns_named(self.client, names)
        except HubSpotError as exc:
            return unread_creates(batch.changes, by_name, why, exc)
        return [
            created_outcome(c, by_name.get(c.key), named.get(c.key), why) for c in batch.changes
        ]

    def update(self, batch: Batch) -> list[Outcome]:
        inputs = [(c.id or "", campaign_properties(c)) for c in batch.changes]
        answer = campaigns_api.batch_update(self.client, inputs)
        return self.settle_updates(batch, answer, campaign_values, "id")

    def delete(self, batch: Batch) -> list[Outcome]:
        ids = [c.id or "" for c in batch.changes]
        campaigns_api.batch_archive(self.client, ids)  # always 204: confirm by reading back
        try:
            answer = campaigns_api.batch_read(self.client, ids, ["hs_name"])
        except HubSpotError as exc:
            note = f"HubSpot answered 204, but reading back failed: {exc}; not confirmed"
            return [outcome(c, "failed", note) for c in batch.changes]
        still = {r.id for r in answer.results}
        return [
            outcome(c, "failed", "HubSpot answered 204 but the campaign still exists")
            if c.id in still
            else outcome(c, "applied")
            for c in batch.changes
        ]

    def read_back(self, changes: Sequence[Change]) -> ReadBack:
        """One ``batch/read`` (a batch is at most 50) naming the changed properties, an
        absent one read as ``""``."""
        ids = [c.id or "" for c in changes]
        names = sorted({f.field for c in changes for f in c.fields})
        answer = campaigns_api.batch_read(self.client, ids, names)
        found = {c.id: {n: c.properties.get(n) or "" for n in names} for c in answer.results}
        return {i: found.get(i) for i in ids}
