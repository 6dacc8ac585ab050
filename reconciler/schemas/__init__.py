"""JSON Schemas for editors and tools, generated from the models: ``python -m reconciler.schemas``.

The models are the truth; the schemas are derived so that they cannot drift. They are written
twice: into this package (shipped in the wheel: ``reconciler schema manifest`` prints them and
``reconciler import`` saves one next to the manifests) and into ``schemas/`` at the repository
root (what the example manifests point at); a test checks both copies are current. Pydantic's output describes what the models
*accept*, which is looser than what a user should *write* (live values, the wire's list form),
so the manifest schema is tightened where an editor can help: read-only campaign properties,
dates, datetimes with an offset, fields that cannot be emptied, and the identity rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from reconciler.models import (
    DATE_CAMPAIGN_PROPERTIES,
    EVENT_REQUIRED_VALUE_FIELDS,
    READ_ONLY_CAMPAIGN_PROPERTIES,
    WRITABLE_CAMPAIGN_PROPERTIES,
    ManifestFile,
)
from reconciler.plan import Plan
from reconciler.project import ProjectConfig

SCHEMAS: dict[str, type[BaseModel]] = {
    "manifest.schema.json": ManifestFile,
    "plan.schema.json": Plan,
    "reconciler.schema.json": ProjectConfig,
}
"""File name in ``schemas/`` -> the model it is generated from."""

PACKAGE_DIR = Path(__file__).resolve().parent
"""Where the shipped copies live (package data of the wheel)."""


def packaged(name: str) -> str:
    """The shipped schema ``name`` (e.g. ``manifest.schema.json``), as the wheel holds it."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


Schema = dict[str, Any]

_VALUE: Schema = {
    "type": ["string", "number", "boolean", "null"],
    "description": 'Sent to HubSpot as text; "" or null: must be empty.',
}
_IDENTIFIER: Schema = {"type": ["string", "integer"]}
_DATE: Schema = {
    "type": ["string", "null"],
    "pattern": r"^(\d{4}-\d{2}-\d{2})?$",
    "description": 'A date, YYYY-MM-DD; "" or null: must be empty.',
}
_DATETIME: Schema = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ].*([Zz]|[+-]\d{2}:?\d{2})$",
    "description": "ISO 8601 with Z or an offset, e.g. 2026-03-10T16:00:00Z; cannot be emptied.",
}

_PORTALS: Schema = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "minItems": 1,
    "uniqueItems": True,
    "description": "The portals of reconciler.yaml that manage this object (default: every "
    "portal); a portal left out neither creates, updates, deletes nor counts it.",
}


def _campaign(schema: Schema) -> None:
    fields = schema["properties"]
    fields["portals"] = _PORTALS
    fields["id"] = {**_IDENTIFIER, "description": fields["id"].get("description", "")}
    properties = fields["properties"]
    properties["additionalProperties"] = _VALUE
    properties["properties"] = {name: _DATE for name in sorted(DATE_CAMPAIGN_PROPERTIES)}
    # HubSpot's own properties (hs_*) only where writable; the portal's custom ones freely.
    properties["propertyNames"] = {
        "anyOf": [{"enum": list(WRITABLE_CAMPAIGN_PROPERTIES)}, {"pattern": "^(?!hs_)"}],
        "not": {"enum": ["hs_name", *READ_ONLY_CAMPAIGN_PROPERTIES]},
        "description": "hs_name is `name`; read-only and deprecated properties cannot be managed.",
    }


def _event(schema: Schema) -> None:
    fields = schema["properties"]
    fields["portals"] = _PORTALS
    for name in ("externalAccountId", "externalEventId", "objectId"):
        fields[name] = {**_IDENTIFIER, "description": fields[name].get("description", name)}
    for name in EVENT_REQUIRED_VALUE_FIELDS:
        if name in ("startDateTime", "endDateTime"):
            fields[name] = _DATETIME
        elif name == "eventCancelled":
            fields[name] = {"type": "boolean", "description": "Cannot be emptied."}
        else:
            fields[name] = {"type": "string", "minLength": 1, "description": "Cannot be emptied."}
    fields["customProperties"]["additionalProperties"] = _VALUE
    schema["anyOf"] = [
        {"required": ["objectId"]},
        {"required": ["externalAccountId", "externalEventId"]},
    ]


_MANIFEST_DEFS: dict[str, Callable[[Schema], None]] = {
    "Campaign": _campaign,
    "MarketingEvent": _event,
}


def _tighten_manifest(schema: Schema) -> None:
    for name, tighten in _MANIFEST_DEFS.items():
        tighten(schema["$defs"][name])


_TIGHTEN: dict[type[BaseModel], Callable[[Schema], None]] = {ManifestFile: _tighten_manifest}


def build(model: type[BaseModel]) -> Schema:
    """The JSON Schema of one model, as committed under ``schemas/``."""
    # The plan is output: its schema describes what is written (computed fields included).
    mode: JsonSchemaMode = "serialization" if model is Plan else "validation"
    schema = model.model_json_schema(mode=mode)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    tighten = _TIGHTEN.get(model)
    if tighten is not None:
        tighten(schema)
    return schema


def render(model: type[BaseModel]) -> str:
    return json.dumps(build(model), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every schema into this package and ``schemas/`` (or check both are current)."""
    parser = argparse.ArgumentParser(prog="python -m reconciler.schemas", description=main.__doc__)
    parser.add_argument(
        "--out", type=Path, default=Path("schemas"), help="the repository copy (default: schemas/)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    stale = []
    for folder in dict.fromkeys([PACKAGE_DIR, args.out]):
        for name, model in SCHEMAS.items():
            path = folder / name
            text = render(model)
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            if args.check:
                stale.append(str(path))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"stale: {', '.join(stale)}; run python -m reconciler.schemas", file=sys.stderr)
        return 1
    return 0
