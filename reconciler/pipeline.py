"""The flow, as a short pipeline: manifests -> desired; portal -> live; diff -> plan; apply.

The CLI parses arguments and renders; everything between lives here so tests and benchmarks
can run the same steps without a terminal.
"""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

from reconciler.errors import PlanError, ReconcilerError, SavedPlanError
from reconciler.heap import collect_less, paused
from reconciler.hubspot.batching import priced
from reconciler.hubspot.errors import HubSpotHTTPError
from reconciler.hubspot.limits import DEFAULT_EVENT_BATCH_SIZE, MAX_EVENT_BATCH_SIZE
from reconciler.live import Progress, read_live
from reconciler.manifest import load_manifests
from reconciler.models import DesiredState
from reconciler.plan import Plan, diff, select_targets
from reconciler.portal_values import PortalChoice
from reconciler.target import Connection


def event_batch_size(option: int | None) -> int:
    """``--event-batch-size``, else ``RECONCILER_EVENT_BATCH_SIZE``, else 100; refused outside
    1..100 before anything is sent (HubSpot answers 400 to every larger batch)."""
    source = "--event-batch-size"
    if option is not None:
        value = option
    else:
        source = "RECONCILER_EVENT_BATCH_SIZE"
        raw = os.environ.get(source, "")
        try:
            value = int(raw) if raw.strip() else DEFAULT_EVENT_BATCH_SIZE
        except ValueError:
            raise ReconcilerError(f"{source} must be a whole number, not {raw!r}") from None
    problem = batch_size_problem(value)
    if problem:
        raise ReconcilerError(f"{source}: {problem}")
    return value


def batch_size_problem(value: int) -> str | None:
    if 1 <= value <= MAX_EVENT_BATCH_SIZE:
        return None
    return (
        f"the event batch size must be between 1 and {MAX_EVENT_BATCH_SIZE} (HubSpot's limit "
        f"for marketing-events batches), not {value}"
    )


def settle_heap(collect: bool = True) -> None:
    """Move the loaded states out of the garbage collector's sight, and collect less often.

    Desired and live state live until the process ends; without this, every full collection
    while planning and rendering walks all of them again (at 100,000 objects rendering the
    Markdown plan took 1.2 s instead of 0.2 s, measured in bench/plan.py). The plan itself is
    hundreds of thousands of small acyclic objects: a larger first generation stops the
    collector from sweeping them over and over (diff of 100,000 changes: 1.4 s -> 1.0 s).

    ``collect=False`` once the manifests are loaded, before the portal is read: the loader
    swept each file's garbage already, so a full collection there finds next to nothing and
    costs 0.13 s at 10,000 objects, while the read's own collections walked the desired state
    again and again (0.36 s of a 1.1 s read, measured on the 10,000-object plan).
    """
    if collect:
        gc.collect()
    gc.freeze()
    collect_less()


def load_desired(
    paths: list[Path], targets: list[str] | None = None, choice: PortalChoice | None = None
) -> DesiredState:
    """The manifests, checked, for the portal ``choice`` names, limited to ``--target``: all
    before any connection is made."""
    settle_heap(collect=False)  # the modules the command imported lazily live on too
    return select_targets(load_manifests(paths, choice), targets or [])


def make_plan(
    conn: Connection,
    desired: DesiredState,
    *,
    batch_size: int = DEFAULT_EVENT_BATCH_SIZE,
    progress: Progress | None = None,
    save_live_values: bool = True,
) -> Plan:
    settle_heap(collect=False)  # the desired state: the read's collections need not walk it
    try:
        with paused():  # see reconciler.heap
            read = read_live(conn.client, desired, progress=progress)
    except HubSpotHTTPError as exc:
        raise undefined_properties(exc, desired) or exc from None
    settle_heap()
    limit, interval_ms = conn.client.rate_limit
    with paused(kept=True):  # the plan lives until the end too
        plan = diff(
            desired,
            read.live,
            conn.target,
            reads=read.requests,
            identity_lookups=read.identity_lookups,
            rate_limit=limit,
            rate_interval_ms=interval_ms,
            save_live_values=save_live_values,
        )
    return priced(plan, batch_size, conn.client.paths)


def undefined_properties(exc: HubSpotHTTPError, desired: DesiredState) -> PlanError | None:
    """A 400 on reading campaigns that names custom properties the manifests manage, as one
    error per manifest line: the portal defines no such campaign property."""
    if exc.status != 400 or "/campaigns" not in exc.operation:
        return None
    said = f"{exc.body.message or ''} {exc.body.context or ''}"
    problems = []
    for sourced in desired.campaigns:
        for name in sourced.obj.properties:
            if name.startswith("hs_") or not re.search(rf"\b{re.escape(name)}\b", said):
                continue
            where = sourced.field_locations.get(f"properties.{name}", sourced.location)
            problems.append(
                f'{where}: campaign "{sourced.obj.key}": HubSpot refuses the property '
                f'"{name}" (400: {exc.body.message or "no message"}): the portal defines no such '
                "campaign property; create it in HubSpot (Settings > Properties > Campaign "
                "properties) or remove it from the manifest"
            )
    return PlanError(problems) if problems else None


def verify_saved_plan(conn: Connection, plan: Plan, progress: Progress | None = None) -> None:
    """Refuse a saved plan made for another target, or whose objects moved since."""
    from reconciler import saved  # only apply --plan needs it (0.02 s of every start-up)

    saved.check_target(plan, conn.target)
    read = read_live(conn.client, saved.desired_for(plan), progress=progress)
    moved = saved.moved_objects(plan, read.live)
    if moved:
        raise SavedPlanError(
            "the portal changed since the plan was saved, so it was not applied:",
            details=[
                *(f"  - {m}" for m in moved),
                "Run `reconciler plan --out` again and review the new plan.",
            ],
        )
