"""``Sourced[T]``: the desired state's lists hold one kind each, and the loader's objects are kept
as they are (not validated again into copies: pin finds objects by ``id``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from manifest_helpers import Write
from pydantic import ValidationError

from reconciler.manifest import load_manifests
from reconciler.models import Campaign, DesiredState, Location, MarketingEvent, Sourced

HERE = Location(file="m.yaml", line=2)


def test_loader_makes_one_typed_sourced_per_kind(write: Write) -> None:
    write(
        "m.yaml",
        """
        campaigns:
          - name: A
        marketingEvents:
          - {externalAccountId: acct, externalEventId: e1}
        """,
    )
    desired = load_manifests([Path("m.yaml")])
    assert type(desired.campaigns[0]) is Sourced[Campaign]
    assert type(desired.events[0]) is Sourced[MarketingEvent]
    again = DesiredState(campaigns=desired.campaigns, events=desired.events)
    assert again.campaigns[0] is desired.campaigns[0]
    assert again.events[0] is desired.events[0]
    assert [s.obj.key for s in desired.objects] == ["A", "acct/e1"]


def test_of_is_the_validated_instance() -> None:
    campaign = Campaign(name="A")
    made = Sourced.of(campaign, HERE, {"name": HERE})
    slow = Sourced[Campaign](obj=campaign, location=HERE, field_locations={"name": HERE})
    assert type(made) is type(slow)
    assert made == slow and made.model_dump() == slow.model_dump()
    assert made.model_fields_set == slow.model_fields_set
    assert Sourced.of(campaign, HERE).field_locations == {}


def test_a_list_holds_one_kind() -> None:
    event = Sourced.of(MarketingEvent(objectId="1"), HERE)
    with pytest.raises(ValidationError):
        DesiredState(campaigns=[event])
    with pytest.raises(ValidationError):
        DesiredState(events=[Sourced.of(Campaign(name="A"), HERE)])
