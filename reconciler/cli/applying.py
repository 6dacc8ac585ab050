"""``apply``: load, plan (or check a saved plan), confirm, lock, send, report.

Each step is one function below; ``apply`` only parses and calls them in order.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reconciler.cli.context import Run
from reconciler.cli.options import BatchOpt, PathsArg, PortalOpt, TargetOpt, refuse_together
from reconciler.cli.planning import render_plan
from reconciler.cli.session import Session, apply_progress, reading, session
from reconciler.errors import ReconcilerError

if TYPE_CHECKING:
    from reconciler.apply import ApplyResult
    from reconciler.models import DesiredState
    from reconciler.plan import Plan
    from reconciler.selection import Selection


class ApplyFormat(StrEnum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class Request:
    """What ``apply`` was asked to do, as parsed."""

    paths: list[Path] | None
    targets: list[str] | None
    plan_file: Path | None
    auto_approve: bool
    force: bool
    json: bool
    batch: int
    portal: str | None


def apply(
    ctx: typer.Context,
    paths: PathsArg = None,
    auto_approve: Annotated[
        bool, typer.Option("--auto-approve", help="Apply without asking (needed without a TTY).")
    ] = False,
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="FILE",
            help="Apply a plan saved with `plan --out`, without asking (no PATH or --target "
            "with it).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Apply even past the delete safety threshold.")
    ] = False,
    fmt: Annotated[
        ApplyFormat, typer.Option("--format", help="text or json (for CI).")
    ] = ApplyFormat.text,
    target: TargetOpt = None,
    event_batch_size: BatchOpt = None,
    portal: PortalOpt = None,
) -> None:
    """Plan, then send the batch requests that make the portal match the manifests.

    Asks first on a terminal; without one it needs --auto-approve, or a reviewed plan:
    --plan FILE.
    """
    from reconciler import pipeline

    if plan_file is not None and paths:
        refuse_together(
            ctx,
            "--plan",
            "PATH",
            "--plan applies a saved plan as it was made; plan other "
            "manifests with `reconciler plan PATH... --out FILE` first",
        )
    if plan_file is not None and target:
        refuse_together(
            ctx,
            "--plan",
            "--target",
            "--plan applies a saved plan as it was made; limit the "
            "plan when you make it: `reconciler plan --target KEY --out FILE`",
        )
    batch = pipeline.event_batch_size(event_batch_size)
    json = fmt == ApplyFormat.json
    request = Request(paths, target, plan_file, auto_approve, force, json, batch, portal)
    run = Run.begin(json_output=json)
    with run.reporting():
        _apply(run, request)


def _apply(run: Run, request: Request) -> None:
    from reconciler import saved
    from reconciler.lock import apply_lock

    saved_plan, selection, desired = _load(request)
    root = selection.project.root if selection.project else None
    # A saved plan is sent at the API version it was made with (or refused before connecting).
    version = saved.api_version_for(saved_plan, run.options.api_version) if saved_plan else None
    with (
        session(run, selection, reports_interrupts=True, api_version=version) as s,
        apply_lock(s.conn.target, s.run.log, root),
    ):
        the_plan = _read_plan(s, saved_plan, desired, request.batch)
        desired = None  # the plan holds all apply needs: ~200 MB free at 100,000 objects
        if not the_plan.has_changes:
            _nothing_to_apply(s, the_plan, request)
            return
        _confirm(s, the_plan, request)
        result = _execute(s, the_plan, request.batch)
    with s.run.reporting():
        _report(s.run, result, request.json)


def _load(request: Request) -> tuple[Plan | None, Selection, DesiredState | None]:
    """The saved plan, or the manifests: all read and checked before connecting."""
    from reconciler import pipeline, saved
    from reconciler.selection import select

    saved_plan = saved.load(request.plan_file) if request.plan_file is not None else None
    selection = select(request.portal)
    desired = (
        None
        if saved_plan
        else pipeline.load_desired(
            selection.manifest_paths(request.paths), request.targets, selection.choice
        )
    )
    return saved_plan, selection, desired


def _read_plan(
    s: Session, saved_plan: Plan | None, desired: DesiredState | None, batch: int
) -> Plan:
    """Plan against the portal, or check that a saved plan still holds there."""
    from reconciler import pipeline

    with reading(s.run) as progress:
        if saved_plan is not None:
            pipeline.verify_saved_plan(s.conn, saved_plan, progress)
            return saved_plan
        assert desired is not None
        return pipeline.make_plan(
            s.conn, desired, batch_size=batch, progress=progress, save_live_values=False
        )


def _nothing_to_apply(s: Session, the_plan: Plan, request: Request) -> None:
    """The plan as text, or the (empty) outcome as JSON for CI."""
    from reconciler.apply import Applier
    from reconciler.render.outcome import render_outcome_json

    if not request.json:
        render_plan(s.run, the_plan, "text")
        return
    print(render_outcome_json(Applier(s.conn.client).run(the_plan, request.batch)))


def _confirm(s: Session, the_plan: Plan, request: Request) -> None:
    """Past the safety threshold only with --force; asked on a terminal unless approved."""
    the_plan.check_safety(request.force)
    if request.plan_file is None and not request.auto_approve:
        _ask(s, the_plan)
    elif not request.json:
        render_plan(s.run, the_plan, "text")


def _ask(s: Session, the_plan: Plan) -> None:
    err = s.run.stderr()
    if not (sys.stdin.isatty() and err.is_terminal):
        raise ReconcilerError(
            "apply needs confirmation: run it in a terminal, or pass --auto-approve "
            "(for CI), or apply a reviewed plan with --plan FILE"
        )
    render_plan(s.run, the_plan, "text")
    with s.interrupts.suspended():
        answer = err.input("Apply these changes? Only 'yes' will be accepted: ")
    if answer.strip() != "yes":
        err.print("Apply cancelled; nothing was sent.")
        raise typer.Exit(1)


def _execute(s: Session, the_plan: Plan, batch: int) -> ApplyResult:
    """Send the plan's requests; Ctrl-C stops sending and the outcome says what was done."""
    from reconciler.apply import Applier

    applier = Applier(s.conn.client)
    with (
        s.interrupts.applying(applier.stop),
        apply_progress(s.run, len(the_plan.changes)) as hook,
    ):
        applier.on_outcomes = hook
        return applier.run(the_plan, batch)


def _report(run: Run, result: ApplyResult, json: bool) -> None:
    from reconciler.render.outcome import render_outcome_json, render_outcome_text

    if json:
        print(render_outcome_json(result))
    else:
        render_outcome_text(result, run.stdout())
    if result.interrupted:
        raise typer.Exit(130)
    if not result.ok:
        raise typer.Exit(1)
