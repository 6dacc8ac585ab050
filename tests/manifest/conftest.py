"""Fixtures for manifest tests: real files in a temp working folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from manifest_helpers import Write


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write a file (text is dedented) under a temp cwd and return its relative path."""
    monkeypatch.chdir(tmp_path)

    def _write(name: str, content: str | bytes) -> Path:
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return _write
