"""``reconciler.yaml``: the named portals one set of manifests is planned against.

Found in the working directory or the nearest parent, never above the git root (a repository's
config never leaks into another). Validated like manifests: every mistake at once, each at its
``file:line:col`` with "did you mean". Without the file, everything works as before: one portal
from the environment.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent

from reconciler.errors import ManifestError, Problem, ReconcilerError
from reconciler.hubspot.paths import API_VERSIONS
from reconciler.model_base import Model
from reconciler.models import Location, did_you_mean

CONFIG_NAME = "reconciler.yaml"
PORTAL_ENV = "RECONCILER_PORTAL"
_TOKEN_REF = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class PortalConfig(Model):
    """One named portal: HubSpot (``portalId`` + ``token: env:VAR``) or the embedded sandbox."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    portalId: int | None = Field(
        default=None, gt=0, description="HubSpot's portal id (Hub ID): the token must open it."
    )
    token: str | None = Field(
        default=None,
        description="Where the token is: env:VARIABLE (never the token itself).",
        pattern=_TOKEN_REF.pattern,
    )
    baseUrl: str | None = Field(default=None, pattern=r"^https?://")
    apiVersion: str | None = Field(default=None, description=f"One of {', '.join(API_VERSIONS)}.")
    sandbox: bool = Field(
        default=False, description="The embedded sandbox portal, database .reconciler/NAME.db."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> PortalConfig:
        if self.apiVersion is not None and self.apiVersion not in API_VERSIONS:
            raise ValueError(f"apiVersion must be one of {', '.join(API_VERSIONS)}")
        if self.sandbox:
            if self.portalId is not None or self.token is not None or self.baseUrl is not None:
                raise ValueError("a sandbox portal takes no portalId, token or baseUrl")
        elif self.portalId is None or self.token is None:
            raise ValueError(
                "a HubSpot portal needs portalId and token: env:VARIABLE (or sandbox: true)"
            )
        return self

    @property
    def token_variable(self) -> str | None:
        match = _TOKEN_REF.match(self.token or "")
        return match[1] if match else None


class ProjectConfig(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)

    portals: dict[str, PortalConfig] = Field(min_length=1)
    default: str | None = None
    manifests: list[str] | None = None

    @model_validator(mode="after")
    def _names(self) -> ProjectConfig:
        bad = [n for n in self.portals if not _NAME.match(n)]
        if bad:
            raise ValueError(f"portal names are letters, digits, '_', '.', '-': not {bad}")
        return self


@dataclass(frozen=True)
class Project:
    """A loaded ``reconciler.yaml``: its folder is the project root."""

    path: Path
    config: ProjectConfig

    @property
    def root(self) -> Path:
        return self.path.parent

    def portal(self, name: str | None) -> tuple[str, PortalConfig]:
        """The named portal, else ``RECONCILER_PORTAL``, else ``default``, else the only one."""
        chosen = name or os.environ.get(PORTAL_ENV) or self.config.default
        if chosen is None:
            if len(self.config.portals) == 1:
                chosen = next(iter(self.config.portals))
            else:
                raise ReconcilerError(
                    f"{self.path} names {len(self.config.portals)} portals and no default: "
                    f"choose one with --portal ({', '.join(self.config.portals)}) or --all-portals"
                )
        if chosen not in self.config.portals:
            raise ReconcilerError(
                f"{self.path} names no portal {chosen!r}"
                f"{did_you_mean(chosen, list(self.config.portals))}; its portals: "
                f"{', '.join(self.config.portals)}"
            )
        return chosen, self.config.portals[chosen]

    def manifest_paths(self) -> list[Path] | None:
        if not self.config.manifests:
            return None
        return [Path(os.path.relpath(self.root / p)) for p in self.config.manifests]


def find_config(start: Path | None = None) -> Path | None:
    """``reconciler.yaml`` here or in the nearest parent, not above the git root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_project(start: Path | None = None) -> Project | None:
    path = find_config(start)
    return Project(path, read_config(path)) if path is not None else None


def read_config(path: Path) -> ProjectConfig:
    """Parse and validate; every problem raised at once as ``ManifestError``."""
    shown = os.path.relpath(path) if path.is_absolute() else str(path)
    try:
        text = path.read_text(encoding="utf-8")
        _refuse_aliases(shown, text)
        data = YAML(typ="rt").load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ReconcilerError(f"cannot read {shown}: {exc}") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(file=shown, line=mark.line + 1, col=mark.column + 1) if mark else None
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ManifestError([Problem(str(problem), where)]) from None
    if not isinstance(data, CommentedMap):
        raise ManifestError([Problem("expected a mapping with `portals:`", _at(shown, data, []))])
    problems = _default_problem(shown, data)
    try:
        config = ProjectConfig.model_validate(_plain(data))
    except ValidationError as exc:
        problems += [_problem(shown, data, error) for error in exc.errors()]
    if problems:
        raise ManifestError(sorted(problems, key=lambda p: p.location.line if p.location else 0))
    return config


def _refuse_aliases(file: str, text: str) -> None:
    """Aliases, as in manifests, are refused (the first one named): read as values, a few
    hundred bytes of them (billion laughs) expand to gigabytes. Parser events show them
    unexpanded."""
    for event in YAML(typ="rt").parse(text):
        if isinstance(event, AliasEvent):
            mark = event.start_mark
            message = f"aliases (*{event.anchor}) are not supported: write the value out in full"
            where = Location(file=file, line=mark.line + 1, col=mark.column + 1)
            raise ManifestError([Problem(message, where)])


def _default_problem(file: str, data: CommentedMap) -> list[Problem]:
    """``default`` must name a portal (checked apart, so it is reported beside other mistakes)."""
    default, portals = data.get("default"), data.get("portals")
    names = [str(n) for n in portals] if isinstance(portals, CommentedMap) else []
    if default is None or str(default) in names:
        return []
    message = f"default names no portal: {default!r}{did_you_mean(str(default), names)}"
    return [Problem(message, _at(file, data, ["default"]))]


def _plain(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    return node


def _problem(file: str, data: CommentedMap, error: Any) -> Problem:
    loc = [str(p) for p in error["loc"]]
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        known = _known_keys(loc)
        message = f"unknown key {loc[-1]!r}{did_you_mean(loc[-1], known)}"
    elif loc:
        message = f"{loc[-1]}: {message}"
    return Problem(message, _at(file, data, loc))


def _known_keys(loc: list[str]) -> list[str]:
    model: type[BaseModel] = PortalConfig if len(loc) == 3 else ProjectConfig
    return list(model.model_fields)


def _at(file: str, data: Any, loc: list[str]) -> Location:
    """The line and column of the deepest key of ``loc`` that the YAML has."""
    node, line, col = data, 0, 0
    for key in loc:
        if not isinstance(node, CommentedMap) or key not in node:
            break
        line, col = node.lc.key(key)
        node = node[key]
    return Location(file=file, line=line + 1, col=col + 1)
