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
