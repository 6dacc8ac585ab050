"""`reconciler sandbox serve|reset`: run the local portal in the foreground, or reset it."""

from __future__ import annotations

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
        help="SQLite file (default: $RECONCILER_SANDBOX_DB or .reconciler/sandbox.db).",
        show_default=False,
    ),
]


def _db(db: Path | None) -> Path:
    from reconciler.sandbox.server import default_db_path

    return db if db is not None else default_db_path()


@sandbox_app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8765,
    db: DbOption = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="Require `Authorization: Bearer TOKEN` on every request, the control API"
            " under /_sandbox/ included.",
            show_default=False,
        ),
    ] = None,
    latency_ms: Annotated[int, typer.Option(help="Added latency per API request.")] = 0,
    rate_limit: Annotated[
        int, typer.Option(help="Requests per rolling 10 s window (0 = off).")
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


@sandbox_app.command()
def reset(
    db: DbOption = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Leave the portal empty (no demo seed).")
    ] = False,
) -> None:
    """Empty the sandbox and seed the demo portal again."""
    from reconciler.sandbox.server import reset_portal

    path = _db(db)
    reset_portal(path, seed="empty" if empty else "demo")
    print(f"Sandbox portal reset ({'empty' if empty else 'demo portal'}): {path}", file=sys.stderr)
