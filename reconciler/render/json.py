"""The plan for machines: exactly the plan's own data, in the contract's key order.

Nothing is computed here (octoDNS's ``PlanJson`` rule): a saved plan read back with
``Plan.model_validate_json`` renders the same document. Keys come in model declaration order
(``format_version``, ``target``, ``summary``, ``changes``, ``requests``, ``warnings``,
``unsafe``), changes in the plan's sorted order, so equal plans give byte-equal output.
"""

from __future__ import annotations

from reconciler.plan import Plan
from reconciler.render.safe import json_text


def render_json(plan: Plan) -> str:
    """The JSON plan, indented by 2, without a trailing newline; UTF-8 as is, but unprintable
    characters and ``##[`` spelled as JSON escapes (the same values, safe in a CI log)."""
    return json_text(plan.model_dump_json(indent=2))
