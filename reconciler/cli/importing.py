"""``import`` and ``pin``: from the portal into the manifests (ids, or whole objects)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reconciler.cli import tools
from reconciler.cli.context import Run
from reconciler.cli.options import PathsArg, PortalOpt
from reconciler.cli.session import reading, session
from reconciler.kinds import IMPORTED_ON_REQUEST, OBJECT_KINDS

IMPORT_KINDS = tuple(spec.manifest_key for spec in OBJECT_KINDS if spec.manifest_key)
"""What ``--kind`` takes by default: the object kinds' manifest keys (``campaigns``,
``marketingEvents``)."""
KIND_CHOICES = (*IMPORT_KINDS, *IMPORTED_ON_REQUEST)
"""What ``--kind`` takes: those, and attached kinds by name (``marketingEventList``: each
event's lists, one read per event; ``campaignBudgetItem``: each campaign's items, one read per
campaign), imported only when asked."""

# mypy wants the members written out; they come from the registry instead
ImportKind = StrEnum("ImportKind", [(key, key) for key in KIND_CHOICES])  # type: ignore[misc]


def import_(
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder to write manifests into.")
    ] = Path("manifests"),
    kind: Annotated[
        list[ImportKind] | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help="Only this kind (repeatable; default campaigns and marketingEvents); "
            "marketingEventList adds each event's lists, campaignAsset each campaign's "
            "assets, campaignBudgetItem / campaignSpendItem its budget / spend items.",
        ),
    ] = None,
    prop: Annotated[
        list[str] | None,
        typer.Option(
            "--property",
            metavar="NAME",
            help="Campaign property to import (repeatable; default all writable).",
        ),
    ] = None,
    portal: PortalOpt = None,
) -> None:
    """Write manifests for what the portal holds, ids pinned; re-importing keeps your comments."""
    from reconciler.importer import import_portal
    from reconciler.selection import select

    kinds = [k.value for k in kind] if kind else list(IMPORT_KINDS)
    selection = select(portal)
    with (
        session(Run.begin(), selection) as s,
        reading(s.run) as progress,
        tools.editor_schema(out) as schema,  # before the files whose modeline names it
    ):
        report = import_portal(
            s.conn,
            out,
            kinds=kinds,
            properties=prop or None,
            progress=progress,
            choice=selection.choice,
            mapping_key=selection.mapping_key,
        )
    for line in report.lines():
        print(line)
    if schema is not None:
        print(f"Editor schema: {schema} (the manifests' $schema modeline points at it)")


def pin(paths: PathsArg = None, portal: PortalOpt = None) -> None:
    """Write each matched object's live id into the manifests (no write request), so plans
    need no identity look-ups; comments and formatting stay."""
    from reconciler import pipeline
    from reconciler.pin import pin_manifests, unpinned
    from reconciler.selection import select

    selection = select(portal)
    desired = pipeline.load_desired(selection.manifest_paths(paths), None, selection.choice)
    if not unpinned(desired):
        total = desired.object_count
        print(f"Nothing to pin: all {total:,} objects in the manifests are pinned; nothing sent.")
        return
    with session(Run.begin(), selection) as s, reading(s.run) as progress:
        report = pin_manifests(s.conn, desired, progress=progress, portal=selection.mapping_key)
    for line in report.lines():
        print(line)
    if not report.ok:
        raise typer.Exit(1)
