"""Knobs that make the sandbox behave like a busy or broken HubSpot, and the request log.

Everything here is in memory: faults are a test's business and vanish with the process.
``Settings`` holds every knob; the control API replaces fields of it, and ``clear`` returns to
what the server was started with.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from reconciler.sandbox.seed import CALLING_APP_ID, CALLING_APP_NAME

FIVE_XX = (500, 502, 503, 504)


@dataclass
class Settings:
    """Server behaviour; every field can be set through ``PUT /_sandbox/faults``."""

    token: str | None = None
    app_id: int = CALLING_APP_ID
    app_name: str = CALLING_APP_NAME
    latency_ms: int = 0
    rate_limit: int | None = 190
    rate_window_ms: int = 10_000
    retry_after: float | None = None
    """Seconds sent in ``Retry-After`` on 429s (HubSpot does not document it; None = omit)."""
    rate_limit_next: int = 0
    """Answer the next N API requests with a TEN_SECONDLY_ROLLING 429, whatever the count."""
    daily_limit: bool = False
    """Answer every API request with a DAILY 429 until cleared."""
    error_status: int = 500
    error_count: int = 0
    """Answer the next N API requests with ``error_status``."""
    error_html: bool = False
    slow_seconds: float = 0.0
    slow_count: int = 0
    """Sleep ``slow_seconds`` before answering each of the next N API requests."""
    fail_ids: list[str] = field(default_factory=list)
    """Campaign ids, hs_names, event objectIds or externalEventIds that fail in batch writes."""
    identifiers_delay_s: float = 0.0
    """New events appear in ``/{externalEventId}/identifiers`` only this long after creation."""
    deviations: list[str] = field(default_factory=list)
    """Behaviours HubSpot's specs leave open, switched to the other reading (``deviations.py``)."""
    answers: list[dict[str, Any]] = field(default_factory=list)
    """Canned answers, each ``{"method", "path", "status", "body"}`` (any JSON) or ``"text"``
    (raw, with ``"content_type"``), optional ``"count"`` (default 1) and ``"apply"``: the next
    ``count`` API requests with that method and path (as asked, or its v3 twin) get this answer
    instead of the endpoint's.
    Without ``apply`` the endpoint never runs (nothing is written); with it the write happens
    and only its answer is replaced: a HubSpot that lies either way."""
    barrier: dict[str, Any] | None = None
    """``{"method", "path", "count", "timeout_s"}``: hold matching API requests until ``count``
    of them have arrived (or ``timeout_s`` passed), then let them through together, so two
    clients' writes land in the same moment, as in a race. One-shot. With ``"serial": true``
    they pass one at a time in arrival order, each once the one before was answered, so which
    write lands second is known. ``arrived`` counts the requests held so far."""

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["token"] = "***" if self.token else None  # never echo a secret
        return out


SETTING_NAMES = frozenset(f.name for f in dataclasses.fields(Settings))


def validate_update(changes: dict[str, Any]) -> list[str]:
    """Problems with a settings patch (unknown names, bad values); empty when fine."""
    problems = [f"unknown setting {name!r}" for name in changes if name not in SETTING_NAMES]
    status = changes.get("error_status")
    if status is not None and status not in FIVE_XX:
        problems.append(f"error_status must be one of {FIVE_XX}")
    for name in ("latency_ms", "rate_window_ms", "rate_limit_next", "error_count", "slow_count"):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"{name} must be a non-negative integer")
    if "fail_ids" in changes and not (
        isinstance(changes["fail_ids"], list)
        and all(isinstance(x, str) for x in changes["fail_ids"])
    ):
        problems.append("fail_ids must be a list of strings")
    if "deviations" in changes:
        from reconciler.sandbox.deviations import validate  # it needs the state module

        problems += validate(changes["deviations"])
    problems += _answer_problems(changes.get("answers", []))
    barrier = changes.get("barrier")
    if barrier is not None and not (
        _is_route(barrier)
        and isinstance(barrier.get("count"), int)
        and barrier["count"] >= 1
        and isinstance(barrier.get("serial", False), bool)
    ):
        problems.append("barrier must be {method, path, count >= 1, timeout_s, serial?} or null")
    return problems


def _is_route(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("method"), str)
        and isinstance(value.get("path"), str)
        and value["path"].startswith("/")
    )


def _answer_problems(answers: Any) -> list[str]:
    if not isinstance(answers, list):
        return ["answers must be a list"]
    problems = []
    for i, answer in enumerate(answers):
        where = f"answers[{i}]"
        if not _is_route(answer):
            problems.append(f"{where} needs a method and a path starting with /")
            continue
        if not (isinstance(answer.get("status"), int) and 200 <= answer["status"] <= 599):
            problems.append(f"{where}.status must be an HTTP status (200-599)")
        if "text" in answer and not isinstance(answer["text"], str):
            problems.append(f"{where}.text must be a string")
        count = answer.get("count", 1)
        if not isinstance(count, int) or count < 1:
            problems.append(f"{where}.count must be a positive integer")
    return problems


def _matches(route: dict[str, Any], method: str, paths: tuple[str, ...]) -> bool:
    """Same method, and the path as asked or its v3 twin (faults name either)."""
    return bool(route["method"].upper() == method and route["path"] in paths)


class RateLimiter:
    """A rolling-window counter of accepted requests, like HubSpot's TEN_SECONDLY_ROLLING."""

    def __init__(self) -> None:
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()
        self.daily_used = 0

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()

    def check(self, limit: int | None, window_ms: int) -> tuple[bool, int]:
        """Count a request if allowed; returns (allowed, remaining in the window)."""
        now = time.monotonic()
        with self._lock:
            self.daily_used += 1
            horizon = now - window_ms / 1000
            while self._hits and self._hits[0] <= horizon:
                self._hits.popleft()
            if not limit:
                return True, 0
            if len(self._hits) >= limit:
                return False, 0
            self._hits.append(now)
            return True, limit - len(self._hits)


@dataclass
class LoggedRequest:
    """One API request as the sandbox saw it (control requests are never logged)."""

    seq: int
    method: str
    path: str
    query: str
    body_size: int
    status: int
    body: Any
    """Parsed JSON body of writes (POST/PATCH/PUT), or None."""
    duration_ms: float
    at: float

    @property
    def params(self) -> dict[str, list[str]]:
        """The query string parsed (repeated names give several values)."""
        return parse_qs(self.query, keep_blank_values=True)

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE") and not self.path.endswith(
            "/batch/read"
        )


class RequestLog:
    def __init__(self, maxlen: int = 200_000) -> None:
        self._items: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._seq = 0
        self._lock = threading.Lock()

    def add(self, **kwargs: Any) -> None:
        with self._lock:
            self._seq += 1
            self._items.append(LoggedRequest(seq=self._seq, **kwargs))

    def items(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Faults:
    """The live settings plus their startup defaults, the limiter, and one-shot counters."""

    def __init__(self, defaults: Settings) -> None:
        self.defaults = _copy(defaults)
        self.current = _copy(defaults)
        self.limiter = RateLimiter()
        self._lock = threading.Lock()
        self._arrived = 0
        self._deadline: float | None = None
        self._serial = False
        self._passed: set[int] = set()

    def update(self, changes: dict[str, Any]) -> None:
        with self._lock:
            self.current = _copy(dataclasses.replace(self.current, **changes))
            if "barrier" in changes:
                self._reset_barrier()
        if "rate_limit" in changes or "rate_window_ms" in changes:
            self.limiter.reset()

    def clear(self) -> None:
        with self._lock:
            self.current = _copy(self.defaults)
            self._reset_barrier()
        self.limiter.reset()

    def _reset_barrier(self) -> None:
        self._arrived, self._deadline, self._serial = 0, None, False
        self._passed = set()

    def take_answer(self, method: str, *paths: str) -> dict[str, Any] | None:
        """The canned answer for this request, if one is armed (its count is used up by one)."""
        with self._lock:
            for answer in self.current.answers:
                if _matches(answer, method, paths):
                    answer["count"] = answer.get("count", 1) - 1
                    if answer["count"] <= 0:
                        self.current.answers.remove(answer)
                    return answer
        return None

    def arrive(self, method: str, *paths: str) -> int | None:
        """Count this request at an armed barrier it matches: its place in arrival order
        (0-based), or None when no barrier holds it."""
        with self._lock:
            barrier = self.current.barrier
            if barrier is None or not _matches(barrier, method, paths):
                return None
            place = self._arrived
            self._arrived += 1
            barrier["arrived"] = self._arrived
            self._serial = bool(barrier.get("serial"))
            if self._arrived >= barrier["count"]:
                self.current.barrier = None  # everyone is here: all pass
            elif self._deadline is None:
                self._deadline = time.monotonic() + float(barrier.get("timeout_s", 10))
            return place

    def may_pass(self, place: int) -> bool:
        """True once the barrier released its requests (all arrived, or its timeout passed)
        and, when it is serial, every request that arrived before this one was answered."""
        with self._lock:
            if self.current.barrier is not None and self._deadline is not None:
                if time.monotonic() < self._deadline:
                    return False
                self.current.barrier = None
            return not self._serial or all(p in self._passed for p in range(place))

    def passed(self, place: int) -> None:
        """The request at ``place`` was answered (or abandoned): the next one may go."""
        with self._lock:
            self._passed.add(place)

    def take(self, counter: str) -> bool:
        """Consume one of a one-shot counter (``error_count``, ...); True if it was armed."""
        with self._lock:
            left = getattr(self.current, counter)
            if left <= 0:
                return False
            setattr(self.current, counter, left - 1)
            return True


def _copy(settings: Settings) -> Settings:
    """Settings sharing no list or dict with another copy (one-shot knobs are used up in place)."""
    return dataclasses.replace(
        settings,
        fail_ids=list(settings.fail_ids),
        deviations=list(settings.deviations),
        answers=[dict(a) for a in settings.answers],
        barrier=dict(settings.barrier) if settings.barrier else None,
    )
