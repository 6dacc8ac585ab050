"""Loading: every manifest under the PATHs -> DesiredState, or one ManifestError with all
problems of the run, in file and line order."""

from __future__ import annotations

import gc
import sys
from functools import partial
from pathlib import Path

from reconciler.errors import ManifestError, Problem
from reconciler.heap import paused
from reconciler.kinds import KindName
from reconciler.manifest.files import Warn, find_manifests, max_bytes
from reconciler.manifest.identity import Identity, identity, report_duplicates
from reconciler.manifest.items import report_item_duplicates
from reconciler.manifest.parser import parse, read_text
from reconciler.manifest.raw import Refused, location
from reconciler.manifest.shapes import SHAPES
from reconciler.manifest.validate import Validator
from reconciler.model_base import build_pipeline_models
from reconciler.models import DesiredState, Sourced
from reconciler.portal_values import PortalChoice, resolve
from reconciler.render.safe import printable


class _Found:
    """Each kind's valid objects and every object's identity, in file order."""

    def __init__(self) -> None:
        self.objects: dict[KindName, list[Sourced]] = {kind: [] for kind in SHAPES}
        self.identities: dict[KindName, list[Identity]] = {kind: [] for kind in SHAPES}


def _load_file(
    file: Path, limit: int, problems: list[Problem], found: _Found, choice: PortalChoice | None
) -> None:
    """One manifest file's objects and identities into ``found``; problems are appended."""
    name = str(file)
    try:
        raw_objects = parse(read_text(file, limit), name, problems)
    except Refused as refused:
        problems.append(Problem(refused.message, location(name, refused.line, refused.col)))
        return
    validator = Validator(name, problems)
    for raw in raw_objects:
        if not resolve(raw.data, choice, partial(validator.report_at, raw)):
            continue  # its `portals` leaves this portal out: not this portal's object
        where = validator.location(raw.line, raw.col)
        found.identities[raw.kind].append(identity(raw, where))
        sourced = validator.sourced(raw, where)
        if sourced is not None and report_item_duplicates(sourced, problems):
            found.objects[raw.kind].append(sourced)


def warn_on_stderr(message: str) -> None:
    """What was skipped, for the person running the command (stdout may hold a JSON document)."""
    print(f"Warning: {printable(message)}", file=sys.stderr)


def load_manifests(
    paths: list[Path], choice: PortalChoice | None = None, *, warn: Warn = warn_on_stderr
) -> DesiredState:
    """Read every manifest under ``paths``, per-portal values resolved for ``choice``; raise
    ManifestError with all problems of the run.

    Files that are not read (a FIFO, a device, a symlink loop) are reported through ``warn``.
    """
    build_pipeline_models()  # before any state is built: see its docstring
    with paused():  # the loader's cycles are swept per file: see _load
        return _load(paths, choice, warn)


def _load(paths: list[Path], choice: PortalChoice | None, warn: Warn) -> DesiredState:
    limit = max_bytes()
    found_files = find_manifests(paths, warn)
    files, labels = found_files.files, found_files.labels
    problems = [Problem(message) for message in found_files.missing]
    found = _Found()
    for file in files:
        _load_file(file, limit, problems, found, choice)
        gc.collect(0)  # what the file's parsing left in cycles: a young sweep frees it cheaply
    for kind, identities in found.identities.items():
        report_duplicates(kind, identities, problems)
    if problems:
        order = {str(file): i for i, file in enumerate(files)}
        problems.sort(key=lambda p: _problem_order(p, order))
        raise ManifestError(problems)
    return DesiredState(
        **{SHAPES[kind].desired: objects for kind, objects in found.objects.items()},
        files=[str(file) for file in files],
        paths=labels,
    )


def _problem_order(problem: Problem, order: dict[str, int]) -> tuple[int, int, int]:
    where = problem.location
    if where is None:
        return (-1, 0, 0)
    return (order.get(where.file, len(order)), where.line, where.col)
