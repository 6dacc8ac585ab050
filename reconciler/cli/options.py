"""The options: the global ones (recorded by the root callback) and those commands share.

The global options are recorded while the arguments are parsed, before any command runs
(``reconciler.cli.global_flags`` calls the root callback again for a copy given after the
command); a command reads them once, into its ``Run`` (``reconciler.cli.context``), and
nothing changes them while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from reconciler import __version__


@dataclass
class GlobalOptions:
    """``--no-color``, ``--verbose``, ``--debug`` and ``--api-version`` as given."""

    no_color: bool = False
    verbose: bool = False
    debug: bool = False
    api_version: str | None = None  # --api-version, else RECONCILER_API_VERSION, else current


settings = GlobalOptions()
"""The last parsed global options: written by ``main_options`` only, while parsing."""


def _version(value: bool) -> None:
    if value:
        print(f"reconciler {__version__}")
        raise typer.Exit(0)


def refuse_together(ctx: typer.Context, first: str, second: str, why: str) -> NoReturn:
    """A usage error (exit 2, before anything is read or sent) naming two options that do not
    go together; ``why`` says what to do instead."""
    usage_error = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    raise usage_error(f"{first} and {second} cannot be given together: {why}", ctx=ctx)


def _check_api_version(value: str | None) -> str | None:
    """A usage error (exit 2) before anything is read or sent; RECONCILER_API_VERSION is
    checked when the command connects (an error, exit 1, as a bad setting is)."""
    from reconciler.hubspot.paths import API_VERSIONS

    if value is not None and value not in API_VERSIONS:
        words = ", ".join(API_VERSIONS[:-1]) + f" or {API_VERSIONS[-1]}"
        raise typer.BadParameter(f"{value!r} is not an API version this tool knows: write {words}")
    return value


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
            metavar="VERSION",
            help="HubSpot API version: 2026-09 (default), 2026-03 or v3 "
            "(or RECONCILER_API_VERSION).",
            show_default=False,
            callback=_check_api_version,
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
    typer.Argument(
        metavar="PATH",
        help="Manifest files or folders (default: manifests/).",
        show_default=False,
    ),
]


PortalOpt = Annotated[
    str | None,
    typer.Option(
        "--portal",
        metavar="NAME",
        help="The portal of reconciler.yaml to use (or RECONCILER_PORTAL; default: its default).",
        show_default=False,
    ),
]


TargetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--target",
        metavar="KEY",
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
        metavar="N",
        help="Marketing events per batch request, 1 to 100 (default 100, or "
        "RECONCILER_EVENT_BATCH_SIZE).",
        show_default=False,
        callback=_check_batch_size,
    ),
]
