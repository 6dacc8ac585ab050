"""Several portals' plans in one report: one PR comment within GitHub's limit, the contract's
JSON, and a failed portal as an error in its own section."""

from __future__ import annotations

import json

from reconciler.multi import PortalPlan
from reconciler.render.markdown import COMMENT_LIMIT, MARKER
from reconciler.render.portals import render_portals

from .plans import huge_changes, make_plan, sample_changes


def _results() -> list[PortalPlan]:
    return [
        PortalPlan("staging", plan=make_plan(huge_changes(4_000))),
        PortalPlan("production", plan=make_plan(huge_changes(4_000))),
        PortalPlan("eu", error="portal eu: the environment variable HUBSPOT_TOKEN_EU is not set"),
    ]


def test_one_comment_within_githubs_limit_with_a_section_per_portal() -> None:
    comment = render_portals(_results(), "markdown")
    assert len(comment.encode()) <= COMMENT_LIMIT
    assert comment.startswith(MARKER) and comment.count(MARKER) == 1
    for name in ("staging", "production", "eu"):
        assert f"## Portal `{name}`" in comment
    assert "HUBSPOT\\_TOKEN\\_EU is not set" in comment


def test_json_holds_each_portals_plan_or_error() -> None:
    results = [PortalPlan("staging", plan=make_plan(sample_changes())), _results()[2]]
    data = json.loads(render_portals(results, "json"))
    assert data["format_version"] == 1
    assert data["portals"]["staging"]["summary"]["update"] >= 1
    assert "HUBSPOT_TOKEN_EU" in data["portals"]["eu"]["error"]


def test_text_has_a_summary_row_per_portal() -> None:
    text = render_portals(_results()[:1] + _results()[2:], "text")
    assert text.index("Plan for every portal") < text.index("portal staging")
    assert "error (see its section)" in text
    assert "Error: portal eu: the environment variable HUBSPOT_TOKEN_EU" in text
