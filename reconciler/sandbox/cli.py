"""`reconciler sandbox serve|reset`: run the local portal in the foreground, or reset it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from reconciler.errors import ReconcilerError
from reconciler.sandbox import CALLING_APP_ID

sandbox_app = typer.Typer(help="Run or reset the local sandbox portal.", no_args_is_help=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="SQLite file (default: $RECONCILER_SANDBOX_DB or .reconciler/sandbox.db).",
        show_default=False,
    ),
]


ResetDbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="SQLite file (default: the sandbox portal plan talks to: reconciler.yaml's, else"
        " $RECONCILER_SANDBOX_DB or .reconciler/sandbox.db).",
        show_default=False,
    ),
]


def _db(db: Path | None) -> Path:
    from reconciler.sandbox.server import default_db_path

    return db if db is not None else default_db_path()


@sandbox_app.command()
def serve(
    host: Annotated[
        str, typer.Option(metavar="HOST", help="Interface to listen on.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8765,
    db: DbOption = None,
    token: Annotated[
        str | None,
        typer.Option(
            metavar="TOKEN",
            help="Require `Authorization: Bearer TOKEN` on every request, the control API"
            " under /_sandbox/ included.",
            show_default=False,
        ),
    ] = None,
    latency_ms: Annotated[int, typer.Option(min=0, help="Added latency per API request.")] = 0,
    rate_limit: Annotated[
        int, typer.Option(min=0, help="Requests per rolling 10 s window (0 = off).")
    ] = 190,
    app_id: Annotated[
        int, typer.Option(help="The app id the sandbox treats callers as.")
    ] = CALLING_APP_ID,
    portal_id: Annotated[
        int | None,
        typer.Option(
            "--portal-id",
            help="The portal id of a new database (default: random); fixed per database.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the sandbox portal in the foreground (Ctrl-C stops it); state persists in --db."""
    from reconciler.sandbox.account import PortalIdError
    from reconciler.sandbox.server import serve_forever

    path = _db(db)

    def ready(url: str) -> None:
        print(f"Sandbox portal listening on {url} (database {path})", file=sys.stderr, flush=True)

    try:
        serve_forever(
            path,
            host=host,
            port=port,
            token=token,
            rate_limit=rate_limit or None,
            latency_ms=latency_ms,
            app_id=app_id,
            portal_id=portal_id,
            on_ready=ready,
        )
    except PortalIdError as exc:
        raise ReconcilerError(str(exc)) from None


def _portal_db(portal: str | None) -> Path | None:
    """The database of the sandbox portal of reconciler.yaml that plan would use: ``portal``,
    else RECONCILER_PORTAL or the default; None when that is a HubSpot portal (or no file)."""
    from reconciler.project import PORTAL_ENV, load_project
    from reconciler.target import NamedPortal

    project = load_project()
    if project is None:
        if portal:
            raise ReconcilerError(
                f"--portal {portal!r} needs a reconciler.yaml that names it, and none was found "
                "here or in a parent folder (up to the git root)"
            )
        return None
    chosen = portal or os.environ.get(PORTAL_ENV) or project.config.default
    if chosen is None and len(project.config.portals) > 1:
        return None  # no portal is plan's without --portal: the usual database
    name, config = project.portal(portal)
    if not config.sandbox:
        if portal:
            raise ReconcilerError(
                f"portal {name} of {project.path.name} is a HubSpot portal, not an embedded "
                "sandbox: sandbox reset only resets sandbox databases"
            )
        return None
    return NamedPortal(name, config, project.root).sandbox_db


@sandbox_app.command()
def reset(
    ctx: typer.Context,
    db: ResetDbOption = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Leave the portal empty (no demo seed).")
    ] = False,
    portal: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="A sandbox portal of reconciler.yaml (default: the one plan uses, when it is"
            " a sandbox: its database .reconciler/NAME.db).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Empty the sandbox and seed the demo portal again."""
    from reconciler.cli.options import refuse_together
    from reconciler.sandbox.server import reset_portal

    if db is not None and portal is not None:
        refuse_together(
            ctx,
            "--db",
            "--portal",
            "--db resets that database, --portal the database of a "
            "sandbox portal of reconciler.yaml: give one",
        )
    path = db or _portal_db(portal) or _db(None)
    reset_portal(path, seed="empty" if empty else "demo")
    print(f"Sandbox portal reset ({'empty' if empty else 'demo portal'}): {path}", file=sys.stderr)
