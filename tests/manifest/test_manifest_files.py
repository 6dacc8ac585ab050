"""Which files are read: never a FIFO or a device, never without a size limit, symlinked
folders followed once, and a PATH without manifests is an error (validate, plan and apply).

Reading a FIFO hangs and ``/dev/zero`` never ends, so those cases run the real CLI in a
subprocess with a time-out and a memory limit: a regression fails the test instead of hanging
it or eating the machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest
from manifest_helpers import Write

from reconciler.cli import run

CAMPAIGN = "campaigns:\n  - name: {name}\n"
MEMORY_LIMIT = 512 * 1024 * 1024


class CliRun(Protocol):
    def __call__(self, *args: str) -> tuple[int, str, str]: ...


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def reconciler(
    *args: str, cwd: Path, stdin: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess: at most 30 s and 512 MiB of address space."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("HUBSPOT_", "RECONCILER_"))
    }
    environment.update(NO_COLOR="1", RECONCILER_SANDBOX_DB=str(cwd / "sandbox.db"), **env)
    with open(stdin or os.devnull, "rb") as source:
        return subprocess.run(
            [sys.executable, "-m", "reconciler", *args],
            cwd=cwd,
            env=environment,
            stdin=source,
            capture_output=True,
            text=True,
            timeout=30,
            preexec_fn=_limit_memory,
            check=False,
        )


@pytest.fixture
def cli_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> CliRun:
    """``reconciler ARGS`` in-process: (exit code, stdout, stderr); never a real portal."""
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("HUBSPOT_BASE_URL", raising=False)
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", str(tmp_path / "sandbox.db"))
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def test_fifos_and_devices_in_a_folder_are_skipped_with_a_warning(write: Write) -> None:
    write("m/a.yaml", CAMPAIGN.format(name="A"))
    os.mkfifo("m/fifo.yaml")
    os.symlink("/dev/zero", "m/zero.yaml")
    write("m/sub/keep.yml", CAMPAIGN.format(name="B"))
    os.symlink("/dev/null", "m/sub/null.yml")
    done = reconciler("validate", "m", cwd=Path.cwd())
    assert done.returncode == 0, done.stderr
    assert done.stdout == "m/ is valid: 2 campaigns, 0 marketing events in 2 files.\n"
    assert done.stderr.splitlines() == [
        "Warning: skipped m/fifo.yaml: a FIFO (named pipe), not a regular file; only regular "
        "files are read",
        "Warning: skipped m/zero.yaml: a character device, not a regular file; only regular "
        "files are read",
        "Warning: skipped m/sub/null.yml: a character device, not a regular file; only regular "
        "files are read",
    ]


def test_a_device_given_as_a_path_is_read_up_to_the_limit_only(tmp_path: Path) -> None:
    done = reconciler(
        "validate", "/dev/zero", cwd=tmp_path, RECONCILER_MAX_MANIFEST_BYTES="1000000"
    )
    assert done.returncode == 1
    assert done.stdout.startswith(
        "/dev/zero:1:1: the file is larger than the limit of 1,000,000 bytes: split it into "
        "several files, or raise the limit with RECONCILER_MAX_MANIFEST_BYTES"
    )


def test_a_pipe_given_as_a_path_is_read(write: Write) -> None:
    """``reconciler validate <(sops -d manifests.yaml)`` works: the user chose the pipe."""
    source = write("a.yaml", CAMPAIGN.format(name="A"))
    done = reconciler("validate", "/dev/stdin", cwd=Path.cwd(), stdin=source)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid: 1 campaign" in done.stdout


def test_a_file_over_the_size_limit_is_an_error(
    write: Write, cli_run: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("m/big.yaml", CAMPAIGN.format(name="A" * 100))
    monkeypatch.setenv("RECONCILER_MAX_MANIFEST_BYTES", "64")
    code, out, _ = cli_run("validate", "m")
    assert code == 1
    assert out.splitlines()[0] == (
        "m/big.yaml:1:1: the file is larger than the limit of 64 bytes (122 bytes): split it "
        "into several files, or raise the limit with RECONCILER_MAX_MANIFEST_BYTES"
    )
    monkeypatch.setenv("RECONCILER_MAX_MANIFEST_BYTES", "lots")
    code, _, err = cli_run("validate", "m")
    assert code == 1
    assert err.startswith(
        "Error: RECONCILER_MAX_MANIFEST_BYTES must be a whole number of bytes above 0, not 'lots'"
    )
    monkeypatch.setenv("RECONCILER_MAX_MANIFEST_BYTES", "1000")
    assert cli_run("validate", "m")[0] == 0


def test_symlinked_subfolders_are_followed_once_and_loops_are_skipped(
    write: Write, cli_run: CliRun
) -> None:
    write("m/real/a.yaml", CAMPAIGN.format(name="A"))
    write("shared/b.yaml", CAMPAIGN.format(name="B"))
    os.symlink("../shared", "m/linked")
    os.symlink("real", "m/again")  # a second way to a folder: its files are read once
    os.symlink("..", "m/real/loop")
    os.symlink("/", "m/root")
    code, out, err = cli_run("validate", "m")
    assert code == 0, out + err
    assert out == "m/ is valid: 2 campaigns, 0 marketing events in 2 files.\n"
    assert err.splitlines() == [
        "Warning: skipped m/root: a symlink to a folder that contains it (a loop)",
        "Warning: skipped m/real/loop: a symlink to a folder that contains it (a loop)",
    ]
    code, out, _ = cli_run("validate", "m", "--format", "json")
    assert '"m/real/a.yaml"' in out and '"m/linked/b.yaml"' in out


@pytest.mark.parametrize("command", [["validate"], ["plan"], ["apply", "--auto-approve"]])
def test_a_path_without_manifests_is_an_error(
    write: Write, cli_run: CliRun, command: list[str]
) -> None:
    """A mistyped path in CI must not plan nothing and pass the drift check."""
    os.mkdir("empty")
    write("docs/README.md", "# not a manifest\n")
    write("m/a.yaml", CAMPAIGN.format(name="A"))
    for path in ("empty", "docs"):
        code, out, err = cli_run(*command, path)
        assert code == 1, out + err
        assert f"{path}/: no manifests found (no *.yaml or *.yml file in this folder or below)" in (
            out + err
        )
        assert not Path("sandbox.db").exists()  # failed before any connection
    code, out, err = cli_run(*command, "m", "empty")
    assert code == 1 and "empty/: no manifests found" in out + err
