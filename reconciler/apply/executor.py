"""The executor: sends a plan's batches, a few at a time, through each kind's sender.

It applies all it can within the client's rate pacing, and stops starting new batches once
asked to (SIGINT/SIGTERM): the batches in flight finish (without retries) and the rest are
reported as not attempted; a second signal abandons the batches in flight, reported failed
with their outcome unknown. Object batches go first, then attached kinds (links), which may
need an id a create of this run made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from reconciler.apply.batches import Batch, build_batches
from reconciler.apply.result import ApplyResult, Outcome, outcome, result
from reconciler.apply.send_assets import AssetSender
from reconciler.apply.send_budget import ItemSender
from reconciler.apply.send_campaigns import CampaignSender
from reconciler.apply.send_events import EventSender
from reconciler.apply.send_links import LinkSender
from reconciler.apply.send_lists import EventListSender
from reconciler.apply.sending import SendContext, Sender
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.limits import DEFAULT_EVENT_BATCH_SIZE
from reconciler.kinds import (
    CAMPAIGN,
    CAMPAIGN_ASSET,
    CAMPAIGN_BUDGET_ITEM,
    CAMPAIGN_EVENT_LINK,
    CAMPAIGN_SPEND_ITEM,
    MARKETING_EVENT,
    MARKETING_EVENT_LIST,
    KindName,
)
from reconciler.plan import Plan

SENDERS: dict[KindName, type[Sender]] = {
    CAMPAIGN: CampaignSender,
    MARKETING_EVENT: EventSender,
    CAMPAIGN_EVENT_LINK: LinkSender,
    MARKETING_EVENT_LIST: EventListSender,
    CAMPAIGN_BUDGET_ITEM: ItemSender,
    CAMPAIGN_SPEND_ITEM: ItemSender,
    CAMPAIGN_ASSET: AssetSender,
}
"""The sender of each kind: a new kind adds one entry."""


@dataclass
class Applier:
    """Sends batches with bounded concurrency; ``stop`` ends it after the batches in flight."""

    client: HubSpotClient
    # Eight in flight keep a 190-per-10-s budget busy at HubSpot's ~150 ms latency; the
    # client's pacer, not this number, is what keeps us under the rate limit.
    workers: int = 8
    stop: threading.Event = field(default_factory=threading.Event)
    on_outcomes: Callable[[list[Outcome]], None] | None = None

    def run(self, plan: Plan, event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE) -> ApplyResult:
        batches = build_batches(plan, event_batch_size)
        before = dict(self.client.stats.by_endpoint)
        context = SendContext(self.client)
        senders = {kind: sender(context) for kind, sender in SENDERS.items()}
        objects = [b for b in batches if not b.attached]
        attached = [b for b in batches if b.attached]
        outcomes, pending = self._drain(objects, senders)
        if attached:
            context.created = {
                (o.kind, o.key): o.id
                for o in outcomes
                if o.action == "create" and o.id and o.status == "applied"
            }
            done, pending_attached = self._drain(attached, senders)
            outcomes += done
            pending += pending_attached
        why = (
            "HubSpot's daily API limit is spent"
            if self.client.daily_spent is not None
            else "apply was interrupted"
        )
        for batch in pending:
            outcomes.extend(outcome(c, "skipped", f"not attempted: {why}") for c in batch.changes)
        # A signal during apply always says so (exit 130), even when it came after the last
        # batch started: the retries it cut may be why an object failed.
        return result(plan, outcomes, self._sent(before), interrupted=self.stop.is_set())

    def _halted(self) -> bool:
        """Asked to stop, or HubSpot's daily limit is spent (then nothing more is sent)."""
        return self.stop.is_set() or self.client.daily_spent is not None

    def _drain(
        self, batches: list[Batch], senders: dict[KindName, Sender]
    ) -> tuple[list[Outcome], list[Batch]]:
        """Send batches, at most ``workers`` in flight; once halted, start nothing new."""
        outcomes: list[Outcome] = []
        pending = list(batches)
        running: dict[Future[list[Outcome]], Batch] = {}
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            while pending or running:
                while pending and len(running) < self.workers and not self._halted():
                    batch = pending.pop(0)
                    running[pool.submit(senders[batch.kind].send, batch)] = batch
                if not running:
                    break
                done, _ = wait(list(running), timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    running.pop(future)
                    sent = future.result()
                    outcomes.extend(sent)
                    if self.on_outcomes:
                        self.on_outcomes(sent)
        return outcomes, pending

    def _sent(self, before: dict[str, int]) -> dict[str, int]:
        """Requests this run sent per endpoint (the client may have sent some before)."""
        by_endpoint = self.client.stats.by_endpoint
        return {
            endpoint: count - before.get(endpoint, 0)
            for endpoint, count in by_endpoint.items()
            if count - before.get(endpoint, 0)
        }
