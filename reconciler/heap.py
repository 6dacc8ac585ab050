"""How the garbage collector runs in a command's process: one policy for the whole run.

A command makes long-lived objects and next to no cyclic garbage: module and model classes
while it starts, then the manifests, the portal's answers and the plan, all kept until it
exits. Left to itself, the collector sweeps them over and over while they are made, and finds
nothing: with CPython's default thresholds it ran ~110 times while the command line was
imported alone, and at 10,000 objects its automatic passes (at start-up, in the read, in the
diff) took ~0.1 s of a plan's ~2.5 s of CPU (``bench/ratio.py``). So:

- the command line is imported with automatic collection ``paused``, and what the imports
  made is moved out of the collector's sight (``gc.freeze``) before a command runs;
- each phase that builds a state (load, read, diff) runs ``paused``, and the pipeline
  collects once where garbage can have gathered (after each manifest file, after the read)
  before freezing what is kept (``pipeline.settle_heap``);
- between phases, young collections run every 50,000 allocations, not 700.

Cycles are still collected, only at those points; a long-running process such as
``sandbox serve`` keeps automatic collection, with the larger thresholds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)
"""Young collections every 50,000 allocations; older ones after 20 and 100 of those."""


def collect_less() -> None:
    """Set ``THRESHOLDS`` for this process."""
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def paused(*, kept: bool = False) -> Iterator[None]:
    """No automatic collection inside (explicit ``gc.collect`` calls still run); the state it
    found is restored on the way out, so nesting and library callers are safe. ``kept``:
    what was made inside lives as long as the process (modules, a state), so it leaves the
    collector's sight uncollected, rather than be swept the moment collection resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept:
            gc.freeze()
        if enabled:
            gc.enable()


def started() -> None:
    """Before a command runs (the entry point, once its imports are done)."""
    gc.freeze()
    collect_less()


__all__ = ["THRESHOLDS", "collect_less", "paused", "started"]
