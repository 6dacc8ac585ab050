"""Campaign <-> marketing-event links end to end: plan, apply (PUT/DELETE only as needed), re-plan."""

from __future__ import annotations

from pathlib import Path

import httpx

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
ASSETS = f"/marketing/campaigns/2026-09/{SPRING}/assets/MARKETING_EVENT"

LINKS = """
campaigns:
  - name: Spring Launch 2026
    id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8
    marketingEvents:
      - externalAccountId: acct-1
        externalEventId: webinar-42
      - externalAccountId: acct-1
        externalEventId: launch-party
      - objectId: "100003"
marketingEvents:
  - externalAccountId: acct-1
    externalEventId: launch-party
    eventName: Launch party
    eventOrganizer: Example Inc
    startDateTime: 2026-03-20T18:00:00Z
    endDateTime: 2026-03-20T22:00:00Z
"""


def linked(sandbox: RunningSandbox) -> list[str]:
    answer = httpx.post(
        f"{sandbox.base_url}/marketing/campaigns/2026-09/batch/read",
        json={"inputs": [{"id": SPRING}]},
    ).json()
    section = answer["results"][0]["assets"].get("MARKETING_EVENT", {})
    return sorted(a["id"] for a in section.get("results", []))


def test_links_are_planned_applied_and_then_unchanged(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    httpx.put(f"{sandbox.base_url}{ASSETS}/100002").raise_for_status()  # linked in the UI
    (workdir / "links.yaml").write_text(LINKS, encoding="utf-8")
    plan = cli("plan", "links.yaml")
    assert plan.code == 0, plan.err
    assert '+ create campaign-event link "Spring Launch 2026 -> acct-1/webinar-42"' in plan.out
    assert '"Spring Launch 2026 -> acct-1/launch-party"' in plan.out
    assert "Plan: 4 to create, 0 to update, 0 to delete" in plan.out
    portal.clear_requests()
    applied = cli("apply", "links.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    writes = [(r.method, r.path) for r in portal.requests() if r.is_write]
    assert writes.index(("POST", "/marketing/marketing-events/2026-09/events/upsert")) < min(
        i for i, (m, _) in enumerate(writes) if m == "PUT"
    )  # the link to the new event comes after its create
    puts = sorted(p.rsplit("/", 1)[1] for m, p in writes if m == "PUT")
    assert len(puts) == 3 and {"100001", "100003"} <= set(puts)
    assert not [w for w in writes if w[0] == "DELETE"]  # links not named are left alone
    new_id = (set(puts) - {"100001", "100003"}).pop()  # the event created in the same apply
    assert linked(sandbox) == sorted({"100001", "100002", "100003", new_id})
    again = cli("plan", "links.yaml", "--detailed-exitcode")
    assert again.code == 0, again.out


def test_exclusive_list_removes_links_it_does_not_name(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    for oid in ("100001", "100002"):
        httpx.put(f"{sandbox.base_url}{ASSETS}/{oid}").raise_for_status()
    (workdir / "links.yaml").write_text(
        "campaigns:\n  - name: Spring Launch 2026\n    marketingEvents:\n      - objectId: '100001'\n"
        "    marketingEventsExclusive: true\n",
        encoding="utf-8",
    )
    portal.clear_requests()
    result = cli("apply", "links.yaml", "--auto-approve")
    assert result.code == 0, result.out + result.err
    assert [(r.method, r.path) for r in portal.requests() if r.is_write] == [
        ("DELETE", f"{ASSETS}/100002")
    ]
    assert linked(sandbox) == ["100001"]
    assert cli("plan", "links.yaml", "--detailed-exitcode").code == 0


def test_a_link_to_an_unknown_event_fails_naming_the_line_and_sends_nothing(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    (workdir / "links.yaml").write_text(
        "campaigns:\n  - name: Spring Launch 2026\n    marketingEvents:\n"
        "      - externalAccountId: acct-1\n        externalEventId: nope\n",
        encoding="utf-8",
    )
    portal.clear_requests()
    result = cli("apply", "links.yaml", "--auto-approve")
    assert result.code == 1
    assert (
        "links.yaml:4:" in result.err and "neither in the manifests nor on the portal" in result.err
    )
    assert not [r for r in portal.requests() if r.is_write]


EXCLUSIVE = (
    "campaigns:\n  - name: Spring Launch 2026\n    marketingEvents:\n      - objectId: '100001'\n"
    "    marketingEventsExclusive: true\n"
)


def test_a_saved_plan_that_removes_a_link_is_applied(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    for oid in ("100001", "100002"):
        httpx.put(f"{sandbox.base_url}{ASSETS}/{oid}").raise_for_status()
    (workdir / "links.yaml").write_text(EXCLUSIVE, encoding="utf-8")
    assert cli("plan", "links.yaml", "--out", "plan.json").code == 0
    portal.clear_requests()
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code == 0, applied.out + applied.err
    assert [(r.method, r.path) for r in portal.requests() if r.is_write] == [
        ("DELETE", f"{ASSETS}/100002")
    ]
    assert linked(sandbox) == ["100001"]
    assert cli("plan", "links.yaml", "--detailed-exitcode").code == 0


def test_a_saved_plan_whose_links_moved_is_refused_naming_them(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    for oid in ("100001", "100002"):
        httpx.put(f"{sandbox.base_url}{ASSETS}/{oid}").raise_for_status()
    (workdir / "links.yaml").write_text(EXCLUSIVE, encoding="utf-8")
    assert cli("plan", "links.yaml", "--out", "remove.json").code == 0
    httpx.delete(f"{sandbox.base_url}{ASSETS}/100002").raise_for_status()  # unlinked in the UI
    (workdir / "links.yaml").write_text(LINKS, encoding="utf-8")
    assert cli("plan", "links.yaml", "--out", "add.json").code == 0
    httpx.put(f"{sandbox.base_url}{ASSETS}/100003").raise_for_status()  # linked in the UI
    portal.clear_requests()
    removed = cli("apply", "--plan", "remove.json")
    assert removed.code == 1
    assert '"Spring Launch 2026 -> 100002"' in removed.err and "gone" in removed.err
    added = cli("apply", "--plan", "add.json")
    assert added.code == 1
    assert '"Spring Launch 2026 -> 100003"' in added.err and "now exists" in added.err
    assert not [r for r in portal.requests() if r.is_write]
