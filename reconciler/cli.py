"""The command line: parse arguments, run one pipeline, turn errors into messages and exit codes.

Every user-facing failure is a ``ReconcilerError`` (or an ``HubSpotError``), printed as one
``Error: ...`` block on stderr with exit code 1; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from reconciler import __version__, cli_globals, cli_tools
from reconciler.errors import ManifestError, Problem, ReconcilerError
from reconciler.render.safe import json_text, message_lines, printable
from reconciler.sandbox.cli import sandbox_app

if TYPE_CHECKING:
    from rich.progress import TaskID

    from reconciler.apply import Outcome
    from reconciler.interrupts import Interrupts
    from reconciler.live import Progress as ReadProgressHook
    from reconciler.plan import Plan
    from reconciler.selection import Selection
    from reconciler.target import Connection

app = typer.Typer(
    name="reconciler",
    help="Declarative reconciler for HubSpot campaigns and marketing events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(sandbox_app, name="sandbox")


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class PlanFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ApplyFormat(StrEnum):
    text = "text"
    json = "json"


class Settings:
    """Global options, set once by the callback."""

    no_color: bool = False
    verbose: bool = False
    debug: bool = False
    target: str | None = None  # the portal this run talks to, once connected (for errors)
    json_output: bool = False  # stdout holds one JSON document, even on failure
    api_version: str | None = None  # --api-version, else RECONCILER_API_VERSION, else current
    interrupts: Interrupts | None = None  # Ctrl-C/SIGTERM while connected


settings = Settings()


def stdout_console() -> Console:
    no_color = settings.no_color or "NO_COLOR" in os.environ
    return Console(no_color=no_color, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    no_color = settings.no_color or "NO_COLOR" in os.environ
    return Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"reconciler {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(  # also accepted after any command: see cli_globals
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour output.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each HTTP request to stderr.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    api_version: Annotated[
        str | None,
        typer.Option(
            "--api-version",
            help="HubSpot API version: 2026-09 (default), 2026-03 or v3 "
            "(or RECONCILER_API_VERSION).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    settings.no_color = no_color
    settings.verbose = verbose
    settings.debug = debug
    settings.api_version = api_version


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Manifest files or folders (default: manifests/).", show_default=False),
]


PortalOpt = Annotated[
    str | None,
    typer.Option(
        "--portal",
        help="The portal of reconciler.yaml to use (or RECONCILER_PORTAL; default: its default).",
        show_default=False,
    ),
]


@app.command()
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
    problems: dict[str, Problem] = {}
    for selection in selections:
        try:
            desired = load_manifests(selection.manifest_paths(paths), selection.choice)
        except ManifestError as exc:
            problems.update((str(p), p) for p in exc.problems)
    if problems:
        print(render_problems(list(problems.values()), fmt.value), end="")
        raise typer.Exit(1) from None
    print(render_valid(desired, fmt.value), end="")


TargetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--target",
        help="Limit to the named object (its key as the plan prints it, or its pinned id). Repeatable.",
    ),
]


def _check_batch_size(value: int | None) -> int | None:
    """A usage error (exit 2) before anything is read or sent."""
    from reconciler.pipeline import batch_size_problem

    problem = None if value is None else batch_size_problem(value)
    if problem:
        raise typer.BadParameter(problem)
    return value


BatchOpt = Annotated[
    int | None,
    typer.Option(
        "--event-batch-size",
        help="Marketing events per batch request, 1 to 100 (default 100, or "
        "RECONCILER_EVENT_BATCH_SIZE).",
        show_default=False,
        callback=_check_batch_size,
    ),
]


def _log_to_stderr(message: str) -> None:
    stderr_console().print(printable(message), markup=False, highlight=False)


@contextmanager
def _session(
    fmt: str, selection: Selection, *, reports_interrupts: bool = False
) -> Iterator[Connection]:
    """Connect; say which target (on stderr when stdout must hold only JSON).

    While connected, Ctrl-C and SIGTERM stop the work at once (``reconciler.interrupts``);
    a command that does not report an interruption itself (apply does) then ends with 130.
    """
    from reconciler.hubspot.errors import RequestInterrupted
    from reconciler.interrupts import Interrupts
    from reconciler.target import connect

    settings.json_output = fmt == "json"
    interrupts = settings.interrupts = Interrupts(_log_to_stderr)
    try:
        with (
            interrupts.installed(),
            connect(
                log=_log_to_stderr if settings.verbose else None,
                notice=_log_to_stderr,
                api_version=settings.api_version,
                named=selection.named,
                on_client=interrupts.watch,
            ) as conn,
        ):
            settings.target = conn.target.describe()
            if fmt == "json":
                _log_to_stderr(f"Target: {settings.target}")  # the portal's own words: escaped
            yield conn
            if interrupts.received and not reports_interrupts:
                raise RequestInterrupted("the command stopped before it finished")
    finally:
        settings.interrupts = None


@contextmanager
def _reading() -> Iterator[ReadProgressHook | None]:
    """Progress bars while the portal is read, on a terminal only; gone before anything else."""
    err = stderr_console()
    if not err.is_terminal:
        yield None
        return
    with ReadProgress(err) as progress:
        yield progress


class ReadProgress:
    """A rich progress bar per kind, shown once a read spans more than one page."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("Reading {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ReadProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, kind: str, done: int, total: int | None) -> None:
        if kind not in self.tasks:
            self.tasks[kind] = self.progress.add_task(kind, total=total)
        self.progress.update(self.tasks[kind], completed=done, total=total or done)


def _render_plan(plan: Plan, fmt: str) -> None:
    if fmt == "json":
        from reconciler.render.json import render_json

        print(render_json(plan))
    elif fmt == "markdown":
        from reconciler.render.markdown import render_markdown

        print(render_markdown(plan), end="")
    else:
        from reconciler.render.text import render_text

        render_text(plan, stdout_console())


@app.command()
def plan(
    paths: PathsArg = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="text, markdown (PR comment) or json.")
    ] = PlanFormat.text,
    out: Annotated[
        Path | None, typer.Option("--out", help="Save the plan for `apply --plan FILE`.")
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
    from reconciler import pipeline, saved
    from reconciler.selection import select

    batch = pipeline.event_batch_size(event_batch_size)
    if all_portals:
        if portal or out:
            raise ReconcilerError("--all-portals plans every portal: give no --portal or --out")
        _plan_all_portals(paths, target, batch, fmt.value, detailed_exitcode)
        return
    selection = select(portal)
    desired = pipeline.load_desired(selection.manifest_paths(paths), target, selection.choice)
    with _session(fmt.value, selection) as conn, _reading() as progress:
        result = pipeline.make_plan(
            conn, desired, batch_size=batch, progress=progress, save_live_values=out is not None
        )
    if out is not None:
        _write_file(out, saved.dump(result))
    _render_plan(result, fmt.value)
    if out is not None:
        stderr_console().print(
            f"Saved the plan to {out}; apply it with: reconciler apply --plan {out}",
            markup=False,
            highlight=False,
        )
    if detailed_exitcode and result.has_changes:
        raise typer.Exit(2)


def _plan_all_portals(
    paths: list[Path] | None, target: list[str] | None, batch: int, fmt: str, detailed: bool
) -> None:
    from reconciler.hubspot.errors import RequestInterrupted
    from reconciler.interrupts import Interrupts
    from reconciler.multi import plan_all
    from reconciler.render.portals import render_portals
    from reconciler.selection import select_all

    settings.json_output = fmt == "json"
    interrupts = Interrupts(_log_to_stderr)
    with interrupts.installed():
        results = plan_all(
            select_all(),
            paths,
            target,
            batch_size=batch,
            api_version=settings.api_version,
            notice=lambda name, message: _log_to_stderr(f"[{name}] {message}"),
            log=_log_to_stderr if settings.verbose else None,
            on_client=interrupts.watch,
        )
    if interrupts.received:
        raise RequestInterrupted("the command stopped before it finished")
    if fmt == "text":
        render_portals(results, fmt, stdout_console())
    else:
        print(render_portals(results, fmt), end="")
    if any(r.error for r in results):
        raise typer.Exit(1)
    if detailed and any(r.plan is not None and r.plan.has_changes for r in results):
        raise typer.Exit(2)


def _write_file(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReconcilerError(f"cannot write {path}: {exc.strerror}") from None


@app.command()
def show(
    planfile: Annotated[Path, typer.Argument(help="A plan saved with `plan --out`.")],
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="text, markdown or json.")
    ] = PlanFormat.text,
) -> None:
    """Render a saved plan, without touching the network."""
    from reconciler import saved

    _render_plan(saved.load(planfile), fmt.value)


@app.command()
def apply(
    paths: PathsArg = None,
    auto_approve: Annotated[
        bool, typer.Option("--auto-approve", help="Apply without asking (needed without a TTY).")
    ] = False,
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", help="Apply a plan saved with `plan --out` (no PATH with it)."),
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
    """Plan, then send the batch requests that make the portal match the manifests."""
    from reconciler import pipeline, saved
    from reconciler.apply import Applier
    from reconciler.lock import apply_lock
    from reconciler.render.outcome import render_outcome_json, render_outcome_text
    from reconciler.selection import select

    if plan_file is not None and (paths or target):
        raise ReconcilerError(
            "--plan applies a saved plan as it is: give no PATH or --target with it"
        )
    batch = pipeline.event_batch_size(event_batch_size)
    err = stderr_console()
    settings.json_output = fmt == ApplyFormat.json
    saved_plan = saved.load(plan_file) if plan_file is not None else None
    selection = select(portal)
    desired = (
        None
        if saved_plan
        else pipeline.load_desired(selection.manifest_paths(paths), target, selection.choice)
    )
    root = selection.project.root if selection.project else None
    with (
        _session(fmt.value, selection, reports_interrupts=True) as conn,
        apply_lock(conn.target, _log_to_stderr, root),
    ):
        interrupts = settings.interrupts
        assert interrupts is not None
        with _reading() as progress:
            if saved_plan is not None:
                pipeline.verify_saved_plan(conn, saved_plan, progress)
                the_plan = saved_plan
            else:
                assert desired is not None
                the_plan = pipeline.make_plan(
                    conn, desired, batch_size=batch, progress=progress, save_live_values=False
                )
                desired = None  # the plan holds all apply needs: ~200 MB free at 100,000 objects
        if not the_plan.has_changes:
            if fmt == ApplyFormat.text:
                _render_plan(the_plan, "text")
            else:
                result = Applier(conn.client).run(the_plan, batch)
                print(render_outcome_json(result))
            return
        the_plan.check_safety(force)
        if plan_file is None and not auto_approve:
            if not (sys.stdin.isatty() and err.is_terminal):
                raise ReconcilerError(
                    "apply needs confirmation: run it in a terminal, or pass --auto-approve "
                    "(for CI), or apply a reviewed plan with --plan FILE"
                )
            _render_plan(the_plan, "text")
            with interrupts.suspended():
                answer = err.input("Apply these changes? Only 'yes' will be accepted: ")
            if answer.strip() != "yes":
                err.print("Apply cancelled; nothing was sent.")
                raise typer.Exit(1)
        elif fmt == ApplyFormat.text:
            _render_plan(the_plan, "text")
        applier = Applier(conn.client)
        with (
            interrupts.applying(applier.stop),
            _apply_progress(err, len(the_plan.changes)) as hook,
        ):
            applier.on_outcomes = hook
            result = applier.run(the_plan, batch)
    if fmt == ApplyFormat.json:
        print(render_outcome_json(result))
    else:
        render_outcome_text(result, stdout_console())
    if result.interrupted:
        raise typer.Exit(130)
    if not result.ok:
        raise typer.Exit(1)


class ImportKind(StrEnum):
    campaigns = "campaigns"
    marketingEvents = "marketingEvents"


@app.command("import")
def import_(
    out: Annotated[Path, typer.Option("--out", help="Folder to write manifests into.")] = Path(
        "manifests"
    ),
    kind: Annotated[
        list[ImportKind] | None,
        typer.Option("--kind", help="Only this kind (repeatable; default both)."),
    ] = None,
    prop: Annotated[
        list[str] | None,
        typer.Option(
            "--property", help="Campaign property to import (repeatable; default all writable)."
        ),
    ] = None,
    portal: PortalOpt = None,
) -> None:
    """Write manifests for what the portal holds, ids pinned; re-importing keeps your comments."""
    from reconciler.importer import import_portal
    from reconciler.selection import select

    kinds = [k.value for k in kind] if kind else ["campaigns", "marketingEvents"]
    selection = select(portal)
    with (
        _session("text", selection) as conn,
        _reading() as progress,
        cli_tools.editor_schema(out) as schema,  # before the files whose modeline names it
    ):
        report = import_portal(
            conn,
            out,
            kinds=kinds,
            properties=prop or None,
            progress=progress,
            choice=selection.choice,
            mapping_key=selection.mapping_key,
        )
    for line in report.lines():
        print(line)
    if schema is not None:
        print(f"Editor schema: {schema} (the manifests' $schema modeline points at it)")


class DoctorFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def doctor(
    probe: Annotated[
        bool,
        typer.Option(
            "--probe",
            help="Also create a scratch campaign and event, confirm the behaviours the tool "
            "relies on, and archive them.",
        ),
    ] = False,
    fmt: Annotated[
        DoctorFormat, typer.Option("--format", help="text or json.")
    ] = DoctorFormat.text,
    portal: PortalOpt = None,
) -> None:
    """Check the target before first use: token, portal, scopes, tier, rate limit, quota."""
    from reconciler.doctor.report import DoctorReport, fail
    from reconciler.doctor.run import run_doctor
    from reconciler.hubspot.errors import HubSpotError, RequestInterrupted
    from reconciler.render.doctor import render_doctor_json, render_doctor_text
    from reconciler.selection import select

    selection = select(portal)
    try:
        with _session("json" if fmt == DoctorFormat.json else "text", selection) as conn:
            if fmt == DoctorFormat.text:
                stdout_console().print(printable(f"Target: {settings.target}"), markup=False)
            assert conn.portal is not None
            report = run_doctor(conn.client, conn.target, conn.portal, probe=probe)
    except RequestInterrupted:
        raise
    except HubSpotError as exc:  # the token or the portal failed before any check could run
        report = DoctorReport(checks=[fail("token", str(exc))])
    if fmt == DoctorFormat.json:
        print(render_doctor_json(report))
    else:
        render_doctor_text(report, stdout_console())
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def pin(paths: PathsArg = None, portal: PortalOpt = None) -> None:
    """Write each matched object's live id into the manifests (no write request), so plans
    need no identity look-ups; comments and formatting stay."""
    from reconciler import pipeline
    from reconciler.pin import pin_manifests, unpinned
    from reconciler.selection import select

    selection = select(portal)
    desired = pipeline.load_desired(selection.manifest_paths(paths), None, selection.choice)
    if not unpinned(desired):
        total = len(desired.campaigns) + len(desired.events)
        print(f"Nothing to pin: all {total:,} objects in the manifests are pinned; nothing sent.")
        return
    with _session("text", selection) as conn, _reading() as progress:
        report = pin_manifests(conn, desired, progress=progress, portal=selection.mapping_key)
    for line in report.lines():
        print(line)
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def _apply_progress(
    console: Console, total: int
) -> Iterator[Callable[[list[Outcome]], None] | None]:
    """A progress bar of objects done, on a terminal only; CI logs get the final summary."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("Applying"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    )
    task = progress.add_task("apply", total=total)
    with progress:
        yield lambda outcomes: progress.advance(task, len(outcomes))


app.command("schema")(cli_tools.schema)
app.command("completion")(cli_tools.completion)


def build_command() -> cli_globals.Command:
    """The click command tree of ``app``, global options copied onto every command."""
    if cli_tools.completing():
        cli_tools.enable_completion()
    return cli_globals.install(typer.main.get_command(app))


def run(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code: the one place errors become messages.

    A user's mistake or a portal failure prints ``Error: ...`` on stderr and returns 1 (a
    traceback only with ``--debug``); usage errors return 2, as click's do.
    """
    command = build_command()
    settings.target = None
    settings.json_output = False
    try:
        command.main(args=argv, prog_name="reconciler", standalone_mode=True)
    except SystemExit as exc:  # click's own exits: success, usage errors (2), typer.Exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except ReconcilerError as exc:
        if settings.debug:
            raise
        interrupted = exc.exit_code == 130
        message = Text("Interrupted: " if interrupted else "Error: ", style="bold red")
        message.append("\n".join(message_lines(exc.lines())))  # names, portal text: escaped
        if settings.target and not settings.json_output:
            message.append(f"\nTarget: {printable(settings.target)}")
        stderr_console().print(message, soft_wrap=True)
        if settings.json_output:  # a CI step parsing stdout still gets a document
            print(json_text(json.dumps({"error": str(exc), "target": settings.target}, indent=2)))
        return exc.exit_code
    except KeyboardInterrupt:
        stderr_console().print("Interrupted.", markup=False)
        return 130
    return 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run(sys.argv[1:]))
