"""An advisory lock per target, so that two applies from one checkout never write at once.

Nothing on a HubSpot portal can serve as a lock: there is no conditional write (no If-Match,
no "create only if absent"), no idempotency key and no unique constraint on a campaign's name,
so two runs that both "take" a lock object would both succeed. The lock is therefore local: a
file locked with ``flock`` (released by the operating system when the process ends, even on
``kill -9``, so it never goes stale), next to the embedded sandbox's database, or under
``.reconciler/`` of the project root (the folder holding ``reconciler.yaml``, else the working
directory) for HubSpot, one file per target. It serialises the
applies that share a checkout (or a sandbox database); applies from two machines or two
checkouts are caught afterwards instead (see ``duplicates``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from reconciler.errors import ReconcilerError
from reconciler.plan import Target

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock
    fcntl = None  # type: ignore[assignment]

LOCK_DIR = Path(".reconciler")


class ApplyLockedError(ReconcilerError):
    """Another apply against the same target holds the lock."""


def lock_path(target: Target, root: Path | None = None) -> Path:
    if target.kind == "sandbox" and target.database:
        database = Path(target.database)
        return database.with_name(f"{database.name}.apply.lock")
    digest = hashlib.sha256(target.identity.encode()).hexdigest()[:16]
    return (root or Path()) / LOCK_DIR / f"apply-{digest}.lock"


@contextmanager
def apply_lock(
    target: Target, notice: Callable[[str], None], root: Path | None = None
) -> Iterator[Path | None]:
    """Hold the target's apply lock, or fail at once naming who holds it. Where no lock file
    can be made (a read-only folder, no ``flock``), say so and go on without one."""
    path = lock_path(target, root)
    try:
        if fcntl is None:
            raise OSError(0, "file locks are not available on this platform")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+", encoding="utf-8")
    except OSError as exc:
        notice(
            f"Note: apply runs without its lock ({path}: {exc.strerror}); another apply against "
            "this portal from here would not be held back"
        )
        yield None
        return
    with handle:
        _take(handle, path, target)
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _take(handle: IO[str], path: Path, target: Target) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "a process that did not say which"
        raise ApplyLockedError(
            f"another apply against {target.describe()} is running ({holder}; lock file "
            f"{path}): wait for it to finish, then run apply again, which plans afresh"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
    handle.flush()
