"""Every 2xx body HubSpot sends is read here, into a typed model, or refused in one message.

A proxy's login page, a truncated body, ``[]``, ``{"results": null}``, items that are not
objects or a paging cursor that is not a string would otherwise surface as JSONDecodeError,
TypeError or a pydantic ValidationError somewhere in the caller. Here each becomes a
``MalformedAnswerError`` (a ``HubSpotError``: one message naming the endpoint, exit 1), and
the endpoint modules only ever see well-typed answers.
"""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from reconciler.errors import pydantic_reason
from reconciler.hubspot.errors import HubSpotError
from reconciler.model_base import Model

Answer = TypeVar("Answer", bound=BaseModel)
Item = TypeVar("Item")


class MalformedAnswerError(HubSpotError):
    """A 2xx answer whose body is not the shape the endpoint documents."""


class Next(Model):
    model_config = ConfigDict(extra="allow")

    after: str | None = None


class Paging(Model):
    model_config = ConfigDict(extra="allow")

    next: Next | None = None


class Page(Model, Generic[Item]):
    """One page of a list endpoint: ``results`` is required, ``paging.next.after`` a string."""

    model_config = ConfigDict(extra="allow")

    results: list[Item]
    total: int | None = None
    paging: Paging | None = None

    @property
    def after(self) -> str | None:
        """The next page's cursor; None on the last page."""
        return (self.paging.next.after if self.paging and self.paging.next else None) or None


class RawPage(Page[dict[str, Any]]):
    """A page whose items are checked to be objects only (callers convert what they keep)."""


def operation_of(response: httpx.Response) -> str:
    return f"{response.request.method} {response.request.url.path}"


def body_of(response: httpx.Response) -> dict[str, Any]:
    """The JSON object a 2xx answer carries, or a MalformedAnswerError naming the endpoint."""
    operation = operation_of(response)
    status = response.status_code
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise MalformedAnswerError(
            f"{operation}: HubSpot answered {status} with a body that is not JSON ({kind}, "
            f"{len(response.content)} bytes). If HUBSPOT_BASE_URL points at a proxy, check it "
            "forwards to HubSpot's API; otherwise run the command again later"
        ) from None
    if not isinstance(data, dict):
        raise MalformedAnswerError(
            f"{operation}: HubSpot answered {status} with a JSON {_json_type(data)} where an "
            "object was expected; run the command again later"
        )
    return data


def validated(model: type[Answer], data: Any, operation: str, status: int = 200) -> Answer:
    """``data`` as ``model``; the first thing wrong named in one message."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the body"
        raise MalformedAnswerError(
            f"{operation}: HubSpot answered {status} with an unexpected body ({where}: "
            f"{pydantic_reason(first)}); run the command again later"
        ) from None


def parse(response: httpx.Response, model: type[Answer]) -> Answer:
    """A 2xx answer's body as ``model``."""
    return validated(model, body_of(response), operation_of(response), response.status_code)


def parse_page(response: httpx.Response, model: type[Answer]) -> Answer:
    """A list page as ``model``, parsed and checked in one pass of pydantic's JSON parser (a
    third of the CPU of ``json`` then the model, on 100 pages of 100 events). For models of
    text, ints and plain JSON values only: a ``Decimal`` read from JSON keeps digits a float
    would not. Anything refused takes the long way, so every error reads as ``parse``'s."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError:
        return parse(response, model)


def parse_items(model: type[Answer], items: list[dict[str, Any]], operation: str) -> list[Answer]:
    """Items of a ``RawPage`` that the caller keeps, as ``model``."""
    return [validated(model, item, operation) for item in items]


def _json_type(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
