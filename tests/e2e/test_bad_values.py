"""A bad value on the command line, in a saved plan or in HubSpot's answer reads as one of our
messages: what is wrong and what to write instead, never pydantic's "Value error, " or
"Input should be"; command-line mistakes are usage errors (exit 2) and send nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

PYDANTIC_WORDS = ("Value error", "value error", "Input should", "input should", "unable to parse")

BAD_VALUES: dict[str, tuple[list[str], str]] = {
    "import kind": (
        ["import", "--kind", "campaigns", "--kind", "bogus"],
        "Invalid value for '--kind': 'bogus' is not one of its choices: write campaigns, "
        "marketingEvents, marketingEventList, campaignBudgetItem, campaignSpendItem or "
        "campaignAsset",
    ),
    "completion shell": (
        ["completion", "tcsh"],
        "Invalid value for 'shell': 'tcsh' is not one of its choices: write bash, zsh, fish "
        "or powershell",
    ),
    "schema name": (
        ["schema", "yaml"],
        "'yaml' is not one of its choices: write manifest, plan or config",
    ),
    "plan format": (
        ["plan", "--format", "html"],
        "Invalid value for '--format': 'html' is not one of its choices: write text, markdown "
        "or json",
    ),
    "apply format": (["apply", "--format", "markdown"], "write text or json"),
    "validate format": (["validate", "--format", "junit"], "write text, json or github"),
    "doctor format": (["doctor", "--format", "markdown"], "write text or json"),
    "batch size text": (
        ["plan", "--event-batch-size", "ten"],
        "Invalid value for '--event-batch-size': 'ten' is not a whole number: write one in digits",
    ),
    "port text": (
        ["sandbox", "serve", "--port", "http"],
        "'http' is not a whole number: write one from 0 to 65535",
    ),
    "port too big": (
        ["sandbox", "serve", "--port", "70000"],
        "'70000' is out of range: write a whole number from 0 to 65535",
    ),
    "app id": (
        ["sandbox", "serve", "--app-id", "1.5"],
        "'1.5' is not a whole number: write one in digits, such as 4242",
    ),
    "negative latency": (
        ["sandbox", "serve", "--latency-ms", "-5"],
        "'-5' is out of range: write a whole number of at least 0",
    ),
    "api version": (
        ["plan", "--api-version", "v4"],
        "Invalid value for '--api-version': 'v4' is not an API version this tool knows: write "
        "2026-09, 2026-03 or v3",
    ),
    "api version first": (["--api-version", "2025-01", "validate"], "write 2026-09, 2026-03"),
    "escaped": (["completion", "\x1b[2Jbash"], "'\\x1b[2Jbash' is not one of its choices"),
}


@pytest.mark.parametrize("name", list(BAD_VALUES))
def test_a_bad_value_is_a_usage_error_in_our_words_and_nothing_is_sent(
    cli: CLI, portal: SandboxControl, name: str
) -> None:
    args, says = BAD_VALUES[name]
    portal.clear_requests()
    result = cli(*args)
    assert result.code == 2, result.err
    assert result.err.startswith("Usage: reconciler"), result.err
    assert says in " ".join(result.err.split()), result.err
    assert not any(word in result.err for word in PYDANTIC_WORDS), result.err
    assert "\x1b" not in result.err
    assert portal.requests() == []


def test_a_saved_plan_naming_an_unknown_asset_type_says_so_in_our_words(
    cli: CLI, portal: SandboxControl, workdir: Path
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    plan["changes"] = [c for c in plan["changes"] if c["kind"] == "campaignAsset"]
    plan["changes"][0]["member"]["type"] = "BOGUS"
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json", "--auto-approve")
    assert result.code == 1
    assert "unknown asset type 'BOGUS': use one of AD_CAMPAIGN" in result.err, result.err
    assert not any(word in result.err for word in PYDANTIC_WORDS), result.err
    assert portal.requests() == []


def test_an_answer_with_a_bad_datetime_names_the_field_in_our_words(
    cli: CLI, portal: SandboxControl
) -> None:
    path = api_paths().events_list
    event = {
        "objectId": "100001",
        "eventName": "Launch webinar",
        "externalEventId": "webinar-42",
        "startDateTime": "next Tuesday",
    }
    portal.answer_next("GET", path, body={"results": [event]})
    result = cli("plan")
    assert result.code == 1
    assert f"GET {path}: HubSpot answered 200 with an unexpected body" in result.err, result.err
    assert "startDateTime: not an ISO 8601 datetime" in result.err, result.err
    assert not any(word in result.err for word in PYDANTIC_WORDS), result.err
