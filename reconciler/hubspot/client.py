"""The HTTP layer: one httpx connection pool per run, bearer auth, pacing, retries, errors.

It knows endpoints and HubSpot's failure modes, nothing of plans. Every request goes through
``HubSpotClient.request``:

1. the pacer waits while the portal's rate window is nearly spent (``X-HubSpot-RateLimit-*``
   headers when present, else HubSpot's 190 per 10 s), so large runs slow down instead of
   meeting 429s;
2. stamina retries what is safe to retry: 429 (honouring ``Retry-After``, else waiting for the
   window named by ``policyName``; never ``DAILY``), 5xx and timeouts (jittered exponential
   backoff) -- for writes only where the caller says the write is idempotent; other 4xx are
   never retried. stamina owns the loop; our hook caps every wait, makes it interruptible
   and gives a request with its retries a deadline (``reconciler.hubspot.retry``); each HTTP
   exchange, connect to last byte, is bounded by ``RECONCILER_HTTP_TIMEOUT``
   (``reconciler.hubspot.deadline``); one line per retry says which attempt failed and how
   long the wait is;
3. failures become the exception tree of ``reconciler.hubspot.errors``.

``halt`` (the first Ctrl-C) ends every wait at once and stops retries, and new requests too
unless told otherwise; ``abort`` (the second) also abandons the requests in flight.

The token is held only inside the httpx client's default headers: it is never logged, never
put in an exception message and never written anywhere.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from reconciler.hubspot import deadline
from reconciler.hubspot.errors import (
    AuthError,
    ErrorBody,
    HubSpotConnectionError,
    HubSpotError,
    HubSpotHTTPError,
    HubSpotTimeout,
    RateLimitError,
    RequestInterrupted,
    ServerError,
)
from reconciler.hubspot.pacing import RatePacer, RequestStats
from reconciler.hubspot.paths import ApiPaths, api_paths
from reconciler.hubspot.retry import Retries, RetryPolicy, parse_retry_after, seconds
from reconciler.hubspot.settings import check_token, http_timeout_from_env

__all__ = ["DEFAULT_BASE_URL", "HubSpotClient", "RatePacer", "RetryPolicy", "redact_url"]

DEFAULT_BASE_URL = "https://api.hubapi.com"

Logger = Callable[[str], None]


def tls_context(base_url: str) -> ssl.SSLContext | bool:
    """httpx's own verification (its CA bundle) for an https portal. A plain-http one (the
    sandbox) gets a context that trusts no certificate instead: loading the bundle costs ~45 ms
    of CPU per client, and nothing uses it, since every request goes to ``base_url`` (paths are
    relative); were anything ever sent over TLS through it, it would fail, not go unverified."""
    if urlsplit(base_url).scheme.lower() == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return True


def redact_url(url: str) -> str:
    """A base URL fit for messages: credentials in it (``https://user:pw@host``) are hidden."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
    return url


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
    """A synchronous client; safe to share between the worker threads of one run.

    ``timeout`` bounds one HTTP exchange from connect to its last byte (default
    ``RECONCILER_HTTP_TIMEOUT``, else 30 s); ``retry`` bounds the retries of a request.
    ``transport`` replaces httpx's network transport (tests answer with ``httpx.MockTransport``;
    the per-exchange deadline then only applies to a network transport).
    """

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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if token:
            check_token(token)
        self.base_url = base_url.rstrip("/")
        self.paths = paths or api_paths()
        self.display_url = redact_url(self.base_url)
        self.retry = retry or RetryPolicy.from_env()
        self.http_timeout = timeout if timeout is not None else http_timeout_from_env()
        self._halt_new = threading.Event()  # nothing new is sent; waits end
        self._halt_retry = threading.Event()  # no retry; waits end
        self._halted = False
        self._resumed = False
        self.pacer = pacer or RatePacer(sleep=self._pacer_sleep)
        self.stats = RequestStats()
        self._log = log
        self._notice = notice
        self.daily_spent: RateLimitError | None = None
        """Set by the first 429 DAILY: from then on this client sends nothing (it would only
        spend error budget until midnight), and says so."""
        headers = {"Accept": "application/json", "User-Agent": "reconciler"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            transport=transport,
            verify=tls_context(self.base_url),
        )
        self._deadlines = deadline.install(self._http)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubSpotClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- interruption ---------------------------------------------------------------------

    def halt(self, *, new_requests: bool = True) -> None:
        """Stop retrying, end every wait now; with ``new_requests``, send nothing new either.

        Apply's first Ctrl-C passes ``new_requests=False``: the batches in flight still read
        back what they wrote, once each."""
        self._halt_retry.set()
        if new_requests:
            self._halted = True
            if not self._resumed:
                self._halt_new.set()

    def abort(self) -> None:
        """Halt, and abandon the requests in flight (their sockets are shut)."""
        self._resumed = False
        self.halt()
        self._deadlines.abort()

    @property
    def halted(self) -> bool:
        return self._halted

    @contextmanager
    def resumed(self) -> Iterator[None]:
        """Send again, halted or not, for cleanup that must happen (``doctor --probe`` archives
        its scratch objects): retries stay off after a halt, and ``abort`` still ends it."""
        self._resumed = True
        self._halt_new.clear()
        try:
            yield
        finally:
            self._resumed = False
            if self._halted:
                self._halt_new.set()

    def _pacer_sleep(self, wait: float) -> None:
        if self._halt_new.wait(wait):
            raise RequestInterrupted("interrupted while waiting for the rate limit")

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
        if self.daily_spent is not None:
            first = self.daily_spent
            raise RateLimitError(
                first.status,
                operation,
                first.body,
                f"{operation}: not sent: HubSpot's daily API limit for this account is spent "
                "(429 DAILY on an earlier request); it resets at midnight in the account's "
                "time zone",
                None,
            )
        retries = Retries(
            self.retry,
            bound=max(self.retry.timeout, self.http_timeout),
            retry_safe=retry_safe,
            halt=self._halt_retry,
            rate_window=lambda: self.pacer.interval_s,
            stats=self.stats,
            note=self._note,
        )
        for attempt in retries:
            with attempt:
                if self._halt_new.is_set():
                    raise RequestInterrupted(f"interrupted: {operation} was not sent")
                return self._send_once(
                    method, path, operation, scope, params, json_body, allow, retries.give_up_at
                )
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def _send_once(
        self,
        method: str,
        path: str,
        operation: str,
        scope: str,
        params: Any,
        json_body: Any,
        allow: tuple[int, ...],
        give_up_at: float,
    ) -> httpx.Response:
        try:
            self.pacer.acquire()
        except RequestInterrupted:
            raise RequestInterrupted(f"interrupted: {operation} was not sent") from None
        started = time.monotonic()
        until = min(started + self.http_timeout, give_up_at)
        if until <= started:
            raise HubSpotTimeout(f"{operation}: no time was left to send it")
        self.stats.count(operation)
        try:
            with self._deadlines.bound(until):
                response = self._http.request(
                    method, path, params=params, json=json_body, timeout=_timeouts(until - started)
                )
        except httpx.TransportError as exc:
            raise self._transport_error(exc, operation, until - started) from None
        except httpx.InvalidURL as exc:  # a path or query too long for a URL: never sent
            raise HubSpotError(f"{operation} could not be sent: {exc}") from None
        elapsed_ms = (time.monotonic() - started) * 1000
        self.pacer.observe(response.headers)
        if self._log:
            query = f"?{response.request.url.query.decode()}" if response.request.url.query else ""
            self._log(f"{method} {path}{query} -> {response.status_code} ({elapsed_ms:.0f} ms)")
        if response.is_success or response.status_code in allow:
            return response
        error = self._error_for(response, operation, scope)
        if isinstance(error, RateLimitError) and error.daily:
            self.daily_spent = error
        raise error

    def _transport_error(
        self, exc: httpx.TransportError, operation: str, bound: float
    ) -> HubSpotError:
        if self._deadlines.aborted:
            return RequestInterrupted(
                f"interrupted: {operation} was abandoned in flight; whether HubSpot acted on "
                "it is unknown"
            )
        if isinstance(exc, httpx.TimeoutException):
            return HubSpotTimeout(
                f"{operation} got no complete answer from {self.display_url} within "
                f"{seconds(bound)} s; raise RECONCILER_HTTP_TIMEOUT if the portal is slow"
            )
        if isinstance(exc, httpx.LocalProtocolError):
            return HubSpotError(f"{operation} could not be sent: {exc}")
        return HubSpotConnectionError(
            f"{operation}: cannot reach {self.display_url} ({type(exc).__name__}): check "
            "HUBSPOT_BASE_URL and your network"
        )

    def _error_for(self, response: httpx.Response, operation: str, scope: str) -> HubSpotHTTPError:
        status = response.status_code
        body = _parse_error(response)
        detail = _describe_body(body)
        if status == 429:
            policy = (body.policyName or "").upper()
            if policy == "DAILY":
                message = (
                    f"{operation}: HubSpot's daily API limit for this account is spent (429 DAILY). "
                    "It resets at midnight in the account's time zone; this run sends nothing "
                    "more."
                )
            else:
                message = (
                    f"{operation}: rate limited by HubSpot (429 {policy or 'RATE_LIMIT'}): {detail}"
                )
            return RateLimitError(
                status,
                operation,
                body,
                message,
                parse_retry_after(response.headers.get("Retry-After")),
            )
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


def _timeouts(bound: float) -> httpx.Timeout:
    """httpx's per-operation timeouts, none longer than the whole exchange may take."""
    return httpx.Timeout(bound, connect=min(bound, 10.0))
