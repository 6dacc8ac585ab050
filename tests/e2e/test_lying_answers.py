"""HubSpot answers that do not say what happened: a 207 on an event delete, a 200 naming
nothing, a malformed body. Apply believes none of them without reading back, and no answer
crashes it: one message naming the endpoint, exit 1, the outcome so far still reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
PATHS = api_paths()  # the version the CLI uses by default
CAMPAIGNS = PATHS.campaigns
EVENTS = PATHS.events
DELETE_EVENT = 'marketingEvents:\n  - objectId: "100002"\n    state: absent\n'


def delete_event_manifest(workdir: Path) -> str:
    (workdir / "gone.yaml").write_text(DELETE_EVENT, encoding="utf-8")
    return "gone.yaml"


# -- item 3: a 207 from marketing-events batch/archive ------------------------------------------


def test_an_event_delete_refused_with_a_207_is_reported_failed(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    portal.set_faults(fail_ids=["100002"])  # 207 naming it; the event stays
    result = cli("apply", delete_event_manifest(workdir), "--auto-approve")
    assert result.code == 1, result.out
    assert 'failed: marketing event "100002"' in result.out
    assert "Injected failure archiving marketing event 100002" in result.out
    portal.clear_faults()
    assert "Plan: 0 to create, 0 to update, 1 to delete" in cli("plan", "gone.yaml").out


def test_a_207_without_a_body_is_read_back_before_counting_the_event_gone(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    portal.answer_next("POST", f"{EVENTS}/batch/archive", 207)  # the spec declares no body
    result = cli("apply", delete_event_manifest(workdir), "--auto-approve")
    assert result.code == 1 and 'failed: marketing event "100002"' in result.out


def test_a_207_for_an_event_that_is_really_gone_counts_as_deleted(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    error = {"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found"}
    portal.answer_next(
        "POST",
        f"{EVENTS}/batch/archive",
        207,
        body={
            "status": "COMPLETE",
            "results": [],
            "errors": [{**error, "context": {"ids": ["100002"]}}],
        },
        apply=True,
    )
    result = cli("apply", delete_event_manifest(workdir), "--auto-approve")
    assert result.code == 0, result.out
    assert 'deleted: marketing event "100002"' in result.out and "already gone" in result.out
    assert [r.status for r in portal.requests() if r.path == f"{EVENTS}/100002"] == [404]


# -- item 4: a 200 that names nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "key", "target"),
    [
        (f"{CAMPAIGNS}/batch/update", 'campaign "Spring Launch 2026"', "Spring Launch 2026"),
        (f"{EVENTS}/batch/update", 'marketing event "acct-1/webinar-42"', "acct-1/webinar-42"),
    ],
)
def test_an_update_missing_from_a_200_answer_is_not_reported_updated(
    cli: CLI, portal: SandboxControl, path: str, key: str, target: str
) -> None:
    portal.answer_next("POST", path, body={"status": "COMPLETE", "results": []})
    result = cli("apply", "--auto-approve", "--target", target)
    assert result.code == 1, result.out
    assert f"updated: {key}" not in result.out
    assert f"failed: {key}" in result.out and "not confirmed" in result.out
    assert cli("plan", "--target", target, "--detailed-exitcode").code == 2  # still to do


def test_an_update_missing_from_the_answer_but_written_is_confirmed_by_reading_back(
    cli: CLI, portal: SandboxControl
) -> None:
    portal.answer_next("POST", f"{CAMPAIGNS}/batch/update", body={"results": []}, apply=True)
    result = cli("apply", "--auto-approve", "--target", "Spring Launch 2026")
    assert result.code == 0, result.out
    assert 'updated: campaign "Spring Launch 2026"' in result.out
    assert any(r.path == f"{CAMPAIGNS}/batch/read" for r in portal.requests())


# -- item 5: malformed 200 answers -----------------------------------------------------------------

MALFORMED: list[tuple[str, dict[str, Any]]] = [
    ("html", {"text": "<html><body>Sign in</body></html>"}),
    ("a list", {"body": []}),
    ("results null", {"body": {"results": None}}),
    ("results not objects", {"body": {"results": [1, "x"]}}),
    ("object as cursor", {"body": {"results": [], "paging": {"next": {"after": {"a": 1}}}}}),
]


@pytest.mark.parametrize(("label", "answer"), MALFORMED, ids=[m[0] for m in MALFORMED])
@pytest.mark.parametrize("path", [CAMPAIGNS, PATHS.events_list])
def test_a_malformed_list_answer_is_one_message_naming_the_endpoint(
    cli: CLI, portal: SandboxControl, path: str, label: str, answer: dict[str, Any]
) -> None:
    portal.answer_next("GET", path, **answer)
    result = cli("plan")
    assert result.code == 1
    assert result.err.startswith(f"Error: GET {path}: ") and "HubSpot" in result.err, result.err
    assert "Traceback" not in result.err
    portal.answer_next("GET", path, **answer)
    as_json = cli("plan", "--format", "json")
    assert as_json.code == 1 and f"GET {path}" in json.loads(as_json.out)["error"]


@pytest.mark.parametrize(("label", "answer"), MALFORMED[:4], ids=[m[0] for m in MALFORMED[:4]])
def test_a_malformed_write_answer_fails_its_batch_and_apply_reports_the_rest(
    cli: CLI, portal: SandboxControl, label: str, answer: dict[str, Any]
) -> None:
    portal.answer_next("POST", f"{CAMPAIGNS}/batch/update", **answer)
    result = cli("apply", "--auto-approve", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    outcomes = {o["key"]: o for o in report["outcomes"]}
    spring = outcomes["Spring Launch 2026"]
    assert spring["status"] == "failed"
    assert f"POST {CAMPAIGNS}/batch/update" in spring["message"]
    assert outcomes["acct-1/webinar-42"]["status"] == "applied"  # the rest went on
    assert report["summary"]["failed"] >= 1 and report["summary"]["updated"] >= 2
