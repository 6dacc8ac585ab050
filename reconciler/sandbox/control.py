"""A typed client for the sandbox's control API (``/_sandbox/...``), for tests and benchmarks.

control = SandboxControl(sandbox.base_url)   # token=... when the sandbox was started with one
control.reset("demo")
control.set_faults(rate_limit=3, retry_after=1)
...
assert [r.path for r in control.requests()] == [...]
"""

from __future__ import annotations

from typing import Any, Literal

import httpx

from reconciler.sandbox.faults import LoggedRequest

__all__ = ["LoggedRequest", "SandboxControl"]


class SandboxControl:
    """Reset, seed, fault and inspect a running sandbox over HTTP.

    A sandbox with a token answers its control API only to that token, as its HubSpot
    endpoints do: ``token`` is the one it was started with. Changing the token through
    ``set_faults`` carries the new one on, and ``clear_faults`` goes back to ``token``.
    """

    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._http = httpx.Client(base_url=self.base_url + "/_sandbox", timeout=timeout)
        self._use_token(token)

    def _use_token(self, token: str | None) -> None:
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SandboxControl:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    def reset(self, seed: Literal["demo", "empty"] = "demo") -> dict[str, Any]:
        """Empty the portal; with ``"demo"`` load the demo portal. Faults and log are kept."""
        result: dict[str, Any] = self._call("POST", "/reset", {"seed": seed})
        return result

    def seed_bulk(
        self, *, campaigns: int = 0, events: int = 0, prefix: str = "Bulk"
    ) -> dict[str, int]:
        """Add many generated campaigns/events in one transaction each; returns the totals."""
        result: dict[str, int] = self._call(
            "POST", "/seed", {"campaigns": campaigns, "events": events, "prefix": prefix}
        )
        return result

    def set_faults(
        self,
        *,
        latency_ms: int | None = None,
        rate_limit: int | Literal[False] | None = False,
        rate_window_ms: int | None = None,
        retry_after: float | Literal[False] | None = False,
        rate_limit_next: int | None = None,
        daily_limit: bool | None = None,
        error_status: int | None = None,
        error_count: int | None = None,
        error_html: bool | None = None,
        slow_seconds: float | None = None,
        slow_count: int | None = None,
        fail_ids: list[str] | None = None,
        identifiers_delay_s: float | None = None,
        answers: list[dict[str, Any]] | None = None,
        barrier: dict[str, Any] | Literal[False] | None = False,
        token: str | Literal[False] | None = False,
        app_id: int | None = None,
        app_name: str | None = None,
        deviations: list[str] | None = None,
    ) -> dict[str, Any]:
        """Change only the named settings (``rate_limit=None``/``retry_after=None``/
        ``token=None`` switch those off); returns all current settings."""
        changes: dict[str, Any] = {
            k: v
            for k, v in {
                "latency_ms": latency_ms,
                "rate_window_ms": rate_window_ms,
                "rate_limit_next": rate_limit_next,
                "daily_limit": daily_limit,
                "error_status": error_status,
                "error_count": error_count,
                "error_html": error_html,
                "slow_seconds": slow_seconds,
                "slow_count": slow_count,
                "fail_ids": fail_ids,
                "identifiers_delay_s": identifiers_delay_s,
                "answers": answers,
                "app_id": app_id,
                "app_name": app_name,
                "deviations": deviations,
            }.items()
            if v is not None
        }
        for name, value in (
            ("rate_limit", rate_limit),
            ("retry_after", retry_after),
            ("token", token),
            ("barrier", barrier),
        ):
            if value is not False:
                changes[name] = value or None
        result: dict[str, Any] = self._call("PUT", "/faults", changes)
        if changes.get("token"):
            self._use_token(changes["token"])
        return result

    def answer_next(
        self,
        method: str,
        path: str,
        status: int = 200,
        *,
        body: Any = None,
        text: str | None = None,
        content_type: str = "text/html",
        count: int = 1,
        apply: bool = False,
    ) -> dict[str, Any]:
        """Answer the next ``count`` requests to ``method path`` with ``status`` and ``body``
        (JSON) or ``text`` (raw); the endpoint runs only with ``apply``. Replaces other canned
        answers."""
        answer: dict[str, Any] = {
            "method": method,
            "path": path,
            "status": status,
            "count": count,
            "apply": apply,
        }
        if text is not None:
            answer.update(text=text, content_type=content_type)
        elif body is not None:
            answer["body"] = body
        return self.set_faults(answers=[answer])

    def faults(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/faults")
        return result

    def clear_faults(self) -> dict[str, Any]:
        """Back to the settings the server started with (rate limit, token, latency...)."""
        result: dict[str, Any] = self._call("DELETE", "/faults")
        self._use_token(self._token)
        return result

    def requests(self) -> list[LoggedRequest]:
        return [LoggedRequest(**item) for item in self._call("GET", "/requests")]

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def define_event_properties(self, *names: str) -> list[str]:
        """Define event custom properties on the portal; returns all defined names."""
        result: list[str] = self._call("POST", "/event-properties", {"names": list(names)})["names"]
        return result

    def event_properties(self) -> list[str]:
        result: list[str] = self._call("GET", "/event-properties")["names"]
        return result

    def define_campaign_properties(self, *names: str) -> list[str]:
        result: list[str] = self._call("POST", "/campaign-properties", {"names": list(names)})[
            "names"
        ]
        return result

    def define_lists(self, *lists: tuple[str, ...]) -> list[dict[str, Any]]:
        """Define (or rename) contact lists: ``(listId, name)`` or ``(listId, name,
        processingType)``; returns every list the portal has."""
        body = [
            dict(zip(("listId", "name", "processingType"), item, strict=False)) for item in lists
        ]
        result: list[dict[str, Any]] = self._call("POST", "/lists", {"lists": body})["lists"]
        return result

    def lists(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", "/lists")["lists"]
        return result

    def stats(self) -> dict[str, Any]:
        """Object counts, database size in bytes and path, and the number of logged requests."""
        result: dict[str, Any] = self._call("GET", "/stats")
        return result
