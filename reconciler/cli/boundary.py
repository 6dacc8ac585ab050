"""The error boundary: the one place errors become messages and exit codes.

Every user-facing failure is a ``ReconcilerError`` (or an ``HubSpotError``), printed as one
``Error: ...`` block on stderr with exit code 1; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import json
import sys

from rich.text import Text

from reconciler.cli.app import build_command
from reconciler.cli.context import Run, run_of
from reconciler.errors import ReconcilerError
from reconciler.heap import started
from reconciler.render.safe import json_text, message_lines, printable


def run(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code.

    A user's mistake or a portal failure prints ``Error: ...`` on stderr and returns 1 (a
    traceback only with ``--debug``); usage errors return 2, as click's do.
    """
    command = build_command()
    try:
        command.main(args=argv, prog_name="reconciler", standalone_mode=True)
    except SystemExit as exc:  # click's own exits: success, usage errors (2), typer.Exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except ReconcilerError as exc:
        failed = run_of(exc)
        if failed.options.debug:
            raise
        return report(exc, failed)
    except KeyboardInterrupt:
        Run.begin().stderr().print("Interrupted.", markup=False)
        return 130
    return 0


def report(exc: ReconcilerError, failed: Run) -> int:
    """Say what went wrong (and where, once connected); return the exit code."""
    interrupted = exc.exit_code == 130
    message = Text("Interrupted: " if interrupted else "Error: ", style="bold red")
    message.append("\n".join(message_lines(exc.lines())))  # names, portal text: escaped
    if failed.target and not failed.json_output:
        message.append(f"\nTarget: {printable(failed.target)}")
    failed.stderr().print(message, soft_wrap=True)
    if failed.json_output:  # a CI step parsing stdout still gets a document
        print(json_text(json.dumps({"error": str(exc), "target": failed.target}, indent=2)))
    return exc.exit_code


def main() -> None:
    """Console-script entry point."""
    started()  # see reconciler.heap
    sys.exit(run(sys.argv[1:]))
