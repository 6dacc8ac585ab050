"""The seven confirmations of ``doctor --probe``, in the contract's order of numbering.

Each runs against the probe's scratch objects and returns one ``Check``; a failure quotes the
request and the answer that disproved the behaviour.
"""

from __future__ import annotations

from reconciler.doctor.probe import AUDIENCE, NOTES, Probe, _props, _results
from reconciler.doctor.report import Check, fail, ok, skip
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot.paths import MARKETING_EVENT_ASSET

PROPERTIES = "properties returned"
CAMPAIGN_RESET = "campaign reset"
EVENT_RESET = "event reset"
UPSERT_CUSTOM = "upsert keeps custom property"
EVENT_IDENTITY = "event identity"
EVENT_LINK = "campaign-event link"
CAMPAIGN_ARCHIVE = "campaign archive"


def properties_returned(probe: Probe) -> Check:
    """1. The list and batch/read return the properties named (repeated parameters)."""
    wanted = {"hs_notes": NOTES, "hs_audience": AUDIENCE}
    names = [("properties", n) for n in wanted]
    listed = probe.call(
        "GET",
        probe.client.paths.campaigns,
        params=[("limit", 100), ("name", probe.name), *names],
        scope=campaigns_api.READ,
    )
    mine = [r for r in _results(listed.body) if str(r.get("id")) == probe.campaign_id]
    read = probe.read_campaign(list(wanted))
    for what, ex, props in (
        ("the list", listed, (mine[0].get("properties") or {}) if mine else None),
        ("batch/read", read, _props(read.body)),
    ):
        if props is None:
            continue  # the list's name filter did not find it: batch/read decides
        if any(props.get(k) != v for k, v in wanted.items()):
            return fail(PROPERTIES, f"{what} did not return both properties named: {ex}")
    return ok(PROPERTIES, "the list and batch/read return the properties named")


def campaign_reset(probe: Probe) -> Check:
    """2. "" in campaign batch/update empties a property; the answer and a read-back show it."""
    ex = probe.call(
        "POST",
        f"{probe.client.paths.campaigns}/batch/update",
        body={"inputs": [{"id": probe.campaign_id, "properties": {"hs_notes": ""}}]},
        scope=campaigns_api.WRITE,
    )
    if ex.status != 200 or _props(ex.body).get("hs_notes"):
        return fail(CAMPAIGN_RESET, f'"" did not empty hs_notes: {ex}')
    back = probe.read_campaign(["hs_notes"])
    if _props(back.body).get("hs_notes"):
        return fail(CAMPAIGN_RESET, f'"" was answered but hs_notes kept its value: {back}')
    return ok(CAMPAIGN_RESET, '"" in batch/update empties a campaign property')


def event_reset(probe: Probe) -> Check:
    """3. "" empties eventDescription, eventUrl and eventType; customProperties [] keeps them."""
    cleared = ("eventDescription", "eventUrl", "eventType")
    custom = probe.custom_property or ""
    before = probe.read_event().body
    held = _custom(before, custom) if custom and isinstance(before, dict) else None
    had_custom = held == "scratch"
    ex = probe.call(
        "POST",
        f"{probe.client.paths.events}/batch/update",
        body={
            "inputs": [
                {"objectId": probe.event_id, **dict.fromkeys(cleared, ""), "customProperties": []}
            ]
        },
    )
    back = probe.read_event()
    event = back.body if isinstance(back.body, dict) else {}
    kept = [f for f in cleared if event.get(f)]
    if ex.status >= 300 or back.status != 200 or kept:
        return fail(
            EVENT_RESET, f'"" did not empty {", ".join(kept) or "the fields"}: {ex}; {back}'
        )
    # Only a property the event held before can show that [] removed it (when upsert dropped
    # it, that is check 4's failure, not this one's).
    if had_custom and _custom(event, custom) != "scratch":
        return fail(
            EVENT_RESET, f"customProperties: [] removed the event's custom properties: {back}"
        )
    if not had_custom:
        return ok(EVENT_RESET, '"" empties event fields (the event had no custom property to keep)')
    return ok(EVENT_RESET, '"" empties event fields; customProperties: [] keeps custom properties')


def _custom(event: dict[str, object], name: str) -> object:
    props = event.get("customProperties")
    for prop in props if isinstance(props, list) else []:
        if isinstance(prop, dict) and prop.get("name") == name:
            return prop.get("value")
    return None


def upsert_keeps_custom(probe: Probe) -> Check:
    """4. events/upsert keeps a custom property, and the by-external-id GET shows it at once."""
    if not probe.custom_property:
        return skip(UPSERT_CUSTOM, "no event on the portal carries a custom property to try")
    ex = probe.by_external_id()
    body = ex.body if isinstance(ex.body, dict) else {}
    if ex.status != 200:
        return fail(UPSERT_CUSTOM, f"the by-external-id GET does not find the new event: {ex}")
    if _custom(body, probe.custom_property) != "scratch":
        return fail(UPSERT_CUSTOM, f"{probe.custom_property} did not come back: {ex}")
    return ok(UPSERT_CUSTOM, f"upsert kept {probe.custom_property}; the GET shows it at once")


def event_identity(probe: Probe) -> Check:
    """5. /identifiers finds the new event, or (while it lags) the by-external-id GET does."""
    ids = probe.call("GET", f"{probe.client.paths.events}/{probe.event_external_id}/identifiers")
    if any(str(r.get("objectId")) == probe.event_id for r in _results(ids.body)):
        return ok(EVENT_IDENTITY, "/identifiers finds a new event")
    direct = probe.by_external_id()
    if direct.status == 200:
        return ok(EVENT_IDENTITY, "/identifiers lags; the by-external-id GET finds the event")
    return fail(EVENT_IDENTITY, f"neither look-up finds the new event: {ids}; {direct}")


def event_link(probe: Probe) -> Check:
    """6. PUT links the event and batch/read embeds it; DELETE unlinks it."""
    path = probe.client.paths.event_link(probe.campaign_id or "", probe.event_id or "")
    put = probe.call("PUT", path, scope=campaigns_api.WRITE)
    linked = _embedded_events(probe)
    probe.call("DELETE", path, scope=campaigns_api.WRITE)
    unlinked = _embedded_events(probe)
    if put.status >= 300 or probe.event_id not in linked[0]:
        return fail(EVENT_LINK, f"batch/read does not embed the linked event: {put}; {linked[1]}")
    if probe.event_id in unlinked[0]:
        return fail(EVENT_LINK, f"DELETE did not unlink the event: {unlinked[1]}")
    return ok(EVENT_LINK, "PUT links, batch/read embeds MARKETING_EVENT assets, DELETE unlinks")


def _embedded_events(probe: Probe) -> tuple[set[str], object]:
    ex = probe.read_campaign(["hs_name"])
    results = _results(ex.body)
    assets = results[0].get("assets") if results else None
    section = assets.get(MARKETING_EVENT_ASSET) if isinstance(assets, dict) else None
    items = section.get("results") if isinstance(section, dict) else None
    return {str(a.get("id")) for a in items or [] if isinstance(a, dict)}, ex


def campaign_archive(probe: Probe) -> Check:
    """7. batch/archive answers 204 and batch/read afterwards no longer finds the campaign."""
    ex = probe.archive_campaign()
    back = probe.read_campaign(["hs_name"])
    if ex.status != 204 or _results(back.body):
        return fail(CAMPAIGN_ARCHIVE, f"the campaign is still there after archive: {ex}; {back}")
    return ok(CAMPAIGN_ARCHIVE, "batch/archive answers 204 and the campaign is gone")
