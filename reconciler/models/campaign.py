"""The campaign model: what a manifest declares and what the portal holds, in canonical values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from reconciler.currencies import currency_problem
from reconciler.model_base import Model
from reconciler.models.assets import Assets
from reconciler.models.budget import BudgetItem
from reconciler.models.event import EventRef
from reconciler.models.values import (
    Identifier,
    Presence,
    Value,
    canonical_date,
    canonical_scalar,
    did_you_mean,
    is_manifest,
)

# Campaign properties HubSpot will not let this API write (field reports + spec), with why.
READ_ONLY_CAMPAIGN_PROPERTIES: dict[str, str] = {
    "hs_object_id": "it is HubSpot's numeric id and read-only",
    "hs_owner": "it is read-only through the Campaigns API",
    "hs_color_hex": "it is read-only through the Campaigns API",
    "hs_goal": "it is deprecated and HubSpot ignores it on write",
    "hs_created_by_user_id": "it is set by HubSpot and read-only",
    "hs_budget_items_sum_amount": "it is a rollup of budget items and read-only",
    "hs_spend_items_sum_amount": "it is a rollup of spend items and read-only",
}
WRITABLE_CAMPAIGN_PROPERTIES: tuple[str, ...] = (
    "hs_start_date",
    "hs_end_date",
    "hs_notes",
    "hs_audience",
    "hs_currency_code",
    "hs_campaign_status",
    "hs_utm",
    "hs_business_unit_ids",
)
DATE_CAMPAIGN_PROPERTIES = frozenset({"hs_start_date", "hs_end_date"})


class Campaign(Model):
    """A campaign: ``name`` is ``hs_name``; ``properties`` are the managed HubSpot properties."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    name: str = Field(
        min_length=1, description="The campaign's hs_name; its identity unless id is given."
    )
    id: Identifier | None = Field(
        default=None, description="Pin to the campaign's GUID (needed for renames)."
    )
    state: Presence = Field(
        default="present", description="present (default) or absent (delete it)."
    )
    properties: dict[str, str] = Field(
        default_factory=dict,
        description='HubSpot property names to values; only these are managed. "" or null: must be empty.',
    )
    marketingEvents: list[EventRef] | None = Field(
        default=None,
        description="Marketing events linked to this campaign (HubSpot assets of type "
        "MARKETING_EVENT). Links not listed are left alone unless marketingEventsExclusive.",
    )
    marketingEventsExclusive: bool = Field(
        default=False,
        description="true: links to events not listed in marketingEvents are removed.",
    )
    budget: list[BudgetItem] | None = Field(
        default=None,
        description="Budget items (planned amounts), each by name or pinned id. Items not "
        "listed are left alone unless budgetExclusive.",
    )
    budgetExclusive: bool = Field(
        default=False, description="true: budget items not listed in budget are removed."
    )
    spend: list[BudgetItem] | None = Field(
        default=None,
        description="Spend items (actual amounts), like budget. Items not listed are left "
        "alone unless spendExclusive.",
    )
    spendExclusive: bool = Field(
        default=False, description="true: spend items not listed in spend are removed."
    )
    assets: Assets | None = Field(
        default=None,
        description="Assets associated with this campaign, by asset type (FORM, LANDING_PAGE, "
        "MARKETING_EMAIL, OBJECT_LIST, ...) -> asset ids. Only the types listed are managed; "
        "assets not listed are left alone unless assetsExclusive. Marketing events: use "
        "marketingEvents.",
    )
    assetsExclusive: bool = Field(
        default=False,
        description="true: assets of a type listed in assets but not among its ids are removed "
        "(types not listed are never touched).",
    )

    @model_validator(mode="after")
    def _exclusive_needs_list(self) -> Campaign:
        if self.marketingEventsExclusive and self.marketingEvents is None:
            raise ValueError(
                "marketingEventsExclusive needs a marketingEvents list (an empty list removes "
                "every link)"
            )
        for name, what in (("budget", "budget item"), ("spend", "spend item")):
            if getattr(self, f"{name}Exclusive") and getattr(self, name) is None:
                raise ValueError(
                    f"{name}Exclusive needs a {name} list (an empty list removes every {what})"
                )
        if self.assetsExclusive and self.assets is None:
            raise ValueError(
                "assetsExclusive needs an assets map (a type with an empty list removes every "
                "asset of that type)"
            )
        return self

    @field_validator("properties", mode="before")
    @classmethod
    def _check_properties(cls, raw: Any, info: ValidationInfo) -> Any:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            return raw  # pydantic reports the type error
        out: dict[str, str] = {}
        problems: list[str] = []
        manifest = is_manifest(info)
        for name, value in raw.items():
            name = str(name)
            if manifest:
                if name == "hs_name":
                    problems.append('"hs_name" is the campaign name: set `name` instead')
                    continue
                if name in READ_ONLY_CAMPAIGN_PROPERTIES:
                    problems.append(
                        f'"{name}" cannot be managed: {READ_ONLY_CAMPAIGN_PROPERTIES[name]}; remove it'
                    )
                    continue
                if name.startswith("hs_") and name not in WRITABLE_CAMPAIGN_PROPERTIES:
                    problems.append(
                        f'"{name}" is not a writable HubSpot campaign property'
                        f"{did_you_mean(name, WRITABLE_CAMPAIGN_PROPERTIES)}"
                    )
                    continue
            try:
                if name in DATE_CAMPAIGN_PROPERTIES and value is not None:
                    try:
                        out[name] = canonical_date(value)
                    except ValueError:
                        if manifest:
                            raise
                        out[name] = canonical_scalar(value)  # live: show what HubSpot holds
                else:
                    out[name] = canonical_scalar(value)
            except ValueError as exc:
                problems.append(f'"{name}" {exc}')
                continue
            if name == "hs_currency_code" and manifest:
                why = currency_problem(out[name])
                if why:
                    problems.append(f'"{name}": {out[name]!r} {why}')
        if problems:
            raise ValueError("; ".join(problems))
        return out

    @property
    def key(self) -> str:
        return self.name

    @property
    def pinned_id(self) -> str | None:
        return self.id

    @property
    def natural_key(self) -> str | None:
        return self.name

    @property
    def label(self) -> str:
        return f'campaign "{self.name}"'

    def managed_values(self) -> dict[str, Value]:
        """The fields this object manages, by the name the plan shows (``hs_name`` first)."""
        return {"hs_name": self.name, **self.properties}

    def value_of(self, field: str) -> Value:
        """A field's live value; a property HubSpot left out is ``""``."""
        return self.name if field == "hs_name" else self.properties.get(field, "")
