"""What every step of the action shares: its inputs, GitHub's step files, running the CLI.

Inputs arrive as ``INPUT_*`` environment variables (action.yml maps each input onto one);
outputs, the job summary and annotations go through GitHub's files and workflow commands.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "<!-- reconciler-plan -->"
MARKER_UNSAFE = re.compile(r"[^\w.-]")  # a portal name cannot end the HTML comment early
ARTIFACT_BAD = re.compile(r'[":<>|*?\\/\r\n]+')
META = "meta.json"


@dataclass(frozen=True)
class Inputs:
    command: str
    manifests: list[str]
    portal: str
    comment: bool
    sandbox: bool
    github_token: str
    pull_request: str
    require_reviewed_plan: bool

    @classmethod
    def from_env(cls) -> Inputs:
        def value(name: str, default: str = "") -> str:
            return os.environ.get(f"INPUT_{name}", default).strip()

        def flag(name: str, default: str) -> bool:
            return value(name, default).lower() in ("true", "1", "yes")

        return cls(
            command=value("COMMAND", "plan"),
            manifests=value("MANIFESTS", "manifests/").split(),
            portal=value("PORTAL"),
            comment=flag("COMMENT", "true"),
            sandbox=flag("SANDBOX", "false"),
            github_token=value("GITHUB_TOKEN"),
            pull_request=value("PULL_REQUEST"),
            require_reviewed_plan=flag("REQUIRE_REVIEWED_PLAN", "true"),
        )

    def portal_args(self) -> list[str]:
        """``--portal NAME`` after a networked command when the input names one."""
        return ["--portal", self.portal] if self.portal else []

    def marker(self) -> str:
        """The hidden first line that finds this portal's one comment again."""
        if not self.portal:
            return MARKER
        return f"<!-- reconciler-plan portal={MARKER_UNSAFE.sub('_', self.portal)} -->"

    def artifact_name(self, kind: str, number: int | str) -> str:
        suffix = f"-{self.portal}" if self.portal else ""
        return ARTIFACT_BAD.sub("_", f"reconciler-{kind}-{number}{suffix}")


# -- GitHub's step files and workflow commands ------------------------------------------------


def set_output(name: str, value: str) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{name}={value}\n")


def summary(text: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotate(level: str, title: str, message: str) -> None:
    """``::error title=...::message`` (multi-line messages kept, as GitHub escapes them)."""
    print(f"::{level} title={_escape_property(title)}::{_escape_data(message)}", flush=True)


def fail(title: str, message: str) -> int:
    annotate("error", title, message)
    return 1


def read_meta(folder: Path) -> dict[str, Any]:
    path = folder / "meta.json"
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- the pull request or push this run is for -------------------------------------------------


def event() -> dict[str, Any]:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def run_url() -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    return f"{server}/{repository}/actions/runs/{os.environ.get('GITHUB_RUN_ID', '')}"


def workdir(kind: str) -> Path:
    """A fresh folder for this step's files (the artifact), under the runner's temp."""
    base = Path(os.environ.get("RUNNER_TEMP") or Path.cwd() / ".reconciler-action")
    folder = base / f"reconciler-{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    return folder


# -- running the CLI --------------------------------------------------------------------------


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str


def reconciler(*args: str) -> Ran:
    """``reconciler --no-color ARGS``, in this process (the tool is installed into its Python).

    In-process rather than a subprocess: a job runs it two or three times, and each interpreter
    start costs a second of imports. stderr is echoed to the log as it is (the target line,
    errors); the caller decides what to do with stdout.
    """
    from reconciler.cli import run

    _clean_env()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run(["--no-color", *args])
    sys.stderr.write(err.getvalue())
    sys.stderr.flush()
    return Ran(code, out.getvalue(), err.getvalue())


def _clean_env() -> None:
    os.environ["NO_COLOR"] = "1"
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL"):
        if not os.environ.get(name, "").strip():
            os.environ.pop(name, None)  # an empty input means "not set", never "an empty token"


def check_target(inputs: Inputs) -> int | None:
    """A missing token fails clearly instead of planning against a throwaway sandbox.

    With a ``reconciler.yaml`` (or a ``portal`` input) the CLI picks the portal, and says so
    when that portal's token variable is missing.
    """
    if (
        os.environ.get("HUBSPOT_ACCESS_TOKEN", "").strip()
        or inputs.portal
        or Path("reconciler.yaml").is_file()
    ):
        return None
    if not inputs.sandbox:
        return fail(
            "No HubSpot token",
            "Pass the action a token (token: ${{ secrets.HUBSPOT_ACCESS_TOKEN }}), name a portal "
            "of reconciler.yaml (portal:), or set sandbox: true to try the embedded sandbox.",
        )
    annotate(
        "warning",
        "Embedded sandbox",
        "No HubSpot token: running against the embedded sandbox portal (it lives as long as "
        "this job).",
    )
    return None


def manifests_digest(paths: list[str], root: Path | None = None) -> str:
    """SHA-256 over the manifests as the CLI reads them (and reconciler.yaml): what was planned."""
    root = root or Path.cwd()
    files: set[Path] = set()
    for name in paths:
        path = root / name
        if path.is_file():
            files.add(path)
        elif path.is_dir():
            files.update(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
    config = root / "reconciler.yaml"
    if config.is_file():
        files.add(config)
    digest = hashlib.sha256()
    for path in sorted(files):
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        digest.update(shown.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
