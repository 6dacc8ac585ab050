"""Loading valid manifests: values as HubSpot stores them, and where everything was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from manifest_helpers import Write, run_validate

from reconciler.errors import ManifestError
from reconciler.manifest import load_manifests
from reconciler.models import Campaign, Location, MarketingEvent

REPO = Path(__file__).resolve().parents[2]


def test_example_manifests_are_valid() -> None:
    desired = load_manifests([REPO / "manifests"])
    names = [s.obj.name for s in desired.campaigns if isinstance(s.obj, Campaign)]
    assert names == [
        "Spring Launch 2026",
        "Summer Webinar Series",
        "Partner Roadshow",
        "Black Friday 2026",
        "Holiday Promo 2025",
    ]
    keys = [s.obj.key for s in desired.events]
    assert keys == [
        "acct-1/webinar-42",
        "acct-1/conf-2026",
        "100003",
        "acct-1/workshop-7",
        "acct-1/roadshow-berlin",
    ]
    # what the first plan against the demo portal relies on
    webinar = desired.events[0].obj
    assert isinstance(webinar, MarketingEvent)
    assert webinar.startDateTime == "2026-03-10T16:00:00Z"
    assert webinar.eventDescription == ""
    spring = desired.campaigns[0].obj
    assert isinstance(spring, Campaign)
    assert spring.properties["hs_notes"] == ""
    assert desired.campaigns[4].obj.state == "absent"


def test_every_example_declares_the_schema() -> None:
    for path in sorted((REPO / "manifests").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/manifest.schema.json"


def test_valid_summary(write: Write) -> None:
    write("manifests/a.yaml", "campaigns:\n  - name: A\n  - name: B\n")
    write("manifests/sub/b.yml", "marketingEvents:\n  - objectId: 1\n")
    write("manifests/empty.yaml", "")
    write("manifests/comments.yaml", "# nothing here yet\n")
    write("manifests/notes.txt", "not yaml: [")
    write("manifests/.hidden/x.yaml", "broken: [")
    run = run_validate()
    assert run.exit_code == 0
    assert run.output == "manifests/ is valid: 2 campaigns, 1 marketing event in 4 files.\n"


def test_values_keep_their_text(write: Write) -> None:
    write(
        "m.yaml",
        """
        campaigns:
          - name: Spring
            id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8
            properties:
              hs_start_date: 2026-03-01
              hs_notes: 010
              hs_audience: 1.10
              hs_utm: null
              hs_currency_code: ~
              hs_business_unit_ids: 0
              flag: true
              other: FALSE
              empty:
        marketingEvents:
          - objectId: 1234567
            externalAccountId: 007
            externalEventId: 0x10
            eventName: 2026
            startDateTime: 2026-03-10T17:00:00+01:00
            endDateTime: 2026-03-10T17:00:00.250Z
            eventCancelled: false
            customProperties:
              region: EMEA
              seats: 0100
              ratio: 1.50
              none: ""
        """,
    )
    desired = load_manifests([Path("m.yaml")])
    campaign = desired.campaigns[0].obj
    assert isinstance(campaign, Campaign)
    assert campaign.properties == {
        "hs_start_date": "2026-03-01",
        "hs_notes": "010",
        "hs_audience": "1.10",
        "hs_utm": "",
        "hs_currency_code": "",
        "hs_business_unit_ids": "0",
        "flag": "true",
        "other": "false",
        "empty": "",
    }
    event = desired.events[0].obj
    assert isinstance(event, MarketingEvent)
    assert (event.objectId, event.externalAccountId, event.externalEventId) == (
        "1234567",
        "007",
        "0x10",
    )
    assert event.eventName == "2026"
    assert event.startDateTime == "2026-03-10T16:00:00Z"
    assert event.endDateTime == "2026-03-10T17:00:00.250Z"
    assert event.eventCancelled is False
    assert event.customProperties == {
        "region": "EMEA",
        "seats": "0100",
        "ratio": "1.50",
        "none": "",
    }


def test_locations_are_relative_and_point_at_first_keys(write: Write) -> None:
    write(
        "m/a.yaml",
        """
        # header comment
        campaigns:
          - name: Spring
            properties:
              hs_notes: ""
          -   id: 9dbec438-53e2-4b28-8c0f-38f56574a6e8
              name: Pinned
        marketingEvents:
          - {objectId: 5, customProperties: {region: EMEA}}
        """,
    )
    desired = load_manifests([Path("m")])
    spring, pinned = desired.campaigns
    assert spring.location == Location(file="m/a.yaml", line=3, col=5)
    assert spring.location.short == "m/a.yaml:3"
    assert dict(spring.field_locations) == {
        "name": Location(file="m/a.yaml", line=3, col=5),
        "properties": Location(file="m/a.yaml", line=4, col=5),
        "properties.hs_notes": Location(file="m/a.yaml", line=5, col=7),
    }
    assert str(pinned.location) == "m/a.yaml:6:7"
    assert str(pinned.field_locations["name"]) == "m/a.yaml:7:7"
    event = desired.events[0]
    assert str(event.location) == "m/a.yaml:9:6"
    assert str(event.field_locations["customProperties.region"]) == "m/a.yaml:9:38"
    assert "missing" not in event.field_locations
    with pytest.raises(KeyError):
        event.field_locations["missing"]
    assert desired.files == ["m/a.yaml"]
    assert desired.paths == ["m/"]


def test_files_are_read_in_sorted_order_once(write: Write) -> None:
    write("m/b.yaml", "campaigns:\n  - name: B\n")
    write("m/a/z.yaml", "campaigns:\n  - name: AZ\n")
    write("m/a.yaml", "campaigns:\n  - name: A\n")
    desired = load_manifests([Path("m"), Path("m/b.yaml")])
    assert desired.files == ["m/a/z.yaml", "m/a.yaml", "m/b.yaml"]  # by path parts
    assert [s.obj.key for s in desired.campaigns] == ["AZ", "A", "B"]


def test_encodings(write: Write) -> None:
    write("bom.yaml", b"\xef\xbb\xbfcampaigns:\n  - name: Caf\xc3\xa9\n")
    write("utf16.yaml", "\ufeffcampaigns:\n  - name: Zoë\n".encode("utf-16"))
    desired = load_manifests([Path("bom.yaml"), Path("utf16.yaml")])
    assert [s.obj.key for s in desired.campaigns] == ["Café", "Zoë"]
    assert str(desired.campaigns[0].location) == "bom.yaml:2:5"


def test_multiple_documents_and_anchors_without_aliases(write: Write) -> None:
    write(
        "m.yaml",
        "campaigns:\n  - &first {name: A}\n---\ncampaigns:\n  - name: B\n---\n",
    )
    desired = load_manifests([Path("m.yaml")])
    assert [s.obj.key for s in desired.campaigns] == ["A", "B"]
    assert str(desired.campaigns[1].location) == "m.yaml:5:5"


def test_manifest_error_carries_every_problem(write: Write) -> None:
    write("m.yaml", "campaigns:\n  - name: A\n    bogus: 1\n  - name: A\n")
    with pytest.raises(ManifestError) as caught:
        load_manifests([Path("m.yaml")])
    problems = caught.value.problems
    assert [str(p.location) for p in problems] == ["m.yaml:3:5", "m.yaml:4:5"]
    assert problems[1].related == (Location(file="m.yaml", line=2, col=5),)
    assert problems[0].obj == 'campaign "A"'


def test_huge_scalar_is_fine(write: Write) -> None:
    write(
        "m.yaml",
        "campaigns:\n  - name: A\n    properties:\n      hs_notes: " + "x" * 2_000_000 + "\n",
    )
    campaign = load_manifests([Path("m.yaml")]).campaigns[0].obj
    assert isinstance(campaign, Campaign)
    assert campaign.properties["hs_notes"] == "x" * 2_000_000


def test_sourced_dumps_and_copies_cleanly(write: Write) -> None:
    """Lazy field locations and shared fields-sets behave like ordinary pydantic values."""
    import warnings

    write("m.yaml", "campaigns:\n  - name: A\n    properties:\n      hs_notes: x\n")
    sourced = load_manifests([Path("m.yaml")]).campaigns[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dumped = sourced.model_dump()
    assert dumped["field_locations"]["properties.hs_notes"] == {
        "file": "m.yaml",
        "line": 4,
        "col": 7,
    }
    assert type(sourced).model_validate(dumped) == sourced
    moved = sourced.model_copy(update={"location": Location(file="n.yaml", line=1)})
    assert str(moved.location) == "n.yaml:1:1"
    assert str(sourced.location) == "m.yaml:2:5"
