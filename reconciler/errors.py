"""The exception tree users can meet. The CLI turns each into one message and an exit code.

ReconcilerError                 anything the user can act on; never shown as a traceback
 +-- ManifestError              one or more problems in manifests, each with file:line:col
 +-- PlanError                  desired state cannot be planned (ambiguous match, missing field)
 +-- TargetError                which portal to talk to is unclear or unusable
 +-- SavedPlanError             a saved plan cannot be applied (other target, objects moved)
 +-- UnsafePlanError            the plan passes the delete safety threshold without --force
 +-- hubspot.errors.HubSpotError   HTTP-level failures (auth, rate limit, 4xx/5xx, connection)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reconciler.models import Location


def pydantic_reason(error: Mapping[str, Any]) -> str:
    """One pydantic error's text as a clause of a message of ours: our validators' own words
    as written (without pydantic's ``Value error, `` before them), pydantic's own wording
    (``Input should be ...``) with a small first letter."""
    message = str(error.get("msg", ""))
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


class ReconcilerError(Exception):
    """A failure with a message meant for the user (and an exit code of 1).

    A message of several lines gives them as ``details`` (one string per line), never as
    newlines inside the message: the CLI escapes each line on its own, so a newline inside a
    name or a portal's answer is printed as an escape and cannot start a line of its own.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = tuple(details)

    def lines(self) -> list[str]:
        """The message's lines as the program meant them: the message, then each detail."""
        first = str(self.args[0]) if self.args else ""
        return [first, *getattr(self, "details", ())]

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a manifest: where, which object, and what to do."""

    message: str
    location: Location | None = None
    obj: str | None = None  # e.g. 'campaign "Spring Launch 2026"'
    related: tuple[Location, ...] = field(default=())

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f"{self.obj}: " if self.obj else ""
        return f"{where}{what}{self.message}"


class ManifestError(ReconcilerError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__()

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class PlanError(ReconcilerError):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__()

    def lines(self) -> list[str]:
        return list(self.messages)


class TargetError(ReconcilerError):
    pass


class SavedPlanError(ReconcilerError):
    pass


class UnsafePlanError(ReconcilerError):
    pass
