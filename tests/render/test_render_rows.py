"""The shared row views: value literals, elision and the cost sentences."""

from __future__ import annotations

from reconciler.plan import Cost, RequestCount
from reconciler.render.rows import (
    ValueView,
    groups,
    literal,
    object_rows,
    plural,
    value_view,
    writes_sentence,
)

from .plans import make_plan, sample_changes


def test_literals_tell_empty_booleans_and_strings_apart() -> None:
    assert literal("") == '""'
    assert literal(True) == "true"
    assert literal("true") == '"true"'
    assert literal(None) == "null"
    assert literal('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert literal("ü€") == '"ü€"'
    assert literal("a\u00a0b\x7f\U000e0001") == '"a\\u00a0b\\u007f\\udb40\\udc01"'


def test_elision_keeps_head_and_tail_and_counts_the_rest() -> None:
    view = value_view("\n" * 60 + "m" * 61 + "t" * 40)
    assert view == ValueView('"' + "\\n" * 60 + "…" + "t" * 40 + '"', 161, 61)
    assert str(view).endswith(" (161 characters, 61 elided in the middle)")
    assert value_view("x" * 120).elided == 0
    assert value_view(False) == ValueView("false")


def test_plural() -> None:
    assert plural(1, "request") == "1 request"
    assert plural(0, "request") == "0 requests"
    assert plural(2, "entry", "entries") == "2 entries"


def test_writes_sentence() -> None:
    assert writes_sentence(Cost()) == "No write requests."
    one = Cost(writes=[RequestCount(endpoint="POST /x", requests=1, objects=3)])
    assert writes_sentence(one) == (
        "1 write request; at 190 requests per 10 s that takes under 10 s."
    )
    many = Cost(writes=[RequestCount(endpoint="POST /x", requests=381, objects=3)])
    assert writes_sentence(many) == (
        "381 write requests; at 190 requests per 10 s that takes at least 20 s."
    )


def test_groups_follow_kind_then_action_order() -> None:
    rows = object_rows(make_plan(sample_changes()))
    assert [g.title for g in groups(rows)] == [
        "1 campaign to create",
        "1 campaign to update",
        "1 marketing event to update",
        "1 marketing event to delete",
    ]
    assert rows[1].heading == (
        '~ update campaign "Spring Launch 2026" '
        "(id 9dbec438-53e2-4b28-8c0f-38f56574a6e8, manifests/campaigns.yaml:3)"
    )
