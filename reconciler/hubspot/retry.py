"""How long to wait before a retry, and when to stop: every wait capped, every request bounded.

Whatever answers at the base URL can ask for any wait: ``Retry-After: 1e9`` (31 years),
``3600``, an HTTP date in 2100, ``inf``. A wait is never longer than ``RetryPolicy.wait_max``
(HubSpot's longest rate window is 10 s), and the retry line says when a wait was cut. A request
and its retries end within ``RetryPolicy.timeout`` (or one HTTP timeout, if that is longer):
a retry whose wait would pass that deadline is not made.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC

from reconciler.hubspot.settings import wait_scale_from_env


@dataclass
class RetryPolicy:
    """Bounds of the retry loop. ``wait_scale`` shrinks every wait (tests use a tiny one)."""

    attempts: int = 6
    timeout: float = 120.0
    """Seconds a request may take with all its retries and waits (at least one HTTP timeout)."""
    wait_initial: float = 0.5
    wait_max: float = 10.0
    """The longest wait before a retry, whatever ``Retry-After`` asks."""
    wait_jitter: float = 0.5
    wait_scale: float = 1.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        return cls(wait_scale=wait_scale_from_env())

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt ``attempt`` (1-based): exponential, jittered, capped."""
        grown = self.wait_initial * 2 ** min(attempt - 1, 30)
        return min(self.wait_max, grown + random.uniform(0, self.wait_jitter))

    def capped(self, asked: float, source: str) -> tuple[float, str]:
        """A wait someone asked for, cut to ``wait_max``; the note says when it was cut."""
        if asked <= self.wait_max:
            return asked, ""
        return (
            self.wait_max,
            f" ({source} asked for {seconds(asked)} s; capped at {seconds(self.wait_max)} s)",
        )


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), None when absent or unusable.

    ``inf``, ``nan``, negative numbers and garbage are ignored (the caller's default wait
    applies); a date in the past means now. The caller caps what comes back.
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return number if math.isfinite(number) and number >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
        at = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, at - time.time())


def seconds(value: float) -> str:
    """A duration for a message: ``10``, ``4``, ``0.5``, ``0.012``."""
    if value >= 10:
        return f"{value:.0f}"
    return f"{value:.2g}"
