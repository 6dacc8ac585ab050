"""Budget and spend items created by two applies at once, end to end over HTTP.

HubSpot has no idempotency key for ``POST .../budget`` (or ``/spend``), so two applies that
both planned "create item X" both add it. Apply cannot prevent that; it must notice: after
each item create it reads the campaign's items back, and a second item of that name fails the
run (exit 1) naming the campaign, the item, every id, which one to keep and how to remove the
other. It never deletes anything itself. A sandbox barrier makes the race happen every run.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.e2e.conftest import CLI
from tests.e2e.test_budget import BASE, SPRING, add_item, items, writes
from tests.e2e.test_concurrent_apply import run_together
from tests.sandbox.test_faults import held_so_far

MANIFEST = f"""campaigns:
  - name: Spring Launch 2026
    id: {SPRING}
    budget:
      - name: Print
        amount: 250
    spend:
      - name: Agency
        amount: 200
"""
RACED = "another apply created one at the same time"


def named(sandbox: RunningSandbox, kind: str, name: str) -> list[str]:
    return sorted(str(i["id"]) for i in items(sandbox, SPRING, kind) if i["name"] == name)


def race_from_elsewhere(
    portal: SandboxControl, sandbox: RunningSandbox, kind: str, body: dict[str, Any]
) -> tuple[threading.Thread, list[str]]:
    """Another apply's POST of the same item, held at a barrier until this apply's POST
    arrives (after both planned "create"); then theirs lands first and ours second, so the
    read-back after ours must see both."""
    path = f"{BASE}/{SPRING}/{kind}"
    portal.set_faults(
        barrier={"method": "POST", "path": path, "count": 2, "timeout_s": 60, "serial": True}
    )
    made: list[str] = []

    def post() -> None:
        answer = httpx.post(f"{sandbox.base_url}{path}", json=body, timeout=90)
        made.append(str(answer.json()["id"]))

    thread = threading.Thread(target=post)
    thread.start()
    deadline = time.monotonic() + 30
    while held_so_far(portal) < 1:  # theirs is at the barrier before this apply starts
        assert time.monotonic() < deadline
    return thread, made


def test_an_item_another_apply_created_at_the_same_time_fails_the_run_naming_both_ids(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    thread, theirs = race_from_elsewhere(
        portal, sandbox, "budget", {"name": "Print", "amount": 250, "order": 1}
    )
    applied = cli("apply", "budget.yaml", "--auto-approve")
    thread.join(timeout=60)
    ids = named(sandbox, "budget", "Print")
    assert len(ids) == 2 and theirs[0] in ids  # HubSpot took both: nothing could refuse one
    (ours,) = set(ids) - set(theirs)
    assert applied.code == 1, applied.out + applied.err
    line = next(ln for ln in applied.out.splitlines() if ln.startswith("failed: budget item"))
    assert line.startswith(f'failed: budget item "Spring Launch 2026 / Print" ({ours}): ')
    assert 'campaign "Spring Launch 2026" now has 2 budget items named "Print"' in line
    assert f"{theirs[0]}, {ours} (created by this apply)" in line and RACED in line
    assert f'Keep {theirs[0]}, the oldest: pin it with `id: "{theirs[0]}"` at budget.yaml:5' in line
    assert f"delete {ours} in HubSpot, or add `budgetExclusive: true`" in line
    assert "Apply complete: 1 created, 0 updated, 0 deleted, 1 failed." in applied.out
    # Reported, never repaired behind the user's back: both are still there.
    assert not [w for w in writes(portal) if w.startswith("DELETE")]
    assert named(sandbox, "budget", "Print") == ids


def test_json_outcome_names_the_duplicate_too(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    thread, theirs = race_from_elsewhere(
        portal, sandbox, "spend", {"name": "Agency", "amount": 200, "order": 1}
    )
    applied = cli("apply", "budget.yaml", "--auto-approve", "--format", "json")
    thread.join(timeout=60)
    assert applied.code == 1, applied.out + applied.err
    (ours,) = set(named(sandbox, "spend", "Agency")) - set(theirs)
    failed = [o for o in json.loads(applied.out)["outcomes"] if o["status"] == "failed"]
    assert [(o["kind"], o["id"]) for o in failed] == [("campaignSpendItem", ours)]
    assert theirs[0] in failed[0]["message"] and "`spendExclusive: true`" in failed[0]["message"]


def test_an_item_create_whose_answer_was_lost_is_confirmed_by_reading_back(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    """A 500 after HubSpot added the item: not retried (that would add it twice); the
    read-back finds exactly one item of that name, so the create is confirmed."""
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    portal.answer_next("POST", f"{BASE}/{SPRING}/budget", 500, body={}, apply=True)
    applied = cli("apply", "budget.yaml", "--auto-approve")
    (made,) = named(sandbox, "budget", "Print")
    assert applied.code == 0, applied.out + applied.err
    assert f'created: budget item "Spring Launch 2026 / Print" ({made})' in applied.out
    assert cli("plan", "budget.yaml", "--detailed-exitcode").code == 0


def test_an_item_create_that_failed_and_is_not_there_says_to_run_apply_again(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    portal.answer_next("POST", f"{BASE}/{SPRING}/budget", 500, body={})
    applied = cli("apply", "budget.yaml", "--auto-approve")
    assert applied.code == 1
    assert named(sandbox, "budget", "Print") == []
    assert "reading back did not find the item: run apply again" in applied.out


def test_an_item_create_hubspot_refused_is_not_read_back(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    """A 400 says nothing was added: no read-back, HubSpot's reason as the outcome."""
    (workdir / "budget.yaml").write_text(MANIFEST.split("    spend:")[0], encoding="utf-8")
    refused = {"status": "error", "message": "Invalid input JSON", "category": "VALIDATION_ERROR"}
    portal.answer_next("POST", f"{BASE}/{SPRING}/budget", 400, body=refused)
    applied = cli("apply", "budget.yaml", "--auto-approve")
    assert applied.code == 1
    assert 'failed: budget item "Spring Launch 2026 / Print": ' in applied.out
    assert "Invalid input JSON" in applied.out and "reading back" not in applied.out
    sent = [f"{r.method} {r.path}" for r in portal.requests() if "/budget" in r.path]
    post = sent.index(f"POST {BASE}/{SPRING}/budget")
    assert sent[post:] == [f"POST {BASE}/{SPRING}/budget"]  # the last request: no read-back
    assert named(sandbox, "budget", "Print") == []


SPEND_ONLY = f"""campaigns:
  - name: Spring Launch 2026
    id: {SPRING}
    spend:
      - name: Agency
        amount: 200
"""


def checkout(root: Path, name: str) -> Path:
    """A checkout of its own (its own lock file): applies from two of them do not take turns."""
    folder = root / name
    (folder / "manifests").mkdir(parents=True)
    (folder / "manifests" / "spend.yaml").write_text(SPEND_ONLY, encoding="utf-8")
    return folder


def test_two_checkouts_racing_on_a_spend_item_report_it_and_the_advice_converges(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    laptop, ci = checkout(tmp_path, "laptop"), checkout(tmp_path, "ci")
    path = f"{BASE}/{SPRING}/spend"
    # Both plan "create"; their POSTs land one right after the other: the race, every time.
    portal.set_faults(
        barrier={"method": "POST", "path": path, "count": 2, "timeout_s": 60, "serial": True}
    )
    results = run_together(sandbox, [laptop, ci])
    ids = named(sandbox, "spend", "Agency")
    assert len(ids) == 2, results  # HubSpot has no way to refuse the second
    created = [
        re.search(r"^(?:created|failed): spend item .* \((\d+)\)", o, re.M) for _, o in results
    ]
    assert sorted(m.group(1) for m in created if m) == ids  # one each
    reports = [out for _, out in results if RACED in out]
    # The run whose POST landed second reads both back (the other may, too): never unreported.
    assert reports, results
    for code, out in results:
        assert "Traceback" not in out
        assert (code == 1) == (out in reports), out  # a report always fails the run
    for out in reports:
        assert all(i in out for i in ids) and "(created by this apply)" in out
    advice = [re.search(r'Keep (\d+), the oldest: pin it with `id: "\1"`', out) for out in reports]
    assert all(advice) and len({m.group(1) for m in advice if m}) == 1  # all keep the same
    keep = advice[0].group(1)  # type: ignore[union-attr]
    (extra,) = set(ids) - {keep}

    # Follow the advice in one checkout: pin the one to keep, make the list exclusive.
    manifest = laptop / "manifests" / "spend.yaml"
    manifest.write_text(
        SPEND_ONLY.replace("amount: 200\n", f'amount: 200\n        id: "{keep}"\n')
        + "    spendExclusive: true\n",
        encoding="utf-8",
    )
    os.chdir(laptop)
    plan = cli("plan")
    assert plan.code == 0, plan.err
    assert f'- delete spend item "Spring Launch 2026 / Agency" (id {extra}, ' in plan.out, plan.out
    fixed = cli("apply", "--auto-approve")
    assert fixed.code == 0, fixed.out + fixed.err
    assert named(sandbox, "spend", "Agency") == [keep]
    assert cli("plan", "--detailed-exitcode").code == 0


def test_a_saved_plan_applied_after_the_race_refuses_and_sends_no_write(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox, workdir: Path
) -> None:
    (workdir / "budget.yaml").write_text(MANIFEST, encoding="utf-8")
    assert cli("plan", "budget.yaml", "--out", "plan.json").code == 0
    theirs = add_item(sandbox, SPRING, "spend", name="Agency", amount=200, order=1)
    portal.clear_requests()
    applied = cli("apply", "--plan", "plan.json")
    assert applied.code == 1
    assert 'spend item "Spring Launch 2026 / Agency" now exists on the portal' in applied.err
    assert writes(portal) == []
    assert named(sandbox, "spend", "Agency") == [theirs]
