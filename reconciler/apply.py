"""Plan -> batch requests -> outcome per object.

Two steps, after SQLMesh's stages: ``build_batches`` is pure (group by kind and action, chunk
to the API's limits, each input carrying only the changed fields, ``""`` for a reset);
``Applier`` sends them, a few at a time within the client's rate pacing, and reads every
answer (200/201/204/207) back into an ``Outcome`` per object. It applies all it can, checks
that HubSpot kept what was sent, and stops starting new batches once asked to (SIGINT/SIGTERM):
the batches in flight finish (without retries) and the rest are reported as not attempted; a
second signal abandons the batches in flight, reported failed with their outcome unknown.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from reconciler.confirm import event_values, not_kept, not_kept_message, read_back, unconfirmed
from reconciler.duplicates import campaigns_named, duplicate_message
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.batch import BatchAnswer, chunks
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.errors import HubSpotError
from reconciler.hubspot.limits import CAMPAIGN_BATCH_LIMIT, DEFAULT_EVENT_BATCH_SIZE
from reconciler.kinds import Action
from reconciler.kinds import KindName as Kind
from reconciler.models import CUSTOM_PREFIX, Value
from reconciler.plan import Change, LinkChange, Plan

Status = Literal["applied", "failed", "skipped"]
ACTION_ORDER: dict[str, int] = {"create": 0, "update": 1, "delete": 2}


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Kind
    key: str
    id: str | None
    action: Action
    status: Status
    message: str | None = None


class ApplySummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    created: int = 0
    updated: int = 0
    deleted: int = 0
    failed: int = 0
    skipped: int = 0


class ApplyResult(BaseModel):
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


@dataclass(frozen=True)
class Batch:
    """One request's worth of changes of one kind and action."""

    kind: Kind
    action: Action
    changes: tuple[Change, ...]


def build_batches(plan: Plan, event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE) -> list[Batch]:
    """ceil(n/limit) batches per (kind, action); creates first, then updates, then deletes;
    campaign-event links last (one request each: HubSpot has no batch form), because a link
    may need an id that a create in the same plan only makes."""
    groups: dict[tuple[Kind, Action], list[Change]] = defaultdict(list)
    for change in plan.changes:
        groups[(change.kind, change.action)].append(change)
    batches: list[Batch] = []
    for (kind, action), changes in sorted(
        groups.items(),
        key=lambda kv: (kv[0][0] == "campaignEventLink", ACTION_ORDER[kv[0][1]], kv[0][0]),
    ):
        size = {"campaign": CAMPAIGN_BATCH_LIMIT, "campaignEventLink": 1}.get(
            kind, event_batch_size
        )
        batches.extend(Batch(kind, action, tuple(chunk)) for chunk in chunks(changes, size))
    return batches


def _wire(value: Value | None) -> Any:
    return "" if value is None else value


def campaign_properties(change: Change) -> dict[str, str]:
    """Only the changed properties, as strings; ``""`` resets."""
    return {f.field: str(_wire(f.after)) for f in change.fields}


def event_payload(change: Change) -> dict[str, Any]:
    """Changed event fields; custom properties only the changed ones (``[]`` when none)."""
    body: dict[str, Any] = {}
    custom: list[dict[str, str]] = []
    for f in change.fields:
        if f.field.startswith(CUSTOM_PREFIX):
            custom.append({"name": f.field[len(CUSTOM_PREFIX) :], "value": str(_wire(f.after))})
        else:
            body[f.field] = _wire(f.after)
    body["customProperties"] = custom
    return body


def _error_text(errors: Iterable[Any]) -> str:
    messages = [getattr(e, "message", None) or "failed" for e in errors]
    return "; ".join(dict.fromkeys(messages)) or "failed"


@dataclass
class Applier:
    """Sends batches with bounded concurrency; ``stop`` ends it after the batches in flight."""

    client: HubSpotClient
    # Eight in flight keep a 190-per-10-s budget busy at HubSpot's ~150 ms latency; the
    # client's pacer, not this number, is what keeps us under the rate limit.
    workers: int = 8
    stop: threading.Event = field(default_factory=threading.Event)
    on_outcomes: Callable[[list[Outcome]], None] | None = None
    _created: dict[tuple[str, str], str] = field(default_factory=dict, init=False)

    def run(self, plan: Plan, event_batch_size: int = DEFAULT_EVENT_BATCH_SIZE) -> ApplyResult:
        batches = build_batches(plan, event_batch_size)
        before = dict(self.client.stats.by_endpoint)
        objects = [b for b in batches if b.kind != "campaignEventLink"]
        links = [b for b in batches if b.kind == "campaignEventLink"]
        outcomes, pending = self._drain(objects)
        if links:
            self._created = {
                (o.kind, o.key): o.id
                for o in outcomes
                if o.action == "create" and o.id and o.status == "applied"
            }
            done, pending_links = self._drain(links)
            outcomes += done
            pending += pending_links
        why = (
            "HubSpot's daily API limit is spent"
            if self.client.daily_spent is not None
            else "apply was interrupted"
        )
        for batch in pending:
            outcomes.extend(_outcome(c, "skipped", f"not attempted: {why}") for c in batch.changes)
        # A signal during apply always says so (exit 130), even when it came after the last
        # batch started: the retries it cut may be why an object failed.
        return _result(plan, outcomes, before, self.client, interrupted=self.stop.is_set())

    def _halted(self) -> bool:
        """Asked to stop, or HubSpot's daily limit is spent (then nothing more is sent)."""
        return self.stop.is_set() or self.client.daily_spent is not None

    def _drain(self, batches: list[Batch]) -> tuple[list[Outcome], list[Batch]]:
        """Send batches, at most ``workers`` in flight; once halted, start nothing new."""
        outcomes: list[Outcome] = []
        pending = list(batches)
        running: dict[Future[list[Outcome]], Batch] = {}
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            while pending or running:
                while pending and len(running) < self.workers and not self._halted():
                    batch = pending.pop(0)
                    running[pool.submit(self._send, batch)] = batch
                if not running:
                    break
                done, _ = wait(list(running), timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    running.pop(future)
                    result = future.result()
                    outcomes.extend(result)
                    if self.on_outcomes:
                        self.on_outcomes(result)
        return outcomes, pending

    def _send(self, batch: Batch) -> list[Outcome]:
        try:
            match (batch.kind, batch.action):
                case ("campaign", "create"):
                    return self._create_campaigns(batch)
                case ("campaign", "update"):
                    return self._update_campaigns(batch)
                case ("campaign", "delete"):
                    return self._delete_campaigns(batch)
                case ("marketingEvent", "create"):
                    return self._create_events(batch)
                case ("marketingEvent", "update"):
                    return self._update_events(batch)
                case ("marketingEvent", "delete"):
                    return self._delete_events(batch)
                case ("campaignEventLink", _):
                    return [self._link(c) for c in batch.changes]
        except HubSpotError as exc:
            return [_outcome(c, "failed", str(exc)) for c in batch.changes]
        raise AssertionError(f"no sender for {batch.kind} {batch.action}")  # pragma: no cover

    # -- campaigns -----------------------------------------------------------------------

    def _create_campaigns(self, batch: Batch) -> list[Outcome]:
        inputs = [campaign_properties(c) for c in batch.changes]
        try:
            answer = campaigns_api.batch_create(self.client, inputs)
        except HubSpotError as exc:
            # Not retried: HubSpot may have created some. Read back by name to know which.
            return self._check_created(batch, {}, str(exc), read_unknown=True)
        by_name = {
            str((r.get("properties") or {}).get("hs_name")): r for r in answer.results
        }  # results are unordered: match by name, never by position
        if answer.errors:
            return self._check_created(batch, by_name, _error_text(answer.errors))
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
            return [
                _outcome(
                    c,
                    "failed",
                    f"created, but reading it back to check for a duplicate failed: {exc}; "
                    "run `reconciler plan`, which names any duplicate",
                    str(by_name[c.key].get("id")),
                )
                if c.key in by_name
                else _outcome(c, "failed", f"{why}; and reading back failed: {exc}")
                for c in batch.changes
            ]
        return [
            self._created_outcome(c, by_name.get(c.key), named.get(c.key), why)
            for c in batch.changes
        ]

    def _created_outcome(
        self,
        change: Change,
        result: dict[str, Any] | None,
        same: list[campaigns_api.PublicCampaign] | None,
        why: str,
    ) -> Outcome:
        ours = str(result.get("id")) if result is not None else None
        if same is None:  # HubSpot refused it (207) and says why
            return _outcome(change, "failed", why)
        if len(same) > 1 or (ours is not None and any(c.id != ours for c in same)):
            message = duplicate_message(change.key, change.source, ours, same)
            return _outcome(change, "failed", message, ours)
        if result is None:
            if not same:
                return _outcome(
                    change,
                    "failed",
                    f"{why}; reading back did not find the campaign (yet): run apply again, "
                    "which re-reads the portal first and never creates it twice",
                )
            return _outcome(change, "applied", None, same[0].id)
        values = dict(result.get("properties") or {})
        missing = not_kept(change, values) if values else []
        if missing:
            return _outcome(change, "failed", not_kept_message("campaign", missing), ours)
        return _outcome(change, "applied", None, ours)

    def _update_campaigns(self, batch: Batch) -> list[Outcome]:
        inputs = [(c.id or "", campaign_properties(c)) for c in batch.changes]
        answer = campaigns_api.batch_update(self.client, inputs)
        return self._settle_updates(batch, answer, lambda r: dict(r.get("properties") or {}), "id")

    def _delete_campaigns(self, batch: Batch) -> list[Outcome]:
        ids = [c.id or "" for c in batch.changes]
        campaigns_api.batch_archive(self.client, ids)  # always 204: confirm by reading back
        try:
            answer = campaigns_api.batch_read(self.client, ids, ["hs_name"])
        except HubSpotError as exc:
            note = f"HubSpot answered 204, but reading back failed: {exc}; not confirmed"
            return [_outcome(c, "failed", note) for c in batch.changes]
        still = {r.id for r in answer.results}
        return [
            _outcome(c, "failed", "HubSpot answered 204 but the campaign still exists")
            if c.id in still
            else _outcome(c, "applied")
            for c in batch.changes
        ]

    # -- events --------------------------------------------------------------------------

    def _create_events(self, batch: Batch) -> list[Outcome]:
        inputs = []
        for change in batch.changes:
            payload = event_payload(change)
            payload.setdefault("customProperties", [])
            inputs.append(payload)
        answer = events_api.upsert(self.client, inputs)
        errors = _error_text(answer.errors) if answer.errors else "HubSpot did not create it"
        # Upsert results carry no external ids: read each back by them (HubSpot answers at
        # once for this app's events), a few at a time; never match results by position.
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(
                pool.map(lambda change: self._created_event(change, answer, errors), batch.changes)
            )

    def _created_event(self, change: Change, answer: BatchAnswer, errors: str) -> Outcome:
        found = events_api.get_by_external_id(
            self.client,
            str(_after(change, "externalEventId")),
            str(_after(change, "externalAccountId")),
        )
        if found is None:
            # Not readable by its external ids: accept one upsert result whose every field is
            # what we sent (unique in this batch), never one chosen by position.
            same = [r for r in answer.results if not not_kept(change, event_values(r))]
            if len(same) != 1:
                return _outcome(change, "failed", errors)
            return _outcome(
                change, "applied", None, str(same[0].get("objectId") or same[0].get("id"))
            )
        missing = not_kept(change, event_values(found.model_dump()))
        if missing:
            message = not_kept_message("marketingEvent", missing)
            return _outcome(change, "failed", message, found.objectId)
        return _outcome(change, "applied", None, found.objectId)

    def _update_events(self, batch: Batch) -> list[Outcome]:
        inputs = [{"objectId": c.id, **event_payload(c)} for c in batch.changes]
        answer = events_api.batch_update(self.client, inputs)
        return self._settle_updates(batch, answer, event_values, "objectId")

    def _delete_events(self, batch: Batch) -> list[Outcome]:
        """204: all deleted. A 207 names objects for any reason, "not found" or not (and may
        carry no body at all): each one it names, or every one when it names none, is read
        back, and counts as deleted only when HubSpot answers 404 for it."""
        answer = events_api.batch_archive(self.client, [c.id or "" for c in batch.changes])
        if answer.status_code == 204:
            return [_outcome(c, "applied") for c in batch.changes]
        said = {i: e.message or "failed" for e in answer.errors for i in e.ids()}
        doubtful = [c for c in batch.changes if c.id in said] or list(batch.changes)
        checked = {c.id for c in doubtful}
        note = ""
        try:
            now = read_back(self.client, "marketingEvent", doubtful)
        except HubSpotError as exc:
            now, note = {}, f"HubSpot answered {answer.status_code}; reading back failed: {exc}"
        out = []
        for change in batch.changes:
            cid = change.id or ""
            if cid not in checked or (cid in now and now[cid] is None):
                out.append(
                    _outcome(change, "applied", "it was already gone" if cid in said else None)
                )
            elif cid not in now:
                out.append(_outcome(change, "failed", f"{note}; not confirmed"))
            else:
                why = said.get(cid) or f"HubSpot answered {answer.status_code}"
                out.append(_outcome(change, "failed", f"{why}; the event still exists"))
        return out

    # -- links ---------------------------------------------------------------------------

    def _link(self, change: Change) -> Outcome:
        assert isinstance(change, LinkChange)
        ends = change.link
        campaign_id = ends.campaignId or self._created.get(("campaign", ends.campaign))
        event_id = ends.marketingEventId or self._created.get(
            ("marketingEvent", ends.marketingEvent)
        )
        if campaign_id is None or event_id is None:
            missing = (
                f'campaign "{ends.campaign}"'
                if campaign_id is None
                else f"marketing event {ends.marketingEvent}"
            )
            return _outcome(change, "skipped", f"not attempted: {missing} was not created")
        if change.action == "create":
            campaigns_api.link_event(self.client, campaign_id, event_id)
        else:
            campaigns_api.unlink_event(self.client, campaign_id, event_id)
        return _outcome(change, "applied", None, f"{campaign_id}/{event_id}")

    # -- shared --------------------------------------------------------------------------

    def _settle_updates(
        self,
        batch: Batch,
        answer: BatchAnswer,
        values_of: Callable[[dict[str, Any]], dict[str, Any]],
        id_key: str,
    ) -> list[Outcome]:
        """200: check each result kept what was sent; 207: errors name the failed ids. An
        object the answer does not show is read back: silence confirms nothing."""
        results = {
            str(r.get(id_key) or r.get("id") or r.get("objectId")): r for r in answer.results
        }
        failed: dict[str, str] = {}
        for error in answer.errors:
            for i in error.ids():
                failed[i] = error.message or "failed"
        silent = [c for c in batch.changes if (c.id or "") not in failed.keys() | results.keys()]
        said = _error_text(answer.errors) if answer.errors else None
        try:
            now = read_back(self.client, batch.kind, silent) if silent else {}
        except HubSpotError as exc:
            now, said = {}, f"{said + '; ' if said else ''}reading it back failed: {exc}"
        out = []
        for change in batch.changes:
            cid = change.id or ""
            if cid in failed:
                out.append(_outcome(change, "failed", failed[cid]))
            elif cid in results:
                missing = not_kept(change, values_of(results[cid]))
                if missing:
                    out.append(_outcome(change, "failed", not_kept_message(change.kind, missing)))
                else:
                    out.append(_outcome(change, "applied"))
            elif cid not in now:
                out.append(
                    _outcome(
                        change,
                        "failed",
                        f"HubSpot's answer did not include it ({said}): not confirmed",
                    )
                )
            else:
                why = unconfirmed(change, now[cid], said)
                out.append(_outcome(change, "failed", why) if why else _outcome(change, "applied"))
        return out


def _after(change: Change, name: str) -> Value | None:
    for f in change.fields:
        if f.field == name:
            return f.after
    return None


def _outcome(
    change: Change, status: Status, message: str | None = None, new_id: str | None = None
) -> Outcome:
    return Outcome(
        kind=change.kind,
        key=change.key,
        id=new_id or change.id,
        action=change.action,
        status=status,
        message=message,
    )


def _result(
    plan: Plan,
    outcomes: list[Outcome],
    before: dict[str, int],
    client: HubSpotClient,
    *,
    interrupted: bool,
) -> ApplyResult:
    applied = [o for o in outcomes if o.status == "applied"]
    summary = ApplySummary(
        created=sum(o.action == "create" for o in applied),
        updated=sum(o.action == "update" for o in applied),
        deleted=sum(o.action == "delete" for o in applied),
        failed=sum(o.status == "failed" for o in outcomes),
        skipped=sum(o.status == "skipped" for o in outcomes),
    )
    sent = {
        endpoint: count - before.get(endpoint, 0)
        for endpoint, count in client.stats.by_endpoint.items()
        if count - before.get(endpoint, 0)
    }
    order = {(c.kind, c.key): i for i, c in enumerate(plan.changes)}
    outcomes = sorted(outcomes, key=lambda o: order.get((o.kind, o.key), len(order)))
    return ApplyResult(
        target=json.loads(plan.target.model_dump_json()),
        summary=summary,
        outcomes=outcomes,
        requests=sent,
        interrupted=interrupted,
    )
