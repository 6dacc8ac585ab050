"""The JSON plan: the contract's keys, deterministic, and a faithful round trip."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from reconciler.plan import Plan
from reconciler.render.json import render_json

from .plans import DELETE_WARNING, huge_changes, make_plan, sample_changes

GOLDEN = Path(__file__).parent / "golden"


def test_sample_plan_matches_golden(sample_plan: Plan) -> None:
    assert render_json(sample_plan) + "\n" == (GOLDEN / "sample.json").read_text()


def test_contract_keys_in_contract_order(sample_plan: Plan) -> None:
    data = json.loads(render_json(sample_plan))
    assert list(data) == [
        "format_version",
        "target",
        "summary",
        "changes",
        "requests",
        "warnings",
        "unsafe",
    ]
    assert data["format_version"] == 1
    assert list(data["summary"]) == ["create", "update", "delete", "unchanged"]
    assert list(data["changes"][1]) == ["kind", "key", "id", "action", "source", "fields"]
    assert data["changes"][1]["fields"][0] == {
        "field": "hs_notes",
        "before": "old text",
        "after": "",
    }
    assert data["changes"][2]["fields"][0] == {
        "field": "eventCancelled",
        "before": False,
        "after": True,
    }
    assert data["requests"]["write_requests"] == 4
    assert data["requests"]["estimated_seconds"] == 0


def test_round_trips_through_the_model(sample_plan: Plan, unchanged_plan: Plan) -> None:
    for plan in (sample_plan, unchanged_plan):
        again = Plan.model_validate_json(render_json(plan))
        assert again == plan
        assert render_json(again) == render_json(plan)


def test_validates_against_the_models_schema(sample_plan: Plan, unchanged_plan: Plan) -> None:
    schema = Plan.model_json_schema(mode="serialization")
    for plan in (sample_plan, unchanged_plan, make_plan(huge_changes(50))):
        jsonschema.validate(json.loads(render_json(plan)), schema)


def test_deterministic() -> None:
    one = make_plan(sample_changes(), warnings=(DELETE_WARNING,))
    two = make_plan(sample_changes(), warnings=(DELETE_WARNING,))
    assert render_json(one) == render_json(two)


def test_values_are_not_elided_or_escaped_beyond_json() -> None:
    from .plans import change

    long = "[red]ü\u200b" + "x" * 500
    plan = make_plan([change("campaign", "C", "create", ("hs_notes", None, long))])
    data = json.loads(render_json(plan))
    assert data["changes"][0]["fields"][0]["after"] == long
