"""Fixtures for the sandbox's own tests: an HTTP client whose every response is checked
against HubSpot's published spec (see ``contract.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from reconciler.sandbox.control import SandboxControl
from reconciler.sandbox.server import RunningSandbox

from .contract import ContractChecker, load_checker


@pytest.fixture(scope="session")
def contract() -> ContractChecker | None:
    """The spec-backed response checker, or None where the specs are absent."""
    return load_checker()


@pytest.fixture
def api(
    sandbox: RunningSandbox, portal: SandboxControl, contract: ContractChecker | None
) -> Iterator[httpx.Client]:
    """A client for the demo portal; each response is validated against the spec."""
    hooks = {"response": [contract.check_response]} if contract else {}
    with httpx.Client(base_url=sandbox.base_url, event_hooks=hooks, timeout=10) as client:
        yield client
