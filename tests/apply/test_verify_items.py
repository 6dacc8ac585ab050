"""Judging a budget or spend item create by what reading the campaign's items back shows
(pure: the sender reads, these functions judge; end to end in tests/e2e/test_item_races.py)."""

from __future__ import annotations

import pytest

from reconciler.apply.verify_items import created_item_outcome, may_have_landed, unread_item
from reconciler.hubspot.answers import MalformedAnswerError
from reconciler.hubspot.budget import BudgetItem
from reconciler.hubspot.errors import (
    AuthError,
    ErrorBody,
    HubSpotConnectionError,
    HubSpotError,
    HubSpotHTTPError,
    HubSpotTimeout,
    RequestInterrupted,
    ServerError,
)
from reconciler.plan import ItemBody, ItemChange, ItemEnds

CHANGE = ItemChange(
    kind="campaignSpendItem",
    key="Launch / Venue",
    id=None,
    action="create",
    source="manifests/launch.yaml:12",
    fields=[],
    item=ItemEnds(campaign="Launch", campaignId="g1", name="Venue"),
    body=ItemBody(name="Venue", amount="900", order=1),
)


def item(item_id: str, created: int | None = None) -> BudgetItem:
    return BudgetItem(id=item_id, name="Venue", amount=900, order=1, createdAt=created)


def test_the_one_item_of_its_name_is_confirmed() -> None:
    got = created_item_outcome(CHANGE, item("12"), [item("12")], None)
    assert (got.status, got.id, got.message) == ("applied", "12", None)


def test_an_item_the_read_back_does_not_list_yet_is_taken_from_its_answer() -> None:
    got = created_item_outcome(CHANGE, item("12"), [], None)
    assert (got.status, got.id) == ("applied", "12")


def test_another_item_of_that_name_is_a_duplicate_even_when_ours_is_not_listed_yet() -> None:
    got = created_item_outcome(CHANGE, item("12", 2000), [item("9", 1000)], None)
    assert got.status == "failed" and got.id == "12"
    assert got.message is not None
    assert got.message.startswith(
        'campaign "Launch" now has 2 spend items named "Venue": 9, 12 (created by this apply)'
    )
    assert 'Keep 9, the oldest: pin it with `id: "9"` at manifests/launch.yaml:12' in got.message
    assert "delete 12 in HubSpot, or add `spendExclusive: true`" in got.message


def test_the_oldest_is_kept_by_creation_time_then_by_id_as_a_number() -> None:
    same = [item("100", 5), item("99", 5), item("7", None)]
    got = created_item_outcome(CHANGE, item("100", 5), same, None)
    assert got.message is not None
    assert "3 spend items" in got.message and "Keep 99, the oldest" in got.message
    assert "Remove the others: delete 100, 7 in HubSpot" in got.message


def test_a_create_whose_answer_was_lost_is_judged_by_the_read_back() -> None:
    found = created_item_outcome(CHANGE, None, [item("12")], "HubSpot answered 502")
    assert (found.status, found.id) == ("applied", "12")
    missing = created_item_outcome(CHANGE, None, [], "HubSpot answered 502")
    assert missing.status == "failed" and missing.message is not None
    assert missing.message.startswith("HubSpot answered 502; reading back did not find the item")
    two = created_item_outcome(CHANGE, None, [item("12"), item("13")], "HubSpot answered 502")
    assert two.status == "failed" and two.message is not None and "12, 13;" in two.message


def test_a_failed_read_back_confirms_nothing() -> None:
    made = unread_item(CHANGE, item("12"), None, HubSpotTimeout("no answer"))
    assert (made.status, made.id) == ("failed", "12")
    assert made.message is not None and "run `reconciler plan`, which names any" in made.message
    lost = unread_item(CHANGE, None, "HubSpot answered 502", HubSpotTimeout("no answer"))
    assert lost.message == "HubSpot answered 502; and reading back failed: no answer"


def http(cls: type[HubSpotHTTPError], status: int) -> HubSpotHTTPError:
    return cls(status, "POST", ErrorBody(), f"HubSpot answered {status}")


@pytest.mark.parametrize(
    ("exc", "unknown"),
    [
        (HubSpotTimeout("no answer"), True),
        (HubSpotConnectionError("reset"), True),
        (http(ServerError, 502), True),
        (MalformedAnswerError("not an item"), True),
        (http(HubSpotHTTPError, 400), False),
        (http(AuthError, 403), False),
        (RequestInterrupted("interrupted"), False),
    ],
)
def test_only_a_create_whose_outcome_is_unknown_is_read_back(
    exc: HubSpotError, unknown: bool
) -> None:
    assert may_have_landed(exc) is unknown
