"""Marketing event <-> contact list associations end to end: plan, apply (one PUT or DELETE per
change), re-plan; lists read only for the live events that declare them, once each."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI

EVENTS = "/marketing/marketing-events/2026-09"


def lists_path(object_id: str) -> str:
    return f"{EVENTS}/associations/{object_id}/lists"


def associated(sandbox: RunningSandbox, object_id: str) -> list[str]:
    answer = httpx.get(f"{sandbox.base_url}{lists_path(object_id)}").json()
    return [found["listId"] for found in answer["results"]]


def associate(sandbox: RunningSandbox, object_id: str, *list_ids: str) -> None:
    for list_id in list_ids:
        httpx.put(f"{sandbox.base_url}{lists_path(object_id)}/{list_id}").raise_for_status()


def list_reads(portal: SandboxControl) -> list[str]:
    return sorted(
        r.path for r in portal.requests() if r.method == "GET" and r.path.endswith("/lists")
    )


def writes(portal: SandboxControl) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in portal.requests() if r.is_write]


def write(workdir: Path, text: str) -> None:
    (workdir / "lists.yaml").write_text(text, encoding="utf-8")


WEBINAR = """
marketingEvents:
  - externalAccountId: acct-1
    externalEventId: webinar-42
    lists: [501, "502"]
  - externalAccountId: acct-1
    externalEventId: conf-2026
    eventName: DevConf 2026
  - objectId: "100003"
    lists: []
"""


def test_declared_lists_are_read_once_added_and_then_unchanged(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    associate(sandbox, "100001", "503")  # associated in the UI: not ours, left alone
    write(workdir, WEBINAR)
    plan = cli("plan", "lists.yaml")
    assert plan.code == 0, plan.err
    # one read per live event that declares lists (100001, 100003), none for conf-2026
    assert list_reads(portal) == [lists_path("100001"), lists_path("100003")]
    assert '+ create event list "acct-1/webinar-42 -> list 501"' in plan.out
    assert '+ create event list "acct-1/webinar-42 -> list 502"' in plan.out
    assert '+ listId: "501"' in plan.out and "lists.yaml:5" in plan.out
    assert "Plan: 2 to create, 0 to update, 0 to delete" in plan.out
    assert (
        f"PUT {EVENTS}/associations/{{objectId}}/lists/{{listId}}: 2 requests (2 objects)"
        in plan.out
    )
    portal.clear_requests()
    applied = cli("apply", "lists.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert sorted(writes(portal)) == [
        ("PUT", f"{lists_path('100001')}/501"),
        ("PUT", f"{lists_path('100001')}/502"),
    ]
    assert associated(sandbox, "100001") == ["501", "502", "503"]
    again = cli("plan", "lists.yaml", "--detailed-exitcode")
    assert again.code == 0, again.out


def test_the_json_plan_names_the_event_and_the_list(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    write(workdir, WEBINAR)
    plan = cli("plan", "lists.yaml", "--format", "json")
    assert plan.code == 0, plan.err
    change = json.loads(plan.out)["changes"][0]
    assert change == {
        "kind": "marketingEventList",
        "key": "acct-1/webinar-42 -> list 501",
        "id": "100001/501",
        "action": "create",
        "source": "lists.yaml:5",
        "fields": [{"field": "listId", "before": None, "after": "501"}],
        "member": {"parent": "acct-1/webinar-42", "parentId": "100001", "type": None, "id": "501"},
    }


NEW_EVENT = """
marketingEvents:
  - externalAccountId: acct-1
    externalEventId: lists-new
    eventName: Lists launch
    eventOrganizer: Example Inc
    startDateTime: 2026-07-01T10:00:00Z
    endDateTime: 2026-07-01T11:00:00Z
    lists: ["501", "503"]
    listsExclusive: true
"""


def test_an_event_created_in_the_same_apply_gets_its_lists_after_its_create(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    write(workdir, NEW_EVENT)
    plan = cli("plan", "lists.yaml")
    assert plan.code == 0, plan.err
    assert list_reads(portal) == []  # nothing to read for an event this plan creates
    assert "Plan: 3 to create" in plan.out
    portal.clear_requests()
    applied = cli("apply", "lists.yaml", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    sent = writes(portal)
    assert sent[0] == ("POST", f"{EVENTS}/events/upsert")
    puts = [path for method, path in sent[1:] if method == "PUT"]
    assert len(sent) == 3 and len(puts) == 2
    object_id = puts[0].split("/associations/")[1].split("/")[0]
    assert associated(sandbox, object_id) == ["501", "503"]
    assert cli("plan", "lists.yaml", "--detailed-exitcode").code == 0


def test_exclusive_lists_remove_the_undeclared_and_an_empty_list_resets(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    associate(sandbox, "100002", "502", "503")
    write(
        workdir,
        "marketingEvents:\n  - objectId: '100002'\n    lists: [501, 502]\n"
        "    listsExclusive: true\n",
    )
    plan = cli("plan", "lists.yaml")
    assert plan.code == 0, plan.err
    assert '- delete event list "100002 -> list 503" (id 100002/503, lists.yaml:2)' in plan.out
    assert "Plan: 1 to create, 0 to update, 1 to delete, 2 unchanged." in plan.out
    portal.clear_requests()
    assert cli("apply", "lists.yaml", "--auto-approve").code == 0
    assert sorted(writes(portal)) == [
        ("DELETE", f"{lists_path('100002')}/503"),
        ("PUT", f"{lists_path('100002')}/501"),
    ]
    assert associated(sandbox, "100002") == ["501", "502"]
    assert cli("plan", "lists.yaml", "--detailed-exitcode").code == 0
    write(
        workdir,
        "marketingEvents:\n  - objectId: '100002'\n    lists: []\n    listsExclusive: true\n",
    )
    portal.clear_requests()
    assert cli("apply", "lists.yaml", "--auto-approve").code == 0
    assert sorted(m for m, _ in writes(portal)) == ["DELETE", "DELETE"]
    assert associated(sandbox, "100002") == []
    assert cli("plan", "lists.yaml", "--detailed-exitcode").code == 0


def test_deleting_an_event_plans_no_list_changes_and_reads_none(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    associate(sandbox, "100005", "501", "502")
    write(
        workdir,
        "marketingEvents:\n  - objectId: '100005'\n    state: absent\n    lists: [501]\n"
        "    listsExclusive: true\n",
    )
    plan = cli("plan", "lists.yaml")
    assert plan.code == 0, plan.err
    assert list_reads(portal) == []
    assert "event list" not in plan.out
    assert "Plan: 0 to create, 0 to update, 1 to delete" in plan.out
    portal.clear_requests()
    assert cli("apply", "lists.yaml", "--auto-approve").code == 0
    assert [m for m, _ in writes(portal)] == ["POST"]  # the archive only
    assert httpx.get(f"{sandbox.base_url}{lists_path('100005')}").status_code == 404


def test_a_saved_plan_whose_lists_moved_is_refused_naming_them(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    associate(sandbox, "100002", "503")
    write(
        workdir,
        "marketingEvents:\n  - objectId: '100002'\n    lists: [501]\n    listsExclusive: true\n",
    )
    assert cli("plan", "lists.yaml", "--out", "plan.json").code == 0
    associate(sandbox, "100002", "501")  # both moved in the UI
    httpx.delete(f"{sandbox.base_url}{lists_path('100002')}/503").raise_for_status()
    portal.clear_requests()
    refused = cli("apply", "--plan", "plan.json")
    assert refused.code == 1
    assert '"100002 -> list 501" (100002/501) now exists' in refused.err
    assert '"100002 -> list 503" (100002/503) is gone' in refused.err
    assert list_reads(portal) == [lists_path("100002")]
    assert not writes(portal)


def test_a_saved_plan_that_adds_a_list_is_applied(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    write(workdir, "marketingEvents:\n  - objectId: '100002'\n    lists: [502]\n")
    assert cli("plan", "lists.yaml", "--out", "plan.json").code == 0
    portal.clear_requests()
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code == 0, applied.out + applied.err
    assert writes(portal) == [("PUT", f"{lists_path('100002')}/502")]
    assert associated(sandbox, "100002") == ["502"]


def test_a_list_the_portal_lacks_fails_that_change_only(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    write(workdir, "marketingEvents:\n  - objectId: '100002'\n    lists: [501, 999]\n")
    applied = cli("apply", "lists.yaml", "--auto-approve")
    assert applied.code == 1
    assert "100002 -> list 999" in applied.out + applied.err
    assert associated(sandbox, "100002") == ["501"]


def test_list_ids_are_validated_naming_the_line(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    write(
        workdir,
        "marketingEvents:\n  - objectId: '100002'\n    lists: [501, true]\n"
        "  - objectId: '100003'\n    listsExclusive: true\n"
        "  - objectId: '100001'\n    lists: [501, 501]\n",
    )
    result = cli("validate", "lists.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("lists.yaml:3:18: marketing event 100002: lists must be text")
    assert lines[1].startswith("lists.yaml:4:5: marketing event 100003: listsExclusive needs")
    assert lines[2] == (
        "lists.yaml:7:5: marketing event 100001: lists: list 501 is listed twice "
        "(items 1 and 2): keep one"
    )


def test_pin_reads_no_lists(cli: CLI, portal: SandboxControl, workdir: Path) -> None:
    write(workdir, WEBINAR)
    pinned = cli("pin", "lists.yaml")
    assert pinned.code == 0, pinned.err
    assert list_reads(portal) == []
    assert "100001" in (workdir / "lists.yaml").read_text(encoding="utf-8")
