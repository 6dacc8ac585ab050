"""A stateful property against the sandbox: whatever mix of manifest edits, changes made in
HubSpot by someone else, and transient faults comes first, one apply makes the portal match
the manifests, the next plan is empty, and fields the manifests do not name never move."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from reconciler.apply import Applier
from reconciler.hubspot.client import HubSpotClient, RetryPolicy
from reconciler.pipeline import load_desired, make_plan, settle_heap
from reconciler.plan import Target
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from reconciler.target import Connection

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
CAMPAIGNS = ["Spring Launch 2026", "Summer Webinar Series", "New Campaign A", "New Campaign B"]
PROPS = ["hs_notes", "hs_audience", "hs_utm"]
VALUES = ["", "Developers", "Partners", "5", "note: x"]
EVENTS = ["webinar-42", "conf-2026", "new-event-1"]
EVENT_FIELDS = {"eventDescription": ["", "About it", "Other"], "eventUrl": ["", "https://e.x/1"]}


class Convergence(RuleBasedStateMachine):
    def __init__(self, sandbox: RunningSandbox, control: SandboxControl, folder: Path) -> None:
        super().__init__()
        control.reset("demo")
        control.clear_faults()
        self.sandbox, self.control, self.folder = sandbox, control, folder
        self.campaigns: dict[str, dict[str, str]] = {}
        self.events: dict[str, dict[str, str]] = {}
        self.applied = True
        self.client = HubSpotClient(
            sandbox.base_url, "t", retry=RetryPolicy(attempts=5, timeout=30, wait_scale=0.001)
        )
        self.conn = Connection(Target(kind="hubspot", base_url=sandbox.base_url), self.client)

    def teardown(self) -> None:
        try:
            if not self.applied:  # every run ends converged, however its steps were drawn
                self.apply()
        finally:
            self.client.close()

    @rule(
        name=st.sampled_from(CAMPAIGNS), prop=st.sampled_from(PROPS), value=st.sampled_from(VALUES)
    )
    def edit_campaign(self, name: str, prop: str, value: str) -> None:
        self.campaigns.setdefault(name, {})[prop] = value
        self.applied = False

    @rule(ext=st.sampled_from(EVENTS), data=st.data())
    def edit_event(self, ext: str, data: Any) -> None:
        field = data.draw(st.sampled_from(sorted(EVENT_FIELDS)))
        self.events.setdefault(ext, {})[field] = data.draw(st.sampled_from(EVENT_FIELDS[field]))
        self.applied = False

    @rule(value=st.sampled_from(VALUES))
    def someone_edits_spring_in_hubspot(self, value: str) -> None:
        httpx.patch(
            f"{self.sandbox.base_url}/marketing/campaigns/2026-09/{SPRING}",
            json={"properties": {"hs_audience": value}},
        ).raise_for_status()
        self.applied = False

    @rule(kind=st.sampled_from(["429", "502"]))
    def a_transient_fault(self, kind: str) -> None:
        if kind == "429":
            self.control.set_faults(rate_limit_next=1)
        else:
            self.control.set_faults(error_status=502, error_count=1)

    def write_manifests(self) -> None:
        campaigns = [{"name": n, "properties": p} for n, p in self.campaigns.items()]
        events = []
        for ext, fields in self.events.items():
            event: dict[str, Any] = {
                "externalAccountId": "acct-1",
                "externalEventId": ext,
                **fields,
            }
            if ext.startswith("new-"):
                event.update(eventName="New event", eventOrganizer="Example Inc")
            events.append(event)
        (self.folder / "m.yaml").write_text(
            json.dumps({"campaigns": campaigns, "marketingEvents": events}), encoding="utf-8"
        )

    @rule()
    def apply(self) -> None:
        self.write_manifests()
        desired = load_desired([self.folder])
        result = Applier(self.client).run(make_plan(self.conn, desired, save_live_values=False))
        assert result.ok, [o for o in result.outcomes if o.status != "applied"]
        again = make_plan(self.conn, desired, save_live_values=False)
        assert again.changes == [], again.changes
        self.applied = True

    @invariant()
    def unmanaged_fields_never_move(self) -> None:
        # Through the retrying client: a fault injected for the next request may hit this read.
        got = self.client.request(
            "GET",
            f"/marketing/campaigns/2026-09/{SPRING}",
            scope="read",
            params={"properties": "hs_color_hex,hs_owner"},
        ).json()
        assert got["properties"] == {"hs_color_hex": "#ff7a59", "hs_owner": "73461"}


def test_apply_always_converges(
    sandbox: RunningSandbox, control: SandboxControl, tmp_path: Path
) -> None:
    settle_heap()  # as the CLI does; also keeps this test's many small plans cheap

    class OnThisSandbox(Convergence):
        """Hypothesis builds each machine with no arguments."""

        def __init__(self) -> None:
            super().__init__(sandbox, control, tmp_path)

    run_state_machine_as_test(
        OnThisSandbox,
        settings=settings(max_examples=12, stateful_step_count=8, deadline=None),
    )
