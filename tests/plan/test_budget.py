"""Planning budget and spend items, pure: decimals compare by value, unmanaged fields are not
compared, a pinned id renames, and plans without items keep their JSON as it was."""

from __future__ import annotations

import json

from reconciler.models import (
    Campaign,
    DesiredState,
    LiveBudget,
    LiveItem,
    LiveState,
    Location,
    Sourced,
)
from reconciler.plan import ItemChange, Plan, Target, diff

TARGET = Target(kind="sandbox", base_url="http://127.0.0.1:1", database="/tmp/x.db")
GUID = "g-1"


def plan_of(campaign: dict[str, object], items: list[LiveItem]) -> tuple[list[ItemChange], Plan]:
    obj = Campaign.model_validate(
        {"name": "A", "id": GUID, **campaign}, context={"origin": "manifest"}
    )
    desired = DesiredState(campaigns=[Sourced.of(obj, Location(file="m.yaml", line=1))])
    live = LiveState(
        campaigns=[Campaign(name="A", id=GUID)],
        budgets={GUID: LiveBudget(budget=items, currency="USD")},
    )
    plan = diff(desired, live, TARGET)
    return [c for c in plan.changes if isinstance(c, ItemChange)], plan


def test_decimal_amounts_and_unwritten_fields_are_not_changes() -> None:
    live = [LiveItem(id="1", name="Ads", amount="1500", order=4, description="kept")]
    changes, plan = plan_of({"budget": [{"name": "Ads", "amount": "1500.00"}]}, live)
    assert changes == []
    assert plan.summary.unchanged == 2  # the campaign and its item


def test_a_pinned_item_is_renamed_and_its_put_keeps_what_is_not_managed() -> None:
    live = [LiveItem(id="1", name="Ads", amount="10", order=4, description="kept")]
    (change,), _ = plan_of({"budget": [{"name": "Paid ads", "amount": 10, "id": "1"}]}, live)
    assert (change.action, change.id, change.key) == ("update", "1", "A / Paid ads")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("name", "Ads", "Paid ads")]
    assert change.body is not None
    assert (change.body.order, change.body.description) == (4, "kept")


def test_a_plan_without_items_has_no_budgets_key() -> None:
    _, plan = plan_of({}, [])
    assert "budgets" not in json.loads(plan.model_dump_json())
