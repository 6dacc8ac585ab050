"""The committed JSON Schema is current, and it says what validate says about common mistakes."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from reconciler import schemas
from reconciler.manifest import load_manifests

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["schemas", "reconciler/schemas"])
@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_committed_schema_is_current(folder: str, name: str) -> None:
    """Both copies: the repository's (example modelines) and the package's (the wheel's)."""
    committed = (REPO / folder / name).read_text(encoding="utf-8")
    assert committed == schemas.render(schemas.SCHEMAS[name]), (
        f"{folder}/{name} is stale: run python -m reconciler.schemas"
    )


def test_main_writes_and_checks(tmp_path: Path) -> None:
    assert schemas.main(["--out", str(tmp_path), "--check"]) == 1
    assert schemas.main(["--out", str(tmp_path)]) == 0
    assert schemas.main(["--out", str(tmp_path), "--check"]) == 0


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _as_editor_sees(path: Path) -> object:
    """Editors read YAML 1.2, where dates and times stay strings (as the loader keeps them)."""
    assert load_manifests([path]).object_count > 0  # the loader accepts it too
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))

    def strings(value: object) -> object:
        if isinstance(value, dict):
            return {k: strings(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strings(v) for v in value]
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    return strings(data)


@pytest.mark.parametrize("name", ["campaigns.yaml", "events.yaml"])
def test_examples_match_the_schema(name: str) -> None:
    errors = list(_validator().iter_errors(_as_editor_sees(REPO / "manifests" / name)))
    assert errors == []


@pytest.mark.parametrize(
    "document",
    [
        {"campaign": []},
        {"campaigns": [{"name": "A", "nmae": "x"}]},
        {"campaigns": [{"name": "A", "properties": {"hs_owner": "1"}}]},
        {"campaigns": [{"name": "A", "properties": {"hs_name": "A"}}]},
        {"campaigns": [{"name": "A", "properties": {"hs_start_date": "01/03/2026"}}]},
        {"marketingEvents": [{"objectId": 1, "startDateTime": "2026-03-10T16:00:00"}]},
        {"marketingEvents": [{"objectId": 1, "eventName": ""}]},
        {"marketingEvents": [{"externalAccountId": "acct-1", "eventName": "x"}]},
        {"campaigns": [{"name": "A", "portals": "staging"}]},
        {"marketingEvents": [{"objectId": 1, "portals": []}]},
    ],
)
def test_schema_flags_common_mistakes(document: dict[str, Any]) -> None:
    assert list(_validator().iter_errors(document)) != []


def test_schema_takes_the_portals_an_object_is_managed_in() -> None:
    document = {
        "campaigns": [{"name": "A", "portals": ["staging"]}],
        "marketingEvents": [{"objectId": 1, "portals": ["staging", "production"]}],
    }
    assert list(_validator().iter_errors(document)) == []
