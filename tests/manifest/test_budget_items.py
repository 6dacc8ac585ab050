"""Budget and spend items as a manifest writes them: decimal amounts, errors naming the item's
line, a name declared twice naming both lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.errors import ManifestError
from reconciler.manifest import load_manifests


def load(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    try:
        load_manifests([tmp_path])
    except ManifestError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_amounts_are_canonical_decimals(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "campaigns:\n  - name: A\n    budget:\n      - name: x\n        amount: 1500.0\n"
        "      - name: y\n        amount: '1500.00'\n      - name: z\n        amount: 1e3\n"
        "    spend: []\n",
        encoding="utf-8",
    )
    (campaign,) = load_manifests([tmp_path]).campaigns
    assert [i.amount for i in campaign.obj.budget or []] == ["1500", "1500", "1000"]
    assert campaign.obj.spend == [] and campaign.obj.budget is not None


def test_a_name_declared_twice_names_both_lines(tmp_path: Path) -> None:
    problems = load(
        tmp_path,
        "campaigns:\n  - name: A\n    budget:\n      - name: Ads\n        amount: 1\n"
        "      - name: Ads\n        amount: 2\n    spend:\n      - name: Ads\n        amount: 2\n",
    )
    assert problems == [
        f'{tmp_path}/c.yaml:6:9: campaign "A": budget item declared twice in `budget`: this one '
        f'and the one at {tmp_path}/c.yaml:4:9 have the name "Ads"; keep only one'
    ]  # the same name in spend is another list


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("name: x\n        amount: -1", "budget #1: amount: must not be negative, not -1"),
        ("name: x\n        amount: lots", "budget #1: amount: must be a number such as 1500"),
        ("amount: 1", 'budget #1: "name" is required'),
        ("name: x\n        amount: 1\n        colour: red", 'budget #1: unknown key "colour"'),
    ],
)
def test_an_item_error_points_at_the_item(tmp_path: Path, item: str, message: str) -> None:
    (problem,) = load(tmp_path, f"campaigns:\n  - name: A\n    budget:\n      - {item}\n")
    assert problem.startswith(f'{tmp_path}/c.yaml:4:9: campaign "A": {message}')


def test_exclusive_needs_its_list(tmp_path: Path) -> None:
    (problem,) = load(tmp_path, "campaigns:\n  - name: A\n    spendExclusive: true\n")
    assert "spendExclusive needs a spend list" in problem


@pytest.mark.parametrize("amount", ['"1e999999999"', '"1e400"', '"1e-999999"'])
def test_an_amount_no_json_number_can_hold_is_one_problem_at_its_line(
    tmp_path: Path, amount: str
) -> None:
    """HubSpot's amounts are JSON numbers (doubles); a huge exponent crashed the loader with
    decimal.Overflow, and ``1e-999999`` would be written out a million digits long."""
    (problem,) = load(
        tmp_path,
        f"campaigns:\n  - name: A\n    budget:\n      - name: x\n        amount: {amount}\n",
    )
    assert problem.startswith(f'{tmp_path}/c.yaml:4:9: campaign "A": budget #1: amount: must ')
    assert "below 1e309" in problem


def test_amounts_at_the_ends_of_a_doubles_range_are_kept(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "campaigns:\n  - name: A\n    budget:\n      - name: x\n        amount: '1e308'\n"
        "      - name: y\n        amount: '1e-300'\n      - name: z\n        amount: '0e-999999'\n",
        encoding="utf-8",
    )
    (campaign,) = load_manifests([tmp_path]).campaigns
    amounts = [i.amount for i in campaign.obj.budget or []]
    assert amounts == ["1" + "0" * 308, "0." + "0" * 299 + "1", "0"]


def test_twenty_thousand_broken_items_are_each_one_problem_at_their_line(tmp_path: Path) -> None:
    """Every broken item is named at its own line. (Each problem used to look its line up in a
    scan of every key of the object: 20,000 items took 39 s to report, now about 1 s; timing
    belongs in bench/, so this test holds the result only.)"""
    items = "".join(f"      - amount: {i}\n" for i in range(20_000))
    problems = load(tmp_path, f"campaigns:\n  - name: A\n    budget:\n{items}")
    assert len(problems) == 20_000
    assert problems[-1].startswith(f'{tmp_path}/c.yaml:20003:9: campaign "A": budget #20000: ')


@pytest.mark.parametrize(
    ("written", "held"),
    [
        ("12345678901234567.25", "12345678901234568"),
        ("12345678901234567890", "12345678901234567000"),
    ],
)
def test_an_amount_a_double_cannot_hold_is_refused_naming_what_hubspot_would_keep(
    tmp_path: Path, written: str, held: str
) -> None:
    """HubSpot holds amounts as doubles: such an amount would be planned again after every
    apply, so the manifest is refused at the amount's line with the value to write instead."""
    problems = load(
        tmp_path,
        f'campaigns:\n  - name: A\n    budget:\n      - name: x\n        amount: "{written}"\n',
    )
    assert len(problems) == 1 and 'c.yaml:4:9: campaign "A": budget #1: amount: ' in problems[0]
    assert f"would be stored as {held}" in problems[0] and f"write {held}" in problems[0]


def test_a_list_written_as_something_else_is_named_with_what_to_write(tmp_path: Path) -> None:
    text = 'campaigns:\n  - name: A\n    budget: {}\n    assets: {FORM: "123"}\n'
    problems = load(tmp_path, text)
    assert any(
        "c.yaml:3:5:" in p and "`budget` must be a list" in p and "mapping" in p for p in problems
    )
    assert any("`assets.FORM` must be a list" in p for p in problems)
