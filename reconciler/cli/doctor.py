"""``doctor``: check the target before first use."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from reconciler.cli.context import Run
from reconciler.cli.options import PortalOpt
from reconciler.cli.session import session
from reconciler.render.safe import printable


class DoctorFormat(StrEnum):
    text = "text"
    json = "json"


def doctor(
    probe: Annotated[
        bool,
        typer.Option(
            "--probe",
            help="Also create a scratch campaign and event, confirm the behaviours the tool "
            "relies on, and archive them.",
        ),
    ] = False,
    fmt: Annotated[
        DoctorFormat, typer.Option("--format", help="text or json.")
    ] = DoctorFormat.text,
    portal: PortalOpt = None,
) -> None:
    """Check the target before first use: token, portal, scopes, tier, rate limit, quota."""
    from reconciler.doctor.report import DoctorReport, fail
    from reconciler.doctor.run import run_doctor
    from reconciler.hubspot.errors import HubSpotError, RequestInterrupted
    from reconciler.render.doctor import render_doctor_json, render_doctor_text
    from reconciler.selection import select

    selection = select(portal)
    run = Run.begin(json_output=fmt == DoctorFormat.json)
    try:
        with session(run, selection) as s:
            if fmt == DoctorFormat.text:
                s.run.stdout().print(printable(f"Target: {s.run.target}"), markup=False)
            assert s.conn.portal is not None
            report = run_doctor(s.conn.client, s.conn.target, s.conn.portal, probe=probe)
    except RequestInterrupted:
        raise
    except HubSpotError as exc:  # the token or the portal failed before any check could run
        report = DoctorReport(checks=[fail("token", str(exc))])
    if fmt == DoctorFormat.json:
        print(render_doctor_json(report))
    else:
        render_doctor_text(report, run.stdout())
    if not report.ok:
        raise typer.Exit(1)
