"""One folder for two portals, reached by importing each portal into it (the new user's way):
``import --portal staging`` then ``import --portal production`` into the same folder must give
manifests that validate and plan "No changes" for both, without hand-editing; an object a
portal leaves out (``portals: [...]``) is neither created, updated, deleted nor counted there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

Portals = tuple[RunningSandbox, RunningSandbox]
OUT = ["--out", "portal-manifests"]
EVENTS = "/marketing/v3/marketing-events"


def _post(sandbox: RunningSandbox, path: str, body: dict[str, Any]) -> Any:
    answer = httpx.post(
        f"{sandbox.base_url}{path}", headers={"Authorization": "Bearer tp"}, json=body
    )
    assert answer.status_code < 300, answer.text
    return answer.json()


def _production(sandbox: RunningSandbox) -> dict[str, str]:
    """Production holds a few of staging's objects (other ids, some other values), one
    "Q3 Nurture" (staging has two) and a campaign of its own."""
    with SandboxControl(sandbox.base_url, token="tp") as control:
        control.reset("empty")
    inputs = [
        {"properties": {"hs_name": "Spring Launch 2026", "hs_notes": "Production copy"}},
        {"properties": {"hs_name": "Q3 Nurture"}},
        {"properties": {"hs_name": "EMEA Push", "hs_audience": "EMEA"}},
    ]
    made = _post(sandbox, "/marketing/v3/campaigns/batch/create", {"inputs": inputs})
    ids = {r["properties"]["hs_name"]: str(r["id"]) for r in made["results"]}
    event = {
        "externalAccountId": "acct-1",
        "externalEventId": "webinar-42",
        "eventName": "Launch webinar",
        "eventOrganizer": "Example Inc",
        "eventDescription": "Production walkthrough",
        "customProperties": [],
    }
    upserted = _post(sandbox, f"{EVENTS}/events/upsert", {"inputs": [event]})
    ids["webinar-42"] = str(upserted["results"][0]["objectId"])
    return ids


def _entries(workdir: Path, file: str, key: str) -> list[dict[str, Any]]:
    data = YAML(typ="safe").load((workdir / "portal-manifests" / file).read_text("utf-8"))
    entries: list[dict[str, Any]] = data[key]
    return entries


def _import_both(cli: CLI, portals: Portals) -> dict[str, str]:
    ids = _production(portals[1])
    for name in ("staging", "production"):
        result = cli("import", "--portal", name, *OUT)
        assert result.code == 0, result.out + result.err
        assert "does not validate" not in result.out, result.out
    return ids


def test_importing_each_portal_into_one_folder_gives_manifests_valid_for_both(
    cli: CLI, workdir: Path, two_portals: Portals
) -> None:
    ids = _import_both(cli, two_portals)
    assert cli("validate").code == 0
    each = cli("plan", "--all-portals", "--detailed-exitcode", "--format", "json")
    assert each.code == 0, each.out + each.err
    campaigns = _entries(workdir, "campaigns.yaml", "campaigns")
    # a campaign both portals hold is one entry: both ids pinned, the differing value per portal
    (spring,) = [c for c in campaigns if c["name"] == "Spring Launch 2026"]
    assert spring["id"]["production"] == ids["Spring Launch 2026"] and "staging" in spring["id"]
    assert "portals" not in spring  # managed in every portal
    assert spring["properties"]["hs_notes"]["production"] == "Production copy"
    assert spring["properties"]["hs_notes"]["staging"] != "Production copy"
    # staging's two "Q3 Nurture" cannot say which is production's: production gets its own
    nurture = [c for c in campaigns if c["name"] == "Q3 Nurture"]
    assert sorted(str(c.get("portals")) for c in nurture) == [
        "['production']",
        "['staging']",
        "['staging']",
    ]
    (emea,) = [c for c in campaigns if c["name"] == "EMEA Push"]
    assert emea["portals"] == ["production"] and emea["id"] == {"production": ids["EMEA Push"]}
    events = _entries(workdir, "marketing-events.yaml", "marketingEvents")
    # the UI event (no external ids) is staging's alone; webinar-42 is shared by both portals
    (meetup,) = [e for e in events if e["eventName"] == "Customer meetup"]
    assert meetup["portals"] == ["staging"] and "externalEventId" not in meetup
    (webinar,) = [
        e
        for e in events
        if e.get("externalAccountId") == "acct-1" and e.get("externalEventId") == "webinar-42"
    ]
    assert webinar["objectId"]["production"] == ids["webinar-42"] and "portals" not in webinar
    assert webinar["eventDescription"]["production"] == "Production walkthrough"
    # importing either portal again changes nothing: the folder is where both imports meet
    before = {p.name: p.read_text("utf-8") for p in (workdir / "portal-manifests").iterdir()}
    for name in ("staging", "production"):
        assert cli("import", "--portal", name, *OUT).code == 0
    after = {p.name: p.read_text("utf-8") for p in (workdir / "portal-manifests").iterdir()}
    assert after == before


def test_the_merged_folder_applies_to_each_portal_and_then_plans_no_changes(
    cli: CLI, workdir: Path, two_portals: Portals
) -> None:
    ids = _import_both(cli, two_portals)
    path = workdir / "portal-manifests" / "campaigns.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text("utf-8"))
    (spring,) = [c for c in data["campaigns"] if c["name"] == "Spring Launch 2026"]
    spring["properties"]["hs_utm"] = "spring-2026"  # shared: both portals get it
    (emea,) = [c for c in data["campaigns"] if c["name"] == "EMEA Push"]
    emea["properties"]["hs_audience"] = "Everyone"  # production's alone
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    plans = json.loads(cli("plan", "--all-portals", "--format", "json").out)["portals"]
    changed = {name: {c["key"] for c in plans[name]["changes"]} for name in plans}
    assert changed == {
        "staging": {"Spring Launch 2026"},
        "production": {"Spring Launch 2026", "EMEA Push"},
    }
    with SandboxControl(two_portals[1].base_url, token="tp") as control:
        control.clear_requests()
        assert cli("apply", "--portal", "production", "--auto-approve").code == 0
        sent = [r.path for r in control.requests() if r.method != "GET"]
    writes = [path for path in sent if not path.endswith("/batch/read")]
    assert writes == ["/marketing/campaigns/2026-09/batch/update"]  # nothing staging's
    assert cli("apply", "--portal", "staging", "--auto-approve").code == 0
    assert cli("plan", "--all-portals", "--detailed-exitcode").code == 0
    answer = httpx.get(
        f"{two_portals[1].base_url}/marketing/v3/campaigns/{ids['Spring Launch 2026']}",
        headers={"Authorization": "Bearer tp"},
        params={"properties": ["hs_utm", "hs_notes"]},
    )
    assert answer.json()["properties"] == {"hs_utm": "spring-2026", "hs_notes": "Production copy"}


def _write(workdir: Path, text: str) -> Path:
    folder = workdir / "portal-manifests"
    folder.mkdir(exist_ok=True)
    path = folder / "campaigns.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_portal_the_object_leaves_out_neither_creates_deletes_nor_counts_it(
    cli: CLI, workdir: Path, two_portals: Portals
) -> None:
    ids = _production(two_portals[1])
    _write(
        workdir,
        "campaigns:\n"
        "  - name: Only Staging\n    portals: [staging]\n"
        f"  - name: EMEA Push\n    id: {ids['EMEA Push']}\n    portals: [staging]\n"
        "    state: absent\n",  # a scalar id, but staging's: production never reads it
    )
    plans = json.loads(cli("plan", "--all-portals", "--format", "json").out)["portals"]
    assert plans["production"]["changes"] == []
    assert sum(plans["production"]["summary"].values()) == 0  # not even "unchanged"
    assert [(c["key"], c["action"]) for c in plans["staging"]["changes"]] == [
        ("Only Staging", "create")
    ]
    assert cli("apply", "--portal", "production", "--auto-approve").code == 0
    assert cli("apply", "--portal", "staging", "--auto-approve").code == 0
    answer = httpx.get(
        f"{two_portals[1].base_url}/marketing/v3/campaigns",
        headers={"Authorization": "Bearer tp"},
        params={"properties": ["hs_name"]},
    )
    names = sorted(c["properties"]["hs_name"] for c in answer.json()["results"])
    assert names == ["EMEA Push", "Q3 Nurture", "Spring Launch 2026"]  # none created, none gone
    assert cli("plan", "--all-portals", "--detailed-exitcode").code == 0


def test_portals_names_only_known_portals_at_its_line(
    cli: CLI, workdir: Path, two_portals: Portals
) -> None:
    _write(
        workdir,
        "campaigns:\n  - name: A\n    portals: [stagin]\n  - name: B\n    portals: staging\n",
    )
    result = cli("validate")
    assert result.code == 1
    assert "campaigns.yaml:3:5" in result.out and 'did you mean "staging"' in result.out
    assert "campaigns.yaml:5:5" in result.out and "must be a list of portal names" in result.out
    (workdir / "reconciler.yaml").unlink()
    result = cli("validate", "portal-manifests")
    assert result.code == 1 and "no reconciler.yaml was found" in result.out


def test_two_objects_one_portal_cannot_tell_apart_name_both_lines_and_the_portal(
    cli: CLI, workdir: Path, two_portals: Portals
) -> None:
    """The walkthrough's folder before the fix: two "Q3 Nurture" pinned for staging only."""
    _write(
        workdir,
        "campaigns:\n  - name: Q3 Nurture\n    id: {staging: a}\n"
        "  - name: Q3 Nurture\n    id: {staging: b}\n",
    )
    result = cli("validate")
    assert result.code == 1
    (line,) = [x for x in result.out.splitlines() if "declared twice" in x]
    assert line.startswith("portal-manifests/campaigns.yaml:4:5") and "campaigns.yaml:2:5" in line
    assert "in portal 'production'" in line and "`portals:`" in line
    path = workdir / "portal-manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace("}\n", "}\n    portals: [staging]\n"))
    assert cli("validate").code == 0
