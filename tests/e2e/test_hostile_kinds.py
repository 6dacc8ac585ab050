"""Asset ids and list ids holding URL syntax, line breaks or controls are encoded once by the
client and routed on the raw path by the sandbox: one apply, then no changes, in every API
version; and the text of every new kind, hostile in the manifest and on the portal, is shown
escaped by plan, apply and import in every format."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from reconciler.hubspot.paths import API_VERSIONS, api_paths
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI
from tests.e2e.hostile import PAYLOADS, yaml_quoted
from tests.e2e.test_hostile_text import Outputs

ROADSHOW = "5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b"
IDS = ["a/b", "100% x", "q?x=1", "h#1", "..", ".", "line\nbreak", "cr\rtab\t", "a%2Fb", "x\u2028y"]


def _write_members(folder: Path, ids: list[str]) -> None:
    for old in folder.glob("*.yaml"):
        old.unlink()
    document = {
        "campaigns": [{"name": "Partner Roadshow", "id": ROADSHOW, "assets": {"FORM": ids}}],
        "marketingEvents": [
            {"externalAccountId": "acct-1", "externalEventId": "webinar-42", "lists": ids}
        ],
    }
    (folder / "members.yaml").write_text(json.dumps(document), "utf-8")


@pytest.mark.parametrize("version", API_VERSIONS)
def test_hostile_asset_and_list_ids_converge(
    cli: CLI, portal: SandboxControl, workdir: Path, version: str
) -> None:
    portal.define_lists(*((list_id, f"List {i}") for i, list_id in enumerate(IDS)))
    _write_members(workdir / "manifests", IDS)
    first = cli("--api-version", version, "apply", "--auto-approve")
    assert first.code == 0, first.out + first.err
    assert first.out.count("linked: ") == 2 * len(IDS), first.out
    again = cli("--api-version", version, "plan", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err


SUMMER = "3f0c2a51-7d3e-4b7a-9a51-2f6b1c0d9e11"


def _hostile_manifest(payload: str) -> str:
    text = yaml_quoted(payload)
    return (
        "campaigns:\n  - name: Summer Webinar Series\n    budgetExclusive: true\n"
        f"    budget:\n      - name: {text}\n        amount: 10\n        description: {text}\n"
        f"    spend:\n      - name: {text}\n        amount: 1\n"
        f"  - name: Partner Roadshow\n    id: {ROADSHOW}\n    assetsExclusive: true\n"
        f"    assets: {{FORM: [{text}]}}\n"
        "marketingEvents:\n  - externalAccountId: acct-1\n    externalEventId: webinar-42\n"
        f"    listsExclusive: true\n    lists: [{text}]\n"
    )


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def payload(request: pytest.FixtureRequest) -> str:
    return PAYLOADS[request.param]


def test_hostile_items_assets_and_lists_are_escaped_in_every_output(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path, payload: str
) -> None:
    """The payload as a manifest's item names, descriptions, asset and list ids, and as what
    the portal holds (an item, an asset and a list the exclusive manifest removes)."""
    gone = payload + " gone"
    portal.define_lists((payload, payload), (gone, gone))
    paths = api_paths()
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as api:
        for answer in (
            api.post(
                f"{paths.campaigns}/{SUMMER}/budget", json={"name": gone, "amount": 5, "order": 9}
            ),
            api.put(paths.asset(ROADSHOW, "FORM", gone)),
            api.put(paths.event_list("100001", gone)),
        ):
            answer.raise_for_status()
    (workdir / "h.yaml").write_text(_hostile_manifest(payload), encoding="utf-8")
    runs = Outputs(cli, payload)
    plan = runs.run("plan", "h.yaml")
    assert plan.out.count("HOSTILE") >= 8, plan.out  # 4 created, 3 removed, the spend item
    runs.run("plan", "h.yaml", "--format", "markdown", out="markdown")
    runs.run("plan", "h.yaml", "--format", "json", out="json")
    applied = runs.run("apply", "h.yaml", "--auto-approve")
    assert "failed" not in applied.out.split("Apply complete")[0], applied.out
    kinds = ("campaignBudgetItem", "campaignSpendItem", "campaignAsset", "marketingEventList")
    runs.run("import", "--out", "imported", *(f"--kind={kind}" for kind in kinds))
    assert runs.run("plan", "imported", "--detailed-exitcode").code == 0
