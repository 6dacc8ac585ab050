"""How long to wait before a retry, and when to stop: every wait capped, every request bounded.

Whatever answers at the base URL can ask for any wait: ``Retry-After: 1e9`` (31 years),
``3600``, an HTTP date in 2100, ``inf``. A wait is never longer than ``RetryPolicy.wait_max``
(HubSpot's longest rate window is 10 s), and the retry line says when a wait was cut. A request
and its retries end within ``RetryPolicy.timeout`` (or one HTTP timeout, if that is longer):
a retry whose wait would pass that deadline is not made.

stamina runs the retry loop of a request (``Retries``): it counts the attempts, stops and
re-raises. Its own waits are plain ``time.sleep`` calls that neither Ctrl-C nor a cap could
end, so its ``on`` hook does the waiting instead, and hands stamina a wait of nothing.
"""

from __future__ import annotations

import email.utils
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC

import stamina

from reconciler.hubspot.errors import (
    HubSpotConnectionError,
    HubSpotError,
    HubSpotTimeout,
    RateLimitError,
    RequestInterrupted,
    ServerError,
)
from reconciler.hubspot.pacing import RequestStats
from reconciler.hubspot.settings import wait_scale_from_env

# Retries are reported by our own retry line, not stamina's default logging hook, which would
# print bare "stamina.retry_scheduled" lines on stderr.
stamina.instrumentation.set_on_retry_hooks([])

ALREADY_WAITED = 0.0
"""What the hook hands stamina once it has waited: a float, not False, so stamina reads it as
"retry after 0 s" (a bool would mean "retry or not")."""


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
        grown = self.wait_initial * 2.0 ** min(attempt - 1, 30)
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


class Retries:
    """The retries of one request: iterate for stamina's attempts; ``decide`` is its hook.

    After a failed attempt stamina asks ``decide``, which says whether to retry (never a daily
    429; 5xx, time-outs and unreachable only when ``retry_safe``), how long to wait (the
    capped ``Retry-After``, the rate window, or the jittered backoff, all scaled), checks the
    deadline, prints the one retry line and waits on ``halt``, which ends the wait at once.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        bound: float,
        retry_safe: bool,
        halt: threading.Event,
        rate_window: Callable[[], float],
        stats: RequestStats,
        note: Callable[[str], None],
    ) -> None:
        self.policy = policy
        self.bound = bound
        self.retry_safe = retry_safe
        self.halt = halt
        self.rate_window = rate_window
        self.stats = stats
        self.note = note
        self.started = time.monotonic()
        self.give_up_at = self.started + bound
        """When the request and its retries must be over: the last attempt is cut to it."""
        self.least_attempt = min(1.0, bound / 20)
        """A retry is made only with at least this long left for it after its wait: an attempt
        with milliseconds left could only time out, hiding the error that caused it."""
        self.attempt = 0

    def __iter__(self) -> Iterator[stamina.Attempt]:
        # stamina's timeout is a backstop: ``decide`` gives up earlier, before a wait that
        # would pass the deadline. stamina's own backoff is unused: ``decide`` names each wait.
        for attempt in stamina.retry_context(
            on=self.decide,
            attempts=self.policy.attempts,
            timeout=self.bound,
            wait_initial=0.0,
            wait_max=0.0,
            wait_jitter=0.0,
        ):
            self.attempt = attempt.num
            yield attempt

    def decide(self, exc: Exception) -> bool | float:
        """stamina's ``on`` hook: False re-raises ``exc`` now; else the wait is done."""
        if not isinstance(exc, HubSpotError) or isinstance(exc, RequestInterrupted):
            return False
        wait = self._wait_for(exc)
        if wait is None:
            return False
        pause, cap_note = wait
        spent = time.monotonic() - self.started
        if self.attempt >= self.policy.attempts:
            # stamina stops here, its attempts spent, and re-raises ``exc``: say so in it.
            _noted(exc, f"gave up after {self.attempt} attempts in {seconds(spent)} s")
            return ALREADY_WAITED
        if time.monotonic() + pause + self.least_attempt >= self.give_up_at:
            plural = "s" if self.attempt > 1 else ""
            _noted(
                exc,
                f"gave up after {self.attempt} attempt{plural} in {seconds(spent)} s: a "
                f"request and its retries end within {seconds(self.bound)} s",
            )
            return False
        self.stats.retries += 1
        self.note(
            f"{exc}; attempt {self.attempt}/{self.policy.attempts}, "
            f"waiting {seconds(pause)} s{cap_note}"
        )
        if self.halt.wait(pause):
            raise RequestInterrupted(f"{exc} (not retried: interrupted)") from None
        return ALREADY_WAITED

    def _wait_for(self, exc: HubSpotError) -> tuple[float, str] | None:
        """Seconds to wait (scaled) and a note, or None when ``exc`` is not to be retried."""
        policy = self.policy
        if isinstance(exc, RateLimitError):
            if exc.daily:
                return None
            self.stats.rate_limited += 1
            if exc.retry_after is not None:
                wait, note = policy.capped(exc.retry_after, "Retry-After")
            elif (exc.body.policyName or "").upper() == "SECONDLY":
                wait, note = policy.capped(1.0, "the rate window")
            else:
                wait, note = policy.capped(self.rate_window(), "the rate window")
            return wait * policy.wait_scale, note
        if self.retry_safe and isinstance(
            exc, ServerError | HubSpotTimeout | HubSpotConnectionError
        ):
            return policy.backoff(self.attempt) * policy.wait_scale, ""
        return None


def _noted(exc: HubSpotError, note: str) -> None:
    """The same error (callers tell errors apart by type), its message saying why it is final."""
    exc.args = (f"{exc} ({note})",)
