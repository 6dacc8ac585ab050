"""The contract checker itself: it finds the spec, catches broken responses, and knows every
operation the sandbox serves. (Every other sandbox test already runs through it: the ``api``
fixture validates each response.)"""

from __future__ import annotations

import json

import httpx
import pytest

from .contract import SKIP_REASON, ContractChecker, ContractError, spec_dir
from .helpers import CAMPAIGNS, EVENTS, SPRING

pytestmark = pytest.mark.skipif(spec_dir() is None, reason=SKIP_REASON)

IMPLEMENTED = [
    ("GET", CAMPAIGNS),
    ("POST", CAMPAIGNS),
    ("GET", f"{CAMPAIGNS}/{SPRING}"),
    ("PATCH", f"{CAMPAIGNS}/{SPRING}"),
    ("DELETE", f"{CAMPAIGNS}/{SPRING}"),
    *(("POST", f"{CAMPAIGNS}/batch/{op}") for op in ("create", "read", "update", "archive")),
    ("GET", f"{CAMPAIGNS}/{SPRING}/assets/MARKETING_EVENT"),
    ("PUT", f"{CAMPAIGNS}/{SPRING}/assets/MARKETING_EVENT/100001"),
    ("DELETE", f"{CAMPAIGNS}/{SPRING}/assets/MARKETING_EVENT/100001"),
    ("PUT", f"{CAMPAIGNS}/{SPRING}/assets/FORM/f-1"),
    ("GET", f"{CAMPAIGNS}/{SPRING}/budget/totals"),
    *(("POST", f"{CAMPAIGNS}/{SPRING}/{kind}") for kind in ("budget", "spend")),
    *(
        (m, f"{CAMPAIGNS}/{SPRING}/{kind}/30000001")
        for m in ("GET", "PUT", "DELETE")
        for kind in ("budget", "spend")
    ),
    ("GET", f"{EVENTS}/associations/100001/lists"),
    ("PUT", f"{EVENTS}/associations/100001/lists/501"),
    ("DELETE", f"{EVENTS}/associations/100001/lists/501"),
    ("GET", EVENTS + "/"),
    ("GET", f"{EVENTS}/100001"),
    ("PATCH", f"{EVENTS}/100001"),
    ("DELETE", f"{EVENTS}/100001"),
    ("POST", f"{EVENTS}/events"),
    ("POST", f"{EVENTS}/events/upsert"),
    ("POST", f"{EVENTS}/batch/update"),
    ("POST", f"{EVENTS}/batch/archive"),
    ("GET", f"{EVENTS}/webinar-42/identifiers"),
    ("GET", f"{EVENTS}/events/webinar-42"),
]


@pytest.mark.parametrize("method, path", IMPLEMENTED)
def test_every_sandbox_operation_is_in_the_spec(
    contract: ContractChecker, method: str, path: str
) -> None:
    assert contract.find(method, path) is not None


def test_literal_paths_win_over_parameters(contract: ContractChecker) -> None:
    op = contract.find("POST", f"{EVENTS}/events/upsert")
    assert op is not None and op.template.endswith("/events/upsert")
    identifiers = contract.find("GET", f"{EVENTS}/x/identifiers")
    assert identifiers is not None and identifiers.template.endswith("/identifiers")
    totals = contract.find("GET", f"{CAMPAIGNS}/{SPRING}/budget/totals")
    assert totals is not None and totals.template.endswith("/budget/totals")


def _json(body: object) -> tuple[httpx.Headers, bytes]:
    return httpx.Headers({"content-type": "application/json"}), json.dumps(body).encode()


@pytest.mark.parametrize(
    "method, path, status, body",
    [
        ("GET", CAMPAIGNS, 200, {"results": []}),  # no total
        ("GET", CAMPAIGNS, 200, {"total": 1, "results": [{"id": "x", "properties": {"a": 1}}]}),
        ("GET", f"{EVENTS}/1", 200, {"objectId": "1"}),
        ("GET", f"{EVENTS}/1", 404, {"message": "no category nor correlationId"}),
        ("GET", f"{EVENTS}/1", 429, {"status": "error", "message": "x"}),
        ("POST", f"{CAMPAIGNS}/batch/update", 200, {"status": "DONE", "results": []}),
    ],
)
def test_broken_responses_are_caught(
    contract: ContractChecker, method: str, path: str, status: int, body: object
) -> None:
    headers, content = _json(body)
    with pytest.raises(ContractError):
        contract.check(method, path, status, headers, content)


def test_undeclared_success_status_and_204_body_are_caught(contract: ContractChecker) -> None:
    headers, content = _json({})
    with pytest.raises(ContractError, match="not declared"):
        contract.check("GET", CAMPAIGNS, 201, headers, content)
    with pytest.raises(ContractError, match="204 with a body"):
        contract.check("POST", f"{CAMPAIGNS}/batch/archive", 204, headers, content)


def test_responses_in_this_suite_are_checked(api: httpx.Client, contract: ContractChecker) -> None:
    before = contract.checked
    api.get(CAMPAIGNS)
    api.get(f"{EVENTS}/nope")
    assert contract.checked == before + 2


@pytest.mark.parametrize("version", ["v3", "2026-09", "2026-03"])
def test_item_endpoints_name_operations_of_the_spec(
    contract: ContractChecker, version: str
) -> None:
    from reconciler.hubspot.paths import api_paths

    for line in api_paths(version).item_endpoints().values():
        method, path = line.split(" ", 1)
        assert contract.find(method, path) is not None, line
