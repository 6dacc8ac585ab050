"""The pieces of ``import --kind campaignBudgetItem`` that need no portal: how an amount is
written, and adding to the end of a block without moving the blank line that ends it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from reconciler import roundtrip
from reconciler.importer.budget import refresh_items
from reconciler.importer.budget_items import amount_yaml, refresh_item
from reconciler.importer.files import Entry, ManifestFile
from reconciler.importer.layout import grow_block
from reconciler.kinds import CAMPAIGN, CAMPAIGN_BUDGET_ITEM, KINDS
from reconciler.manifest.scalars import plain_scalar
from reconciler.models import LiveItem, canonical_amount


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("1500", 1500),
        ("12.5", 12.5),
        ("0.1", 0.1),
        ("0.0000001", "0.0000001"),  # a float would print it with an exponent
    ],
)
def test_an_amount_is_a_yaml_number_unless_a_float_would_change_it(
    text: str, written: object
) -> None:
    assert amount_yaml(text) == written and type(amount_yaml(text)) is type(written)
    yaml = roundtrip.make_yaml()
    out = io.StringIO()
    yaml.dump({"amount": amount_yaml(text)}, out)
    raw = out.getvalue().split(": ", 1)[1].strip()
    read = plain_scalar(raw) if raw[0] not in "'\"" else raw[1:-1]
    assert canonical_amount(read) == text  # as the manifest loader reads it back


def _load(text: str) -> CommentedMap:
    loaded: CommentedMap = roundtrip.make_yaml().load(text)
    return loaded


def _dump(data: CommentedMap) -> str:
    out = io.StringIO()
    roundtrip.make_yaml().dump(data, out)
    return out.getvalue()


SPACED = """\
campaigns:
  - name: A
    properties:
      hs_notes: x   # ours

  - name: B
"""


def test_a_key_added_to_an_entry_goes_before_the_blank_line_that_ends_it() -> None:
    data = _load(SPACED)
    entry = data["campaigns"][0]
    items = CommentedSeq([CommentedMap({"name": "n", "amount": 1})])
    grow_block(entry, lambda: entry.__setitem__("budget", items))
    assert _dump(data) == (
        "campaigns:\n  - name: A\n    properties:\n      hs_notes: x   # ours\n"
        "    budget:\n      - name: n\n        amount: 1\n\n  - name: B\n"
    )


def test_items_appended_to_a_list_go_before_the_blank_line_that_ends_it() -> None:
    data = _load(
        "campaigns:\n  - name: A\n    budget:\n      - name: n\n        amount: 1\n\n  - name: B\n"
    )
    seq = data["campaigns"][0]["budget"]
    grow_block(seq, lambda: seq.append(CommentedMap({"name": "m", "amount": 2})))
    assert _dump(data).endswith(
        "      - name: n\n        amount: 1\n      - name: m\n        amount: 2\n\n  - name: B\n"
    )


def test_a_refresh_keeps_values_that_mean_the_same_and_adds_no_keys() -> None:
    item = _load('name: Print\namount: "250.00"\n')
    live = LiveItem(id="7", name="Print", amount="250", order=3, description="Flyers")
    assert refresh_item(item, live, pinned=False) is False
    assert dict(item) == {"name": "Print", "amount": "250.00"}  # order/description unmanaged
    item = _load("name: Old\namount: 1\norder: 1\ndescription: x\n")
    assert refresh_item(item, live, pinned=True) is True
    assert dict(item) == {"name": "Print", "amount": 250, "order": 3, "description": "Flyers"}


def _entry(text: str, portal: str | None) -> Entry:
    data = _load(text)
    file = ManifestFile(Path("m.yaml"), text, [data], roundtrip.make_yaml())
    return Entry(KINDS[CAMPAIGN], data["campaigns"][0], file, 2, portal)


LIVE = [LiveItem(id="1", name="Print", amount="250", order=1)]


def test_with_several_portals_only_the_imported_portals_list_is_written() -> None:
    entry = _entry("campaigns:\n  - name: A\n", "staging")
    assert refresh_items(entry, CAMPAIGN_BUDGET_ITEM, LIVE, "staging").added == 1
    assert entry.item["budget"] == {"staging": [{"name": "Print", "amount": 250, "order": 1}]}
    written = "campaigns:\n  - name: A\n    budget:\n      production:\n        - name: X\n"
    entry = _entry(written + "          amount: 1\n", "staging")
    refresh_items(entry, CAMPAIGN_BUDGET_ITEM, LIVE, "staging")
    assert sorted(entry.item["budget"]) == ["production", "staging"]
    assert entry.item["budget"]["production"] == [{"name": "X", "amount": 1}]  # not ours
    entry = _entry(written + "          amount: 1\n", None)  # one portal: left as written
    assert refresh_items(entry, CAMPAIGN_BUDGET_ITEM, LIVE, None).added == 0
