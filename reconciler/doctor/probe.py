"""``doctor --probe``: confirm, on the real portal, each behaviour the specs leave open.

One scratch campaign and one scratch event (names that say what they are and when) are created,
the seven confirmations of the contract run against them, and both are archived in a
``finally``, also on Ctrl-C. A failed check quotes what was sent and what came back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from reconciler.doctor.report import Check, fail, quote
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.hubspot.errors import HubSpotError

PROBE_ACCOUNT = "reconciler-doctor"
NOTES, AUDIENCE = "scratch notes", "scratch audience"
ANSWERED = (400, 403, 404, 409)
"""Statuses a probe request reports as a failed check instead of raising."""


@dataclass
class Exchange:
    """One request and its answer, quotable in a failed check."""

    sent: str
    status: int
    body: Any

    def __str__(self) -> str:
        return f"sent {self.sent}; got {self.status} {quote(self.body)}"


@dataclass
class Probe:
    client: HubSpotClient
    stamp: str = field(
        default_factory=lambda: (
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ") + f" {secrets.token_hex(2)}"
        )
    )
    campaign_id: str | None = None
    event_id: str | None = None
    event_external_id: str = ""
    custom_property: str | None = None
    campaign_archived: bool = False

    @property
    def name(self) -> str:
        return f"reconciler doctor probe {self.stamp} (scratch: safe to delete)"

    def call(
        self, method: str, path: str, *, params: Any = None, body: Any = None, scope: str = ""
    ) -> Exchange:
        response = self.client.request(
            method, path, scope=scope, params=params, json_body=body, allow=ANSWERED
        )
        try:
            answer: Any = response.json() if response.content else None
        except ValueError:
            answer = response.text[:200]
        query = f" {quote(params)}" if params else ""
        sent = f"{method} {path}{query}" + (f" {quote(body)}" if body is not None else "")
        return Exchange(sent, response.status_code, answer)

    # -- the scratch objects ----------------------------------------------------------------

    def create_campaign(self) -> Check | None:
        props = {"hs_name": self.name, "hs_notes": NOTES, "hs_audience": AUDIENCE}
        ex = self.call(
            "POST",
            f"{self.client.paths.campaigns}/batch/create",
            body={"inputs": [{"properties": props}]},
            scope=campaigns_api.WRITE,
        )
        for item in _results(ex.body):
            if (item.get("properties") or {}).get("hs_name") == self.name:
                self.campaign_id = str(item.get("id"))
                return None
        return fail("campaigns write", f"the scratch campaign was not created: {ex}")

    def create_event(self) -> tuple[Check | None, Exchange]:
        self.event_external_id = f"doctor-probe-{self.stamp.replace(' ', '-').replace(':', '')}"
        start = datetime.now(UTC) + timedelta(days=365)
        item: dict[str, Any] = {
            "externalAccountId": PROBE_ACCOUNT,
            "externalEventId": self.event_external_id,
            "eventName": f"reconciler doctor probe {self.stamp} (scratch)",
            "eventOrganizer": "reconciler doctor",
            "eventType": "WEBINAR",
            "eventDescription": "scratch description",
            "eventUrl": "https://example.com/reconciler-doctor-probe",
            "startDateTime": start.isoformat().replace("+00:00", "Z"),
            "endDateTime": (start + timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
            "customProperties": (
                [{"name": self.custom_property, "value": "scratch"}] if self.custom_property else []
            ),
        }
        ex = self.call(
            "POST",
            f"{self.client.paths.events}/events/upsert",
            body={"inputs": [item]},
            scope=events_api.WRITE,
        )
        results = _results(ex.body)
        if (ex.status >= 300 and ex.status != 207) or len(results) != 1:
            return fail("marketing events write", f"the scratch event was not created: {ex}"), ex
        self.event_id = str(results[0].get("objectId") or results[0].get("id"))
        return None, ex

    def read_campaign(self, properties: list[str]) -> Exchange:
        return self.call(
            "POST",
            f"{self.client.paths.campaigns}/batch/read",
            params=[("properties", p) for p in properties],
            body={"inputs": [{"id": self.campaign_id}]},
            scope=campaigns_api.READ,
        )

    def read_event(self) -> Exchange:
        return self.call(
            "GET", f"{self.client.paths.events}/{self.event_id}", scope=events_api.READ
        )

    def by_external_id(self) -> Exchange:
        return self.call(
            "GET",
            f"{self.client.paths.events}/events/{self.event_external_id}",
            params={"externalAccountId": PROBE_ACCOUNT},
            scope=events_api.READ,
        )

    def archive_campaign(self) -> Exchange:
        ex = self.call(
            "POST",
            f"{self.client.paths.campaigns}/batch/archive",
            body={"inputs": [{"id": self.campaign_id}]},
            scope=campaigns_api.WRITE,
        )
        self.campaign_archived = True
        return ex

    def cleanup(self) -> list[Check]:
        """Archive what is left; a scratch object that stays is a failure naming it."""
        out: list[Check] = []
        if self.event_id:
            self.call(
                "POST",
                f"{self.client.paths.events}/batch/archive",
                body={"inputs": [{"objectId": self.event_id}]},
                scope=events_api.WRITE,
            )
            if self.read_event().status != 404:
                out.append(fail("cleanup", f"delete the scratch event {self.event_id} by hand"))
        if self.campaign_id:
            if not self.campaign_archived:
                self.archive_campaign()
            if _results(self.read_campaign(["hs_name"]).body):
                out.append(
                    fail("cleanup", f"delete the scratch campaign {self.campaign_id} by hand")
                )
        return out


def _results(body: Any) -> list[dict[str, Any]]:
    items = body.get("results") if isinstance(body, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _props(body: Any) -> dict[str, Any]:
    results = _results(body)
    props = results[0].get("properties") if results else None
    return props if isinstance(props, dict) else {}


def find_custom_property(client: HubSpotClient) -> str | None:
    """A custom event property the portal defines: the first one a listed event carries."""
    try:
        for _, events in events_api.iter_event_pages(client, limit=100):
            for event in events:
                for prop in event.customProperties:
                    if prop.name:
                        return prop.name
            return None
    except HubSpotError:
        return None
    return None
