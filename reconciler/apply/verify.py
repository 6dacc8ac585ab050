"""Did HubSpot keep what apply sent? Pure checks of an answer, or a read-back, against the change.

HubSpot's answers can be silent about an object: a ``batch/update`` 200 whose ``results`` leave
it out, a 207 that names no object, a campaign archive that answers 204 whatever happened. A
207 from the marketing-events archive names objects for any reason, not only "not found". So
apply counts an object as applied only when the answer shows it, or when reading it back does;
otherwise it is reported "not confirmed" and apply exits 1. Nothing here sends a request: the
senders read back, these functions judge.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reconciler.apply.result import Outcome, outcome
from reconciler.duplicates import duplicate_message
from reconciler.hubspot.batch import BatchAnswer
from reconciler.hubspot.campaigns import PublicCampaign
from reconciler.kinds import MARKETING_EVENT
from reconciler.kinds import KindName as Kind
from reconciler.models import CUSTOM_PREFIX, Value, canonical_datetime, values_equal
from reconciler.plan import Change

ReadBack = dict[str, dict[str, Any] | None]
"""id -> the object's values as the portal has them now (None: it is gone)."""


def _kept(sent: Value | None, got: object, field_name: str) -> bool:
    """Did HubSpot keep what we sent? (datetimes and numbers compare by meaning)."""
    if got is None:
        got = False if isinstance(sent, bool) else ""
    if field_name in ("startDateTime", "endDateTime") and isinstance(got, str) and got:
        with contextlib.suppress(ValueError):
            got = canonical_datetime(got)
    if isinstance(sent, bool) or isinstance(got, bool):
        return sent == got
    return values_equal(None if sent is None else str(sent), str(got))


def event_values(result: dict[str, Any]) -> dict[str, Any]:
    """An event answer flattened like a plan's fields; ``customProperties`` stays as a key when
    the answer lists them (even none), so a dropped one is noticed."""
    values = {k: v for k, v in result.items() if k != "customProperties"}
    if isinstance(result.get("customProperties"), list):
        values["customProperties"] = True
    for item in result.get("customProperties") or []:
        if isinstance(item, dict) and "name" in item:
            values[CUSTOM_PREFIX + str(item["name"])] = item.get("value")
    return values


def campaign_values(result: dict[str, Any]) -> dict[str, Any]:
    """A campaign answer's properties, the values a change's fields name."""
    return dict(result.get("properties") or {})


def not_kept(change: Change, values: dict[str, Any]) -> list[str]:
    """Fields HubSpot's answer shows with another value than the one sent.

    A field the answer leaves out proves nothing (answers may be sparse), except an event
    custom property when the answer lists custom properties: HubSpot drops undefined ones
    silently, and that must not come back as drift on every plan.
    """
    lists_custom = "customProperties" in values
    missing: list[str] = []
    for f in change.fields:
        if f.field in ("externalAccountId", "externalEventId"):
            continue
        custom = f.field.startswith(CUSTOM_PREFIX)
        if f.field not in values and not (custom and lists_custom):
            continue
        if not _kept(f.after, values.get(f.field), f.field):
            missing.append(f.field)
    return missing


def not_kept_message(kind: Kind, fields: list[str]) -> str:
    names = ", ".join(fields)
    if kind == MARKETING_EVENT and all(f.startswith(CUSTOM_PREFIX) for f in fields):
        return (
            f"HubSpot did not keep {names}: the custom propert{'y is' if len(fields) == 1 else 'ies are'} "
            "not defined for marketing events on this portal; define it in HubSpot's property "
            "settings or remove it from the manifest"
        )
    return f"HubSpot did not keep {names}: check the value against the portal's property definition"


def unconfirmed(change: Change, values: dict[str, Any] | None, said: str | None) -> str | None:
    """Why a read-back does not confirm ``change`` (None: it does), for an object the answer
    did not show; ``said`` is what HubSpot's answer reported, if anything."""
    why = f"HubSpot's answer did not include it{f' ({said})' if said else ''}"
    if values is None:
        return f"{why}, and it is no longer on the portal: not confirmed"
    missing = not_kept(change, values)
    if missing:
        return (
            f"{why}, and reading it back shows {', '.join(missing)} not as sent: not confirmed; "
            "run apply again"
        )
    return None


def error_text(errors: Iterable[Any]) -> str:
    """HubSpot's error messages, each once, or "failed" when they say nothing."""
    messages = [getattr(e, "message", None) or "failed" for e in errors]
    return "; ".join(dict.fromkeys(messages)) or "failed"


def kept_outcome(change: Change, values: dict[str, Any], new_id: str | None = None) -> Outcome:
    """Applied when ``values`` (an answer or a read-back) show every field as sent."""
    missing = not_kept(change, values)
    if missing:
        return outcome(change, "failed", not_kept_message(change.kind, missing), new_id)
    return outcome(change, "applied", None, new_id)


# -- batch updates ----------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateAnswer:
    """What a ``batch/update`` answer says per object id: its result, or its error."""

    results: dict[str, dict[str, Any]]
    failed: dict[str, str]
    said: str | None
    """The answer's errors as one text (None when it has none)."""

    @classmethod
    def of(cls, answer: BatchAnswer, id_key: str) -> UpdateAnswer:
        results = {
            str(r.get(id_key) or r.get("id") or r.get("objectId")): r for r in answer.results
        }
        failed: dict[str, str] = {}
        for error in answer.errors:
            for i in error.ids():
                failed[i] = error.message or "failed"
        said = error_text(answer.errors) if answer.errors else None
        return cls(results, failed, said)

    def silent(self, changes: Iterable[Change]) -> list[Change]:
        """The changes the answer shows neither as a result nor as an error."""
        shown = self.failed.keys() | self.results.keys()
        return [c for c in changes if (c.id or "") not in shown]


def update_outcomes(
    changes: Sequence[Change],
    told: UpdateAnswer,
    values_of: Callable[[dict[str, Any]], dict[str, Any]],
    now: ReadBack,
    said: str | None,
) -> list[Outcome]:
    """200: each result kept what was sent; 207: errors name the failed ids. An object the
    answer does not show counts only as ``now`` (the read-back) confirms it."""
    out = []
    for change in changes:
        cid = change.id or ""
        if cid in told.failed:
            out.append(outcome(change, "failed", told.failed[cid]))
        elif cid in told.results:
            out.append(kept_outcome(change, values_of(told.results[cid])))
        elif cid not in now:
            message = f"HubSpot's answer did not include it ({said}): not confirmed"
            out.append(outcome(change, "failed", message))
        else:
            why = unconfirmed(change, now[cid], said)
            out.append(outcome(change, "failed", why) if why else outcome(change, "applied"))
    return out


# -- campaign creates --------------------------------------------------------------------


def results_by_name(answer: BatchAnswer) -> dict[str, dict[str, Any]]:
    """Created campaigns by name: results are unordered, never matched by position."""
    return {str(campaign_values(r).get("hs_name")): r for r in answer.results}


def created_outcome(
    change: Change,
    result: dict[str, Any] | None,
    same: list[PublicCampaign] | None,
    why: str,
) -> Outcome:
    """A campaign create judged by its result (if the answer showed one) and the campaigns of
    its name read back (``same``; None when HubSpot refused it and said why): a second
    campaign of that name is a duplicate a concurrent apply caused."""
    ours = str(result.get("id")) if result is not None else None
    if same is None:
        return outcome(change, "failed", why)
    if len(same) > 1 or (ours is not None and any(c.id != ours for c in same)):
        return outcome(
            change, "failed", duplicate_message(change.key, change.source, ours, same), ours
        )
    if result is None:
        if not same:
            return outcome(
                change,
                "failed",
                f"{why}; reading back did not find the campaign (yet): run apply again, "
                "which re-reads the portal first and never creates it twice",
            )
        return outcome(change, "applied", None, same[0].id)
    values = campaign_values(result)
    return kept_outcome(change, values, ours) if values else outcome(change, "applied", None, ours)


def unread_creates(
    changes: Iterable[Change], by_name: dict[str, dict[str, Any]], why: str, exc: Exception
) -> list[Outcome]:
    """Campaign creates whose read-back failed: none of them is confirmed."""
    return [
        outcome(
            c,
            "failed",
            f"created, but reading it back to check for a duplicate failed: {exc}; "
            "run `reconciler plan`, which names any duplicate",
            str(by_name[c.key].get("id")),
        )
        if c.key in by_name
        else outcome(c, "failed", f"{why}; and reading back failed: {exc}")
        for c in changes
    ]


# -- event creates and deletes -----------------------------------------------------------


def created_event_outcome(
    change: Change,
    found: tuple[str, dict[str, Any]] | None,
    answer: BatchAnswer,
    errors: str,
) -> Outcome:
    """An event upsert judged by the event read back by its external ids (``found``: its
    objectId and values); not readable, one upsert result whose every field is what we sent
    (unique in this batch) is accepted, never one chosen by position."""
    if found is None:
        same = [r for r in answer.results if not not_kept(change, event_values(r))]
        if len(same) != 1:
            return outcome(change, "failed", errors)
        return outcome(change, "applied", None, str(same[0].get("objectId") or same[0].get("id")))
    object_id, values = found
    return kept_outcome(change, values, object_id)


def deleted_event_outcomes(
    changes: Sequence[Change],
    said: dict[str, str],
    checked: set[str],
    now: ReadBack,
    status_code: int,
    note: str,
) -> list[Outcome]:
    """Events archived with a 207: each one ``checked`` counts as deleted only when reading
    it back found it gone; ``said`` is what the answer named, ``note`` why a read-back failed."""
    out = []
    for change in changes:
        cid = change.id or ""
        if cid not in checked or (cid in now and now[cid] is None):
            message = "it was already gone" if cid in said else None
            out.append(outcome(change, "applied", message))
        elif cid not in now:
            out.append(outcome(change, "failed", f"{note}; not confirmed"))
        else:
            why = said.get(cid) or f"HubSpot answered {status_code}"
            out.append(outcome(change, "failed", f"{why}; the event still exists"))
    return out
