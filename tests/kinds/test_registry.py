"""The registry is the one description of each kind: every layer's per-kind table covers it.

A kind added to ``reconciler.kinds`` without its sender or its writes fails here, naming the
kind, before a plan could show changes that apply has no way to send.
"""

from __future__ import annotations

import pytest

from reconciler import saved
from reconciler.apply.executor import SENDERS
from reconciler.hubspot.batching import estimate_writes, write_endpoints
from reconciler.hubspot.paths import API_VERSIONS, api_paths
from reconciler.kinds import ATTACHED_KINDS, KINDS, OBJECT_KINDS, label_of
from reconciler.plan import LinkChange, LinkEnds
from reconciler.plan.attached import PLANNERS
from reconciler.saved.shapes import ENDS


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_a_sender(name: str) -> None:
    assert name in SENDERS, f"{name}: add its sender to reconciler/apply/executor.py SENDERS"


@pytest.mark.parametrize("name", [s.name for s in ATTACHED_KINDS])
def test_every_attached_kind_has_a_planner(name: str) -> None:
    assert name in PLANNERS, f"{name}: add its planner to reconciler/plan/attached.py PLANNERS"


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_saved_plan_checks(name: str) -> None:
    assert name in saved.ASK, f"{name}: say what to read again in reconciler/saved/scope.py ASK"
    assert name in saved.MOVED, f"{name}: add its moved check to reconciler/saved/moved.py MOVED"
    assert name in ENDS, f"{name}: say what its changes send in reconciler/saved/shapes.py ENDS"
    assert (ENDS[name] is None) == (not KINDS[name].attached), name


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_kind_writes_through_its_own_versions_paths(version: str) -> None:
    paths = api_paths(version)
    endpoints = write_endpoints(paths)
    for spec in KINDS.values():
        actions = {a for (kind, a) in endpoints if kind == spec.name}
        assert "create" in actions and "delete" in actions, spec.name
    assert all(f"/{version}/" in endpoint for endpoint in endpoints.values())


def test_object_kinds_come_before_what_hangs_on_them() -> None:
    for spec in ATTACHED_KINDS:
        parent = KINDS[spec.parent or ""]
        assert parent in OBJECT_KINDS and parent.order < spec.order
        assert spec.attribute, f"{spec.name}: name the parent's manifest key it is declared in"


def test_names_labels_and_manifest_keys_are_unique() -> None:
    specs = list(KINDS.values())
    for attribute in ("label", "order"):
        values = [getattr(s, attribute) for s in specs]
        assert len(values) == len(set(values)), attribute
    keys = [s.manifest_key for s in OBJECT_KINDS]
    assert None not in keys and len(keys) == len(set(keys))


def test_a_kind_this_version_does_not_know_is_shown_by_its_name() -> None:
    assert label_of("campaignFutureThing") == "campaignFutureThing"
    assert label_of("campaignBudgetItem") == "budget item"
    assert label_of("marketingEvent") == "marketing event"


def test_the_estimate_counts_one_request_per_link() -> None:
    ends = LinkEnds(campaign="c", marketingEvent="e", campaignId="g", marketingEventId="1")
    links = [
        LinkChange(kind="campaignEventLink", key=f"c -> e{i}", id=None, action="create", link=ends)
        for i in range(3)
    ]
    (count,) = estimate_writes(links)
    assert (count.requests, count.objects) == (3, 3)
