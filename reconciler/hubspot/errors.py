"""HubSpot failures, converted from httpx and HTTP answers at one point (``client._raise_for``).

HubSpotError (a ReconcilerError: one message, exit 1)
 +-- HubSpotConnectionError   the base URL could not be reached (names it, never the token)
 +-- HubSpotTimeout           no complete answer within the HTTP timeout
 +-- RequestInterrupted       Ctrl-C/SIGTERM: not sent, not retried, or abandoned in flight (exit 130)
 +-- HubSpotHTTPError         a non-2xx answer, with HubSpot's ``Error`` body parsed
      +-- AuthError           401/403: names the scope the operation needs
      +-- RateLimitError      429 (``policyName`` tells which limit; DAILY is never retried)
      +-- ServerError         5xx
Retryable failures (RateLimitError except DAILY, ServerError, timeouts) are retried by the
client before they reach the user.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict

from reconciler.errors import ReconcilerError
from reconciler.model_base import Model


class ErrorDetail(Model):
    model_config = ConfigDict(extra="allow")

    message: str | None = None
    code: str | None = None
    context: dict[str, Any] | None = None


class ErrorBody(Model):
    """HubSpot's ``Error`` schema (plus the rate-limit fields), every field optional."""

    model_config = ConfigDict(extra="allow")

    status: str | None = None
    message: str | None = None
    category: str | None = None
    correlationId: str | None = None
    subCategory: Any = None
    context: dict[str, Any] | None = None
    errors: list[ErrorDetail] | None = None
    errorType: str | None = None
    policyName: str | None = None


class HubSpotError(ReconcilerError):
    pass


class HubSpotConnectionError(HubSpotError):
    pass


class HubSpotTimeout(HubSpotError):
    """A request got no answer in time; for a write the outcome is unknown."""


class RequestInterrupted(HubSpotError):
    """A signal stopped a request: before it was sent, before a retry, or in flight (then
    whether HubSpot acted on it is unknown). Exit code 130, as for any interrupted command."""

    exit_code = 130


class HubSpotHTTPError(HubSpotError):
    def __init__(self, status: int, operation: str, body: ErrorBody, message: str) -> None:
        self.status = status
        self.operation = operation
        self.body = body
        super().__init__(message)


class AuthError(HubSpotHTTPError):
    pass


class RateLimitError(HubSpotHTTPError):
    def __init__(
        self, status: int, operation: str, body: ErrorBody, message: str, retry_after: float | None
    ) -> None:
        self.retry_after = retry_after
        super().__init__(status, operation, body, message)

    @property
    def daily(self) -> bool:
        return (self.body.policyName or "").upper() == "DAILY"


class ServerError(HubSpotHTTPError):
    pass
