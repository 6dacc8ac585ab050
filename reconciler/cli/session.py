"""Being connected: the connection, Ctrl-C handling and the progress bars on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

from reconciler.cli.context import Run

if TYPE_CHECKING:
    from rich.progress import TaskID

    from reconciler.apply import Outcome
    from reconciler.interrupts import Interrupts
    from reconciler.live import Progress as ReadProgressHook
    from reconciler.selection import Selection
    from reconciler.target import Connection


@dataclass(frozen=True)
class Session:
    """A connected command's means: the connection, its run (naming the target) and the
    interrupt handler apply reports through."""

    conn: Connection
    run: Run
    interrupts: Interrupts


@contextmanager
def session(
    run: Run,
    selection: Selection,
    *,
    reports_interrupts: bool = False,
    api_version: str | None = None,
) -> Iterator[Session]:
    """Connect; say which target (on stderr when stdout must hold only JSON).

    ``api_version`` (a saved plan's) beats the run's choice, which the caller checked.

    While connected, Ctrl-C and SIGTERM stop the work at once (``reconciler.interrupts``);
    a command that does not report an interruption itself (apply does) then ends with 130.
    Errors raised while connected name the target.
    """
    from reconciler.hubspot.errors import RequestInterrupted
    from reconciler.interrupts import Interrupts
    from reconciler.target import connect

    interrupts = Interrupts(run.log)
    with (
        run.reporting(),
        interrupts.installed(),
        connect(
            log=run.log if run.options.verbose else None,
            notice=run.log,
            api_version=api_version or run.options.api_version,
            named=selection.named,
            on_client=interrupts.watch,
        ) as conn,
    ):
        connected = run.connected(conn.target.describe())
        with connected.reporting():
            if connected.json_output:
                connected.log(f"Target: {connected.target}")  # the portal's own words: escaped
            yield Session(conn, connected, interrupts)
            if interrupts.received and not reports_interrupts:
                raise RequestInterrupted("the command stopped before it finished")


@contextmanager
def reading(run: Run) -> Iterator[ReadProgressHook | None]:
    """Progress bars while the portal is read, on a terminal only; gone before anything else."""
    err = run.stderr()
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


@contextmanager
def apply_progress(run: Run, total: int) -> Iterator[Callable[[list[Outcome]], None] | None]:
    """A progress bar of objects done, on a terminal only; CI logs get the final summary."""
    console = run.stderr()
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
