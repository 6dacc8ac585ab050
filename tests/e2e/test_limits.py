"""HubSpot's limits, said up front and kept: the event batch size, and the daily request limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
DAILY = {
    "status": "error",
    "message": "You have reached your daily limit.",
    "errorType": "RATE_LIMIT",
    "correlationId": "00000000-0000-4000-8000-000000000000",
    "policyName": "DAILY",
}
UPDATE_AND_LINK = f"""
campaigns:
  - name: Spring Launch 2026
    id: {SPRING}
    properties:
      hs_notes: over the limit
    marketingEvents:
      - objectId: "100002"
"""


@pytest.mark.parametrize("command", ["plan", "apply"])
def test_an_event_batch_size_above_hubspots_limit_is_refused_before_anything_is_sent(
    cli: CLI, portal: SandboxControl, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    approve = ["--auto-approve"] if command == "apply" else []
    flag = cli(command, *approve, "--event-batch-size", "500")
    assert flag.code == 2 and "100" in flag.err, flag.err
    monkeypatch.setenv("RECONCILER_EVENT_BATCH_SIZE", "101")
    env = cli("plan")
    assert env.code == 1 and "RECONCILER_EVENT_BATCH_SIZE" in env.err and "100" in env.err
    assert portal.requests() == []
    monkeypatch.setenv("RECONCILER_EVENT_BATCH_SIZE", "100")
    assert cli("plan").code == 0


def test_after_a_daily_429_apply_sends_nothing_more(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    (workdir / "daily.yaml").write_text(UPDATE_AND_LINK, encoding="utf-8")
    assert "create campaign-event link" in cli("plan", "daily.yaml").out
    portal.answer_next("POST", f"{api_paths().campaigns}/batch/update", 429, body=DAILY)
    portal.clear_requests()
    result = cli("apply", "daily.yaml", "--auto-approve")
    assert result.code == 1
    assert "daily API limit" in result.out and "nothing more" in result.out
    assert "not attempted" in result.out and "campaign-event link" in result.out
    sent = portal.requests()
    limited = next(i for i, r in enumerate(sent) if r.status == 429)
    assert [r.method for r in sent[limited + 1 :]] == []  # the link's PUT never went out
