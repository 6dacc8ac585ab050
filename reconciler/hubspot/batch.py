"""Shapes shared by both APIs: batch answers (200/201/207) and their per-object errors."""

from __future__ import annotations

from typing import Any, Self

import httpx
from pydantic import ConfigDict, Field

from reconciler.hubspot import answers
from reconciler.model_base import Model


class StandardError(Model):
    """One failed input of a 207 answer; every field optional (the spec and reality differ)."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    status: str | None = None
    category: str | None = None
    message: str | None = None
    subCategory: Any = None
    context: dict[str, Any] | None = None
    errors: list[dict[str, Any]] | None = None

    def ids(self) -> list[str]:
        """The object ids this error names, from ``id`` or its ``context`` (e.g. ``{"ids": [...]}``)."""
        found: list[str] = []
        if self.id:
            found.append(str(self.id))
        for values in (self.context or {}).values():
            if isinstance(values, list):
                found.extend(str(v) for v in values)
            elif isinstance(values, str | int):
                found.append(str(values))
        return found


class BatchAnswer(Model):
    """A batch response: ``results`` hold the successes; ``errors`` the failures (on 207)."""

    model_config = ConfigDict(extra="allow")

    status_code: int = 200
    status: str | None = None
    results: list[dict[str, Any]] = Field(default_factory=list)
    errors: list[StandardError] = Field(default_factory=list)
    numErrors: int | None = None

    @classmethod
    def from_response(cls, response: httpx.Response) -> Self:
        """204, or a 207 without a body (marketing-events archive declares none), says nothing
        more; any other body must be a batch answer (see ``answers``)."""
        if response.status_code == 204 or not response.content.strip():
            return cls(status_code=response.status_code)
        answer = answers.parse(response, cls)
        return answer.model_copy(update={"status_code": response.status_code})


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    """Split into batches of at most ``size``, keeping order."""
    return [items[i : i + size] for i in range(0, len(items), size)]
