"""``validate``, ``plan`` and ``show``: what the manifests say and what apply would change."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reconciler.cli.context import Run
from reconciler.cli.options import BatchOpt, PathsArg, PortalOpt, TargetOpt, refuse_together
from reconciler.cli.session import reading, session
from reconciler.errors import ManifestError, Problem, ReconcilerError
from reconciler.heap import paused

if TYPE_CHECKING:
    from reconciler.plan import Plan


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class PlanFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def validate(
    paths: PathsArg = None,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", help="text, json, or github annotations.")
    ] = ValidateFormat.text,
    portal: PortalOpt = None,
) -> None:
    """Load and check manifests without touching the network (for every portal of
    reconciler.yaml, or the one --portal names)."""
    from reconciler.manifest import load_manifests
    from reconciler.render.problems import render_problems, render_valid
    from reconciler.selection import select, select_all

    one = select(portal)
    selections = [one] if one.project is None or portal else select_all()
    problems: dict[str, tuple[Problem, list[str]]] = {}
    for selection in selections:
        try:
            desired = load_manifests(selection.manifest_paths(paths), selection.choice)
        except ManifestError as exc:
            for problem in exc.problems:
                name = selection.named.name if selection.named else ""
                problems.setdefault(str(problem), (problem, []))[1].append(name)
    if problems:
        shown = [_in_portals(p, names, len(selections)) for p, names in problems.values()]
        print(render_problems(shown, fmt.value), end="")
        raise typer.Exit(1) from None
    print(render_valid(desired, fmt.value), end="")


def _in_portals(problem: Problem, names: list[str], checked: int) -> Problem:
    """A problem only some portals have (two objects of one name, where only one portal pins
    them apart) says which: the manifests hold both for every portal."""
    if len(names) == checked:
        return problem
    which = ", ".join(repr(n) for n in names)
    hint = (
        ": pin each object's id there, or name the portals that manage each with `portals:`"
        if problem.related  # two objects of one identity there
        else ""
    )
    return replace(problem, message=f"{problem.message} (in portal {which}{hint})")


def render_plan(run: Run, plan: Plan, fmt: str) -> None:
    with paused():  # a plan's lines are made to be printed, not collected: see reconciler.heap
        _render(run, plan, fmt)


def _render(run: Run, plan: Plan, fmt: str) -> None:
    if fmt == "json":
        from reconciler.render.json import render_json

        print(render_json(plan))
    elif fmt == "markdown":
        from reconciler.render.markdown import render_markdown

        print(render_markdown(plan), end="")
    else:
        from reconciler.render.text import render_text

        render_text(plan, run.stdout())


def plan(
    ctx: typer.Context,
    paths: PathsArg = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="text, markdown (PR comment) or json.")
    ] = PlanFormat.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Save the plan for `apply --plan FILE`."),
    ] = None,
    detailed_exitcode: Annotated[
        bool,
        typer.Option("--detailed-exitcode", help="Exit 2 when there are changes, 0 when none."),
    ] = False,
    target: TargetOpt = None,
    event_batch_size: BatchOpt = None,
    portal: PortalOpt = None,
    all_portals: Annotated[
        bool,
        typer.Option("--all-portals", help="Plan every portal of reconciler.yaml in one report."),
    ] = False,
) -> None:
    """Read the portal and show what apply would change, field by field."""
    from reconciler import pipeline
    from reconciler.selection import select

    if all_portals and portal:
        refuse_together(
            ctx,
            "--all-portals",
            "--portal",
            "--all-portals plans every portal of "
            "reconciler.yaml; give --portal NAME alone to plan one",
        )
    if all_portals and out:
        refuse_together(
            ctx,
            "--all-portals",
            "--out",
            "a saved plan is for one portal; save each with "
            "`reconciler plan --portal NAME --out FILE`",
        )
    batch = pipeline.event_batch_size(event_batch_size)
    if all_portals:
        run = Run.begin(json_output=fmt == PlanFormat.json)
        with run.reporting():
            _plan_all_portals(run, paths, target, batch, fmt.value, detailed_exitcode)
        return
    selection = select(portal)
    desired = pipeline.load_desired(selection.manifest_paths(paths), target, selection.choice)
    run = Run.begin(json_output=fmt == PlanFormat.json)
    with session(run, selection) as s, reading(s.run) as progress:
        result = pipeline.make_plan(
            s.conn, desired, batch_size=batch, progress=progress, save_live_values=out is not None
        )
    with s.run.reporting():
        _show_plan(s.run, result, fmt.value, out)
    if detailed_exitcode and result.has_changes:
        raise typer.Exit(2)


def _show_plan(run: Run, result: Plan, fmt: str, out: Path | None) -> None:
    """Save the plan when asked to, then render it (and say where it was saved)."""
    if out is not None:
        from reconciler import saved

        write_file(out, saved.dump(result))
    render_plan(run, result, fmt)
    if out is not None:
        run.stderr().print(
            f"Saved the plan to {out}; apply it with: reconciler apply --plan {out}",
            markup=False,
            highlight=False,
        )


def _plan_all_portals(
    run: Run,
    paths: list[Path] | None,
    target: list[str] | None,
    batch: int,
    fmt: str,
    detailed: bool,
) -> None:
    from reconciler.hubspot.errors import RequestInterrupted
    from reconciler.interrupts import Interrupts
    from reconciler.multi import plan_all
    from reconciler.render.portals import render_portals
    from reconciler.selection import select_all

    interrupts = Interrupts(run.log)
    with interrupts.installed():
        results = plan_all(
            select_all(),
            paths,
            target,
            batch_size=batch,
            api_version=run.options.api_version,
            notice=lambda name, message: run.log(f"[{name}] {message}"),
            log=run.log if run.options.verbose else None,
            on_client=interrupts.watch,
        )
    if interrupts.received:
        raise RequestInterrupted("the command stopped before it finished")
    if fmt == "text":
        render_portals(results, fmt, run.stdout())
    else:
        if fmt == "json":  # stdout holds only the document: the targets are named on stderr
            for result in results:
                if result.plan is not None:
                    run.log(f"Target: {result.plan.target.describe()}")
        print(render_portals(results, fmt), end="")
    if any(r.error for r in results):
        raise typer.Exit(1)
    if detailed and any(r.plan is not None and r.plan.has_changes for r in results):
        raise typer.Exit(2)


def write_file(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReconcilerError(f"cannot write {path}: {exc.strerror}") from None


def show(
    planfile: Annotated[
        Path, typer.Argument(metavar="PLANFILE", help="A plan saved with `plan --out`.")
    ],
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="text, markdown or json.")
    ] = PlanFormat.text,
) -> None:
    """Render a saved plan, without touching the network."""
    from reconciler import saved

    render_plan(Run.begin(), saved.load(planfile), fmt.value)
