"""What doctor found: one ``Check`` per question, and the portal it asked."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import ConfigDict, Field

from reconciler.model_base import Model

Status = Literal["ok", "fail", "skip"]
DETAIL_LIMIT = 600
"""How much of a request or answer a failed check quotes."""


class Check(Model):
    model_config = ConfigDict(frozen=True)

    name: str
    status: Status
    detail: str


class DoctorReport(Model):
    """The contract's JSON: ``{"portal": {...}, "checks": [{name, status, detail}]}``."""

    model_config = ConfigDict(frozen=True)

    portal: dict[str, Any] | None = None
    checks: list[Check] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)


def ok(name: str, detail: str) -> Check:
    return Check(name=name, status="ok", detail=detail)


def fail(name: str, detail: str) -> Check:
    return Check(name=name, status="fail", detail=detail)


def skip(name: str, detail: str) -> Check:
    return Check(name=name, status="skip", detail=detail)


def quote(value: Any) -> str:
    """A request or answer body, short enough for one check's detail."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= DETAIL_LIMIT else text[:DETAIL_LIMIT] + " ...(cut)"
