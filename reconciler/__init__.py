"""Declarative config-as-code reconciler for HubSpot campaigns and marketing events."""

import sys

__version__ = "0.1.0"

# httpx imports its own command line (click, pygments, rich.syntax: ~50 ms of every run's
# start-up) whenever those are installed, as they are beside typer and uvicorn. Nothing here
# runs httpx's command line, so its module is marked absent and httpx skips it.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
