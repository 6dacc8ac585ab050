"""The command line: parse arguments, run one pipeline, turn errors into messages and exit codes.

- ``options``: the global options and the options commands share;
- ``context``: ``Run``, one command's options and what its error messages must say;
- ``session``: connecting, Ctrl-C, progress bars;
- ``planning`` (validate, plan, show), ``applying`` (apply), ``importing`` (import, pin),
  ``doctor``, ``tools`` (schema, completion): the commands;
- ``app``: the typer app they are registered on; ``boundary``: ``run`` and ``main``, where
  errors become messages and exit codes.
"""

from reconciler.heap import paused

with paused(kept=True):  # the command line's imports make long-lived objects: reconciler.heap
    from reconciler.cli.app import app, build_command
    from reconciler.cli.boundary import main, run
    from reconciler.cli.options import settings

__all__ = ["app", "build_command", "main", "run", "settings"]
