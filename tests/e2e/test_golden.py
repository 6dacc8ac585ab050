"""Golden output of the example manifests against the demo portal, in every plan format.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/e2e/test_golden.py``
and review the diff like any other change to what users see.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import CLI

GOLDEN = Path(__file__).parent / "golden"


def normalise(text: str) -> str:
    """The sandbox's port changes every session."""
    return re.sub(r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:PORT", text)


@pytest.mark.parametrize(
    ("fmt", "name"), [("text", "plan.txt"), ("markdown", "plan.md"), ("json", "plan.json")]
)
def test_example_plan_matches_golden(cli: CLI, fmt: str, name: str) -> None:
    result = cli("plan", "--format", fmt)
    assert result.code == 0, result.err
    got = normalise(result.out)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(got)["summary"] == {"create": 7, "update": 3, "delete": 1, "unchanged": 4}
