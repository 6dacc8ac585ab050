"""Which portal to talk to: HubSpot when a token is set, else the embedded sandbox.

The token is read here and handed straight to the client; nothing else sees it. Whatever the
target, the first request of a networked command reads Account Info, so the run knows the
portal id its token opens (every HubSpot portal shares one base URL) before anything else is
sent. A base URL without a token is an error: a forgotten secret never falls back to the
sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reconciler.errors import TargetError
from reconciler.hubspot.account import PortalInfo, read_portal
from reconciler.hubspot.client import DEFAULT_BASE_URL, HubSpotClient, Logger, redact_url
from reconciler.hubspot.paths import api_paths, chosen_version
from reconciler.plan import Target

DEFAULT_SANDBOX_DB = Path(".reconciler") / "sandbox.db"


@dataclass
class Connection:
    target: Target
    client: HubSpotClient
    portal: PortalInfo | None = None


def sandbox_db_path() -> Path:
    return Path(os.environ.get("RECONCILER_SANDBOX_DB") or DEFAULT_SANDBOX_DB)


def _hubspot_settings() -> tuple[str, str] | None:
    """(base URL, token) for HubSpot, None for the embedded sandbox; refuses half a setting."""
    token = os.environ.get("HUBSPOT_ACCESS_TOKEN")
    base_url = (os.environ.get("HUBSPOT_BASE_URL") or "").strip()
    if token is None:
        if base_url:
            raise TargetError(
                f"HUBSPOT_BASE_URL is set ({redact_url(base_url)}) but HUBSPOT_ACCESS_TOKEN is "
                "not: set the token (a service key or private app token), or unset "
                "HUBSPOT_BASE_URL to use the embedded sandbox portal. Nothing was sent."
            )
        return None
    if not token.strip():
        raise TargetError(
            "HUBSPOT_ACCESS_TOKEN is set but empty: set it to a service key or private app "
            "token, or unset it (and HUBSPOT_BASE_URL) to use the embedded sandbox portal"
        )
    base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise TargetError(
            f"HUBSPOT_BASE_URL must start with http:// or https://, not {redact_url(base_url)!r}"
        )
    return base_url, token.strip()


@contextmanager
def connect(
    *,
    log: Logger | None = None,
    notice: Logger | None = None,
    api_version: str | None = None,
) -> Iterator[Connection]:
    """Open the run's one client (and the embedded sandbox when there is no token)."""
    version = chosen_version(api_version)
    paths = api_paths(version)
    hubspot = _hubspot_settings()
    if hubspot is not None:
        base_url, token = hubspot
        with HubSpotClient(base_url, token, log=log, notice=notice, paths=paths) as client:
            portal = read_portal(client)
            target = Target(
                kind="hubspot",
                base_url=redact_url(base_url),
                portal_id=portal.portalId,
                account_type=portal.accountType,
                api_version=version,
            )
            yield Connection(target, client, portal)
        return

    from reconciler.sandbox.server import start_sandbox

    db = sandbox_db_path()
    with (
        start_sandbox(db) as sandbox,
        HubSpotClient(sandbox.base_url, None, log=log, notice=notice, paths=paths) as client,
    ):
        portal = read_portal(client)
        target = Target(
            kind="sandbox",
            base_url=sandbox.base_url,
            database=str(db.resolve()),
            portal_id=portal.portalId,
            account_type=portal.accountType,
            api_version=version,
        )
        yield Connection(target, client, portal)
