"""The sticky comment's body and how it is found again (units of action/reconciler_action)."""

from __future__ import annotations

import json
from pathlib import Path

from reconciler_action.comment import ours
from reconciler_action.render import COMMENT_LIMIT, comment_body, fenced

from reconciler import saved
from tests.render.plans import SANDBOX, change, make_plan

MARKER = "<!-- reconciler-plan -->"
RUN = "https://github.test/acme/hubspot/actions/runs/5"
ARTIFACT = "https://github.test/acme/hubspot/actions/runs/5/artifacts/9"
TARGET = SANDBOX.model_copy(update={"api_version": "2026-09"})  # as `plan --out` records it


def saved_plan(folder: Path, count: int, exitcode: int = 2) -> Path:
    changes = [
        change(
            "campaign",
            f"Campaign {i:05d} " + "x" * 40,
            "update",
            ("hs_notes", "old " * 30, "new " * 30),
            id=f"guid-{i}",
            source=f"manifests/c.yaml:{i}",
        )
        for i in range(count)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    plan = make_plan(changes, target=TARGET, unchanged=0)
    # `plan --out` records how many managed objects it found: here, the ones it updates
    plan = plan.model_copy(update={"existing": count})
    (folder / "plan.json").write_text(saved.dump(plan))
    meta = {"head_sha": "abcdef1234", "exitcode": exitcode, "has_changes": exitcode == 2}
    (folder / "meta.json").write_text(json.dumps(meta))
    return folder


def test_a_plan_over_githubs_limit_keeps_what_fits_and_links_the_full_plan(tmp_path: Path) -> None:
    folder = saved_plan(tmp_path / "big", 3000)
    body = comment_body(folder, MARKER, RUN, "reconciler-plan-pr-7", ARTIFACT)
    assert len(body) <= COMMENT_LIMIT and len(body.encode()) <= COMMENT_LIMIT
    assert body.startswith(MARKER + "\n## Reconciler plan")
    assert "too long for one GitHub comment" in body  # the renderer says what it left out
    assert "3000 to update" in body  # the summary always fits
    assert f"[full plan in the job summary]({RUN})" in body
    assert f"artifact [`reconciler-plan-pr-7`]({ARTIFACT})" in body
    assert body.rstrip().endswith("merging applies exactly this plan</sub>")


def test_a_small_plan_is_whole(tmp_path: Path) -> None:
    body = comment_body(saved_plan(tmp_path / "s", 2), MARKER, RUN, "a", "")
    assert "too long" not in body and "Campaign 00001" in body
    assert "artifact `a`" in body  # no URL yet: named, not linked


def test_a_portals_comment_has_its_own_marker(tmp_path: Path) -> None:
    marker = "<!-- reconciler-plan portal=staging -->"
    body = comment_body(saved_plan(tmp_path / "p", 3000), marker, RUN, "a", "")
    assert body.startswith(marker + "\n") and MARKER not in body
    assert len(body.encode()) <= COMMENT_LIMIT


def test_a_failed_plan_shows_its_error_fenced(tmp_path: Path) -> None:
    folder = tmp_path / "failed"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"exitcode": 1, "head_sha": "abc"}))
    (folder / "plan.err").write_text("Error: campaign ```<!-- x -->``` is ambiguous\n" * 5000)
    body = comment_body(folder, MARKER, RUN, "a", "")
    assert body.startswith(MARKER + "\n## Reconciler plan failed\n\n````text\n")
    assert len(body.encode()) <= COMMENT_LIMIT
    assert "merging applies" not in body


def test_fences_outgrow_backticks_in_the_text() -> None:
    assert fenced("a ```` b").startswith("`````text\n")
    assert fenced("plain") == "```text\nplain\n```"


def test_our_comment_is_found_by_its_first_line_a_bots_first() -> None:
    comments = [
        {"id": 1, "user": {"type": "User"}, "body": "quoting <!-- reconciler-plan --> here"},
        {"id": 2, "user": {"type": "User"}, "body": MARKER + "\nby hand"},
        {"id": 3, "user": {"type": "Bot"}, "body": MARKER + "\n## Reconciler plan"},
        {"id": 4, "user": {"type": "Bot"}, "body": "<!-- reconciler-plan portal=x -->\n"},
    ]
    found = ours(comments, MARKER)
    assert found is not None and found["id"] == 3
    found = ours(comments, "<!-- reconciler-plan portal=x -->")
    assert found is not None and found["id"] == 4
    assert ours(comments[:1], MARKER) is None
