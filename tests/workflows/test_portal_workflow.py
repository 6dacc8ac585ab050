"""The multi-portal example workflow: plan per portal, staging then production behind an
environment, drift per portal; every input it gives the action is one the action declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "examples" / "workflows" / "reconciler-portals.yml"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_staging_then_production_behind_an_environment() -> None:
    jobs = _load(WORKFLOW)["jobs"]
    assert jobs["plan"]["strategy"]["matrix"]["portal"] == ["staging", "production"]
    assert jobs["drift"]["strategy"]["matrix"]["portal"] == ["staging", "production"]
    assert jobs["apply-production"]["needs"] == "apply-staging"
    assert jobs["apply-production"]["environment"]
    portals = {
        job: step["with"]["portal"]
        for job, body in jobs.items()
        for step in body["steps"]
        if step.get("uses") == "./"
    }
    assert portals["apply-staging"] == "staging" and portals["apply-production"] == "production"


def test_every_input_is_declared_by_the_action() -> None:
    declared = set(_load(REPO / "action.yml")["inputs"])
    for body in _load(WORKFLOW)["jobs"].values():
        for step in body["steps"]:
            if step.get("uses") == "./":
                assert set(step["with"]) <= declared
