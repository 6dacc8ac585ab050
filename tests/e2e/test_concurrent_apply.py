"""Two applies at once. HubSpot cannot refuse a second campaign with the same name, so:
applies from one checkout take turns (a lock file), and an apply that raced another one from
elsewhere reports the duplicate, which to keep, and how to remove the other. Never an
unreported duplicate."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from reconciler.hubspot.paths import api_paths
from reconciler.lock import apply_lock
from reconciler.plan import Target
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.conftest import SESSION_PORTAL_ID
from tests.e2e.conftest import CLI, REPO, TOKEN

NAME = "Black Friday 2026"
CREATE = f"{api_paths().campaigns}/batch/create"
RACED = "another apply created one at the same time"


def named(sandbox: RunningSandbox, name: str) -> list[str]:
    page = httpx.get(
        f"{sandbox.base_url}{api_paths().campaigns}",
        params={"properties": "hs_name", "limit": 100},
    ).json()
    return [c["id"] for c in page["results"] if c["properties"].get("hs_name") == name]


def start_apply(sandbox: RunningSandbox, folder: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "HUBSPOT_ACCESS_TOKEN": TOKEN,
        "HUBSPOT_BASE_URL": sandbox.base_url,
        "NO_COLOR": "1",
        "RECONCILER_RETRY_WAIT_SCALE": "0.001",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "reconciler", "apply", "--auto-approve"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_together(sandbox: RunningSandbox, folders: list[Path]) -> list[tuple[int, str]]:
    procs = [start_apply(sandbox, folder) for folder in folders]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    return [(p.returncode, out) for p, out in zip(procs, outputs, strict=True)]


def checkout(root: Path, name: str) -> Path:
    """The example manifests without their budget lines: racing item creates duplicate the
    items too, which the next plan names as ambiguous (tests/e2e/test_budget.py); this test is
    about the campaign apply reports."""
    folder = root / name
    shutil.copytree(REPO / "manifests", folder / "manifests")
    campaigns = folder / "manifests" / "campaigns.yaml"
    text = campaigns.read_text(encoding="utf-8")
    campaigns.write_text(re.sub(r"\n    # Budget lines.*?\n\n", "\n\n", text, flags=re.S))
    assert "budget:" not in campaigns.read_text(encoding="utf-8")
    return folder


def test_two_checkouts_applying_at_once_report_the_duplicate_and_how_to_remove_it(
    portal: SandboxControl, sandbox: RunningSandbox, tmp_path: Path, cli: CLI
) -> None:
    laptop, ci = checkout(tmp_path, "laptop"), checkout(tmp_path, "ci")
    # Both plan "create", then their creates land together: the race, every time.
    portal.set_faults(barrier={"method": "POST", "path": CREATE, "count": 2, "timeout_s": 60})
    results = run_together(sandbox, [laptop, ci])
    ids = named(sandbox, NAME)
    assert len(ids) == 2, results  # HubSpot has no way to refuse the second
    created = [
        re.search(rf'^(?:created|failed): campaign "{NAME}" \(([0-9a-f-]+)\)', out, re.M)
        for _, out in results
    ]
    assert sorted(m.group(1) for m in created if m) == sorted(ids)  # one each
    reports = [out for code, out in results if RACED in out]
    # The run whose create landed second saw both (in practice both do): never unreported.
    assert reports, results
    for code, out in results:
        assert "Traceback" not in out
        assert (code == 1) == (out in reports), out  # a report always fails the run
    advice = [
        re.search(r"Keep (\S+), the oldest: pin it with `id: \1` at (\S+)\.", out)
        for out in reports
    ]
    assert all(advice) and len({m.group(1) for m in advice if m}) == 1  # all keep the same one
    keep, where = advice[0].group(1), advice[0].group(2)  # type: ignore[union-attr]
    assert where.startswith("manifests/campaigns.yaml:")
    at = int(where.rsplit(":", 1)[1]) - 1  # the line the advice names is the campaign's
    (extra,) = set(ids) - {keep}
    for out in reports:
        assert all(i in out for i in ids) and "(created by this apply)" in out
        assert f'`- {{name: "{NAME}", id: {extra}, state: absent}}`' in out

    # Follow the advice in one checkout: pin the one to keep, list the other as absent.
    manifest = laptop / "manifests" / "campaigns.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[at].strip() == f"- name: {NAME}"
    lines.insert(at + 1, f"    id: {keep}\n")
    lines.append(f'  - {{name: "{NAME}", id: {extra}, state: absent}}\n')
    manifest.write_text("".join(lines), encoding="utf-8")
    os.chdir(laptop)
    fixed = cli("apply", "--auto-approve")
    assert fixed.code == 0, fixed.out + fixed.err
    assert named(sandbox, NAME) == [keep]
    assert cli("plan", "--detailed-exitcode").code == 0


def test_two_applies_from_one_checkout_take_turns(
    portal: SandboxControl, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    folder = checkout(tmp_path, "repo")
    results = run_together(sandbox, [folder, folder])
    assert len(named(sandbox, NAME)) == 1, results
    for code, out in results:
        assert code == 0 or "another apply against" in out, out
        assert "Traceback" not in out


def test_an_apply_while_another_holds_the_lock_sends_nothing_and_says_who(
    cli: CLI, portal: SandboxControl, sandbox: RunningSandbox
) -> None:
    target = Target(kind="hubspot", base_url=sandbox.base_url, portal_id=SESSION_PORTAL_ID)
    with apply_lock(target, print) as path:
        assert path is not None and path.is_file()
        result = cli("apply", "--auto-approve")
    assert result.code == 1
    assert f"another apply against HubSpot portal {SESSION_PORTAL_ID}" in result.err
    assert f"pid {os.getpid()}" in result.err and str(path) in result.err
    assert not [r for r in portal.requests() if r.is_write]
    assert cli("apply", "--auto-approve").code == 0  # released
