"""A bad setting is one message naming the variable, exit 1, and nothing sent (issue 14, item
11): no traceback from httpx, no "cannot reach" retried six times, never the token's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox
from tests.conftest import SESSION_PORTAL_ID
from tests.e2e.conftest import CLI

SECRET = "SECRET0123456789"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RECONCILER_HTTP_TIMEOUT", "abc"),
        ("RECONCILER_HTTP_TIMEOUT", "-1"),
        ("RECONCILER_HTTP_TIMEOUT", "0"),
        ("RECONCILER_HTTP_TIMEOUT", "nan"),
        ("RECONCILER_HTTP_TIMEOUT", "inf"),
        ("RECONCILER_RETRY_WAIT_SCALE", "abc"),
        ("RECONCILER_RETRY_WAIT_SCALE", "-1"),
        ("HUBSPOT_ACCESS_TOKEN", f"pat-na1-é-{SECRET}"),
        ("HUBSPOT_ACCESS_TOKEN", f"pat-na1-{SECRET}\nX-Injected: 1"),
        ("HUBSPOT_ACCESS_TOKEN", f"pat-na1-{SECRET}\x1b[2J"),
        ("HUBSPOT_ACCESS_TOKEN", f"pat-na1 {SECRET}"),
        ("HUBSPOT_BASE_URL", "http://[::1"),
        ("HUBSPOT_BASE_URL", f"http://u:{SECRET}@host:99999"),
        ("HUBSPOT_BASE_URL", f"http://u:{SECRET}@127.0.0.1:1"),
        ("HUBSPOT_BASE_URL", "http://127.0.0.1:0"),
        ("HUBSPOT_BASE_URL", "http://exa mple.com"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "apply"])
def test_a_bad_setting_is_one_message_and_nothing_is_sent(
    cli: CLI,
    portal: SandboxControl,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
    command: str,
) -> None:
    monkeypatch.setenv(name, value)
    args = [command] if command == "plan" else [command, "--auto-approve"]
    result = cli(*args)
    assert result.code == 1, result.err
    assert result.err.startswith("Error: ") and name in result.err, result.err
    assert "Traceback" not in result.err and SECRET not in result.err + result.out
    assert "cannot reach" not in result.err
    assert portal.requests() == []


@pytest.mark.parametrize("value", ["abc", "nan"])
def test_a_bad_timeout_is_refused_before_the_embedded_sandbox_starts(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, workdir: Path, value: str
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN")
    monkeypatch.delenv("HUBSPOT_BASE_URL")
    monkeypatch.setenv("RECONCILER_HTTP_TIMEOUT", value)
    result = cli("plan")
    assert result.code == 1 and "RECONCILER_HTTP_TIMEOUT" in result.err, result.err
    assert "Traceback" not in result.err
    assert not (workdir / ".reconciler").exists()


@pytest.mark.parametrize(
    ("token", "base_url", "named"),
    [
        (f"pat-{SECRET}\nX", None, "TOKEN_STAGING is malformed: it contains a line break"),
        (f"pat-é-{SECRET}", None, "TOKEN_STAGING is malformed: it contains a non-ASCII"),
        ("tok", f"http://u:{SECRET}@127.0.0.1:1", "portal staging: baseUrl"),
        ("tok", "http://127.0.0.1:99999", "portal staging: baseUrl"),
    ],
)
def test_a_named_portals_bad_token_or_base_url_is_refused_before_sending(
    cli: CLI,
    portal: SandboxControl,
    sandbox: RunningSandbox,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    token: str,
    base_url: str | None,
    named: str,
) -> None:
    (workdir / "reconciler.yaml").write_text(
        f"portals:\n  staging:\n    portalId: {SESSION_PORTAL_ID}\n    token: env:TOKEN_STAGING\n"
        f"    baseUrl: {base_url or sandbox.base_url}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TOKEN_STAGING", token)
    result = cli("plan", "--portal", "staging")
    assert result.code == 1 and named in result.err, result.err
    assert "Traceback" not in result.err and SECRET not in result.err + result.out
    assert portal.requests() == []
