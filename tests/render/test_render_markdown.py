"""The PR comment: exact Markdown, escaping for GitHub tables, and folding under the limit."""

from __future__ import annotations

import re
from pathlib import Path

from reconciler.plan import Plan, Target
from reconciler.render.markdown import COMMENT_LIMIT, MARKER, render_markdown
from reconciler.render.safe import markdown_code as code
from reconciler.render.safe import markdown_text as escape_text

from .plans import DELETE_WARNING, change, huge_changes, make_plan

GOLDEN = Path(__file__).parent / "golden"


def test_sample_plan_matches_golden(sample_plan: Plan) -> None:
    assert render_markdown(sample_plan) == (GOLDEN / "sample.md").read_text()


def test_no_changes(unchanged_plan: Plan) -> None:
    assert render_markdown(unchanged_plan) == (
        "<!-- reconciler-plan -->\n"
        "## Reconciler plan\n"
        "\n"
        "**No changes.** The portal matches the manifests (5 unchanged).\n"
        "\n"
        "Target: embedded sandbox (sandbox.db)\n"
        "\n"
        "### Requests apply will send\n"
        "\n"
        "No write requests. Reading live state took 3 requests.\n"
    )


def test_marker_is_the_first_line(sample_plan: Plan) -> None:
    assert render_markdown(sample_plan).splitlines()[0] == MARKER


def test_code_spans_survive_pipes_and_backticks() -> None:
    assert code("a|b") == "`a\\|b`"
    assert code("x `y` z") == "``x `y` z``"
    assert code("``a``") == "``` ``a`` ```"
    assert code("") == "`  `"


def test_prose_escapes_markdown() -> None:
    assert escape_text("db at my_dir/*x*") == "db at my\\_dir/\\*x\\*"
    assert escape_text("<b>[l](u)|~") == "\\<b\\>\\[l\\](u)\\|\\~"
    assert escape_text("- not a list") == "\\- not a list"
    assert escape_text("1. not a list") == "1\\. not a list"


def test_keys_and_values_are_escaped_in_tables_and_diffs() -> None:
    plan = make_plan(
        [
            change(
                "campaign",
                "Sale | `50%` <b>",
                "update",
                ("hs_notes", "a|b", "```\n<!-- x -->"),
                id="g1",
                source="m.yaml:1",
            )
        ],
        target=Target(kind="sandbox", base_url="http://h:1", database="my_dir/my_sandbox.db"),
    )
    md = render_markdown(plan)
    assert "| update | ``Sale \\| `50%` <b>`` | `g1` | `hs_notes` | `m.yaml:1` |" in md
    assert '-     hs_notes: "a|b"\n+     hs_notes: "```\\n<!-- x -->"\n```' in md
    assert "Target: embedded sandbox (my\\_sandbox.db)\n" in md


def test_the_comment_names_the_sandbox_portal_not_the_runners_path_or_port() -> None:
    target = Target(
        kind="sandbox",
        base_url="http://127.0.0.1:40121",
        database="/home/runner/work/acme/acme/.reconciler/sandbox.db",
    )
    md = render_markdown(
        make_plan([change("campaign", "C", "create", ("f", None, "v"))], target=target)
    )
    assert "Target: embedded sandbox (sandbox.db)\n" in md
    assert "/home/runner" not in md and "40121" not in md and "127.0.0.1" not in md


def test_the_comment_names_a_hubspot_portal_by_name_and_id_not_its_url() -> None:
    target = Target(
        kind="hubspot",
        base_url="http://127.0.0.1:8765",
        portal_id=12345678,
        account_type="STANDARD",
        portal="production",
    )
    md = render_markdown(
        make_plan([change("campaign", "C", "create", ("f", None, "v"))], target=target)
    )
    assert "Target: production, HubSpot portal 12345678 (STANDARD)\n" in md
    assert "8765" not in md and "127.0.0.1" not in md


def test_many_fields_are_summarised_in_the_table() -> None:
    fields = [(f"f{i}", None, "v") for i in range(5)]
    md = render_markdown(make_plan([change("campaign", "C", "create", *fields)]))
    assert "| create | `C` |  | `f0`, `f1`, `f2`, +2 more |  |" in md


def _fences_balanced(md: str) -> bool:
    return len(re.findall(r"^```", md, flags=re.MULTILINE)) % 2 == 0


def test_folds_the_largest_sections_first() -> None:
    big = [
        change("campaign", f"C{i:03d}", "update", ("hs_notes", "x" * 100, ""), id=f"g{i}")
        for i in range(40)
    ]
    small = [change("marketingEvent", "a/e", "delete", id="9")]
    plan = make_plan(big + small)
    full = render_markdown(plan)
    limit = len(full) - 100
    md = render_markdown(plan, limit=limit)
    assert len(md.encode()) <= limit
    assert "<details><summary>40 campaigns to update (folded)</summary>" in md
    assert "<details><summary>1 marketing event to delete</summary>" in md
    assert '- delete marketing event "a/e" (id 9)' in md
    assert md.count("| update | `C") == 40  # the table is whole
    assert (
        "> [!NOTE]\n> This plan is too long for one GitHub comment (65536 characters), so the "
        "details of 1 of 2 sections are folded. The full plan is in the JSON plan artifact; "
        "`reconciler show PLANFILE` prints it.\n" in md
    )
    assert _fences_balanced(md)


def test_huge_plan_stays_under_githubs_limit() -> None:
    plan = make_plan(huge_changes(5000), warnings=(DELETE_WARNING,))
    md = render_markdown(plan)
    assert len(md.encode()) <= COMMENT_LIMIT
    assert len(md.encode()) > COMMENT_LIMIT - 2000  # it uses the room it has
    lines = md.splitlines()
    assert lines[0] == MARKER
    assert lines[3] == "**Plan:** 1000 to create, 3000 to update, 1000 to delete, 5 unchanged."
    assert "> [!NOTE]" in lines
    note = lines[lines.index("> [!NOTE]") + 1]
    assert re.fullmatch(
        r"> This plan is too long for one GitHub comment \(65536 characters\), so the details of "
        r"all 6 sections are folded and \d+ table rows are left out\. The full plan is in the "
        r"JSON plan artifact; `reconciler show PLANFILE` prints it\.",
        note,
    )
    assert f"> {DELETE_WARNING}" in lines
    assert "_" in md and "more not listed_ |" in md
    assert "### Requests apply will send" in lines
    assert "| `POST /marketing/campaigns/2026-09/batch/update` | 30 | 1500 |" in lines
    assert _fences_balanced(md)
    # every action keeps some rows in each table
    for action in ("create", "update", "**delete**"):
        assert md.count(f"| {action} | `") >= 6


def test_small_plans_are_never_folded(sample_plan: Plan) -> None:
    md = render_markdown(sample_plan)
    assert "[!NOTE]" not in md and "(folded)" not in md


def test_newlines_cannot_break_tables_or_quotes() -> None:
    plan = make_plan(
        [change("campaign", "two\nlines", "update", ("a\nb", "x", "y"), id="1")],
        warnings=("one\n- two",),
    )
    md = render_markdown(plan)
    assert "| update | `two\\u000alines` | `1` | `a\\u000ab` |  |" in md
    assert "> one\\\\u000a- two" in md  # the backslash itself escaped: renders as \\u000a
