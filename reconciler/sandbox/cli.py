"""`reconciler sandbox ...` commands (placeholder; the sandbox issue fills this in)."""

import typer

sandbox_app = typer.Typer(help="Run or reset the local sandbox portal.", no_args_is_help=True)


@sandbox_app.command()
def serve() -> None:
    """Run the sandbox portal in the foreground."""
    raise typer.Exit(1)
