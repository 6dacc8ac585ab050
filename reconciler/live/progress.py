"""How a read reports its progress (a bar per kind on a terminal; nothing elsewhere)."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]
"""progress(kind, objects read so far, total if known)"""

PageHook = Callable[[int, int | None], None]
"""on_page(objects read so far, total if known), for one kind."""


def per_page(progress: Progress | None, what: str) -> PageHook | None:
    """``progress`` narrowed to one kind's pages (None without progress)."""
    if progress is None:
        return None
    return lambda done, total: progress(what, done, total)


__all__ = ["PageHook", "Progress", "per_page"]
