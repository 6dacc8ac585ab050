"""What `validate` prints: manifest problems or a one-line summary, as text, JSON or GitHub annotations.

Text is for people (one line per problem, then a count); JSON is one document on stdout for
tools; ``github`` prints workflow commands so each problem shows on the pull request's diff.
"""

from __future__ import annotations

import json
from typing import Any

from reconciler.errors import Problem
from reconciler.models import DesiredState, Location
from reconciler.render.safe import annotation_data, annotation_property, json_text, printable

FORMATS = ("text", "json", "github")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _where(paths: list[str]) -> str:
    if not paths:
        return "the manifests"
    if len(paths) == 1:
        return paths[0]
    return ", ".join(paths[:-1]) + " and " + paths[-1]


def _location_json(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "col": location.col}


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        **(_location_json(problem.location) or {"file": None, "line": None, "col": None}),
        "object": problem.obj,
        "message": problem.message,
        "related": [_location_json(r) for r in problem.related],
    }


def _github(problem: Problem) -> str:
    message = f"{problem.obj}: {problem.message}" if problem.obj else problem.message
    location = problem.location
    if location is None:
        return f"::error::{annotation_data(message)}\n"
    return (  # the contract's form exactly: `::error file=F,line=L,col=C::message`
        f"::error file={annotation_property(location.file)},line={location.line},"
        f"col={location.col}::{annotation_data(message)}\n"
    )


def _count(problems: list[Problem]) -> str:
    files = {p.location.file for p in problems if p.location is not None}
    text = _plural(len(problems), "error")
    if files:
        text += f" in {_plural(len(files), 'file')}"
    return text


def render_problems(problems: list[Problem], fmt: str) -> str:
    """All problems of a run, ending with a count (text) or as one document (json)."""
    if fmt == "json":
        document = {
            "valid": False,
            "error_count": len(problems),
            "errors": [_problem_json(p) for p in problems],
        }
        return json_text(json.dumps(document, indent=2)) + "\n"
    if fmt == "github":
        return "".join(_github(p) for p in problems) + f"{_count(problems)}\n"
    lines = [printable(str(p)) for p in problems]
    lines.append(_count(problems) + ".")
    return "\n".join(lines) + "\n"


def render_valid(desired: DesiredState, fmt: str) -> str:
    """The one-line summary of valid manifests (a small document for json)."""
    if fmt == "json":
        document = {
            "valid": True,
            "paths": desired.paths,
            "files": desired.files,
            "campaigns": len(desired.campaigns),
            "marketingEvents": len(desired.events),
        }
        return json_text(json.dumps(document, indent=2)) + "\n"
    verb = "is" if len(desired.paths) <= 1 else "are"
    return (
        f"{printable(_where(desired.paths))} {verb} valid: {_plural(len(desired.campaigns), 'campaign')}, "
        f"{_plural(len(desired.events), 'marketing event')} in "
        f"{_plural(len(desired.files), 'file')}.\n"
    )
