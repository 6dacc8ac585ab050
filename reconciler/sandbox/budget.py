"""Campaign budget and spend items: ``POST .../{campaignGuid}/budget`` (and ``/spend``),
``GET``/``PUT``/``DELETE .../budget/{budgetId}`` (and ``/spend/{spendId}``) and
``GET .../{campaignGuid}/budget/totals``.

HubSpot rules modelled here: an input carries ``name``, ``amount`` and ``order`` (required) and
``description``; a create answers 201, a PUT replaces the item (a description it does not send
is removed), a delete answers 204; an item id of another campaign or the other list is a 404;
the totals answer carries both lists, ``budgetTotal``, ``spendTotal``, ``remainingBudget`` and
the campaign's currency (its ``hs_currency_code``, else the portal's). Items "may be returned
in any order" (the spec): the sandbox lists the newest first, so no client relies on an order.
Amounts go out as JSON numbers (``1500.0``, as HubSpot's Java serializer writes doubles).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import replace as with_fields
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reconciler.currencies import ISO_4217
from reconciler.sandbox import budget_store
from reconciler.sandbox.account import SANDBOX_CURRENCY
from reconciler.sandbox.budget_store import BudgetItem, BudgetKind, ItemInput
from reconciler.sandbox.deviations import Deviation, deviates
from reconciler.sandbox.state import state_of
from reconciler.sandbox.store import CampaignRow, Store
from reconciler.sandbox.wire import ApiError, expect_object, no_content, read_json

PREFIX = "/marketing/v3/campaigns"
MAX_AMOUNT = Decimal(10) ** 15
"""Larger amounts are refused (their totals would no longer be exact as JSON numbers)."""
MAX_ORDER = 2**31 - 1
_LABEL = {"budget": "Budget item", "spend": "Spend item"}

Handler = Callable[[Request], Awaitable[Response]]


def parse_input(raw: Any) -> ItemInput:
    """A ``PublicBudgetItemInput`` (or spend input) as HubSpot validates it, or a 400."""
    body = expect_object(raw, "the body")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "Invalid input JSON: name is required and must be a non-empty string")
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise ApiError(400, "Invalid input JSON: description must be a string")
    return ItemInput(name, _amount(body.get("amount")), _order(body.get("order")), description)


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(400, "Invalid input JSON: amount is required and must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ApiError(400, "Invalid input JSON: amount must be a finite number")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not Decimal(0) <= amount < MAX_AMOUNT:
        raise ApiError(400, f"amount must be between 0 and {MAX_AMOUNT:.0f}, not {value}")
    return amount


def _order(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, "Invalid input JSON: order is required and must be an integer")
    if not 0 <= value <= MAX_ORDER:
        raise ApiError(400, f"order must be between 0 and {MAX_ORDER}, not {value}")
    return value


def item_json(item: BudgetItem) -> dict[str, Any]:
    """``PublicBudgetItem`` / ``PublicSpendItem``: timestamps are epoch milliseconds."""
    out: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "amount": float(item.amount),
        "order": item.order,
        "createdAt": item.created_at,
        "updatedAt": item.updated_at,
    }
    if item.description:
        out["description"] = item.description
    return out


def _campaign(request: Request, store: Store) -> CampaignRow:
    cid: str = request.path_params["campaignGuid"]
    row = store.campaigns_by_id([cid]).get(cid)
    if row is None:
        raise ApiError(404, f"Campaign {cid} not found", category="OBJECT_NOT_FOUND")
    return row


def _missing(kind: BudgetKind, item_id: str, cid: str) -> ApiError:
    return ApiError(
        404, f"{_LABEL[kind]} {item_id} not found in campaign {cid}", category="OBJECT_NOT_FOUND"
    )


def currency_of(row: CampaignRow) -> str:
    """The campaign's own currency when it names a valid one, else the portal's."""
    code = row.props.get("hs_currency_code", "")
    return code if code in ISO_4217 else SANDBOX_CURRENCY


async def totals(request: Request) -> Response:
    store = state_of(request).store
    row = _campaign(request, store)
    items = budget_store.items(store, row.id)
    budget = [i for i in items if i.kind == "budget"]
    spend = [i for i in items if i.kind == "spend"]
    budget_total = sum((i.amount for i in budget), Decimal(0))
    spend_total = sum((i.amount for i in spend), Decimal(0))
    return JSONResponse(
        {
            "budgetItems": [item_json(i) for i in reversed(budget)],
            "spendItems": [item_json(i) for i in reversed(spend)],
            "budgetTotal": float(budget_total),
            "spendTotal": float(spend_total),
            "remainingBudget": float(budget_total - spend_total),
            "currencyCode": currency_of(row),
        }
    )


def _handlers(kind: BudgetKind, id_param: str) -> tuple[Handler, Handler, Handler, Handler]:
    """create, get, replace and delete for one of the two lists."""

    async def create(request: Request) -> Response:
        store = state_of(request).store
        new = parse_input(await read_json(request))
        row = _campaign(request, store)
        return JSONResponse(item_json(budget_store.add(store, row.id, kind, new)), 201)

    async def get(request: Request) -> Response:
        store = state_of(request).store
        row, item_id = _campaign(request, store), request.path_params[id_param]
        found = budget_store.item(store, row.id, kind, item_id)
        if found is None:
            raise _missing(kind, item_id, row.id)
        return JSONResponse(item_json(found))

    async def replace(request: Request) -> Response:
        store = state_of(request).store
        new = parse_input(await read_json(request))
        row, item_id = _campaign(request, store), request.path_params[id_param]
        if new.description is None and deviates(request, Deviation.BUDGET_PUT_MERGES):
            old = budget_store.item(store, row.id, kind, item_id)
            new = with_fields(new, description=old.description if old else None)
        updated = budget_store.replace(store, row.id, kind, item_id, new)
        if updated is None:
            raise _missing(kind, item_id, row.id)
        return JSONResponse(item_json(updated))

    async def delete(request: Request) -> Response:
        store = state_of(request).store
        row, item_id = _campaign(request, store), request.path_params[id_param]
        if not budget_store.remove(store, row.id, kind, item_id):
            raise _missing(kind, item_id, row.id)
        return no_content()

    return create, get, replace, delete


def _routes() -> list[Route]:
    out = [Route(PREFIX + "/{campaignGuid}/budget/totals", totals, methods=["GET"])]
    lists: tuple[tuple[BudgetKind, str], ...] = (("budget", "budgetId"), ("spend", "spendId"))
    for kind, id_param in lists:
        create, get, replace, delete = _handlers(kind, id_param)
        one = f"{PREFIX}/{{campaignGuid}}/{kind}/{{{id_param}}}"
        out += [
            Route(f"{PREFIX}/{{campaignGuid}}/{kind}", create, methods=["POST"]),
            Route(one, get, methods=["GET"]),
            Route(one, replace, methods=["PUT"]),
            Route(one, delete, methods=["DELETE"]),
        ]
    return out


routes = _routes()
