"""Run doctor: the read-only checks, then (with ``--probe``) the confirmations."""

from __future__ import annotations

from collections.abc import Callable

from reconciler.doctor import confirm
from reconciler.doctor.checks import (
    limit_checks,
    portal_checks,
    portal_summary,
    scope_and_tier_checks,
)
from reconciler.doctor.confirm_budget import BUDGET_ROUND_TRIP, budget_round_trip
from reconciler.doctor.probe import Probe, find_custom_property
from reconciler.doctor.report import Check, DoctorReport, ok, skip
from reconciler.hubspot.account import PortalInfo
from reconciler.hubspot.client import HubSpotClient
from reconciler.plan import Target

Confirmation = Callable[[Probe], Check]
CAMPAIGN_ONLY: tuple[Confirmation, ...] = (
    confirm.properties_returned,
    confirm.campaign_reset,
    budget_round_trip,
)
EVENT_ONLY: tuple[Confirmation, ...] = (
    confirm.upsert_keeps_custom,
    confirm.event_identity,
    confirm.event_reset,
)
BOTH: tuple[Confirmation, ...] = (confirm.event_link,)
ORDER = [
    confirm.PROPERTIES,
    confirm.CAMPAIGN_RESET,
    confirm.EVENT_RESET,
    confirm.UPSERT_CUSTOM,
    confirm.EVENT_IDENTITY,
    confirm.EVENT_LINK,
    BUDGET_ROUND_TRIP,
    confirm.CAMPAIGN_ARCHIVE,
]


def run_doctor(
    client: HubSpotClient, target: Target, portal: PortalInfo, *, probe: bool
) -> DoctorReport:
    checks = portal_checks(target, portal)
    checks += scope_and_tier_checks(client, probe)
    checks += limit_checks(client)
    if probe:
        checks += run_probe(client)
    return DoctorReport(portal=portal_summary(target, portal), checks=checks)


def run_probe(client: HubSpotClient) -> list[Check]:
    """Create the scratch objects, confirm, and archive them whatever happens."""
    probe = Probe(client, custom_property=find_custom_property(client))
    writes: list[Check] = []
    confirmed: list[Check] = []
    try:
        campaign_problem = probe.create_campaign()
        event_problem, _ = probe.create_event()
        writes = [
            campaign_problem or ok("campaigns write", "created the scratch campaign"),
            event_problem or ok("marketing events write", "created the scratch event"),
        ]
        steps = [
            *(CAMPAIGN_ONLY if not campaign_problem else ()),
            *(EVENT_ONLY if not event_problem else ()),
            *(BOTH if not (campaign_problem or event_problem) else ()),
            *((confirm.campaign_archive,) if not campaign_problem else ()),
        ]
        confirmed = [step(probe) for step in steps]
        ran = {c.name for c in confirmed}
        confirmed += [
            skip(name, "the scratch object it needs could not be created")
            for name in ORDER
            if name not in ran
        ]
    finally:
        with client.resumed():  # also after Ctrl-C, which stops every other request
            cleanup = probe.cleanup()
    confirmed.sort(key=lambda c: ORDER.index(c.name))
    return [*writes, *confirmed, *cleanup]
