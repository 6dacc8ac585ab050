"""Starting, stopping, persistence, concurrency and the ``reconciler sandbox`` commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from reconciler.sandbox.cli import sandbox_app
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import default_db_path, start_sandbox

from .helpers import CAMPAIGNS, DEMO_CAMPAIGN_IDS, EVENTS, all_campaigns


def test_first_use_seeds_the_demo_portal_and_later_starts_keep_state(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "sandbox.db"
    started = time.perf_counter()
    with start_sandbox(db) as running:
        assert time.perf_counter() - started < 0.5
        assert running.db_path == db and running.base_url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=running.base_url) as api:
            assert {c["id"] for c in all_campaigns(api)} == DEMO_CAMPAIGN_IDS
            SandboxControl(running.base_url).reset("empty")
    with start_sandbox(db) as running, httpx.Client(base_url=running.base_url) as api:
        assert api.get(CAMPAIGNS).json()["total"] == 0  # not seeded again


def test_two_sandboxes_get_different_free_ports(tmp_path: Path) -> None:
    with start_sandbox(tmp_path / "a.db") as a, start_sandbox(tmp_path / "b.db") as b:
        assert a.base_url != b.base_url


def test_restarting_serve_with_the_same_db_keeps_every_object(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"

    def serve() -> tuple[subprocess.Popen[str], str]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reconciler",
                "sandbox",
                "serve",
                "--port",
                "0",
                "--db",
                str(db),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, line
        return proc, match.group(0)

    proc, url = serve()
    try:
        with httpx.Client(base_url=url) as api:
            api.post(
                f"{CAMPAIGNS}/batch/create", json={"inputs": [{"properties": {"hs_name": "Kept"}}]}
            )
            api.post(
                f"{EVENTS}/events",
                json={
                    "externalAccountId": "a",
                    "externalEventId": "kept",
                    "eventName": "Kept event",
                    "eventOrganizer": "o",
                    "customProperties": [{"name": "region", "value": "EMEA"}],
                },
            )
            before = (
                api.get(CAMPAIGNS, params={"limit": 100}).json(),
                api.get(EVENTS + "/", params={"limit": 100}).json(),
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    proc, url = serve()
    try:
        with httpx.Client(base_url=url) as api:
            after = (
                api.get(CAMPAIGNS, params={"limit": 100}).json(),
                api.get(EVENTS + "/", params={"limit": 100}).json(),
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert after == before
    assert before[0]["total"] == 8 and len(before[1]["results"]) == 6


def test_concurrent_batch_updates_lose_nothing(sandbox: object, portal: SandboxControl) -> None:
    """Two clients update different properties of the same objects at once; both survive."""
    portal.reset("empty")
    portal.seed_bulk(campaigns=50, events=50)
    base = portal.base_url
    with httpx.Client(base_url=base) as api:
        ids = [c["id"] for c in all_campaigns(api)]
        oids = [
            e["objectId"] for e in api.get(EVENTS + "/", params={"limit": 100}).json()["results"]
        ]
    rounds = 15
    failures: list[str] = []

    def writer(prop: str, custom: str, field: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as api:
            for r in range(rounds):
                c = api.post(
                    f"{CAMPAIGNS}/batch/update",
                    json={"inputs": [{"id": i, "properties": {prop: f"{prop}-{r}"}} for i in ids]},
                )
                e = api.post(
                    f"{EVENTS}/batch/update",
                    json={
                        "inputs": [
                            {
                                "objectId": o,
                                field: f"{field}-{r}",
                                "customProperties": [{"name": custom, "value": f"{custom}-{r}"}],
                            }
                            for o in oids
                        ]
                    },
                )
                if c.status_code != 200 or e.status_code != 200:
                    failures.append(f"{c.status_code} {e.status_code}")

    portal.define_event_properties("region", "track")
    threads = [
        threading.Thread(target=writer, args=("hs_notes", "region", "eventDescription")),
        threading.Thread(target=writer, args=("hs_audience", "track", "eventUrl")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    last = rounds - 1
    with httpx.Client(base_url=base) as api:
        for c in all_campaigns(api, "hs_notes", "hs_audience"):
            assert c["properties"] == {
                "hs_notes": f"hs_notes-{last}",
                "hs_audience": f"hs_audience-{last}",
            }
        for e in api.get(EVENTS + "/", params={"limit": 100}).json()["results"]:
            assert e["eventDescription"] == f"eventDescription-{last}"
            assert e["eventUrl"] == f"eventUrl-{last}"
            assert {p["name"]: p["value"] for p in e["customProperties"]} == {
                "region": f"region-{last}",
                "track": f"track-{last}",
            }


def test_cli_reset_reseeds_and_empties(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(sandbox_app, ["reset", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with start_sandbox(db) as running, httpx.Client(base_url=running.base_url) as api:
        assert api.get(CAMPAIGNS).json()["total"] == 7
    assert runner.invoke(sandbox_app, ["reset", "--db", str(db), "--empty"]).exit_code == 0
    with start_sandbox(db) as running, httpx.Client(base_url=running.base_url) as api:
        assert api.get(CAMPAIGNS).json()["total"] == 0


def test_default_db_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECONCILER_SANDBOX_DB", raising=False)
    assert default_db_path() == Path(".reconciler/sandbox.db")
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", os.fspath(Path("/tmp/x.db")))
    assert default_db_path() == Path("/tmp/x.db")


def test_token_and_rate_limit_from_start_options(tmp_path: Path) -> None:
    with start_sandbox(tmp_path / "t.db", token="tok", rate_limit=2) as running:
        with httpx.Client(base_url=running.base_url) as api:
            assert api.get(CAMPAIGNS).status_code == 401
            auth = {"Authorization": "Bearer tok"}
            assert [api.get(CAMPAIGNS, headers=auth).status_code for _ in range(3)] == [
                200,
                200,
                429,
            ]
        control = SandboxControl(running.base_url, token="tok")
        control.set_faults(rate_limit=None, token=None)
        with httpx.Client(base_url=running.base_url) as api:
            assert api.get(CAMPAIGNS).status_code == 200
        assert control.clear_faults()["rate_limit"] == 2  # back to the start options
