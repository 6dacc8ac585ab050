"""A saved plan's file: the JSON plan plus the live values it read, and whose portal it is for."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from reconciler.errors import SavedPlanError
from reconciler.plan import Plan, Target
from reconciler.saved.sane import problems


def dump(plan: Plan) -> str:
    data = plan.model_dump(mode="json")
    data["live_values"] = plan.live_values
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
            why = f"{where}: {first['msg'].lower()}" if where else first["msg"]
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
