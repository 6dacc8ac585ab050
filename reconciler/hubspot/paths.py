"""Where each HubSpot endpoint lives, per API version: the one map from logical endpoint to path.

HubSpot moved to date-versioned APIs in March 2026 (``/marketing/campaigns/2026-09/...``); the
``/marketing/v3/...`` paths stop being supported in September 2027. Every path the client
sends, and every path a plan's request lines show, is built here from the chosen version, so
a new version is one entry in ``API_VERSIONS``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

from reconciler.errors import ReconcilerError

API_VERSIONS: tuple[str, ...] = ("2026-09", "2026-03", "v3")
"""Newest first; the first is the default (HubSpot's current version)."""
DEFAULT_API_VERSION = API_VERSIONS[0]
API_VERSION_ENV = "RECONCILER_API_VERSION"

MARKETING_EVENT_ASSET = "MARKETING_EVENT"


@dataclass(frozen=True)
class ApiPaths:
    """The path prefixes of one API version (no trailing slash)."""

    version: str
    campaigns: str
    events: str
    account_info: str

    @property
    def events_list(self) -> str:
        """The events list: ``/marketing/v3/marketing-events/`` keeps its slash, dated ones not."""
        return f"{self.events}/" if self.version == "v3" else self.events

    def event_link(self, guid: str, object_id: str) -> str:
        """The link of one campaign and one event (both encoded as path segments)."""
        return self._event_link(path_segment(guid), path_segment(object_id))

    def _event_link(self, guid: str, object_id: str) -> str:
        return f"{self.campaigns}/{guid}/assets/{MARKETING_EVENT_ASSET}/{object_id}"

    def event_link_pattern(self) -> str:
        """The link path with ``{campaignGuid}`` and ``{objectId}`` left as placeholders."""
        return self._event_link("{campaignGuid}", "{objectId}")

    def asset_list(self, guid: str, asset_type: str) -> str:
        """A campaign's assets of one type (paged)."""
        return self._assets(path_segment(guid), path_segment(asset_type))

    def asset(self, guid: str, asset_type: str, asset_id: str) -> str:
        """One campaign <-> asset association."""
        return f"{self.asset_list(guid, asset_type)}/{path_segment(asset_id)}"

    def budget_totals(self, guid: str) -> str:
        """Both item lists of a campaign, their totals and its currency."""
        return f"{self.campaigns}/{path_segment(guid)}/budget/totals"

    def budget_items(self, guid: str, kind: str) -> str:
        """Where a campaign's ``budget`` or ``spend`` items are created."""
        return self._items(path_segment(guid), kind)

    def budget_item(self, guid: str, kind: str, item_id: str) -> str:
        """One ``budget`` or ``spend`` item."""
        return f"{self.budget_items(guid, kind)}/{path_segment(item_id)}"

    def event_lists(self, object_id: str) -> str:
        """The contact lists associated with an event (by its objectId)."""
        return self._event_lists(path_segment(object_id))

    def event_list(self, object_id: str, list_id: str) -> str:
        """One event <-> list association."""
        return f"{self.event_lists(object_id)}/{path_segment(list_id)}"

    def _assets(self, guid: str, asset_type: str) -> str:
        return f"{self.campaigns}/{guid}/assets/{asset_type}"

    def _items(self, guid: str, kind: str) -> str:
        return f"{self.campaigns}/{guid}/{kind}"

    def _event_lists(self, object_id: str) -> str:
        return f"{self.events}/associations/{object_id}/lists"

    def item_endpoints(self) -> dict[str, str]:
        """``operation -> "METHOD path"`` of the budget, asset and event-list requests, for
        request lines and cost estimates (the kinds that send them name their own actions)."""
        guid = "{campaignGuid}"
        assets, lists = self._assets(guid, "{assetType}"), self._event_lists("{objectId}")
        out = {"budget.read": f"GET {self.campaigns}/{guid}/budget/totals"}
        for kind, item in (("budget", "{budgetId}"), ("spend", "{spendId}")):
            out[f"{kind}.create"] = f"POST {self._items(guid, kind)}"
            out[f"{kind}.update"] = f"PUT {self._items(guid, kind)}/{item}"
            out[f"{kind}.delete"] = f"DELETE {self._items(guid, kind)}/{item}"
        out |= {
            "asset.read": f"GET {assets}",
            "asset.create": f"PUT {assets}/{{assetId}}",
            "asset.delete": f"DELETE {assets}/{{assetId}}",
            "eventList.read": f"GET {lists}",
            "eventList.create": f"PUT {lists}/{{listId}}",
            "eventList.delete": f"DELETE {lists}/{{listId}}",
        }
        return out


def path_segment(value: str) -> str:
    """``value`` as one path segment, encoded exactly once: ``/``, ``%``, ``?``, ``#`` and
    spaces percent-encoded, and a segment of dots (``.``, ``..``) too, which URL
    normalisation would otherwise resolve (``/events/../identifiers`` is ``/identifiers``)."""
    encoded = quote(value, safe="")
    if encoded and set(encoded) == {"."}:
        return "%2E" * len(encoded)
    return encoded


def api_paths(version: str = DEFAULT_API_VERSION) -> ApiPaths:
    """The paths of ``version``; an unknown version is a user error naming the valid ones."""
    if version not in API_VERSIONS:
        raise ReconcilerError(
            f"unknown API version {version!r}: use one of {', '.join(API_VERSIONS)} "
            f"(--api-version or {API_VERSION_ENV})"
        )
    if version == "v3":
        return ApiPaths(
            version,
            campaigns="/marketing/v3/campaigns",
            events="/marketing/v3/marketing-events",
            account_info="/account-info/v3",
        )
    return ApiPaths(
        version,
        campaigns=f"/marketing/campaigns/{version}",
        events=f"/marketing/marketing-events/{version}",
        account_info=f"/account-info/{version}",
    )


def chosen_version(option: str | None) -> str:
    """``--api-version``, else ``RECONCILER_API_VERSION``, else the current version."""
    version = requested_version(option) or DEFAULT_API_VERSION
    api_paths(version)  # validates
    return version


def requested_version(option: str | None) -> str | None:
    """The version the user chose for this run (``--api-version``, else
    ``RECONCILER_API_VERSION``), or ``None``: a saved plan keeps its own unless one is chosen."""
    version = option or os.environ.get(API_VERSION_ENV, "").strip() or None
    if version is not None:
        api_paths(version)  # validates
    return version


_DATED = re.compile(
    r"/(?:marketing/(?P<api>campaigns|marketing-events)|(?P<info>account-info))/"
    r"(?P<version>\d{4}-\d{2})(?P<rest>/.*)?",
    re.DOTALL,  # a decoded path parameter may hold a line break (``.`` stops at one)
)


def canonical_path(path: str) -> tuple[str, str] | None:
    """A dated path as its v3 twin and its version (``None`` for any other path).

    The sandbox serves every version over one store by routing on the v3 twin.
    """
    match = _DATED.fullmatch(path)
    if match is None or match["version"] not in API_VERSIONS:
        return None
    rest = match["rest"] or ""
    if match["info"]:
        return f"/account-info/v3{rest}", match["version"]
    if match["api"] == "marketing-events" and not rest:
        rest = "/"  # the dated events list has no trailing slash
    return f"/marketing/v3/{match['api']}{rest}", match["version"]
