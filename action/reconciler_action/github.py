"""The few GitHub REST calls the action makes, with the standard library only.

``GITHUB_API_URL`` names the API (GitHub sets it; tests point it at a fake). The token goes to
that host only: an artifact download answers with a redirect to blob storage, which is followed
without the ``Authorization`` header (storage refuses it, and it must not leave GitHub).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

API_VERSION = "2022-11-28"
PAGE = 100


class GitHubError(Exception):
    """A GitHub API call failed; the message names the call and GitHub's answer."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the caller follows it, without the token


class GitHub:
    def __init__(self, token: str, repository: str, api_url: str | None = None) -> None:
        if not token:
            raise GitHubError("no GitHub token: pass `github-token` (default: github.token)")
        self.token = token
        self.repository = repository
        self.api_url = (
            api_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com"
        ).rstrip("/")
        self._opener = urllib.request.build_opener(_NoRedirect)

    # -- transport

    def _request(
        self, method: str, path: str, body: object = None
    ) -> tuple[int, dict[str, str], bytes]:
        url = path if path.startswith("http") else f"{self.api_url}{path}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                return exc.code, dict(exc.headers), b""
            detail = exc.read().decode(errors="replace")[:500]
            raise GitHubError(f"{method} {path}: HTTP {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            raise GitHubError(f"{method} {path}: {exc.reason}") from None

    def call(self, method: str, path: str, body: object = None) -> Any:
        _, _, data = self._request(method, path, body)
        return json.loads(data) if data else None

    def repo(self, path: str) -> str:
        return f"/repos/{self.repository}{path}"

    # -- pull request comments

    def comments(self, number: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            batch = self.call(
                "GET", self.repo(f"/issues/{number}/comments?per_page={PAGE}&page={page}")
            )
            found += batch
            if len(batch) < PAGE:
                return found
            page += 1

    def create_comment(self, number: int, body: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            "POST", self.repo(f"/issues/{number}/comments"), {"body": body}
        )
        return result

    def update_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            "PATCH", self.repo(f"/issues/comments/{comment_id}"), {"body": body}
        )
        return result

    # -- pull requests and artifacts

    def pulls_of_commit(self, sha: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.call("GET", self.repo(f"/commits/{sha}/pulls"))
        return result

    def pull(self, number: int) -> dict[str, Any]:
        result: dict[str, Any] = self.call("GET", self.repo(f"/pulls/{number}"))
        return result

    def artifacts(self, name: str) -> list[dict[str, Any]]:
        """The repository's artifacts of that name, newest first (GitHub's order)."""
        query = urllib.parse.urlencode({"name": name, "per_page": PAGE})
        result = self.call("GET", self.repo(f"/actions/artifacts?{query}"))
        artifacts: list[dict[str, Any]] = result.get("artifacts", [])
        return artifacts

    def download_artifact(self, artifact_id: int) -> bytes:
        """The artifact's zip: GitHub redirects to storage, fetched without the token."""
        path = self.repo(f"/actions/artifacts/{artifact_id}/zip")
        status, headers, data = self._request("GET", path)
        location = headers.get("Location") or headers.get("location")
        if 300 <= status < 400 and location:
            try:
                with urllib.request.urlopen(location, timeout=120) as response:
                    blob: bytes = response.read()
                    return blob
            except urllib.error.URLError as exc:
                raise GitHubError(f"downloading artifact {artifact_id}: {exc}") from None
        return data
