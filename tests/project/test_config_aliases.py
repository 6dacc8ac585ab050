"""``reconciler.yaml`` is found by walking up from the working directory, so a pull request
can add one: like manifests, it refuses YAML aliases (a billion-laughs file of a few hundred
bytes made ``plan`` expand it for minutes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.errors import ManifestError
from reconciler.project import read_config


def test_an_alias_is_refused_naming_its_line(tmp_path: Path) -> None:
    config = tmp_path / "reconciler.yaml"
    config.write_text(
        "portals:\n  a: &p\n    sandbox: true\n  b: *p\ndefault: a\n", encoding="utf-8"
    )
    with pytest.raises(ManifestError) as caught:
        read_config(config)
    assert "reconciler.yaml:4:6: aliases (*p) are not supported" in str(caught.value)


def test_a_small_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    rows = ['  a0: &a0 ["x", "x", "x", "x"]']
    rows += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 4)}]" for i in range(1, 6)]
    config = tmp_path / "reconciler.yaml"
    config.write_text("x-bomb:\n" + "\n".join(rows) + "\nportals: {a: {sandbox: true}}\n")
    with pytest.raises(ManifestError) as caught:
        read_config(config)
    assert "aliases (*a0) are not supported: write the value out in full" in str(caught.value)
