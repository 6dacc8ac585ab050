"""The client's settings from the environment, checked before anything is sent.

A bad value is a one-line message naming the variable, never a traceback from deep inside
httpx (``UnicodeEncodeError`` for a non-ASCII token, ``InvalidURL`` for a bad port) and never a
request: a token with a line break used to reach the network as "cannot reach", six times.
The token's value never appears in a message, only what is wrong with it.
"""

from __future__ import annotations

import math
import os
from urllib.parse import urlsplit

import httpx

from reconciler.errors import ReconcilerError, TargetError

DEFAULT_HTTP_TIMEOUT = 30.0
MAX_HTTP_TIMEOUT = 3600.0


def _number(name: str, default: float) -> tuple[float, str]:
    raw = os.environ.get(name, "")
    if not raw.strip():
        return default, raw
    try:
        return float(raw), raw
    except ValueError:
        return math.nan, raw


def http_timeout_from_env() -> float:
    """``RECONCILER_HTTP_TIMEOUT``: seconds one HTTP exchange may take, connect to last byte."""
    value, raw = _number("RECONCILER_HTTP_TIMEOUT", DEFAULT_HTTP_TIMEOUT)
    if not (math.isfinite(value) and 0 < value <= MAX_HTTP_TIMEOUT):
        raise ReconcilerError(
            "RECONCILER_HTTP_TIMEOUT must be a number of seconds above 0 and at most "
            f"{MAX_HTTP_TIMEOUT:.0f} (default {DEFAULT_HTTP_TIMEOUT:.0f}), not {raw!r}"
        )
    return value


def wait_scale_from_env() -> float:
    """``RECONCILER_RETRY_WAIT_SCALE``: a factor from 0 to 1 that shrinks every retry wait."""
    value, raw = _number("RECONCILER_RETRY_WAIT_SCALE", 1.0)
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise ReconcilerError(
            f"RECONCILER_RETRY_WAIT_SCALE must be a number from 0 to 1 (default 1), not {raw!r}"
        )
    return value


def token_problem(token: str) -> str | None:
    """What makes a bearer token unusable in an HTTP header, without quoting it."""
    for char in token:
        if char in "\r\n":
            return "it contains a line break"
        if not char.isascii():
            return "it contains a non-ASCII character"
        if not char.isprintable():
            return "it contains a control character"
        if char.isspace():
            return "it contains a space"
    return None


def check_token(token: str, name: str = "HUBSPOT_ACCESS_TOKEN") -> None:
    """``name``: the variable the token came from, for the message."""
    problem = token_problem(token)
    if problem:
        raise TargetError(
            f"{name} is malformed: {problem}. A HubSpot token is one line of "
            "printable ASCII: copy it again from the private app (or service key) settings. "
            "Nothing was sent."
        )


def _redacted(url: str) -> str:
    """The URL for a message: anything before an ``@`` in its authority is hidden."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rsplit("@", 1)[1]
    return f"{scheme}{sep}{authority}{slash}{path}"


def check_base_url(url: str, name: str = "HUBSPOT_BASE_URL") -> None:
    """A base URL: http(s), a host, a valid port, no credentials, query or fragment.

    ``name`` says where it came from (the variable, or a portal of ``reconciler.yaml``)."""
    shown = _redacted(url)

    def refuse(why: str) -> TargetError:
        return TargetError(f"{name} {shown!r} is not usable: {why}. Nothing was sent.")

    if not url.startswith(("http://", "https://")):
        raise TargetError(f"{name} must start with http:// or https://, not {shown!r}")
    if any(not c.isprintable() or c.isspace() for c in url):
        raise refuse("it contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise refuse(str(exc).lower()) from None
    if parts.username is not None or parts.password is not None:
        raise refuse(
            "it holds a user name or password; the token goes in HUBSPOT_ACCESS_TOKEN "
            "(credentials in the URL would replace it)"
        )
    if not parts.hostname:
        raise refuse("it names no host")
    if port == 0:
        raise refuse("port 0 is not a port")
    if parts.query or parts.fragment:
        raise refuse("a base URL takes no ?query or #fragment")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise refuse(str(exc)) from None
