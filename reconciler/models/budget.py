"""A campaign's budget and spend items, as a manifest declares them and as the portal holds them.

Amounts are canonical decimal strings (no exponent, no trailing zeros: ``1500``, ``1500.0``
and ``"1500.00"`` are all ``"1500"``), so both sides compare, print and round-trip exactly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from reconciler.model_base import Model
from reconciler.models.values import Identifier, Value


def decimal_text(amount: Decimal) -> str:
    """``amount`` without exponent or trailing zeros (``Decimal("1.5E+3")`` -> ``"1500"``)."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "") else text


def in_double_range(amount: Decimal) -> bool:
    """Whether a finite ``amount`` is one a JSON number (a double) can stand for: below
    10^309, and 0 or above 10^-324. HubSpot's amounts are JSON numbers; ``1e400`` or
    ``"1e999999999"`` would overflow when written out (``1e-999990``: a million digits)."""
    return not amount or -324 < amount.adjusted() < 309


def canonical_amount(value: Any) -> str:
    """An amount written as a number or a string, as a canonical decimal string >= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"must be a number such as 1500 or 12.50, not {value!r}")
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"must be a number such as 1500 or 12.50, not {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"must be a finite number, not {value!r}")
    if amount < 0:
        raise ValueError(f"must not be negative, not {value!r}")
    if not in_double_range(amount):
        raise ValueError(
            f"must be a number such as 1500 or 12.50 (HubSpot holds amounts as JSON numbers: "
            f"below 1e309), not {value!r}"
        )
    held = as_held(amount)
    if held != amount:
        raise ValueError(
            f"has more digits than HubSpot keeps: it holds amounts as doubles, so {value!r} "
            f"would be stored as {decimal_text(held)} and planned again on every run; write "
            f"{decimal_text(held)}"
        )
    return decimal_text(amount)


def as_held(amount: Decimal) -> Decimal:
    """``amount`` as HubSpot holds it: the nearest double, read back as its shortest decimal
    (``0.1`` stays ``0.1``; ``12345678901234567.25`` becomes ``12345678901234568``)."""
    return Decimal(repr(float(amount)))


class BudgetItem(Model):
    """One budget or spend item of a campaign, as a manifest declares it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="Its identity within the campaign's list.")
    amount: str = Field(
        description='A decimal >= 0, as a number or a string (1500, 12.50, "1500.00").',
        json_schema_extra={"type": ["number", "string"]},
    )
    order: int | None = Field(
        default=None,
        ge=0,
        description="Its place in the list; left out: not managed (a new item gets its "
        "1-based position in the manifest list).",
    )
    description: str | None = Field(
        default=None, description='Left out: not managed; "" or null: must be empty.'
    )
    id: Identifier | None = Field(
        default=None, description="Pin to HubSpot's item id (needed for renames)."
    )

    @field_validator("name", mode="before")
    @classmethod
    def _name_text(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("name must not be empty")
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> str:
        return canonical_amount(value)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> Any:
        return "" if value is None else value  # written as null: must be empty


class LiveItem(Model):
    """One item as the portal holds it; a missing description is ``""``."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    amount: str
    order: int
    description: str = ""

    @property
    def pinned_id(self) -> str:
        return self.id

    @property
    def natural_key(self) -> str:
        return self.name

    def managed_values(self) -> dict[str, Value]:
        """Every field a manifest may manage, as the plan shows it (``order`` as text)."""
        return {
            "name": self.name,
            "amount": self.amount,
            "order": str(self.order),
            "description": self.description,
        }


class LiveBudget(Model):
    """A campaign's items (each list in HubSpot's ``order``), totals and currency."""

    model_config = ConfigDict(frozen=True)

    budget: list[LiveItem] = Field(default_factory=list)
    spend: list[LiveItem] = Field(default_factory=list)
    currency: str | None = None
    budget_total: str = "0"
    spend_total: str = "0"
