"""The command line: parse arguments, run one pipeline, turn errors into messages and exit codes.

Every user-facing failure is a ``ReconcilerError`` (or an ``HubSpotError``), printed as one
``Error: ...`` block on stderr with exit code 1; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from reconciler import __version__
from reconciler.errors import ManifestError, ReconcilerError
from reconciler.sandbox.cli import sandbox_app

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


class Settings:
    """Global options, set once by the callback."""

    no_color: bool = False
    verbose: bool = False
    debug: bool = False


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
def main_options(
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour output.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each HTTP request to stderr.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    settings.no_color = no_color
    settings.verbose = verbose
    settings.debug = debug


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Manifest files or folders (default: manifests/).", show_default=False),
]


def manifest_paths(paths: list[Path] | None) -> list[Path]:
    return list(paths) if paths else [Path("manifests")]


@app.command()
def validate(
    paths: PathsArg = None,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", help="text, json, or github annotations.")
    ] = ValidateFormat.text,
) -> None:
    """Load and check manifests without touching the network."""
    from reconciler.manifest import load_manifests
    from reconciler.render.problems import render_problems, render_valid

    try:
        desired = load_manifests(manifest_paths(paths))
    except ManifestError as exc:
        print(render_problems(exc.problems, fmt.value), end="")
        raise typer.Exit(1) from None
    print(render_valid(desired, fmt.value), end="")


def main() -> None:
    """Console-script entry point: one place where errors become exit codes."""
    try:
        app()
    except ReconcilerError as exc:
        if settings.debug:
            raise
        stderr_console().print(f"[bold red]Error:[/bold red] {exc}", markup=True, highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        stderr_console().print("Interrupted.")
        sys.exit(130)
