"""Which portal to talk to: HubSpot when a token is set, else the embedded sandbox.

The token is read here and handed straight to the client; nothing else sees it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reconciler.errors import TargetError
from reconciler.hubspot.client import DEFAULT_BASE_URL, HubSpotClient, Logger, redact_url
from reconciler.plan import Target

DEFAULT_SANDBOX_DB = Path(".reconciler") / "sandbox.db"


@dataclass
class Connection:
    target: Target
    client: HubSpotClient


def sandbox_db_path() -> Path:
    return Path(os.environ.get("RECONCILER_SANDBOX_DB") or DEFAULT_SANDBOX_DB)


@contextmanager
def connect(*, log: Logger | None = None, notice: Logger | None = None) -> Iterator[Connection]:
    """Open the run's one client (and the embedded sandbox when there is no token)."""
    token = os.environ.get("HUBSPOT_ACCESS_TOKEN")
    if token is not None:
        if not token.strip():
            raise TargetError(
                "HUBSPOT_ACCESS_TOKEN is set but empty: set it to a private app token, or unset it "
                "to use the embedded sandbox portal"
            )
        base_url = (os.environ.get("HUBSPOT_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise TargetError(
                f"HUBSPOT_BASE_URL must start with http:// or https://, not {redact_url(base_url)!r}"
            )
        target = Target(kind="hubspot", base_url=redact_url(base_url))
        with HubSpotClient(base_url, token.strip(), log=log, notice=notice) as client:
            yield Connection(target, client)
        return

    from reconciler.sandbox.server import start_sandbox

    db = sandbox_db_path()
    with start_sandbox(db) as sandbox:
        target = Target(kind="sandbox", base_url=sandbox.base_url, database=str(db.resolve()))
        with HubSpotClient(sandbox.base_url, None, log=log, notice=notice) as client:
            yield Connection(target, client)
