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

from dataclasses import dataclass, field

from reconciler.models import Location


class ReconcilerError(Exception):
    """A failure with a message meant for the user (and an exit code of 1)."""

    exit_code = 1


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
        super().__init__("\n".join(str(p) for p in problems))


class PlanError(ReconcilerError):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


class TargetError(ReconcilerError):
    pass


class SavedPlanError(ReconcilerError):
    pass


class UnsafePlanError(ReconcilerError):
    pass
