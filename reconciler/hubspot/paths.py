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
    version = option or os.environ.get(API_VERSION_ENV, "").strip() or DEFAULT_API_VERSION
    api_paths(version)  # validates
    return version


_DATED = re.compile(
    r"^/(?:marketing/(?P<api>campaigns|marketing-events)|(?P<info>account-info))/"
    r"(?P<version>\d{4}-\d{2})(?P<rest>/.*)?$"
)


def canonical_path(path: str) -> tuple[str, str] | None:
    """A dated path as its v3 twin and its version (``None`` for any other path).

    The sandbox serves every version over one store by routing on the v3 twin.
    """
    match = _DATED.match(path)
    if match is None or match["version"] not in API_VERSIONS:
        return None
    rest = match["rest"] or ""
    if match["info"]:
        return f"/account-info/v3{rest}", match["version"]
    if match["api"] == "marketing-events" and not rest:
        rest = "/"  # the dated events list has no trailing slash
    return f"/marketing/v3/{match['api']}{rest}", match["version"]
