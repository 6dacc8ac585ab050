"""`validate` output shapes: text, JSON on stdout, GitHub annotations; and a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from manifest_helpers import Write, run_validate

from reconciler.errors import Problem
from reconciler.models import Location
from reconciler.render.problems import render_problems

BAD = "campaigns:\n  - name: A\n    properties:\n      hs_owner: x\n  - name: A\n"


def test_github_annotations(write: Write) -> None:
    write("m/c.yaml", BAD)
    run = run_validate("m", "--format", "github")
    assert run.exit_code == 1
    lines = run.output.splitlines()
    # The contract's form, exactly: `::error file=F,line=L,col=C::message`.
    assert lines[0].startswith(
        '::error file=m/c.yaml,line=4,col=7::campaign "A": "hs_owner" cannot be managed'
    )
    assert lines[1].startswith("::error file=m/c.yaml,line=5,col=5::")
    assert "m/c.yaml:2:5" in lines[1]
    assert lines[2] == "2 errors in 1 file"


def test_github_escapes_workflow_command_characters() -> None:
    """%, : and , as the runner decodes them; a newline or ESC shows escaped, as in text."""
    problem = Problem("50% off,\nnow\x1b[2J", Location(file="a,b:c\r.yaml", line=1, col=2))
    out = render_problems([problem], "github")
    assert out.splitlines()[0] == (
        "::error file=a%2Cb%3Ac\\u000d.yaml,line=1,col=2::50%25 off,\\u000anow\\u001b[2J"
    )


def test_json_errors(write: Write) -> None:
    write("m/c.yaml", BAD)
    run = run_validate("m", "--format", "json")
    assert run.exit_code == 1
    document = json.loads(run.output)
    assert document["valid"] is False
    assert document["error_count"] == 2
    first, second = document["errors"]
    assert first == {
        "file": "m/c.yaml",
        "line": 4,
        "col": 7,
        "object": 'campaign "A"',
        "message": '"hs_owner" cannot be managed: it is read-only through the Campaigns API; '
        "remove it",
        "related": [],
    }
    assert second["related"] == [{"file": "m/c.yaml", "line": 2, "col": 5}]


def test_json_valid(write: Write) -> None:
    write("m/c.yaml", "campaigns:\n  - name: A\nmarketingEvents:\n  - objectId: 1\n")
    run = run_validate("m", "--format", "json")
    assert run.exit_code == 0
    assert json.loads(run.output) == {
        "valid": True,
        "paths": ["m/"],
        "files": ["m/c.yaml"],
        "campaigns": 1,
        "marketingEvents": 1,
    }


def test_text_valid_with_several_paths(write: Write) -> None:
    write("a.yaml", "campaigns:\n  - name: A\n")
    write("b.yaml", "")
    run = run_validate("a.yaml", "b.yaml")
    assert run.output == "a.yaml and b.yaml are valid: 1 campaign, 0 marketing events in 2 files.\n"


def test_subprocess_validate(tmp_path: Path) -> None:
    """The real entry point: exit codes and output through `python -m reconciler`."""
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "ok.yaml").write_text("campaigns:\n  - name: A\n")
    env = {**os.environ, "NO_COLOR": "1"}
    ok = subprocess.run(
        [sys.executable, "-m", "reconciler", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "manifests/ is valid: 1 campaign, 0 marketing events in 1 file.\n"
    (tmp_path / "manifests" / "bad.yaml").write_text(
        "marketingEvents:\n  - objectId: 1\n    startDateTime: 2026-03-10T16:00:00\n"
    )
    bad = subprocess.run(
        [sys.executable, "-m", "reconciler", "validate", "--format", "github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith("::error file=manifests/bad.yaml,line=3,col=5::")
    assert "Traceback" not in bad.stdout + bad.stderr
