"""The terminal plan: exact text on hand-built plans, colour only when the console has it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from reconciler.plan import Cost, Plan, RequestCount, Target
from reconciler.render.text import _Writer, render_text

from .plans import change, make_plan


def text_of(plan: Plan, **console_options: object) -> str:
    out = io.StringIO()
    render_text(plan, Console(file=out, width=60, **console_options))  # type: ignore[arg-type]
    return out.getvalue()


SAMPLE = """\
Target: embedded sandbox portal (.reconciler/sandbox.db) at http://127.0.0.1:43121

+ create campaign "Black Friday 2026" (manifests/campaigns.yaml:12)
    + hs_name: "Black Friday 2026"
    + hs_start_date: "2026-11-27"

~ update campaign "Spring Launch 2026" (id 9dbec438-53e2-4b28-8c0f-38f56574a6e8, manifests/campaigns.yaml:3)
    ~ hs_notes: "old text" -> ""
    ~ hs_audience: "Everyone" -> "Developers"

~ update marketing event "acct-1/webinar-42" (id 1234567, manifests/events.yaml:2)
    ~ eventCancelled: false -> true

- delete marketing event "acct-1/old-webinar" (id 7654321, manifests/events.yaml:20)

Warning: this plan deletes 4 of 10 existing managed objects (more than 30%): apply refuses it without --force

Requests apply will send:
  POST /marketing/campaigns/2026-09/batch/create: 1 request (1 object)
  POST /marketing/campaigns/2026-09/batch/update: 1 request (1 object)
  POST /marketing/marketing-events/2026-09/batch/update: 1 request (1 object)
  POST /marketing/marketing-events/2026-09/batch/archive: 1 request (1 object)
  Total: 4 write requests; at 190 requests per 10 s that takes under 10 s.
  Reading live state took 3 requests.

Plan: 1 to create, 2 to update, 1 to delete, 5 unchanged.
"""


def test_sample_plan_exact_text(sample_plan: Plan) -> None:
    assert text_of(sample_plan) == SAMPLE


def test_no_changes(unchanged_plan: Plan) -> None:
    assert text_of(unchanged_plan) == (
        "Target: embedded sandbox portal (.reconciler/sandbox.db) at http://127.0.0.1:43121\n"
        "\n"
        "Requests apply will send:\n"
        "  Total: No write requests.\n"
        "  Reading live state took 3 requests.\n"
        "\n"
        "No changes. The portal matches the manifests (5 unchanged).\n"
    )


def test_hubspot_target_and_pinned_key_without_repeated_id() -> None:
    plan = make_plan(
        [change("campaign", "9dbec438", "delete", id="9dbec438")],
        target=Target(kind="hubspot", base_url="https://api.hubapi.com"),
        reads=1,
    )
    lines = text_of(plan).splitlines()
    assert lines[0] == "Target: HubSpot at https://api.hubapi.com"
    assert lines[2] == '- delete campaign "9dbec438"'
    assert lines[-1] == "Plan: 0 to create, 0 to update, 1 to delete, 5 unchanged."
    assert "  Reading live state took 1 request." in lines


def test_markup_emoji_and_quotes_print_literally() -> None:
    plan = make_plan(
        [
            change(
                "campaign",
                '[red]Sale[/red] "2026"',
                "update",
                ("hs_notes", "[bold]x[/bold] :warning:", "a\\b\nc\t"),
                id="g1",
                source="m.yaml:1",
            )
        ]
    )
    out = text_of(plan, force_terminal=True, color_system="standard")
    plain = text_of(plan)
    assert '~ update campaign "[red]Sale[/red] \\"2026\\"" (id g1, m.yaml:1)' in plain
    assert '    ~ hs_notes: "[bold]x[/bold] :warning:" -> "a\\\\b\\nc\\t"' in plain
    assert "[bold]x[/bold] :warning:" in out
    assert "⚠" not in out


def test_invisible_characters_are_escaped() -> None:
    plan = make_plan(
        [change("campaign", "C", "update", ("hs_notes", "Launch", "Launch\u200b\u00a0\u202e😀"))]
    )
    assert '    ~ hs_notes: "Launch" -> "Launch\\u200b\\u00a0\\u202e😀"' in text_of(plan)


def test_long_values_are_elided_in_the_middle_and_say_so() -> None:
    long = "a" * 60 + "b" * 100 + "c" * 40
    plan = make_plan([change("campaign", "C", "create", ("hs_notes", None, long))])
    line = f'    + hs_notes: "{"a" * 60}…{"c" * 40}" (200 characters, 100 elided in the middle)'
    assert line in text_of(plan).splitlines()


def test_values_at_the_limit_are_whole() -> None:
    value = "x" * 120
    plan = make_plan([change("campaign", "C", "create", ("hs_notes", None, value))])
    assert f'    + hs_notes: "{value}"' in text_of(plan).splitlines()


def test_lines_are_never_wrapped_at_console_width(sample_plan: Plan) -> None:
    assert all("\n" not in line for line in SAMPLE.splitlines())
    assert text_of(sample_plan) == SAMPLE  # rendered at width 60, longer lines intact


def test_cost_over_one_rate_window_gives_the_floor() -> None:
    cost = Cost(
        writes=[RequestCount(endpoint="POST /x", requests=500, objects=50_000)],
        rate_limit=100,
        rate_interval_ms=1500,
        reads=0,
    )
    plan = make_plan([change("campaign", "C", "delete", id="1")]).model_copy(
        update={"requests": cost}
    )
    out = text_of(plan)
    assert "  POST /x: 500 requests (50000 objects)\n" in out
    assert (
        "  Total: 500 write requests; at 100 requests per 1.5 s that takes at least 6 s.\n" in out
    )
    assert "  Reading live state took 0 requests.\n" in out


def test_no_escape_codes_without_colour(sample_plan: Plan) -> None:
    assert "\x1b" not in text_of(sample_plan)  # not a terminal
    assert "\x1b" not in text_of(sample_plan, force_terminal=True, no_color=True)
    assert "\x1b" not in text_of(sample_plan, force_terminal=True, color_system=None)
    assert text_of(sample_plan, force_terminal=True, no_color=True) == SAMPLE


def test_colour_on_a_terminal(sample_plan: Plan) -> None:
    out = text_of(sample_plan, force_terminal=True, color_system="standard")
    assert "\x1b[1;32m+ create\x1b[0m" in out
    assert "\x1b[1;33m~ update\x1b[0m" in out
    assert "\x1b[1;31m- delete\x1b[0m" in out
    assert "\x1b[1;31mWarning: this plan deletes" in out


def test_control_characters_in_names_paths_and_warnings_are_escaped() -> None:
    plan = make_plan(
        [change("campaign", "C", "update", ("a\nb", "x", "y"), id="1", source="m\x1b[31m.yaml:1")],
        warnings=("two\nlines",),
    )
    out = text_of(plan, force_terminal=True, color_system="standard")
    plain = text_of(plan)
    assert "\x1b[31m.yaml" not in out
    assert '~ update campaign "C" (id 1, m\\u001b[31m.yaml:1)' in plain
    assert '    ~ a\\u000ab: "x" -> "y"' in plain
    assert "Warning: two\\u000alines" in plain


def test_capture_and_record_see_the_output(sample_plan: Plan) -> None:
    console = Console(file=io.StringIO())
    with console.capture() as capture:
        render_text(sample_plan, console)
    assert capture.get() == SAMPLE
    recording = Console(file=io.StringIO(), record=True)
    render_text(sample_plan, recording)
    assert recording.export_text() == SAMPLE


def test_large_plans_print_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    changes = [
        change("marketingEvent", f"a/e{i:05d}", "update", ("eventName", "x", "y"), id=str(i))
        for i in range(300)
    ]
    plan = make_plan(changes)
    whole = text_of(plan)
    monkeypatch.setattr(_Writer, "FLUSH_EVERY", 7)
    assert text_of(plan) == whole
    lines = whole.splitlines()
    assert len(lines) == 1 + 3 * 300 + 1 + 4 + 1 + 1
    assert lines[-3:-1] == ["  Reading live state took 3 requests.", ""]
