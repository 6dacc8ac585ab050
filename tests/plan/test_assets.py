"""Planning a campaign's assets over models only: per listed type, exclusive per type."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pydantic import ValidationError

from reconciler.hubspot.batching import estimate_writes
from reconciler.models import MANIFEST, Campaign, DesiredState, LiveState, Location, Sourced
from reconciler.plan import MemberChange, MemberEnds, Plan, Target, diff
from reconciler.plan.model import field_change, member_change
from reconciler.saved import desired_for, dump, moved_objects

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")
LIVE = LiveState(
    campaigns=[Campaign(name="Launch", id="g1")],
    campaign_assets={"g1": {"FORM": ["f1", "f2"], "LANDING_PAGE": ["p1"]}},
)


def plan(name: str = "Launch", live: LiveState = LIVE, **campaign: Any) -> Plan:
    obj = Campaign.model_validate({"name": name, **campaign}, context=MANIFEST)
    desired = DesiredState(campaigns=[Sourced.of(obj, Location(file="m.yaml", line=1))])
    return diff(desired, live, TARGET)


def assets(p: Plan) -> list[tuple[str, str, str | None]]:
    return [(c.action, c.key, c.id) for c in p.changes if c.kind == "campaignAsset"]


def test_declared_and_missing_are_created_present_ones_unchanged_others_left_alone() -> None:
    p = plan(assets={"FORM": ["f2", "f3"], "MARKETING_EMAIL": [77]})
    assert assets(p) == [
        ("create", "Launch -> FORM f3", "g1/FORM/f3"),
        ("create", "Launch -> MARKETING_EMAIL 77", "g1/MARKETING_EMAIL/77"),
    ]
    assert p.summary.unchanged == 2  # the campaign and FORM f2; f1 and p1 are not ours


def test_exclusive_removes_undeclared_assets_of_listed_types_only() -> None:
    p = plan(assets={"FORM": ["f2"]}, assetsExclusive=True)
    assert assets(p) == [("delete", "Launch -> FORM f1", "g1/FORM/f1")]  # p1: type not listed
    p = plan(assets={"FORM": []}, assetsExclusive=True)
    assert [a[1] for a in assets(p)] == ["Launch -> FORM f1", "Launch -> FORM f2"]


def test_a_campaign_created_in_the_plan_gets_creates_without_ids() -> None:
    p = plan(name="New", assets={"FORM": ["f9"]}, assetsExclusive=True)
    (change,) = [c for c in p.changes if isinstance(c, MemberChange)]
    assert (change.action, change.id) == ("create", None)
    assert change.member == MemberEnds(parent="New", parentId=None, type="FORM", id="f9")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("FORM", None, "f9")]


def test_a_deleted_campaign_plans_no_asset_changes() -> None:
    p = plan(state="absent", assets={"FORM": ["f9"]}, assetsExclusive=True)
    assert assets(p) == [] and [c.action for c in p.changes] == ["delete"]


def test_without_assets_nothing_is_planned_even_when_the_portal_has_some() -> None:
    assert assets(plan()) == []


def test_the_json_change_names_the_campaign_type_and_asset() -> None:
    p = plan(assets={"FORM": ["f3"]})
    (change,) = [c for c in json.loads(p.model_dump_json())["changes"]]
    assert change == {
        "kind": "campaignAsset",
        "key": "Launch -> FORM f3",
        "id": "g1/FORM/f3",
        "action": "create",
        "source": "m.yaml:1",
        "fields": [{"field": "FORM", "before": None, "after": "f3"}],
        "member": {"parent": "Launch", "parentId": "g1", "type": "FORM", "id": "f3"},
    }
    assert Plan.model_validate_json(dump(p)) == p  # a saved plan reads it back


def test_member_change_is_what_model_construct_makes() -> None:
    ends = MemberEnds(parent="L", parentId="g", type="FORM", id="1")
    fields = [field_change("FORM", None, "1")]
    made = member_change("campaignAsset", "L -> FORM 1", "g/FORM/1", "create", None, fields, ends)
    slow = MemberChange(
        kind="campaignAsset",
        key="L -> FORM 1",
        id="g/FORM/1",
        action="create",
        fields=fields,
        member=ends,
    )
    assert made == slow and made.model_dump() == slow.model_dump()


def test_each_asset_change_is_one_request() -> None:
    p = plan(assets={"FORM": ["a", "b"]}, assetsExclusive=True)
    counts = {(c.endpoint.split()[0], c.requests, c.objects) for c in estimate_writes(p.changes)}
    assert counts == {("PUT", 2, 2), ("DELETE", 2, 2)}


@pytest.mark.parametrize(
    ("assets", "message"),
    [
        ({"FROM": ["1"]}, "unknown asset type 'FROM' (did you mean \"FORM\"?): use one of"),
        ({"MARKETING_EVENT": ["1"]}, "`marketingEvents`"),
        ({"FORM": ["1", 1]}, "lists asset 1 twice"),
        ({"FORM": [""]}, "an asset id must not be empty"),
    ],
)
def test_invalid_assets_are_refused(assets: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Campaign.model_validate({"name": "x", "assets": assets}, context=MANIFEST)


def test_a_saved_plan_reads_the_changed_types_again_and_notices_moves() -> None:
    p = plan(assets={"FORM": ["f2", "f3"]}, assetsExclusive=True)
    (stand_in,) = desired_for(p).campaigns
    assert (stand_in.obj.id, stand_in.obj.assets) == ("g1", {"FORM": []})
    assert moved_objects(p, LIVE) == []
    now = LiveState(campaigns=LIVE.campaigns, campaign_assets={"g1": {"FORM": ["f2", "f3"]}})
    moved = moved_objects(p, now)
    assert len(moved) == 2 and "FORM f3" in moved[0] + moved[1]
    assert "its campaign is gone" in moved_objects(p, LiveState())[0]
