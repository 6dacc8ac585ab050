"""An interrupted apply finishes its batches in flight and a re-run completes the job; reads
take exactly the list pages the API needs."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reconciler.hubspot import campaigns as campaigns_api
from reconciler.hubspot import events as events_api
from reconciler.hubspot.client import HubSpotClient
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI, TOKEN


def bulk_manifest(sandbox: RunningSandbox, path: Path, audience: str, *, pin_events: bool) -> None:
    with HubSpotClient(sandbox.base_url, "tok") as client:
        campaigns = campaigns_api.list_campaigns(client, ["hs_name"])
        events = events_api.list_events(client)
    path.write_text(
        json.dumps(
            {
                "campaigns": [
                    {"name": c.properties["hs_name"], "properties": {"hs_audience": audience}}
                    for c in campaigns
                ],
                "marketingEvents": [
                    {"objectId": e.objectId, "eventOrganizer": audience}
                    if pin_events
                    else {
                        "externalAccountId": "bulk-acct",
                        "externalEventId": e.externalEventId,
                        "eventOrganizer": audience,
                    }
                    for e in events
                ],
            }
        ),
        encoding="utf-8",
    )


def test_plan_reads_exactly_the_list_pages(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    portal.reset("empty")
    portal.seed_bulk(campaigns=230, events=260)
    bulk_manifest(sandbox, workdir / "bulk.yaml", "Bulk audience", pin_events=True)
    portal.clear_requests()
    result = cli("plan", "bulk.yaml", "--detailed-exitcode")
    assert result.code == 2  # organizers differ; audiences do not
    paths = [r.path for r in portal.requests()]
    assert paths.count("/marketing/campaigns/2026-09") == math.ceil(230 / 100)
    assert paths.count("/marketing/marketing-events/2026-09") == math.ceil(260 / 100)
    assert paths[0] == "/account-info/2026-09/details"  # which portal, first
    assert len(paths) == 1 + 3 + 3  # pinned events need no identity look-ups


def test_unpinned_events_need_one_identifiers_lookup_per_distinct_external_id(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    portal.reset("empty")
    portal.seed_bulk(events=30)
    bulk_manifest(sandbox, workdir / "bulk.yaml", "Bulk Org", pin_events=False)
    portal.clear_requests()
    assert cli("plan", "bulk.yaml", "--detailed-exitcode").code == 0
    paths = [r.path for r in portal.requests()]
    assert paths.count("/marketing/marketing-events/2026-09") == 1
    assert sum(p.endswith("/identifiers") for p in paths) == 30
    assert len(paths) == 1 + 31


def test_event_created_moments_ago_is_found_before_identifiers_knows_it(
    cli: CLI, portal: SandboxControl
) -> None:
    portal.set_faults(identifiers_delay_s=600)
    assert cli("apply", "--auto-approve").code == 0
    again = cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.out  # no duplicate create of acct-1/roadshow-berlin
    assert any(
        r.path.startswith("/marketing/marketing-events/2026-09/events/roadshow-berlin")
        for r in portal.requests()
    )


def test_sigint_finishes_batches_in_flight_and_a_rerun_completes(
    portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    portal.reset("empty")
    portal.seed_bulk(campaigns=1500)  # 30 batches: far more than the 8 apply keeps in flight
    bulk_manifest(sandbox, workdir / "bulk.yaml", "Interrupted", pin_events=True)
    portal.set_faults(latency_ms=300)
    portal.clear_requests()
    env = {
        **os.environ,
        "HUBSPOT_ACCESS_TOKEN": TOKEN,
        "HUBSPOT_BASE_URL": sandbox.base_url,
        "NO_COLOR": "1",
    }
    cmd = [sys.executable, "-m", "reconciler", "apply", "bulk.yaml", "--auto-approve"]
    out_file = (workdir / "apply.out").open("w+", encoding="utf-8")  # a pipe would fill and block
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=out_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not any(r.path.endswith("/batch/update") for r in portal.requests()):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise AssertionError(
                "apply never reached its writes: " + (workdir / "apply.out").read_text()
            )
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    out_file.close()
    out = (workdir / "apply.out").read_text(encoding="utf-8")
    assert proc.returncode == 130, out[-2000:]
    assert "Apply interrupted:" in out and "not attempted" in out
    assert "Traceback" not in out
    updates = [r for r in portal.requests() if r.path.endswith("/batch/update")]
    assert 0 < len(updates) < 30 and all(r.status == 200 for r in updates)

    portal.set_faults(latency_ms=0)
    rerun = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    updated = int(rerun.stdout.split("Apply complete: 0 created, ")[1].split(" updated")[0])
    assert updated == 1500 - 50 * len(updates)
    final = subprocess.run(
        [*cmd[:3], "plan", "bulk.yaml", "--detailed-exitcode"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert final.returncode == 0, final.stdout
