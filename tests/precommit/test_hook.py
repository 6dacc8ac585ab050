"""The pre-commit hook of .pre-commit-hooks.yaml: its entry, run as pre-commit runs it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
BROKEN = ("hs_audience: Developers", "hs_owner: '1'")  # a read-only property


def hook() -> dict[str, Any]:
    hooks: list[dict[str, Any]] = YAML(typ="safe").load(
        (REPO / ".pre-commit-hooks.yaml").read_text()
    )
    (the_hook,) = [h for h in hooks if h["id"] == "reconciler-validate"]
    return the_hook


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A manifests repository (a copy of the examples)."""
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    return tmp_path


def break_manifest(repo: Path) -> None:
    path = repo / "manifests" / "campaigns.yaml"
    path.write_text(path.read_text().replace(*BROKEN))


def run_entry(repo: Path) -> subprocess.CompletedProcess[str]:
    """``entry`` + ``args``, no file names (pass_filenames: false), offline, with no token."""
    the_hook = hook()
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": os.environ.get("HOME", str(repo)),
        "HUBSPOT_BASE_URL": "http://192.0.2.1:9",  # a request would fail: none is made
    }
    return subprocess.run(
        [*shlex.split(the_hook["entry"]), *the_hook.get("args", [])],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_hook_is_an_offline_python_hook_on_the_manifests() -> None:
    the_hook = hook()
    assert the_hook["language"] == "python"  # pre-commit installs this repository for it
    assert the_hook["entry"] == "reconciler validate"
    assert the_hook["pass_filenames"] is False  # the whole folder: cross-file duplicates
    files = re.compile(the_hook["files"])
    assert files.search("manifests/campaigns.yaml") and files.search("manifests/a/b.yml")
    assert files.search("reconciler.yaml")  # the portals (and per-portal values) it checks
    assert not files.search(".github/workflows/reconciler-plan.yml")


def test_the_entry_passes_on_the_examples(repo: Path) -> None:
    done = run_entry(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "is valid" in done.stdout


def test_the_entry_fails_on_a_broken_manifest_naming_the_line(repo: Path) -> None:
    break_manifest(repo)
    done = run_entry(repo)
    assert done.returncode == 1
    assert re.search(r"manifests/campaigns\.yaml:\d+:\d+: .*hs_owner", done.stdout)


TRY_REPO_REASON = (
    "pre-commit try-repo builds the hook's own virtualenv from the package index (about 80 s "
    "cold on this machine, over the suite's 20 s budget); RECONCILER_TRY_REPO=1 runs it"
)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("RECONCILER_TRY_REPO"), reason=TRY_REPO_REASON)
def test_pre_commit_try_repo_passes_then_fails_on_a_broken_manifest(
    repo: Path, tmp_path: Path
) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert pre_commit.exists(), "pip install -e '.[test]' installs pre-commit"
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "manifests"], cwd=repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [str(pre_commit), "try-repo", str(REPO), "reconciler-validate", "--files"]
    files = sorted(str(p.relative_to(repo)) for p in (repo / "manifests").glob("*.yaml"))

    good = subprocess.run([*command, *files], cwd=repo, env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "reconciler validate" in good.stdout and "Passed" in good.stdout

    break_manifest(repo)
    bad = subprocess.run([*command, *files], cwd=repo, env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout and "hs_owner" in bad.stdout
