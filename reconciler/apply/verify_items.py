"""Did a budget or spend item create add exactly one item? Pure judgement of a read-back.

HubSpot has no idempotency key for ``POST .../budget`` (or ``/spend``) and no unique constraint
on an item's name, so two applies that both planned "create item X" both add it (the lock file
only serialises applies from one checkout). Apply cannot prevent that, but it can notice:
right after the create it reads the campaign's items again, and a second item with the name it
just created means a race (the plan saw none). The run says so and exits 1, naming the
campaign, the item, every id, which one to keep (the oldest, so that both racing runs give the
same advice) and how to remove the others; it never deletes anything itself. Nothing here sends
a request: the sender reads back, these functions judge.
"""

from __future__ import annotations

import json

from reconciler.apply.result import Outcome, outcome
from reconciler.hubspot.answers import MalformedAnswerError
from reconciler.hubspot.budget import BudgetItem
from reconciler.hubspot.errors import (
    HubSpotError,
    HubSpotHTTPError,
    RequestInterrupted,
    ServerError,
)
from reconciler.kinds import KINDS
from reconciler.plan import ItemChange

RACED = "another apply created one at the same time"


def may_have_landed(exc: HubSpotError) -> bool:
    """Whether HubSpot may have added the item although the create failed: no answer (a
    timeout, a dropped connection), a 5xx, or a 2xx whose body was not an item. A 4xx is a
    refusal; an interrupted run starts no read."""
    if isinstance(exc, RequestInterrupted):
        return False
    if isinstance(exc, MalformedAnswerError | ServerError):
        return True
    return not isinstance(exc, HubSpotHTTPError)


def _oldest_first(item: BudgetItem) -> tuple[bool, int, int, str]:
    """Creation time, then id (HubSpot's ids are int64 strings: shorter is smaller)."""
    return (item.createdAt is None, item.createdAt or 0, len(item.id), item.id)


def duplicate_message(change: ItemChange, ours: str | None, same: list[BudgetItem]) -> str:
    """What the user reads: the ids, which to keep (the oldest), and how to remove the rest."""
    spec = KINDS[change.kind]
    ordered = sorted(same, key=_oldest_first)
    keep, extra = ordered[0].id, [i.id for i in ordered[1:]]
    listed = ", ".join(f"{i.id} (created by this apply)" if i.id == ours else i.id for i in ordered)
    where = f"at {change.source}" if change.source else "in its manifest"
    exclusive = f"{spec.attribute}Exclusive: true"
    return (
        f'campaign "{change.item.campaign}" now has {len(same)} {spec.label}s named '
        f"{json.dumps(change.item.name)}: {listed}; {RACED}. Keep {keep}, the oldest: pin it "
        f"with `id: {json.dumps(keep)}` {where}. Remove the other{'s' if len(extra) > 1 else ''}: "
        f"delete {', '.join(extra)} in HubSpot, or add `{exclusive}` to the campaign (it also "
        f"removes every {spec.label} the manifest does not list) and apply"
    )


def created_item_outcome(
    change: ItemChange, made: BudgetItem | None, same: list[BudgetItem], why: str | None
) -> Outcome:
    """An item create judged by its answer (``made``; None when it failed for ``why``) and
    the campaign's items of that name read back right after (``same``)."""
    ours = made.id if made is not None else None
    found = {i.id: i for i in same}
    if made is not None:
        found.setdefault(made.id, made)  # not listed yet: it still counts
    if len(found) > 1:
        message = duplicate_message(change, ours, list(found.values()))
        return outcome(change, "failed", message, ours)
    if made is not None:
        return outcome(change, "applied", None, ours)
    if not same:
        return outcome(
            change,
            "failed",
            f"{why}; reading back did not find the item: run apply again, which re-reads the "
            "portal first and never creates it twice",
        )
    return outcome(change, "applied", None, same[0].id)  # it landed; its answer was lost


def unread_item(
    change: ItemChange, made: BudgetItem | None, why: str | None, exc: Exception
) -> Outcome:
    """An item create whose read-back failed: it is not confirmed either way."""
    if made is None:
        return outcome(change, "failed", f"{why}; and reading back failed: {exc}")
    return outcome(
        change,
        "failed",
        f"created, but reading the campaign's items back to check for a duplicate failed: {exc}; "
        "run `reconciler plan`, which names any duplicate",
        made.id,
    )
