"""How often the garbage collector runs in a command's process: one policy for the whole run.

A command makes long-lived objects and next to no cyclic garbage: module and model classes
while it starts, then the manifests, the portal's answers and the plan, all kept until it
exits. With CPython's default thresholds (a young collection every 700 allocations, an older
one every 10 of those) the collector ran ~110 times while the command line was imported alone,
and each older pass walked everything made so far: about 0.1 s of CPU of a 10,000-object
``reconciler plan`` went to collections that found nothing (``bench/ratio.py``). Cycles are
still collected, only later; ``pipeline.settle_heap`` sets the same thresholds once the
manifests are loaded, for runs that do not start at ``main``.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)
"""Young collections every 50,000 allocations; older ones after 20 and 100 of those."""


def collect_less() -> None:
    """Set ``THRESHOLDS`` for this process (the command line's entry points call it first)."""
    gc.set_threshold(*THRESHOLDS)


__all__ = ["THRESHOLDS", "collect_less"]
