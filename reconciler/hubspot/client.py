"""The HTTP layer: one httpx connection pool per run, bearer auth, pacing, retries, errors.

It knows endpoints and HubSpot's failure modes, nothing of plans. Every request goes through
``HubSpotClient.request``:

1. the pacer waits while the portal's rate window is nearly spent (``X-HubSpot-RateLimit-*``
   headers when present, else HubSpot's 190 per 10 s), so large runs slow down instead of
   meeting 429s;
2. stamina retries what is safe to retry: 429 (honouring ``Retry-After``, else waiting for the
   window named by ``policyName``; never ``DAILY``), 5xx and timeouts (jittered exponential
   backoff, bounded in attempts and total time) -- for writes only where the caller says the
   write is idempotent; other 4xx are never retried;
3. failures become the exception tree of ``reconciler.hubspot.errors``.

The token is held only inside the httpx client's default headers: it is never logged, never
put in an exception message and never written anywhere.
"""

from __future__ import annotations

import email.utils
import json
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import stamina

from reconciler.hubspot.errors import (
    AuthError,
    ErrorBody,
    HubSpotConnectionError,
    HubSpotHTTPError,
    HubSpotTimeout,
    RateLimitError,
    ServerError,
)
from reconciler.hubspot.paths import ApiPaths, api_paths

# Retries are reported through our own log (--verbose), not stamina's default logging hook,
# which would print bare "stamina.retry_scheduled" lines on stderr.
stamina.instrumentation.set_on_retry_hooks([])

DEFAULT_BASE_URL = "https://api.hubapi.com"
DEFAULT_RATE_LIMIT = 190
DEFAULT_INTERVAL_S = 10.0

Logger = Callable[[str], None]


def redact_url(url: str) -> str:
    """A base URL fit for messages: credentials in it (``https://user:pw@host``) are hidden."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
    return url


@dataclass
class RetryPolicy:
    """Bounds of the retry loop. ``wait_scale`` shrinks every wait (tests use a tiny one)."""

    attempts: int = 6
    timeout: float = 120.0
    wait_initial: float = 0.5
    wait_max: float = 10.0
    wait_jitter: float = 0.5
    wait_scale: float = 1.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        scale = float(os.environ.get("RECONCILER_RETRY_WAIT_SCALE", "1") or 1)
        return cls(wait_scale=scale)


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
            if interval:
                self.interval_s = interval / 1000
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


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _parse_error(response: httpx.Response) -> ErrorBody:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ErrorBody()
    if not isinstance(data, dict):
        return ErrorBody()
    try:
        return ErrorBody.model_validate(data)
    except ValueError:
        return ErrorBody(message=str(data.get("message")) if data.get("message") else None)


def _describe_body(body: ErrorBody) -> str:
    parts = [body.message or "no message"]
    details = [e.message for e in body.errors or [] if e.message and e.message != body.message]
    if details:
        parts.append("; ".join(details))
    if body.correlationId:
        parts.append(f"correlationId {body.correlationId}")
    return " - ".join(parts)


class HubSpotClient:
    """A synchronous client; safe to share between the worker threads of one run."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        token: str | None = None,
        *,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
        pacer: RatePacer | None = None,
        log: Logger | None = None,
        notice: Logger | None = None,
        max_connections: int = 8,
        paths: ApiPaths | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.paths = paths or api_paths()
        self.display_url = redact_url(self.base_url)
        self.retry = retry or RetryPolicy.from_env()
        self.pacer = pacer or RatePacer()
        self.stats = RequestStats()
        self._log = log
        self._notice = notice
        headers = {"Accept": "application/json", "User-Agent": "reconciler"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        seconds = (
            timeout
            if timeout is not None
            else float(os.environ.get("RECONCILER_HTTP_TIMEOUT", "30"))
        )
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(seconds, connect=min(seconds, 10.0)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubSpotClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the one request path -------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        scope: str,
        params: Any = None,
        json_body: Any = None,
        retry_safe: bool = True,
        allow: tuple[int, ...] = (),
    ) -> httpx.Response:
        """Send one logical request (retried as allowed) and return a 2xx or allowed answer.

        ``scope`` names the OAuth scope the operation needs, for a 401/403 message;
        ``retry_safe`` is False for writes that must not be repeated blindly (a 429 is
        still retried: HubSpot refused it before doing anything).
        """
        operation = f"{method} {path}"

        def should_retry(exc: Exception) -> bool | float:
            if isinstance(exc, RateLimitError):
                if exc.daily:
                    return False
                self.stats.rate_limited += 1
                if exc.retry_after is not None:
                    wait = exc.retry_after
                elif (exc.body.policyName or "").upper() == "SECONDLY":
                    wait = 1.0
                else:
                    wait = self.pacer.interval_s
                self._note(
                    f"429 {exc.body.policyName or 'rate limit'} on {operation}; retrying in {wait:.1f} s"
                )
                self.stats.retries += 1
                return wait * self.retry.wait_scale
            if (
                isinstance(exc, ServerError | HubSpotTimeout | HubSpotConnectionError)
                and retry_safe
            ):
                self._note(f"{exc}; retrying")
                self.stats.retries += 1
                return True
            return False

        scale = self.retry.wait_scale
        for attempt in stamina.retry_context(
            on=should_retry,
            attempts=self.retry.attempts,
            timeout=self.retry.timeout,
            wait_initial=self.retry.wait_initial * scale,
            wait_max=self.retry.wait_max * scale,
            wait_jitter=self.retry.wait_jitter * scale,
        ):
            with attempt:
                return self._send_once(method, path, operation, scope, params, json_body, allow)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(
        self,
        method: str,
        path: str,
        operation: str,
        scope: str,
        params: Any,
        json_body: Any,
        allow: tuple[int, ...],
    ) -> httpx.Response:
        self.pacer.acquire()
        self.stats.count(operation)
        started = time.perf_counter()
        try:
            response = self._http.request(method, path, params=params, json=json_body)
        except httpx.TimeoutException:
            self._note(f"{operation} timed out")
            raise HubSpotTimeout(
                f"{operation} got no answer from {self.display_url} in time; "
                "raise RECONCILER_HTTP_TIMEOUT if the portal is slow"
            ) from None
        except httpx.TransportError as exc:
            raise HubSpotConnectionError(
                f"cannot reach {self.display_url} ({type(exc).__name__}): check HUBSPOT_BASE_URL "
                "and your network"
            ) from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        self.pacer.observe(response.headers)
        if self._log:
            query = f"?{response.request.url.query.decode()}" if response.request.url.query else ""
            self._log(f"{method} {path}{query} -> {response.status_code} ({elapsed_ms:.0f} ms)")
        if response.is_success or response.status_code in allow:
            return response
        raise self._error_for(response, operation, scope)

    def _error_for(self, response: httpx.Response, operation: str, scope: str) -> HubSpotHTTPError:
        status = response.status_code
        body = _parse_error(response)
        detail = _describe_body(body)
        if status == 429:
            policy = (body.policyName or "").upper()
            if policy == "DAILY":
                message = (
                    f"{operation}: HubSpot's daily API limit for this account is spent (429 DAILY). "
                    "It resets at midnight in the account's time zone; nothing more was sent."
                )
            else:
                message = (
                    f"{operation}: rate limited by HubSpot (429 {policy or 'RATE_LIMIT'}): {detail}"
                )
            return RateLimitError(status, operation, body, message, _retry_after(response.headers))
        if status == 401:
            return AuthError(
                status,
                operation,
                body,
                f"{operation}: HubSpot rejected the access token (401). Check HUBSPOT_ACCESS_TOKEN: "
                "it must be a valid service key or private app token; plan and import need the scopes "
                "marketing.campaigns.read and crm.objects.marketing_events.read, apply also "
                "marketing.campaigns.write and crm.objects.marketing_events.write.",
            )
        if status == 403:
            return AuthError(
                status,
                operation,
                body,
                f"{operation}: the access token lacks the scope {scope} (403): add it to the service "
                f"key (or private app) in HubSpot's settings. HubSpot said: {detail}",
            )
        if status >= 500:
            return ServerError(
                status, operation, body, f"{operation}: HubSpot answered {status}: {detail}"
            )
        return HubSpotHTTPError(
            status, operation, body, f"{operation}: HubSpot answered {status}: {detail}"
        )

    def _note(self, message: str) -> None:
        """Retries and time-outs: worth a line even without --verbose (a silent wait looks hung)."""
        if self._notice:
            self._notice(message)
        elif self._log:
            self._log(message)

    @property
    def rate_limit(self) -> tuple[int, int]:
        """The portal's limit as last seen (requests, interval ms), else HubSpot's default."""
        return self.pacer.limit, int(self.pacer.interval_s * 1000)
