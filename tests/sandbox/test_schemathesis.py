"""Property-based contract run: schemathesis generates requests from HubSpot's specs for every
operation the sandbox implements and checks that no response is a 5xx or breaks the spec.

Bounded for CI: a handful of examples per operation (the hypothesis profile's count, capped),
no shrinking. The spec copy used here has the README's known defects patched the same way
``contract.py`` documents them (events list path, PropertyValue, undeclared 204/207s,
StandardError.subCategory).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reconciler.hubspot.paths import api_paths
from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

from .contract import SKIP_REASON, VERSIONS, response_specs, spec_dir

pytestmark = pytest.mark.skipif(spec_dir() is None, reason=SKIP_REASON)

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)


def _implemented(version: str) -> dict[str, set[str]]:
    """The operations the sandbox serves, by spec path, in one API version."""
    p = api_paths(version)
    c, e = p.campaigns, p.events
    return {
        c: {"GET", "POST"},
        c + "/{campaignGuid}": {"GET", "PATCH", "DELETE"},
        c + "/batch/create": {"POST"},
        c + "/batch/read": {"POST"},
        c + "/batch/update": {"POST"},
        c + "/batch/archive": {"POST"},
        c + "/{campaignGuid}/assets/{assetType}": {"GET"},
        c + "/{campaignGuid}/assets/{assetType}/{assetId}": {"PUT", "DELETE"},
        c + "/{campaignGuid}/budget": {"POST"},
        c + "/{campaignGuid}/budget/totals": {"GET"},
        c + "/{campaignGuid}/budget/{budgetId}": {"GET", "PUT", "DELETE"},
        c + "/{campaignGuid}/spend": {"POST"},
        c + "/{campaignGuid}/spend/{spendId}": {"GET", "PUT", "DELETE"},
        e + "/associations/{marketingEventId}/lists": {"GET"},
        e + "/associations/{marketingEventId}/lists/{listId}": {"PUT", "DELETE"},
        p.events_list: {"GET"},
        e + "/{objectId}": {"GET", "PATCH", "DELETE"},
        e + "/events": {"POST"},
        e + "/events/upsert": {"POST"},
        e + "/batch/update": {"POST"},
        e + "/batch/archive": {"POST"},
        e + "/{externalEventId}/identifiers": {"GET"},
        e + "/events/{externalEventId}": {"GET"},
        p.account_info + "/details": {"GET"},
        p.account_info + "/api-usage/daily/private-apps": {"GET"},
    }


IMPLEMENTED = {v: _implemented(v) for v in VERSIONS}
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
MAX_EXAMPLES = min(settings().max_examples, 12)  # settings() inherits the loaded profile
"""Per operation and version (three versions share one store and one set of handlers)."""


def _patched_specs(version: str) -> list[dict[str, Any]]:
    specs = response_specs((version,))
    e = api_paths(version).events
    for spec in specs:
        paths = spec["paths"]
        archive = paths.get(e + "/batch/archive", {}).get("post")
        if archive is not None:  # described, not declared: 204 (all gone), 207 (some missing)
            archive["responses"].setdefault("204", {"description": "No content"})
            archive["responses"].setdefault("207", {"description": "Some objectIds were missing"})
        upsert = paths.get(e + "/events/upsert", {}).get("post")
        if upsert is not None:  # partial failure: the 200 schema already has errors/numErrors
            upsert["responses"].setdefault("207", copy.deepcopy(upsert["responses"]["200"]))
    return specs


def _operations() -> list[tuple[str, Any]]:
    if spec_dir() is None:
        return []
    out = []
    for version in VERSIONS:
        for raw in _patched_specs(version):
            schema = schemathesis.openapi.from_dict(raw)
            for result in schema.get_all_operations():
                op = result.ok()
                if op.method.upper() in IMPLEMENTED[version].get(op.path, set()):
                    out.append((f"{op.method.upper()} {op.path}", op))
    return out


OPERATIONS = _operations()


@pytest.fixture
def http(portal: SandboxControl) -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
    portal.reset("demo")


def test_every_implemented_operation_is_exercised() -> None:
    assert sum(len(m) for v in IMPLEMENTED.values() for m in v.values()) == len(OPERATIONS)


@pytest.mark.parametrize("label, operation", OPERATIONS, ids=[label for label, _ in OPERATIONS])
def test_generated_requests_get_spec_conformant_answers(
    sandbox: RunningSandbox, http: requests.Session, label: str, operation: Any
) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())
        response = case.call(base_url=sandbox.base_url, session=http, timeout=10)
        case.validate_response(response, checks=CHECKS)

    run()
