"""Names and messages with control characters, line breaks, bidi overrides, zero-width characters
and Markdown/HTML, through every CLI output path, against the sandbox over HTTP.

Each payload goes into manifest names, values, property names and a file name, onto the
portal (through apply) and into HubSpot's error messages; every output of validate, plan,
show, apply and import, in every format, and the ``Error:`` lines are checked: terminal text
holds no raw control or invisible character and no payload starts a line, GitHub annotations
are only ours, the Markdown comment parses to only our HTML and fences and no mention, and
JSON stays exact JSON holding the payload as it was.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reconciler.sandbox.control import SandboxControl

from .conftest import CLI, Result
from .hostile import (
    PAYLOADS,
    check_github,
    check_json,
    check_markdown,
    check_text,
    file_name,
    yaml_quoted,
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _manifest(name: str, notes: str, *, custom: str | None = None, event: bool = True) -> str:
    lines = [
        "campaigns:",
        f"  - name: {yaml_quoted(name)}",
        "    properties:",
        f"      hs_notes: {yaml_quoted(notes)}",
    ]
    if custom is not None:
        lines.append(f"      {yaml_quoted(custom)}: v")
    if event:
        lines += [
            "marketingEvents:",
            '  - externalAccountId: "acct-hostile"',
            '    externalEventId: "ev-hostile"',
            f"    eventName: {yaml_quoted(name)}",
            f"    eventOrganizer: {yaml_quoted(notes)}",
        ]
    return "\n".join(lines) + "\n"


class Outputs:
    """Every output of the run, checked by kind as it comes."""

    def __init__(self, cli: CLI, payload: str) -> None:
        self.cli = cli
        self.payload = payload

    def run(self, *args: str, code: int | None = 0, out: str = "text") -> Result:
        result = self.cli(*args)
        label = " ".join(args)
        if code is not None:
            assert result.code == code, f"{label}: exit {result.code}\n{result.out}{result.err}"
        check_text(f"{label} (stderr)", result.err)
        if out == "text":
            check_text(label, result.out)
        elif out == "markdown":
            check_markdown(label, result.out)
        elif out == "github":
            check_github(label, result.out)
        else:
            check_json(label, result.out, self.payload)
        return result


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def payload(request: pytest.FixtureRequest) -> str:
    return PAYLOADS[request.param]


def test_manifest_problems_in_every_validate_format_and_at_the_error_boundary(
    cli: CLI, workdir: Path, payload: str
) -> None:
    broken = f"{_manifest(payload, payload, event=False)}      hs_bogus: 1\n"
    _write(workdir / "broken" / file_name(payload), broken)
    runs = Outputs(cli, payload)
    text = runs.run("validate", "broken", code=1)
    assert "HOSTILE" in text.out and "hs_bogus" in text.out
    runs.run("validate", "broken", "--format", "github", code=1, out="github")
    runs.run("validate", "broken", "--format", "json", code=1, out="json")
    error = runs.run("plan", "broken", code=1)
    assert error.err.startswith("Error: broken/HOSTILE") and "hs_bogus" in error.err


def test_plan_show_apply_and_import_with_hostile_names_and_values(
    cli: CLI, workdir: Path, payload: str
) -> None:
    _write(workdir / "hostile" / "c.yaml", _manifest(payload, payload))
    runs = Outputs(cli, payload)
    plan = runs.run("plan", "hostile", "--out", "plan.json")
    assert "HOSTILE" in plan.out
    runs.run("plan", "hostile", "--format", "markdown", out="markdown")
    runs.run("plan", "hostile", "--format", "json", out="json")
    for fmt in ("text", "markdown", "json"):
        runs.run("show", "plan.json", "--format", fmt, out=fmt)
    # A saved plan is a file anyone can hand over: its warnings are text too.
    crafted = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    crafted["warnings"] = [payload, "- " + payload]
    (workdir / "crafted.json").write_text(json.dumps(crafted), encoding="utf-8")
    for fmt in ("text", "markdown"):
        shown = runs.run("show", "crafted.json", "--format", fmt, out=fmt)
        assert "HOSTILE" in shown.out
    applied = runs.run("apply", "--plan", "plan.json")
    assert 'created: campaign "HOSTILE' in applied.out

    # Portal text in the diff: the live values are the payload now.
    _write(workdir / "changed" / "c.yaml", _manifest(payload, "plain"))
    changed = runs.run("plan", "changed")
    assert "HOSTILE" in changed.out and '"plain"' in changed.out
    runs.run("plan", "changed", "--format", "markdown", out="markdown")
    runs.run("apply", "changed", "--auto-approve", "--format", "json", out="json")

    # A PlanError at the boundary, naming manifest keys.
    near = runs.run("plan", "hostile", "--target", payload[:-1], code=1)
    assert near.err.startswith("Error: --target") and "HOSTILE" in near.err

    # The import report names entries the portal lacks; what it writes validates.
    gone = payload + " gone"
    _write(workdir / "imported" / "extra.yaml", _manifest(gone, "x", event=False))
    report = runs.run("import", "--out", "imported")
    assert "not on the portal" in report.out and "HOSTILE" in report.out
    runs.run("validate", "imported")


def test_hubspot_error_messages_in_outcomes_and_errors(
    cli: CLI, workdir: Path, payload: str, portal: SandboxControl
) -> None:
    """HubSpot quotes names in its messages: a property it does not know (raw, in a read's
    400, at the error boundary) and an object it refused (in a failed outcome's line)."""
    _write(workdir / "custom" / "c.yaml", _manifest("Custom", "n", custom=payload, event=False))
    runs = Outputs(cli, payload)
    refused = runs.run("plan", "custom", code=1)
    assert refused.err.startswith("Error: ") and "HOSTILE" in refused.err

    _write(workdir / "hostile" / "c.yaml", _manifest(payload, payload))
    portal.set_faults(fail_ids=[payload])
    failed = runs.run("apply", "hostile", "--auto-approve", code=1)
    assert 'failed: campaign "HOSTILE' in failed.out
    runs.run("apply", "hostile", "--auto-approve", "--format", "json", code=1, out="json")


class _Hostile(BaseHTTPRequestHandler):
    """A portal whose every answer is a 400 carrying the payload as HubSpot's message."""

    payload = ""

    def _answer(self) -> None:
        body = json.dumps(
            {
                "status": "error",
                "message": self.payload,
                "category": "VALIDATION_ERROR",
                "correlationId": self.payload,
                "errors": [{"message": self.payload + " detail"}],
            }
        ).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile_portal(payload: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    handler = type("Handler", (_Hostile,), {"payload": payload})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_hubspot_error_messages_at_the_error_boundary(
    cli: CLI, workdir: Path, payload: str, hostile_portal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", hostile_portal)
    runs = Outputs(cli, payload)
    error = runs.run("plan", "manifests", code=1)
    assert error.err.startswith("Error: ") and "HOSTILE" in error.err
    runs.run("plan", "manifests", "--format", "json", code=1, out="json")
    runs.run("import", "--out", "imported", code=1)
    doctor = runs.run("doctor", code=1)
    assert "HOSTILE" in doctor.out
    runs.run("doctor", "--format", "json", code=1, out="json")
