"""``plan --all-portals``: every portal of ``reconciler.yaml`` planned in one run.

Portals are planned side by side, each with its own connection (so each within its own rate
limit). A portal that fails (a missing token, the wrong portal, a broken manifest for it) is an
error in its own section; the others are still planned and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reconciler.errors import ReconcilerError
from reconciler.hubspot.client import HubSpotClient, Logger
from reconciler.pipeline import load_desired, make_plan
from reconciler.plan import Plan
from reconciler.selection import Selection
from reconciler.target import connect


@dataclass(frozen=True)
class PortalPlan:
    """One portal's plan, or why there is none."""

    name: str
    plan: Plan | None = None
    error: str | None = None


def plan_all(
    selections: list[Selection],
    paths: list[Path] | None,
    targets: list[str] | None,
    *,
    batch_size: int,
    api_version: str | None,
    notice: Callable[[str, str], None],
    log: Logger | None = None,
    on_client: Callable[[HubSpotClient], None] | None = None,
) -> list[PortalPlan]:
    """Every selection's plan, in the order given. ``notice(portal, message)`` gets retry lines;
    ``on_client`` each portal's client as it is made (Ctrl-C must reach them all)."""

    def one(selection: Selection) -> PortalPlan:
        assert selection.named is not None
        name = selection.named.name
        try:
            desired = load_desired(selection.manifest_paths(paths), targets, selection.choice)
            with connect(
                log=log,
                notice=lambda message: notice(name, message),
                api_version=api_version,
                named=selection.named,
                on_client=on_client,
            ) as conn:
                plan = make_plan(conn, desired, batch_size=batch_size, save_live_values=False)
            return PortalPlan(name, plan=plan)
        except ReconcilerError as exc:
            return PortalPlan(name, error=str(exc))

    with ThreadPoolExecutor(max_workers=max(1, len(selections))) as pool:
        return list(pool.map(one, selections))
