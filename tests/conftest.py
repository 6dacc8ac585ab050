"""Shared test configuration: hypothesis profiles (CI is bounded), the sandbox fixtures and the
fake GitHub API that the action's and the example workflows' tests share."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# ---- the sandbox portal: one per test session ------------------------------------------------

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from reconciler.sandbox.control import SandboxControl  # noqa: E402
from reconciler.sandbox.server import RunningSandbox, start_sandbox  # noqa: E402
from tests.action.harness import FakeGitHub  # noqa: E402

SESSION_PORTAL_ID = 12345678
"""The session sandbox's portal id (fixed, so golden plans are stable)."""


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    """One sandbox for the whole session (rate limit off for speed; tests switch it on)."""
    db: Path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    with start_sandbox(db, rate_limit=None, portal_id=SESSION_PORTAL_ID) as running:
        yield running


@pytest.fixture(scope="session")
def control(sandbox: RunningSandbox) -> Iterator[SandboxControl]:
    with SandboxControl(sandbox.base_url) as client:
        yield client


@pytest.fixture
def portal(control: SandboxControl) -> SandboxControl:
    """The demo portal, no faults, an empty request log."""
    control.reset("demo")
    control.clear_faults()
    control.clear_requests()
    return control


# ---- a fake GitHub API: one per test (tests/action and tests/workflows) ----------------------


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """Comments, merged pull requests and artifacts of one repository, served on loopback."""
    fake = FakeGitHub()
    server = fake.serve()
    yield fake
    server.shutdown()
