"""Fixtures: the sample plans of ``plans.py``."""

from __future__ import annotations

import pytest

from reconciler.plan import Plan

from .plans import DELETE_WARNING, make_plan, sample_changes


@pytest.fixture
def sample_plan() -> Plan:
    return make_plan(sample_changes(), warnings=(DELETE_WARNING,))


@pytest.fixture
def unchanged_plan() -> Plan:
    return make_plan([], unchanged=5)
