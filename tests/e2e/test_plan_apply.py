"""plan and apply end to end: the real CLI, HTTP to the sandbox, the sandbox's request log."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import jsonschema

from reconciler.apply import Applier
from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient, RetryPolicy
from reconciler.pipeline import load_desired, make_plan
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from reconciler.target import connect
from tests.e2e.conftest import CLI, REPO, TOKEN

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
HOLIDAY = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
FAST = RetryPolicy(attempts=4, timeout=30, wait_scale=0.001)


def writes(control: SandboxControl) -> list[tuple[str, object]]:
    return [(r.path, r.body) for r in control.requests() if r.is_write]


def test_plan_shows_the_demo_diff_and_exits_2_with_detailed_exitcode(cli: CLI) -> None:
    result = cli("plan", "--detailed-exitcode")
    assert result.code == 2, result.err
    assert '~ hs_notes: "Draft copy - check with legal" -> ""' in result.out
    assert '+ create campaign "Black Friday 2026"' in result.out
    assert f'- delete campaign "Holiday Promo 2025" (id {HOLIDAY}' in result.out
    assert '~ eventDescription: "Product launch walkthrough" -> ""' in result.out
    assert "startDateTime" not in result.out.split("acct-1/webinar-42")[1].split("\n\n")[0]
    assert result.out.rstrip().endswith("Plan: 7 to create, 3 to update, 1 to delete, 4 unchanged.")
    assert cli("plan").code == 0


def test_plan_reads_with_list_endpoints_and_writes_nothing(
    cli: CLI, portal: SandboxControl
) -> None:
    cli("plan")
    reqs = portal.requests()
    assert not [r for r in reqs if r.is_write]
    campaign_reads = [r for r in reqs if r.path == "/marketing/campaigns/2026-09"]
    assert len(campaign_reads) == 1
    assert campaign_reads[0].params["limit"] == ["100"]
    assert set(campaign_reads[0].params["properties"]) == {
        "hs_name",
        "hs_start_date",
        "hs_end_date",
        "hs_notes",
        "hs_audience",
        "hs_campaign_status",
        "hs_currency_code",
        "hs_utm",
    }


def test_apply_sends_exactly_the_planned_batches_then_plan_is_empty(
    cli: CLI, portal: SandboxControl
) -> None:
    result = cli("apply", "--auto-approve")
    assert result.code == 0, result.err
    assert "Apply complete: 7 created, 3 updated, 1 deleted, 0 failed." in result.out
    sent = dict(writes(portal))
    new_event = next(o for o in portal.requests() if o.path.endswith("/events/roadshow-berlin"))
    assert new_event.method == "GET"  # read back: upsert answers carry no external ids
    assert sorted(sent) == [
        "/marketing/campaigns/2026-09/3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11/budget",  # 2 items
        "/marketing/campaigns/2026-09/5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b/assets/FORM/b3c1e7d2-5a4f-4e8b-9c6d-2f1a0e9b8c7d",
        "/marketing/campaigns/2026-09/5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b/assets/MARKETING_EVENT/100006",
        "/marketing/campaigns/2026-09/batch/archive",
        "/marketing/campaigns/2026-09/batch/create",
        "/marketing/campaigns/2026-09/batch/update",
        "/marketing/marketing-events/2026-09/associations/100001/lists/501",
        "/marketing/marketing-events/2026-09/batch/update",
        "/marketing/marketing-events/2026-09/events/upsert",
    ]
    assert sent["/marketing/campaigns/2026-09/batch/update"] == {
        "inputs": [
            {
                "id": SPRING,
                "properties": {
                    "hs_end_date": "2026-05-15",
                    "hs_campaign_status": "in_progress",
                    "hs_notes": "",
                },
            }
        ]
    }
    assert sent["/marketing/campaigns/2026-09/batch/archive"] == {"inputs": [{"id": HOLIDAY}]}
    event_updates = sent["/marketing/marketing-events/2026-09/batch/update"]
    assert isinstance(event_updates, dict)
    assert sorted(event_updates["inputs"], key=lambda i: i["objectId"]) == [
        {
            "objectId": "100001",
            "eventName": "Launch webinar: Spring 2026",
            "eventDescription": "",
            "customProperties": [],
        },
        {"objectId": "100003", "eventUrl": "https://example.com/meetup", "customProperties": []},
    ]
    created = sent["/marketing/campaigns/2026-09/batch/create"]
    assert created == {
        "inputs": [
            {
                "properties": {
                    "hs_name": "Black Friday 2026",
                    "hs_start_date": "2026-11-20",
                    "hs_end_date": "2026-11-30",
                    "hs_audience": "Existing customers",
                    "hs_campaign_status": "planned",
                }
            }
        ]
    }
    portal.clear_requests()
    again = cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.out
    assert "No changes." in again.out


def test_unmanaged_properties_survive_apply(cli: CLI, sandbox: RunningSandbox) -> None:
    assert cli("apply", "--auto-approve").code == 0
    got = httpx.get(
        f"{sandbox.base_url}/marketing/campaigns/2026-09/{SPRING}",
        params={"properties": "hs_color_hex,hs_owner,hs_notes"},
    ).json()
    assert got["properties"] == {"hs_color_hex": "#ff7a59", "hs_owner": "73461"}


def test_apply_without_a_tty_needs_auto_approve_and_sends_nothing(
    cli: CLI, portal: SandboxControl
) -> None:
    result = cli("apply")
    assert result.code == 1
    assert "--auto-approve" in result.err
    assert writes(portal) == []


def write_manifest(
    path: Path, campaigns: list[dict[str, object]], events: list[dict[str, object]]
) -> None:
    path.write_text(
        json.dumps({"campaigns": campaigns, "marketingEvents": events}), encoding="utf-8"
    )


def test_batches_are_chunked_to_the_limits(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    portal.reset("empty")
    portal.define_event_properties("region")
    portal.seed_bulk(campaigns=120, events=100)
    with HubSpotClient(sandbox.base_url, "tok") as client:
        campaigns = campaigns_api.list_campaigns(client, ["hs_name"])
        events = events_api.list_events(client)
    write_manifest(
        workdir / "big.yaml",
        [
            {"name": c.properties["hs_name"], "properties": {"hs_audience": "Changed audience"}}
            for c in campaigns
        ],
        [{"objectId": e.objectId, "eventOrganizer": "Changed Org"} for e in events],
    )
    portal.clear_requests()
    result = cli("apply", "big.yaml", "--auto-approve", "--event-batch-size", "40")
    assert result.code == 0, result.out + result.err

    def sizes(path: str) -> list[int]:
        return sorted(len(r.body["inputs"]) for r in portal.requests() if r.path == path)

    assert sizes("/marketing/campaigns/2026-09/batch/update") == [20, 50, 50]
    assert sizes("/marketing/marketing-events/2026-09/batch/update") == [20, 40, 40]
    assert [r.path for r in portal.requests() if r.is_write and "batch/update" not in r.path] == []
    assert cli("plan", "big.yaml", "--detailed-exitcode").code == 0


def test_a_429_on_a_batch_is_retried_and_apply_succeeds(cli: CLI, portal: SandboxControl) -> None:
    portal.set_faults(rate_limit_next=3)
    result = cli("apply", "--auto-approve")
    assert result.code == 0, result.err
    assert [r.status for r in portal.requests()].count(429) == 3
    assert cli("plan", "--detailed-exitcode").code == 0


def test_a_207_failure_names_the_event_applies_the_rest_and_exits_1(
    cli: CLI, portal: SandboxControl
) -> None:
    portal.set_faults(fail_ids=["100003"])
    result = cli("apply", "--auto-approve")
    assert result.code == 1
    assert 'failed: marketing event "100003"' in result.out
    assert 'updated: marketing event "acct-1/webinar-42"' in result.out
    assert "1 failed." in result.out
    portal.clear_faults()
    rest = cli("plan")
    assert "Plan: 0 to create, 1 to update, 0 to delete" in rest.out
    assert '"100003"' in rest.out


def test_undefined_custom_property_is_reported_not_left_as_drift(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    events = workdir / "manifests" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            "region: NA", "region: NA\n      budget_code: X-1"
        ),
        encoding="utf-8",
    )
    result = cli("apply", "--auto-approve")
    assert result.code == 1
    assert "customProperties.budget_code" in result.out and "not defined" in result.out


def test_saved_plan_is_applied_as_reviewed(cli: CLI, portal: SandboxControl, workdir: Path) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    saved = (workdir / "plan.json").read_text(encoding="utf-8")
    assert TOKEN not in saved and '"live_values"' in saved
    shown = cli("show", "plan.json")
    assert shown.code == 0 and "Plan: 7 to create" in shown.out
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code == 0, applied.err
    assert cli("plan", "--detailed-exitcode").code == 0


def test_saved_plan_is_refused_after_someone_changed_a_managed_field(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    httpx.patch(
        f"{sandbox.base_url}/marketing/campaigns/2026-09/{SPRING}",
        json={"properties": {"hs_end_date": "2026-06-01"}},
    ).raise_for_status()
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json")
    assert result.code == 1
    assert 'campaign "Spring Launch 2026"' in result.err and "hs_end_date" in result.err
    assert writes(portal) == []


def test_saved_plan_survives_a_change_to_an_unmanaged_field(
    cli: CLI, sandbox: RunningSandbox
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    httpx.patch(
        f"{sandbox.base_url}/marketing/campaigns/2026-09/{SPRING}",
        json={"properties": {"hs_utm": "someone-else"}},
    ).raise_for_status()
    assert cli("apply", "--plan", "plan.json").code == 0


def test_saved_plan_for_another_portal_is_refused(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    data = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    data["target"]["portal_id"] = 87654321
    (workdir / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json")
    assert result.code == 1
    assert "made for HubSpot portal 87654321" in result.err
    assert "not HubSpot portal 12345678" in result.err
    assert [r.method for r in portal.requests()] == ["GET"]  # only: which portal is this?


def test_saved_plan_ignores_the_base_url_spelling(cli: CLI, workdir: Path) -> None:
    """The portal id is the identity: a proxy or another spelling of the URL is no reason."""
    assert cli("plan", "--out", "plan.json").code == 0
    data = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    data["target"]["base_url"] = "https://api.hubapi.com"
    (workdir / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    assert cli("apply", "--plan", "plan.json").code == 0


def test_a_create_whose_answer_was_lost_is_not_duplicated(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox
) -> None:
    with connect() as conn:
        plan = make_plan(conn, load_desired([Path("manifests")], ["Black Friday 2026"]))
    # HubSpot creates the campaign but the answer never arrives (slower than the timeout).
    portal.set_faults(slow_seconds=0.6, slow_count=1)
    portal.clear_requests()
    with HubSpotClient(sandbox.base_url, TOKEN, timeout=0.3, retry=FAST) as client:
        result = Applier(client).run(plan)
    (outcome,) = result.outcomes
    paths = [r.path for r in portal.requests()]
    assert "/marketing/campaigns/2026-09" in paths  # read back by name instead of retrying
    if outcome.status == "failed":  # read back before HubSpot finished: say so, exit 1
        assert "run apply again" in (outcome.message or "")
    deadline = time.monotonic() + 5
    while "/marketing/campaigns/2026-09/batch/create" not in [r.path for r in portal.requests()]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    again = cli("apply", "--auto-approve", "--target", "Black Friday 2026")
    assert again.code == 0, again.out
    creates = [
        r for r in portal.requests() if r.path == "/marketing/campaigns/2026-09/batch/create"
    ]
    assert len(creates) == 1  # never sent twice
    with HubSpotClient(sandbox.base_url, TOKEN) as client:
        names = [
            c.properties.get("hs_name") for c in campaigns_api.list_campaigns(client, ["hs_name"])
        ]
    assert names.count("Black Friday 2026") == 1


def test_target_limits_plan_and_apply(cli: CLI, portal: SandboxControl) -> None:
    result = cli("plan", "--target", "Spring Launch 2026", "--target", "acct-1/webinar-42")
    assert "Plan: 1 to create, 2 to update, 0 to delete, 0 unchanged." in result.out
    bad = cli("plan", "--target", "Sprint Launch 2026")
    assert bad.code == 1 and 'did you mean "Spring Launch 2026"' in bad.err


def test_the_token_appears_in_no_output_file_or_error(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    outputs = [
        cli("--verbose", "plan", "--out", "p.json"),
        cli("--verbose", "plan", "--format", "json"),
        cli("--verbose", "apply", "--auto-approve", "--format", "json"),
    ]
    portal.set_faults(token="another-token")
    outputs.append(cli("--verbose", "plan"))
    assert outputs[-1].code == 1 and "401" in outputs[-1].err
    for result in outputs:
        assert TOKEN not in result.out and TOKEN not in result.err
    assert "GET /marketing/campaigns/2026-09" in outputs[0].err  # --verbose logs requests
    assert TOKEN not in (workdir / "p.json").read_text(encoding="utf-8")


def test_json_plan_goes_alone_to_stdout_and_matches_its_schema(cli: CLI) -> None:
    result = cli("plan", "--format", "json")
    data = json.loads(result.out)
    schema = json.loads((REPO / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["format_version"] == 1
    assert data["summary"] == {"create": 7, "update": 3, "delete": 1, "unchanged": 4}
    assert data["target"]["kind"] == "hubspot"
    assert "Target:" in result.err
    change = next(c for c in data["changes"] if c["key"] == "Spring Launch 2026")
    assert change["source"] == "manifests/campaigns.yaml:9" or change["source"].startswith(
        "manifests/campaigns.yaml:"
    )
    assert {"field": "hs_notes", "before": "Draft copy - check with legal", "after": ""} in change[
        "fields"
    ]
