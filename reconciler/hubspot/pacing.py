"""Pacing to the portal's rate window, and the count of what a run sent.

The pacer counts what we sent in the last window and trusts the portal's
``X-HubSpot-RateLimit-*`` headers; a window it is told about is capped at ``MAX_INTERVAL_S``, so
a hostile header cannot make it wait for days. Its sleep is injected: the client's ends at
once on Ctrl-C.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from reconciler.hubspot.limits import DEFAULT_RATE_INTERVAL_MS, DEFAULT_RATE_LIMIT

DEFAULT_INTERVAL_S = DEFAULT_RATE_INTERVAL_MS / 1000
MAX_INTERVAL_S = 60.0
"""The longest rate window the pacer believes a portal's headers about (HubSpot's is 10 s)."""


class RatePacer:
    """Keeps our requests inside the portal's rolling window.

    It counts what we sent in the last interval, and trusts the portal's ``Remaining`` header
    when it says the budget is smaller (other apps' requests share it). Slots are reserved
    under a lock, sleeping happens outside it, so concurrent workers queue fairly.
    """

    def __init__(
        self,
        *,
        limit: int = DEFAULT_RATE_LIMIT,
        interval_s: float = DEFAULT_INTERVAL_S,
        reserve: int = 2,
        slack: float = 0.05,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.interval_s = interval_s
        self.reserve = reserve
        self.slack = slack
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._sent: deque[float] = deque()
        self._remaining: int | None = None
        self.seen_headers = False
        self.waited_s = 0.0

    def _budget(self) -> int:
        return max(1, self.limit - self.reserve)

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            # The portal counts a request when it arrives, a round trip after we count it:
            # treat our own requests as lingering a little longer than the window.
            window = self.interval_s * (1 + self.slack)
            while self._sent and self._sent[0] <= now - window:
                self._sent.popleft()
            at = now
            budget = self._budget()
            if len(self._sent) >= budget:
                at = self._sent[len(self._sent) - budget] + window
            elif self._remaining is not None and self._remaining <= self.reserve:
                # Someone else spent the window: wait for our oldest request to leave it.
                at = (self._sent[0] + window) if self._sent else now + self.interval_s / self.limit
                self._remaining = None
            self._sent.append(max(at, now))
            wait = at - now
        if wait > 0:
            self.waited_s += wait
            self._sleep(wait)

    def observe(self, headers: httpx.Headers) -> None:
        def number(name: str) -> int | None:
            try:
                return int(headers[name])
            except (KeyError, ValueError):
                return None

        maximum = number("X-HubSpot-RateLimit-Max")
        interval = number("X-HubSpot-RateLimit-Interval-Milliseconds")
        remaining = number("X-HubSpot-RateLimit-Remaining")
        with self._lock:
            if maximum:
                self.limit = maximum
                self.seen_headers = True
            if interval and interval > 0:
                self.interval_s = min(interval / 1000, MAX_INTERVAL_S)
            if remaining is not None:
                self._remaining = remaining


@dataclass
class RequestStats:
    """What a run sent, for the plan's cost line, --verbose and the benchmarks."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    by_endpoint: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, endpoint: str) -> None:
        with self.lock:
            self.requests += 1
            self.by_endpoint[endpoint] += 1
