"""A saved plan that does not hold together (edited, or mangled by a merge) is refused before
anything is read or sent, naming the change; its schema alone let each of these through."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reconciler.sandbox.control import SandboxControl
from tests.e2e.conftest import CLI

Plan = dict[str, Any]


def _change(plan: Plan, kind: str, action: str = "create") -> dict[str, Any]:
    found: dict[str, Any] = next(
        c for c in plan["changes"] if c["kind"] == kind and c["action"] == action
    )
    return found


def _body_amount(plan: Plan) -> None:  # the reviewers saw 2500 or 1200
    _change(plan, "campaignBudgetItem")["body"]["amount"] = "999999"


def _not_a_number(plan: Plan) -> None:  # apply crashed half way, after 9 writes
    _change(plan, "campaignBudgetItem")["body"]["amount"] = "abc"


def _no_parent(plan: Plan) -> None:  # "1 not attempted", exit 0
    _change(plan, "campaignBudgetItem")["item"]["campaignId"] = None


def _no_event(plan: Plan) -> None:
    _change(plan, "marketingEventList")["member"]["parentId"] = None


def _twice(plan: Plan) -> None:  # two items of the same name on the portal
    plan["changes"].append(copy.deepcopy(_change(plan, "campaignBudgetItem")))


def _empty_key(plan: Plan) -> None:  # a traceback from the stand-in campaign
    _change(plan, "campaign", "update")["key"] = ""


def _no_id(plan: Plan) -> None:
    _change(plan, "campaign", "update")["id"] = None


def _summary(plan: Plan) -> None:  # the reviewers read "0 to delete", apply archived one
    plan["summary"]["delete"] = 0


def _summary_unchanged(plan: Plan) -> None:
    plan["summary"]["unchanged"] = -4


SPRING = "9dbec438-53e2-4b28-8c0f-38f56574a6e8"
"""The demo's campaign "Spring Launch 2026", which the plan also updates."""


def _asset_type(plan: Plan) -> None:  # apply sent PUT .../assets/BOGUS/...; show said FORM
    _change(plan, "campaignAsset")["member"]["type"] = "BOGUS"


def _asset_type_known(plan: Plan) -> None:  # a real type, still not the one shown
    _change(plan, "campaignAsset")["member"]["type"] = "LANDING_PAGE"


def _asset_bogus_throughout(plan: Plan) -> None:  # shown as sent, but no type HubSpot has
    change = _change(plan, "campaignAsset")
    for part in ("key", "id"):
        change[part] = change[part].replace("FORM", "BOGUS")
    change["fields"][0]["field"] = "BOGUS"
    change["member"]["type"] = "BOGUS"


def _asset_id(plan: Plan) -> None:
    _change(plan, "campaignAsset")["member"]["id"] = "another-form"


def _list_event(plan: Plan) -> None:  # the list goes to another event than shown
    _change(plan, "marketingEventList")["member"]["parentId"] = "100003"


def _list_field(plan: Plan) -> None:
    _change(plan, "marketingEventList")["fields"][0]["after"] = "777"


def _link_campaign(plan: Plan) -> None:  # not in its (null) id: only its other changes tell
    _change(plan, "campaignEventLink")["link"]["campaignId"] = SPRING


def _link_event(plan: Plan) -> None:  # the event shown is created here: it has no id yet
    _change(plan, "campaignEventLink")["link"]["marketingEventId"] = "100001"


def _item_campaign(plan: Plan) -> None:  # one item of two: its twin shows the campaign's id
    _change(plan, "campaignBudgetItem")["item"]["campaignId"] = SPRING


def _item_name(plan: Plan) -> None:  # apply checks a create by this name
    _change(plan, "campaignBudgetItem")["item"]["name"] = "Something else"


def _created_name(plan: Plan) -> None:  # apply finds what it created by its key
    _change(plan, "campaign")["fields"][0]["after"] = "Cyber Monday 2026"


TAMPERED: dict[str, tuple[Callable[[Plan], None], str]] = {
    "body amount": (_body_amount, "it would send amount '999999', but the plan shows"),
    "amount text": (_not_a_number, "its amount 'abc' is not a decimal number"),
    "no campaign id": (_no_parent, "has no id and the plan does not create it"),
    "no event id": (_no_event, "marketing event 'acct-1/webinar-42' has no id"),
    "listed twice": (_twice, "is listed twice"),
    "empty key": (_empty_key, "an object it names is not valid (name:"),
    "update without id": (_no_id, "an update needs the id of the object it changes"),
    "summary": (_summary, "its summary says delete: 0, but it lists 1 to delete"),
    "summary unchanged": (_summary_unchanged, "its summary says unchanged: -4, which is not"),
    "asset type": (_asset_type, "its key 'Partner Roadshow -> FORM b3c1e7d2-5a4f-4e8b-9c6d-2f1"),
    "asset type known": (_asset_type_known, "is not 'Partner Roadshow -> LANDING_PAGE b3c1e"),
    "asset type throughout": (_asset_bogus_throughout, "its asset type 'BOGUS' is not one of"),
    "asset id": (_asset_id, "is not 'Partner Roadshow -> FORM another-form'"),
    "list event": (_list_event, "its id '100001/501' is not '100003/501'"),
    "list field": (_list_field, "it shows fields ['listId'], but it sends listId '501'"),
    "link campaign": (_link_campaign, "give campaign 'Partner Roadshow' different ids"),
    "link event": (_link_event, "its id None is not '5b8e9f20-1c4d-4e6f-8a7b-3c2d1e0f9a8b/100001'"),
    "item campaign": (_item_campaign, "give campaign 'Summer Webinar Series' different ids"),
    "item name": (
        _item_name,
        "it would send name 'Paid promotion', but the plan shows 'Something else'",
    ),
    "created name": (_created_name, "it sends hs_name 'Cyber Monday 2026', but its key"),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_a_plan_that_does_not_hold_together_is_refused_and_nothing_is_sent(
    cli: CLI, portal: SandboxControl, workdir: Path, name: str
) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    plan = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    tamper, says = TAMPERED[name]
    tamper(plan)
    (workdir / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    portal.clear_requests()
    result = cli("apply", "--plan", "plan.json", "--auto-approve")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "plan.json is not a saved plan as `reconciler plan --out` writes it" in result.err
    assert says in result.err
    assert portal.requests() == []
    assert cli("show", "plan.json").code == 1


def test_the_untouched_plan_passes_the_same_checks(cli: CLI, portal: SandboxControl) -> None:
    assert cli("plan", "--out", "plan.json").code == 0
    result = cli("apply", "--plan", "plan.json", "--auto-approve")
    assert result.code == 0, result.err
