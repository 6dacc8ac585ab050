"""One command's run: the options it was given and what its error messages must say.

A command makes its ``Run`` once and passes it down to whatever prints, logs or connects;
once connected it works with a copy that names the target (``Run.connected``). Nothing
global changes while a command runs: a ``ReconcilerError`` leaving a ``Run.reporting()``
block carries that run to the error boundary (``reconciler.cli.boundary``), which says from
it whether to name the target and whether stdout must still get a JSON document.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from rich.console import Console

from reconciler.cli.options import GlobalOptions, settings
from reconciler.errors import ReconcilerError
from reconciler.render.safe import printable

_RUN = "reconciler_cli_run"  # the attribute a failing run leaves on its error


@dataclass(frozen=True)
class Run:
    """What one command was asked for, and where it is."""

    options: GlobalOptions = field(default_factory=GlobalOptions)
    json_output: bool = False
    """stdout holds one JSON document, even on failure."""
    target: str | None = None
    """The portal this run talks to, once connected (named in error messages)."""

    @classmethod
    def begin(cls, *, json_output: bool = False) -> Run:
        """A run with the global options as parsed for this command."""
        return cls(options=replace(settings), json_output=json_output)

    def connected(self, target: str) -> Run:
        return replace(self, target=target)

    @property
    def no_color(self) -> bool:
        return self.options.no_color or "NO_COLOR" in os.environ

    def stdout(self) -> Console:
        return self._console(stderr=False)

    def stderr(self) -> Console:
        return self._console(stderr=True)

    def _console(self, *, stderr: bool) -> Console:
        """Rich's ``no_color`` alone still emits bold and dim: without colour, no style at all."""
        return Console(
            stderr=stderr,
            no_color=self.no_color,
            color_system=None if self.no_color else "auto",
            highlight=False,
            soft_wrap=True,
        )

    def log(self, message: str) -> None:
        """One line on stderr, escaped (it may hold the portal's own words)."""
        self.stderr().print(printable(message), markup=False, highlight=False)

    @contextmanager
    def reporting(self) -> Iterator[None]:
        """Errors raised inside are reported as this run's (the innermost block's run wins)."""
        try:
            yield
        except ReconcilerError as exc:
            if not isinstance(getattr(exc, _RUN, None), Run):
                setattr(exc, _RUN, self)
            raise


def run_of(exc: ReconcilerError) -> Run:
    """The run an error left, or a plain one for an error raised before any run began."""
    found = getattr(exc, _RUN, None)
    return found if isinstance(found, Run) else Run.begin()
