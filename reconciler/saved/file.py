"""A saved plan's file: the JSON plan plus the live values it read, and whose portal it is for."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from reconciler.errors import SavedPlanError, pydantic_reason
from reconciler.hubspot.paths import requested_version
from reconciler.plan import Plan, Target
from reconciler.saved.sane import problems


def dump(plan: Plan) -> str:
    data = plan.model_dump(mode="json")
    data["live_values"] = plan.live_values
    data["existing"] = plan.existing
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def load(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SavedPlanError(f"cannot read the saved plan {path}: {exc.strerror}") from None
    try:
        plan = Plan.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            why = "it is not JSON"
        else:
            where = ".".join(str(p) for p in first["loc"])
            why = f"{where}: {pydantic_reason(first)}" if where else pydantic_reason(first)
        raise SavedPlanError(
            f"{path} is not a saved plan from `reconciler plan --out` ({why})"
        ) from None
    wrong = list(problems(plan))
    if wrong:
        raise SavedPlanError(
            f"{path} is not a saved plan as `reconciler plan --out` writes it (was it edited?); "
            "nothing was sent: make the plan again",
            details=wrong,
        )
    return plan


def check_target(plan: Plan, current: Target) -> None:
    if plan.target.identity != current.identity:
        raise SavedPlanError(
            f"the saved plan was made for {plan.target.describe()}, not {current.describe()}: "
            "run `reconciler plan --out` again against this target"
        )


def api_version_for(plan: Plan, option: str | None) -> str:
    """The API version a saved plan is applied with: the one it was made with.

    Why: the plan read the portal and priced its requests at that version's paths, and the
    reviewers approved that. A version chosen for this run (``option``, else
    ``RECONCILER_API_VERSION``) must be the same; a portal's ``apiVersion`` in
    ``reconciler.yaml`` is only a default and gives way. ``load`` already refused a version the
    tool does not know.
    """
    recorded = plan.target.api_version or "(none)"  # ``load`` refused a plan without one
    requested = requested_version(option)
    if requested is not None and requested != recorded:
        raise SavedPlanError(
            f"the saved plan was made with HubSpot API version {recorded}, but this run asks for "
            f"{requested} (--api-version or RECONCILER_API_VERSION); nothing was sent: apply it "
            f"without choosing a version, or make the plan again with {requested}"
        )
    return recorded
