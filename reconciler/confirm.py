"""Did HubSpot keep what apply sent? Its answer says so, or a read-back does; silence does not.

HubSpot's answers can be silent about an object: a ``batch/update`` 200 whose ``results`` leave
it out, a 207 that names no object, a campaign archive that answers 204 whatever happened. A
207 from the marketing-events archive names objects for any reason, not only "not found". So
apply counts an object as applied only when the answer shows it, or when reading it back does;
otherwise it is reported "not confirmed" and apply exits 1.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.kinds import KindName as Kind
from reconciler.models import CUSTOM_PREFIX, Value, canonical_datetime, values_equal
from reconciler.plan import Change

READ_BACK_WORKERS = 4


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
    if kind == "marketingEvent" and all(f.startswith(CUSTOM_PREFIX) for f in fields):
        return (
            f"HubSpot did not keep {names}: the custom propert{'y is' if len(fields) == 1 else 'ies are'} "
            "not defined for marketing events on this portal; define it in HubSpot's property "
            "settings or remove it from the manifest"
        )
    return f"HubSpot did not keep {names}: check the value against the portal's property definition"


def read_back(
    client: HubSpotClient, kind: Kind, changes: list[Change]
) -> dict[str, dict[str, Any] | None]:
    """id -> the object's values as the portal has them now (None: it is gone), for ``not_kept``.

    Campaigns: one ``batch/read`` (a batch is at most 50) naming the changed properties, an
    absent one read as ``""``. Events have no batch read: one GET by objectId each.
    """
    ids = [c.id or "" for c in changes]
    if kind == "campaign":
        names = sorted({f.field for c in changes for f in c.fields})
        answer = campaigns_api.batch_read(client, ids, names)
        found = {c.id: {n: c.properties.get(n) or "" for n in names} for c in answer.results}
        return {i: found.get(i) for i in ids}
    with ThreadPoolExecutor(max_workers=READ_BACK_WORKERS) as pool:
        events = list(pool.map(lambda i: events_api.get_event(client, i), ids))
    return {
        i: event_values(e.model_dump()) if e else None for i, e in zip(ids, events, strict=True)
    }


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
