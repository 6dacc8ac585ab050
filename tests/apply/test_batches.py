"""The pure half of apply: batches, payloads, and reading HubSpot's answers."""

from __future__ import annotations

from collections.abc import Sequence

from reconciler.apply import build_batches, campaign_properties, event_payload
from reconciler.apply.verify import not_kept
from reconciler.plan import (
    Change,
    FieldChange,
    LinkChange,
    LinkEnds,
    ObjectChange,
    Plan,
    Summary,
    Target,
)

TARGET = Target(kind="hubspot", base_url="https://api.hubapi.com")


def change(kind: str, action: str, key: str, *fields: tuple[str, object, object]) -> ObjectChange:
    return ObjectChange(
        kind=kind,
        key=key,
        id=None if action == "create" else f"id-{key}",
        action=action,
        fields=[FieldChange(field=f, before=b, after=a) for f, b, a in fields],
    )


def plan(changes: Sequence[Change]) -> Plan:
    return Plan(target=TARGET, summary=Summary(), changes=changes)


def test_batches_are_chunked_per_kind_and_action_creates_first_links_last() -> None:
    changes: list[Change] = [
        change("campaign", "update", f"c{i}", ("hs_notes", "a", "b")) for i in range(120)
    ]
    changes += [
        change("marketingEvent", "create", f"e{i}", ("eventName", None, "x")) for i in range(30)
    ]
    ends = LinkEnds(campaign="c0", marketingEvent="e0")
    changes += [
        LinkChange(kind="campaignEventLink", key="c0 -> e0", id=None, action="create", link=ends)
    ]
    batches = build_batches(plan(changes), event_batch_size=25)
    assert [(b.kind, b.action, len(b.changes)) for b in batches] == [
        ("marketingEvent", "create", 25),
        ("marketingEvent", "create", 5),
        ("campaign", "update", 50),
        ("campaign", "update", 50),
        ("campaign", "update", 20),
        ("campaignEventLink", "create", 1),
    ]


def test_payloads_carry_only_changed_fields_and_empty_string_resets() -> None:
    c = change("campaign", "update", "A", ("hs_notes", "old", ""), ("hs_audience", "x", "Devs"))
    assert campaign_properties(c) == {"hs_notes": "", "hs_audience": "Devs"}
    e = change(
        "marketingEvent",
        "update",
        "E",
        ("eventDescription", "d", ""),
        ("eventCancelled", False, True),
        ("customProperties.region", "NA", "EMEA"),
    )
    assert event_payload(e) == {
        "eventDescription": "",
        "eventCancelled": True,
        "customProperties": [{"name": "region", "value": "EMEA"}],
    }
    assert (
        event_payload(change("marketingEvent", "update", "E", ("eventUrl", "", "u")))[
            "customProperties"
        ]
        == []
    )


def test_an_answer_that_leaves_a_field_out_proves_nothing_but_a_dropped_custom_property_does() -> (
    None
):
    e = change(
        "marketingEvent",
        "update",
        "E",
        ("eventName", "a", "b"),
        ("customProperties.budget", "", "X"),
        ("customProperties.region", "NA", "EMEA"),
    )
    answer = {"customProperties": True, "customProperties.region": "EMEA"}
    assert not_kept(e, answer) == ["customProperties.budget"]
    assert not_kept(e, {"eventName": "c", "customProperties": True}) == [
        "eventName",
        "customProperties.budget",
        "customProperties.region",
    ]
    assert not_kept(e, {}) == []  # a bare answer: nothing to compare against
    c = change("campaign", "update", "A", ("hs_end_date", "x", "2026-05-15"), ("hs_notes", "o", ""))
    assert not_kept(c, {"hs_end_date": "2026-05-15"}) == []  # "" comes back left out
    assert not_kept(c, {"hs_end_date": "2026-06-01"}) == ["hs_end_date"]
