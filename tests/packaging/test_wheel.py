"""The wheel carries what users need outside this repository: the JSON Schemas."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _isolation() -> list[str]:
    """Without build isolation when this setuptools builds wheels itself (the test extra's)."""
    major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    return ["--no-build-isolation"] if (major, minor) >= (70, 1) else []


def test_the_wheel_ships_the_schemas(tmp_path: Path) -> None:
    # Built from a copy so the build leaves nothing in the worktree; offline and fast.
    source = tmp_path / "src"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*cache", "tests"
        ),
    )
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", *_isolation(), "-q"]
    done = subprocess.run(
        [*command, "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("hubspot_reconciler-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("manifest.schema.json", "plan.schema.json", "reconciler.schema.json"):
        assert f"reconciler/schemas/{name}" in names
        shipped = zipfile.ZipFile(wheel).read(f"reconciler/schemas/{name}").decode()
        assert shipped == (REPO / "schemas" / name).read_text(encoding="utf-8")
