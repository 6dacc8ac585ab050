"""Ctrl-C and SIGTERM during a networked command: stop at once, report, exit 130.

The handler never raises. A ``KeyboardInterrupt`` lands wherever the main thread happens to
be -- often joining worker threads that are asleep in a retry wait -- which is how a first
Ctrl-C took 15 s to act and a third printed a threading traceback. Instead:

1. the first signal stops new work at once: no retry, and every wait (retry back-off, rate
   pacing) ends now. While reading, nothing new is sent either; while applying, no new batch
   starts and the batches in flight finish (each may still read back what it wrote, once);
2. the second abandons the requests in flight (their sockets are shut), so the outcome report
   comes now; the objects they carried are reported as unknown;
3. later ones only say that the report is coming.

The command then reports what it knows and exits 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from reconciler.hubspot.client import HubSpotClient

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """The signal handler of one command, over every client it ``watch``es (one per portal)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.count = 0
        self._clients: list[HubSpotClient] = []  # no lock: the handler may run while one is held
        self._applier_stop: threading.Event | None = None

    @property
    def received(self) -> bool:
        return self.count > 0

    def watch(self, client: HubSpotClient) -> None:
        """Govern ``client`` too (as soon as it exists: its first request may need stopping)."""
        self._clients.append(client)
        self._stop(client)

    def _stop(self, client: HubSpotClient) -> None:
        if self.count >= 2:
            client.abort()
        elif self.count == 1:
            client.halt(new_requests=self._applier_stop is None)

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self._applier_stop is not None:
            self._applier_stop.set()
        for client in list(self._clients):
            self._stop(client)
        if self.count == 1 and self._applier_stop is not None:
            self.say(
                "Stopping: the batches in flight finish without retries, nothing new starts "
                "(again to abandon them)."
            )
        elif self.count == 1:
            self.say("Stopping: nothing new is sent (again to abandon the requests in flight).")
        elif self.count == 2:
            self.say("Abandoning the requests in flight; the report follows.")
        else:
            self.say("Still stopping; the report follows.")

    @contextmanager
    def installed(self) -> Iterator[Interrupts]:
        """Handle SIGINT/SIGTERM here until the block ends (main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self) for sig in SIGNALS}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    @contextmanager
    def applying(self, stop: threading.Event) -> Iterator[None]:
        """While applying, the first signal stops new batches (``stop``), not read-backs."""
        self._applier_stop = stop
        if self.received:
            stop.set()
        try:
            yield
        finally:
            self._applier_stop = None

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Plain Ctrl-C (KeyboardInterrupt) while a prompt waits: nothing runs meanwhile."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
