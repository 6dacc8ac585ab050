"""HubSpot's wire conventions shared by the sandbox endpoints: error bodies, batch envelopes,
timestamps, and strict parsing of request bodies (bad input is a 4xx ``Error``, never a 500).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_CAMPAIGN_BATCH = 50
MAX_EVENT_BATCH = 100
"""HubSpot does not document the events batch limit; 100 is its usual CRM batch size."""


class ApiError(Exception):
    """A request HubSpot would refuse; rendered as the spec's ``Error`` body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        category: str = "VALIDATION_ERROR",
        sub_category: str | None = None,
        context: dict[str, list[str]] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.category = category
        self.sub_category = sub_category
        self.context = context
        self.errors = errors

    def body(self) -> dict[str, Any]:
        return error_body(
            self.message,
            category=self.category,
            sub_category=self.sub_category,
            context=self.context,
            errors=self.errors,
        )

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


def error_body(
    message: str,
    *,
    category: str = "VALIDATION_ERROR",
    sub_category: str | None = None,
    context: dict[str, list[str]] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """HubSpot's ``Error``: ``status``, ``message``, ``correlationId``, ``category``, ..."""
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": str(uuid.uuid4()),
        "category": category,
    }
    if sub_category:
        body["subCategory"] = sub_category
    if context:
        body["context"] = context
    if errors:
        body["errors"] = errors
    return body


def standard_error(
    message: str, *, ids: Sequence[str], category: str = "OBJECT_NOT_FOUND"
) -> dict[str, Any]:
    """One entry of a 207's ``errors``: the ``StandardError`` shape, ids in ``context.ids``."""
    return {
        "status": "error",
        "category": category,
        "message": message,
        "context": {"ids": list(ids)},
        "errors": [],
        "links": {},
    }


def iso_ms(epoch_ms: int) -> str:
    """Epoch milliseconds as HubSpot writes instants: ``2026-03-10T16:00:00.000Z``."""
    moment = EPOCH + timedelta(milliseconds=epoch_ms)
    # Not strftime: %Y does not zero-pad years before 1000 on every platform.
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:"
        f"{moment.minute:02d}:{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )


def now_iso() -> str:
    return iso_ms(int(datetime.now(tz=UTC).timestamp() * 1000))


def batch_response(
    results: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    *,
    started: str,
    ok_status: int = 200,
) -> JSONResponse:
    """A batch envelope: ``ok_status`` when all succeeded, else 207 with errors/numErrors."""
    body: dict[str, Any] = {
        "status": "COMPLETE",
        "results": results,
        "requestedAt": started,
        "startedAt": started,
        "completedAt": now_iso(),
    }
    if errors:
        body["errors"] = errors
        body["numErrors"] = len(errors)
    return JSONResponse(body, status_code=207 if errors else ok_status)


def no_content() -> Response:
    return Response(status_code=204)


async def read_json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise ApiError(400, "Invalid input JSON: the request body is empty")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"Invalid input JSON: {exc}") from None


def expect_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(400, f"Invalid input JSON: {where} must be an object")
    return value


def expect_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid input JSON: {where} must be a string")
    return value


async def batch_inputs(request: Request, limit: int) -> list[dict[str, Any]]:
    """``{"inputs": [...]}`` with at most ``limit`` objects, else a 400."""
    body = expect_object(await read_json(request), "the body")
    inputs = body.get("inputs")
    if not isinstance(inputs, list):
        raise ApiError(400, "Invalid input JSON: inputs is required and must be an array")
    if len(inputs) > limit:
        raise ApiError(
            400,
            f"Batch input exceeds the maximum of {limit} items ({len(inputs)} given)",
            context={"limit": [str(limit)]},
        )
    return [expect_object(item, f"inputs[{i}]") for i, item in enumerate(inputs)]


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, not {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}, not {value}")
    return value


def query_list(request: Request, name: str) -> list[str]:
    """A list parameter given repeated (``a=1&a=2``) or comma-separated (``a=1,2``)."""
    out: list[str] = []
    for raw in request.query_params.getlist(name):
        out.extend(part.strip() for part in raw.split(",") if part.strip())
    return out


def next_link(request: Request, after: str) -> str:
    """The full URL of the next page: this request's URL with ``after`` replaced."""
    return str(request.url.include_query_params(after=after))
