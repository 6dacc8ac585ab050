"""Which portal to talk to: HubSpot when a token is set, else the embedded sandbox.

The token is read here and handed straight to the client; nothing else sees it. Whatever the
target, the first request of a networked command reads Account Info, so the run knows the
portal id its token opens (every HubSpot portal shares one base URL) before anything else is
sent. A base URL without a token is an error: a forgotten secret never falls back to the
sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reconciler.errors import TargetError
from reconciler.hubspot.account import PortalInfo, read_portal
from reconciler.hubspot.client import DEFAULT_BASE_URL, HubSpotClient, Logger, redact_url
from reconciler.hubspot.paths import API_VERSION_ENV, api_paths, chosen_version
from reconciler.hubspot.retry import RetryPolicy
from reconciler.hubspot.settings import check_base_url, check_token, http_timeout_from_env
from reconciler.plan import Target
from reconciler.project import PortalConfig

DEFAULT_SANDBOX_DB = Path(".reconciler") / "sandbox.db"


@dataclass(frozen=True)
class NamedPortal:
    """A portal of ``reconciler.yaml``: its name, settings, and the project root."""

    name: str
    config: PortalConfig
    root: Path

    @property
    def sandbox_db(self) -> Path:
        return self.root / ".reconciler" / f"{self.name}.db"

    def hubspot_settings(self) -> tuple[str, str]:
        """(base URL, token) from the portal's settings and its token's variable."""
        variable = self.config.token_variable or ""
        token = os.environ.get(variable, "").strip()
        if not token:
            raise TargetError(
                f"portal {self.name}: the environment variable {variable} (its token in "
                "reconciler.yaml) is not set or empty: set it to the portal's service key or "
                "private app token. Nothing was sent."
            )
        base_url = (self.config.baseUrl or DEFAULT_BASE_URL).rstrip("/")
        check_base_url(base_url, f"portal {self.name}: baseUrl")
        check_token(token, variable)
        return base_url, token


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
    check_base_url(base_url, "HUBSPOT_BASE_URL")
    check_token(token.strip(), "HUBSPOT_ACCESS_TOKEN")
    return base_url, token.strip()


def _check_portal_id(named: NamedPortal, portal: PortalInfo) -> None:
    expected = named.config.portalId
    if expected is not None and portal.portalId != expected:
        raise TargetError(
            f"portal {named.name} is HubSpot portal {expected} in reconciler.yaml, but its token "
            f"({named.config.token_variable}) opens HubSpot portal {portal.portalId}: fix the "
            "secret or the portalId. Nothing else was sent."
        )


@contextmanager
def connect(
    *,
    log: Logger | None = None,
    notice: Logger | None = None,
    api_version: str | None = None,
    named: NamedPortal | None = None,
    on_client: Callable[[HubSpotClient], None] | None = None,
) -> Iterator[Connection]:
    """Open the run's one client (and the embedded sandbox when there is no token).

    ``named``: a portal of ``reconciler.yaml``; else the environment decides. The API version
    is ``api_version``, else ``RECONCILER_API_VERSION``, else the portal's ``apiVersion``.
    ``on_client`` gets the client before its first request (Ctrl-C must reach that one too).
    """
    configured = named.config.apiVersion if named else None
    version = chosen_version(api_version or os.environ.get(API_VERSION_ENV) or configured)
    paths = api_paths(version)
    if named is not None:
        hubspot = None if named.config.sandbox else named.hubspot_settings()
    else:
        hubspot = _hubspot_settings()
    # Every setting is checked before anything starts or is sent.
    open_client = partial(
        HubSpotClient,
        timeout=http_timeout_from_env(),
        retry=RetryPolicy.from_env(),
        log=log,
        notice=notice,
        paths=paths,
    )
    if hubspot is not None:
        base_url, token = hubspot
        with open_client(base_url, token) as client:
            yield _identified(
                client, on_client, named, version, kind="hubspot", base_url=redact_url(base_url)
            )
        return

    from reconciler.sandbox.server import start_sandbox

    db = named.sandbox_db if named is not None else sandbox_db_path()
    with (
        start_sandbox(db) as sandbox,
        open_client(sandbox.base_url, None) as client,
    ):
        yield _identified(
            client,
            on_client,
            named,
            version,
            kind="sandbox",
            base_url=sandbox.base_url,
            database=str(db.resolve()),
        )


def _identified(
    client: HubSpotClient,
    on_client: Callable[[HubSpotClient], None] | None,
    named: NamedPortal | None,
    version: str,
    **where: Any,
) -> Connection:
    """Ask the portal who it is (the run's first request) and check it is the one named."""
    if on_client:
        on_client(client)
    portal = read_portal(client)
    if named is not None:
        _check_portal_id(named, portal)
    target = Target(
        portal_id=portal.portalId,
        account_type=portal.accountType,
        api_version=version,
        portal=named.name if named else None,
        **where,
    )
    return Connection(target, client, portal)
