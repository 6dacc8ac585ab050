"""The one matcher plan, import and pin share: pinned id first, else one natural key."""

from __future__ import annotations

from reconciler.matching import LiveIndex
from reconciler.models import Campaign, MarketingEvent


def campaign(name: str, guid: str) -> Campaign:
    return Campaign(name=name, id=guid, properties={})


def test_pinned_id_wins_over_the_natural_key() -> None:
    a, b = campaign("Spring", "g-1"), campaign("Autumn", "g-2")
    index = LiveIndex([a, b])
    assert index.find("g-2", "Spring") == (b, ())
    # a pin the portal lacks matches nothing, even when the name would
    assert index.find("g-404", "Spring") == (None, ())


def test_the_natural_key_matches_exactly_one_live_object() -> None:
    a = campaign("Spring", "g-1")
    index = LiveIndex([a, campaign("Autumn", "g-2")])
    assert index.find(None, "Spring") == (a, ())
    assert index.find(None, "Winter") == (None, ())


def test_two_live_objects_with_the_key_are_candidates_never_a_guess() -> None:
    a, b = campaign("Spring", "g-1"), campaign("Spring", "g-2")
    match, candidates = LiveIndex([a, b]).find(None, "Spring")
    assert match is None
    assert list(candidates) == [a, b]


def test_an_event_without_a_known_account_has_no_natural_key() -> None:
    listed = MarketingEvent(objectId="1", externalEventId="webinar", eventName="W")
    index = LiveIndex([listed])
    assert index.find(None, ("acct", "webinar")) == (None, ())
    assert index.find("1", None) == (listed, ())
