"""What apply keeps in memory while it writes: the plan, not the manifests' objects.

At 100,000 objects the loaded manifests are ~200 MB; holding them through the writes put plan +
apply in one process over 500 MB (bench/results.md).
"""

from __future__ import annotations

import weakref
from typing import Any

import pytest

from reconciler import pipeline
from reconciler.apply import Applier
from reconciler.models import DesiredState
from tests.e2e.conftest import CLI


def test_apply_lets_go_of_the_manifests_before_it_writes(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[weakref.ref[DesiredState]] = []
    alive_when_writing: list[bool] = []
    load, run = pipeline.load_desired, Applier.run

    def remember_load(*args: Any, **kwargs: Any) -> DesiredState:
        desired = load(*args, **kwargs)
        loaded.append(weakref.ref(desired))
        return desired

    def check_then_run(self: Applier, *args: Any, **kwargs: Any) -> Any:
        alive_when_writing.append(loaded[0]() is not None)
        return run(self, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_desired", remember_load)
    monkeypatch.setattr(Applier, "run", check_then_run)
    result = cli("apply", "--auto-approve")
    assert result.code == 0, result.err
    assert "Apply complete: 7 created, 3 updated, 1 deleted, 0 failed." in result.out
    assert alive_when_writing == [False]
