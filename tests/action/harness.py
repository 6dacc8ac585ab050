"""Runs action.yml's steps the way GitHub does, against a fake GitHub API.

``ActionRunner`` reads action.yml, evaluates each step's ``if:`` and ``${{ }}`` expressions,
runs ``run:`` steps with bash (GitHub's flags) and stands in for the two ``uses:`` steps:
setup-python is skipped (this interpreter has the tool) and upload-artifact zips the folder
into the fake GitHub's artifact store, as the real one does for a later run to download.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
TOKEN = "ghs_fake_workflow_token"
OWNER_REPO = "acme/hubspot"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SKIPPED = {"Install reconciler"}  # pip install of this checkout: the test venv already has it


def action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((REPO / "action.yml").read_text())
    return data


# -- a fake GitHub API ------------------------------------------------------------------------


@dataclass
class FakeGitHub:
    """Comments, merged pull requests and artifacts of one repository, over HTTP."""

    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    pulls: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # merge sha -> PRs
    artifacts: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[int, bytes] = field(default_factory=dict)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    url: str = ""
    _ids: int = 100

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def upload(self, name: str, folder: Path, head_sha: str, run_id: int) -> dict[str, Any]:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
        artifact: dict[str, Any] = {
            "id": self.next_id(),
            "name": name,
            "expired": False,
            "created_at": f"2026-05-01T10:00:{len(self.artifacts):02d}Z",
            "workflow_run": {"id": run_id, "head_sha": head_sha},
        }
        self.artifacts.insert(0, artifact)  # GitHub lists the newest first
        self.blobs[int(artifact["id"])] = buffer.getvalue()
        return artifact

    def artifact_files(self, artifact: dict[str, Any]) -> set[str]:
        return set(zipfile.ZipFile(io.BytesIO(self.blobs[artifact["id"]])).namelist())

    def handle(
        self, method: str, url: str, auth: str | None, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        parsed = urlparse(url)
        path, query = parsed.path, parse_qs(parsed.query)
        self.requests.append((method, url, auth))
        if path.startswith("/blob/"):  # storage: refuses a token, as Azure does
            if auth:
                return 403, {"message": "AuthenticationFailed"}, {}
            return 200, self.blobs[int(path.rsplit("/", 1)[1])], {}
        if auth != f"Bearer {TOKEN}":
            return 401, {"message": "Bad credentials"}, {}
        prefix = f"/repos/{OWNER_REPO}"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}, {}
        route = path[len(prefix) :]
        if m := re.fullmatch(r"/issues/(\d+)/comments", route):
            number = int(m.group(1))
            if method == "GET":
                page, per_page = int(query["page"][0]), int(query["per_page"][0])
                items = self.comments.get(number, [])
                return 200, items[(page - 1) * per_page : page * per_page], {}
            comment = {
                "id": self.next_id(),
                "body": body["body"],
                "user": {"login": "github-actions[bot]", "type": "Bot"},
                "html_url": f"https://github.test/{OWNER_REPO}/pull/{number}#c",
            }
            self.comments.setdefault(number, []).append(comment)
            return 201, comment, {}
        if m := re.fullmatch(r"/issues/comments/(\d+)", route):
            for comment in (c for cs in self.comments.values() for c in cs):
                if comment["id"] == int(m.group(1)):
                    comment["body"] = body["body"]
                    return 200, comment, {}
            return 404, {"message": "Not Found"}, {}
        if m := re.fullmatch(r"/commits/(\w+)/pulls", route):
            return 200, self.pulls.get(m.group(1), []), {}
        if route == "/actions/artifacts":
            name = query["name"][0]
            found = [a for a in self.artifacts if a["name"] == name]
            return 200, {"total_count": len(found), "artifacts": found}, {}
        if m := re.fullmatch(r"/actions/artifacts/(\d+)/zip", route):
            return 302, b"", {"Location": f"{self.url}/blob/{m.group(1)}?sig=signed"}
        return 404, {"message": f"no route {route}"}, {}

    def serve(self) -> ThreadingHTTPServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                status, payload, headers = fake.handle(
                    self.command, self.path, self.headers.get("Authorization"), body
                )
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _answer

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


# -- GitHub expressions, as far as action.yml uses them ----------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>&&|\|\||==|!=|!|\(|\))|"
    r"(?P<fn>[a-z]+)\(\)|(?P<path>[A-Za-z_][\w-]*(?:\.[\w-]+)*))"
)


def evaluate(expr: str, contexts: dict[str, Any], failed: bool) -> Any:
    """Translate to Python (strings, paths, ==, !=, !, &&, ||, status functions) and run it."""
    out: list[str] = []
    pos = 0
    while pos < len(expr.strip()):
        m = _TOKEN.match(expr, pos)
        assert m, f"cannot read {expr!r} at {pos}"
        pos = m.end()
        if m["str"]:
            out.append(repr(m["str"][1:-1].replace("''", "'")))
        elif m["op"]:
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(m["op"], m["op"]))
        elif m["fn"]:
            out.append(repr({"cancelled": False, "always": True, "success": not failed,
                             "failure": failed}[m["fn"]]))  # fmt: skip
        else:
            out.append(repr(_lookup(m["path"], contexts)))
    return eval("".join(out), {"__builtins__": {}})


def _lookup(path: str, contexts: dict[str, Any]) -> Any:
    if path in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[path]
    value: Any = contexts
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# -- the runner ---------------------------------------------------------------------------------


@dataclass
class StepResult:
    name: str
    code: int
    stdout: str
    stderr: str


@dataclass
class ActionRun:
    code: int
    steps: list[StepResult]
    outputs: dict[str, dict[str, str]]
    summary: str

    @property
    def log(self) -> str:
        return "\n".join(s.stdout + s.stderr for s in self.steps)

    def ran(self, name_start: str) -> bool:
        return any(s.name.startswith(name_start) for s in self.steps)


class ActionRunner:
    """One GitHub job that uses the action, in ``workspace``, with the given event."""

    def __init__(self, workspace: Path, github: FakeGitHub, env: dict[str, str]) -> None:
        self.workspace = workspace
        self.github = github
        self.env = env
        self.run_id = 1000

    def run(
        self, inputs: dict[str, str], *, event_name: str, event: dict[str, Any], sha: str
    ) -> ActionRun:
        self.run_id += 1
        # A workflow run's head_sha: the pull request's head (GITHUB_SHA is a test merge).
        head_sha = event.get("pull_request", {}).get("head", {}).get("sha") or sha
        temp = Path(tempfile.mkdtemp(prefix="runner-temp-", dir=self.workspace.parent))
        event_path = temp / "event.json"
        event_path.write_text(json.dumps(event))
        spec = action()
        values = {k: as_text(v.get("default", "")) for k, v in spec["inputs"].items()}
        values["github-token"] = TOKEN
        values.update(inputs)
        contexts: dict[str, Any] = {
            "inputs": values,
            "steps": {},
            "github": {"token": TOKEN, "action_path": str(REPO)},
            "runner": {"temp": str(temp)},
        }
        summary_file = temp / "summary.md"
        summary_file.write_text("")
        base_env = {
            **self.env,
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_API_URL": self.github.url,
            "GITHUB_SERVER_URL": "https://github.test",
            "GITHUB_REPOSITORY": OWNER_REPO,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_SHA": sha,
            "GITHUB_RUN_ID": str(self.run_id),
            "GITHUB_STEP_SUMMARY": str(summary_file),
            "RUNNER_TEMP": str(temp),
        }
        results: list[StepResult] = []
        failed = False
        for index, step in enumerate(spec["runs"]["steps"]):
            condition = step.get("if")
            if condition is not None:
                expr = EXPRESSION.sub(lambda m: m.group(1), str(condition))
                run_it = bool(evaluate(expr, contexts, failed))
            else:
                run_it = not failed
            name = self._sub(str(step.get("name", index)), contexts, failed)
            if not run_it or name in SKIPPED:
                continue
            step_id = step.get("id", f"step{index}")
            if "uses" in step:
                outputs = self._uses(step, contexts, failed, head_sha)
                results.append(StepResult(name, 0, "", ""))
            else:
                result, outputs = self._run(step, contexts, failed, base_env, temp)
                results.append(StepResult(name, result.returncode, result.stdout, result.stderr))
                failed = failed or result.returncode != 0
            contexts["steps"][step_id] = {"outputs": outputs}
        every: dict[str, dict[str, str]] = {k: v["outputs"] for k, v in contexts["steps"].items()}
        return ActionRun(1 if failed else 0, results, every, summary_file.read_text())

    def _sub(self, text: str, contexts: dict[str, Any], failed: bool) -> str:
        return EXPRESSION.sub(lambda m: as_text(evaluate(m.group(1), contexts, failed)), text)

    def _run(
        self, step: dict[str, Any], contexts: dict[str, Any], failed: bool,
        base_env: dict[str, str], temp: Path,
    ) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:  # fmt: skip
        assert step["shell"] == "bash"
        output_file = temp / "output"
        output_file.write_text("")
        env = {**base_env, "GITHUB_OUTPUT": str(output_file)}
        env.update({k: self._sub(str(v), contexts, failed) for k, v in step.get("env", {}).items()})
        done = subprocess.run(
            [
                "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                self._sub(step["run"], contexts, failed),
            ],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        outputs = dict(
            line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line
        )
        return done, outputs

    def _uses(
        self, step: dict[str, Any], contexts: dict[str, Any], failed: bool, head_sha: str
    ) -> dict[str, str]:
        uses = str(step["uses"])
        with_ = {k: self._sub(str(v), contexts, failed) for k, v in step.get("with", {}).items()}
        if uses.startswith("actions/setup-python@"):
            return {}
        assert uses.startswith("actions/upload-artifact@"), uses
        artifact = self.github.upload(with_["name"], Path(with_["path"]), head_sha, self.run_id)
        return {
            "artifact-id": str(artifact["id"]),
            "artifact-url": f"https://github.test/{OWNER_REPO}/actions/runs/{self.run_id}/artifacts/{artifact['id']}",
        }


def python_path_env() -> dict[str, str]:
    """PATH with this interpreter first: ``python`` in a step is the one that has the tool."""
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": os.environ.get("HOME", "/tmp"),
    }
