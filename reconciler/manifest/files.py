"""Which files are manifests, and reading one without hanging or running out of memory.

A manifests folder is a repository's: whoever opens a pull request chooses what it holds. So:

- **Only regular files are read from a folder.** A FIFO would block the read for ever and
  ``/dev/zero`` (or a symlink named ``x.yaml`` to it) never ends; anything that is not a
  regular file after following symlinks is skipped, and a warning names it and says why.
  A PATH given on the command line is read even when it is a pipe, so
  ``reconciler validate <(sops -d manifests.yaml)`` works: the user chose it.
- **A size limit per file** (64 MiB, ``RECONCILER_MAX_MANIFEST_BYTES`` to change it): a larger
  file is an error, not a skip, because its objects would silently drop out of the plan. The
  read itself stops at the limit, so a file that grows while read cannot exhaust memory.
- **Symlinked subfolders are followed**, as symlinked files already were: a link in
  ``manifests/`` is there to be read (``kubectl apply -R`` and Ansible follow them too). Each
  real folder is read once; a link back to a folder being walked (a loop) is skipped with a
  warning. Hidden files and folders (``.git``) are skipped, as before.
- **A PATH with no manifests is an error**, as in Terraform ("No configuration files"): a
  mistyped path in CI must not plan nothing and pass the drift check.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reconciler.errors import ReconcilerError

YAML_SUFFIXES = (".yaml", ".yml")
MAX_BYTES_ENV = "RECONCILER_MAX_MANIFEST_BYTES"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Warn = Callable[[str], None]

_FILE_TYPES = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class Unreadable(Exception):
    """A manifest that cannot be read: the message says why and what to do."""


@dataclass
class Found:
    """The manifest files under the given PATHs, in order, each once."""

    files: list[Path] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # the PATHs as shown ("manifests/")
    missing: list[str] = field(default_factory=list)  # problems: PATHs absent or without YAML


def max_bytes() -> int:
    """The per-file limit: ``RECONCILER_MAX_MANIFEST_BYTES`` or 64 MiB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ReconcilerError(
            f"{MAX_BYTES_ENV} must be a whole number of bytes above 0, not {raw!r}"
        )
    return value


def find_manifests(paths: list[Path], warn: Warn) -> Found:
    """Every YAML file under the PATHs (folders walked, files as given), each real file once."""
    found = Found()
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.labels.append(f"{path}/")
            files = sorted(walk_manifests(path, warn))
            if not files:
                found.missing.append(
                    f"{path}/: no manifests found (no *.yaml or *.yml file in this folder or "
                    "below); give the folder or files that hold your manifests"
                )
        elif path.exists():
            found.labels.append(str(path))
            files = [path]
        else:
            found.labels.append(str(path))
            found.missing.append(
                f"{path}: no such file or folder; give manifest files or folders of "
                "*.yaml files (default: manifests/)"
            )
            continue
        for file in files:
            real = file.resolve()
            if real not in seen:
                seen.add(real)
                found.files.append(file)
    return found


def walk_manifests(folder: Path, warn: Warn) -> Iterator[Path]:
    """Regular ``*.yaml``/``*.yml`` files under a folder, following symlinked folders once.

    Sorted folder by folder; hidden names skipped. What is skipped for another reason is
    reported through ``warn``.
    """
    top = folder.resolve()
    visited = {top}

    def unreadable(error: OSError) -> None:
        warn(f"skipped {error.filename}: cannot read the folder ({error.strerror or error})")

    for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(root)
        dirs[:] = _subfolders(here, sorted(d for d in dirs if not d.startswith(".")), visited, warn)
        for name in sorted(names):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = here / name
                if _regular_or_warn(path, warn):
                    yield path


def _subfolders(root: Path, names: list[str], visited: set[Path], warn: Warn) -> list[str]:
    """The subfolders to walk, each real folder once; real ones claim it before symlinks do,
    so a file is named by its real path where it has one."""
    here = root.resolve()
    links = [n for n in names if (root / n).is_symlink()]
    keep: list[str] = []
    for name in [n for n in names if n not in links] + links:
        real = (root / name).resolve()
        if real == here or real in here.parents:
            warn(f"skipped {root / name}: a symlink to a folder that contains it (a loop)")
        elif real not in visited:  # else another way to a folder already read
            visited.add(real)
            keep.append(name)
    return sorted(keep)


def _regular_or_warn(path: Path, warn: Warn) -> bool:
    """True for a regular file (after symlinks); a broken link counts, so reading it says so."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True  # read_manifest names the error (a broken symlink, no permission)
    if stat.S_ISREG(mode):
        return True
    kind = next((what for test, what in _FILE_TYPES if test(mode)), "not a regular file")
    warn(f"skipped {path}: {kind}, not a regular file; only regular files are read")
    return False


def read_manifest(path: Path, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` of them (more is an error, never read further)."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise Unreadable(_too_large(size, limit))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unreadable(_too_large(None, limit))
    return data


def _too_large(size: int | None, limit: int) -> str:
    what = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"the file is larger than the limit of {limit:,} bytes{what}: split it into several "
        f"files, or raise the limit with {MAX_BYTES_ENV}"
    )
