"""The typer app: the root callback and every command, registered in the order help lists them."""

from __future__ import annotations

import typer

from reconciler.cli import bad_values, tools
from reconciler.cli import global_flags as cli_globals
from reconciler.cli.applying import apply
from reconciler.cli.doctor import doctor
from reconciler.cli.importing import import_, pin
from reconciler.cli.options import main_options
from reconciler.cli.planning import plan, show, validate
from reconciler.sandbox.cli import sandbox_app

app = typer.Typer(
    name="reconciler",
    help="Declarative reconciler for HubSpot campaigns and marketing events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(sandbox_app, name="sandbox")
app.callback()(main_options)
app.command()(validate)
app.command()(plan)
app.command()(show)
app.command()(apply)
app.command("import")(import_)
app.command()(doctor)
app.command()(pin)
app.command("schema")(tools.schema)
app.command("completion")(tools.completion)


def build_command() -> cli_globals.Command:
    """The click command tree of ``app``, global options copied onto every command and bad
    values reworded (``bad_values``)."""
    if tools.completing():
        tools.enable_completion()
    return bad_values.install(cli_globals.install(typer.main.get_command(app)))
