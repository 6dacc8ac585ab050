"""Who may talk to the sandbox: the bearer token on every route, and no web pages.

``sandbox serve --host 0.0.0.0 --token T`` is how CI shares one sandbox, so when a token is set
it guards the control API (``/_sandbox/...``: reset, faults, a request log holding every
body) exactly as it guards the HubSpot endpoints; the token can only be changed by someone
who holds it. Without a token the sandbox still listens on loopback, where any web page the
user opens can send "simple" cross-origin requests (a ``text/plain`` POST needs no CORS
preflight). Browsers name the page's origin in an ``Origin`` header, so a request from another
origin is refused; and control writes must declare a JSON body, which a page can only send
cross-origin after a preflight the sandbox never grants.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from reconciler.sandbox.wire import error_body

CONTROL_PREFIX = "/_sandbox/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPES = frozenset({"application/json"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def bearer_ok(scope: Scope, token: str | None) -> bool:
    """True without a token, else when ``Authorization: Bearer <token>`` matches exactly."""
    if token is None:
        return True
    sent = dict(scope["headers"]).get(b"authorization", b"")
    return hmac.compare_digest(sent, f"Bearer {token}".encode())


def foreign_origin(scope: Scope) -> str | None:
    """The ``Origin`` a browser sent when it is not this server's own origin, else None."""
    origin = _header(scope, b"origin")
    if origin is None:
        return None
    host = (_header(scope, b"host") or "").lower()
    parts = urlsplit(origin.strip().lower())
    if parts.scheme in ("http", "https") and parts.netloc and parts.netloc == host:
        return None
    return origin


def _json_body(scope: Scope) -> bool:
    media = (_header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
    return media in JSON_TYPES


def refusal(scope: Scope, token: str | None) -> Response | None:
    """The response that refuses this request (403, 401, 415), or None to let it through."""
    origin = foreign_origin(scope)
    if origin is not None:
        return JSONResponse(
            error_body(
                f"Cross-origin requests are refused (Origin {origin[:100]!r}): the sandbox"
                " serves command-line clients, not web pages",
                category="FORBIDDEN",
            ),
            status_code=403,
        )
    if not bearer_ok(scope, token):
        return JSONResponse(
            error_body(
                "Authentication credentials not found. This API supports OAuth 2.0"
                " authentication and private app access tokens.",
                category="INVALID_AUTHENTICATION",
            ),
            status_code=401,
        )
    control = scope["path"].startswith(CONTROL_PREFIX)
    if control and scope["method"] in BODY_METHODS and not _json_body(scope):
        return JSONResponse(
            error_body(
                "Control requests that change the sandbox must send Content-Type: application/json",
                category="UNSUPPORTED_MEDIA_TYPE",
            ),
            status_code=415,
        )
    return None
