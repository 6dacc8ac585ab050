"""externalEventIds holding URL syntax (``/``, ``%``, ``?``, ``#``, spaces, dot segments) are
encoded once by the client and routed on the raw path by the sandbox, so they converge: one
apply, then a plan with no changes, in every API version."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from reconciler.hubspot.paths import API_VERSIONS, api_paths, path_segment
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

HOSTILE_IDS = [
    "emea/2026/q3",
    "100% online",
    "what?x=1",
    "launch#day",
    " spaced out ",
    "..",
    ".",
    "a%2Fb",
    "ü/ß",
]
ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"


def _write_manifests(folder: Path) -> None:
    """Only hostile events (JSON is YAML), one of them linked to a campaign."""
    events = [
        {
            "externalAccountId": "acct-1",
            "externalEventId": ext,
            "eventName": f"Event {i}",
            "eventOrganizer": "Example Inc",
        }
        for i, ext in enumerate(HOSTILE_IDS)
    ]
    campaign = {
        "name": "Partner Roadshow",
        "id": ROADSHOW,
        "marketingEvents": [{"externalAccountId": "acct-1", "externalEventId": HOSTILE_IDS[0]}],
    }
    for old in folder.glob("*.yaml"):
        old.unlink()
    (folder / "events.yaml").write_text(json.dumps({"marketingEvents": events}), "utf-8")
    (folder / "campaigns.yaml").write_text(json.dumps({"campaigns": [campaign]}), "utf-8")


@pytest.mark.parametrize("version", API_VERSIONS)
def test_hostile_external_event_ids_converge(
    cli: CLI, portal: SandboxControl, workdir: Path, version: str
) -> None:
    _write_manifests(workdir / "manifests")
    before = portal.stats()["events"]
    first = cli("--api-version", version, "apply", "--auto-approve")
    assert first.code == 0, first.err
    assert portal.stats()["events"] == before + len(HOSTILE_IDS)
    again = cli("--api-version", version, "plan", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert cli("--api-version", version, "apply", "--auto-approve").code == 0
    assert portal.stats()["events"] == before + len(HOSTILE_IDS)  # nothing created twice


@pytest.mark.parametrize("version", API_VERSIONS)
def test_the_sandbox_decodes_each_path_parameter_once(
    sandbox: RunningSandbox, portal: SandboxControl, version: str
) -> None:
    events = api_paths(version).events
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as api:
        for ext in HOSTILE_IDS:
            created = api.post(
                f"{events}/events",
                json={
                    "externalAccountId": "acct-9",
                    "externalEventId": ext,
                    "eventName": "E",
                    "eventOrganizer": "O",
                    "customProperties": [],
                },
            )
            assert created.status_code == 200, (ext, created.text)
            found = api.get(f"{events}/{path_segment(ext)}/identifiers").json()
            assert [r["externalEventId"] for r in found["results"]] == [ext]
            one = api.get(
                f"{events}/events/{path_segment(ext)}", params={"externalAccountId": "acct-9"}
            )
            assert one.status_code == 200 and one.json()["externalEventId"] == ext
        portal.reset("demo")
