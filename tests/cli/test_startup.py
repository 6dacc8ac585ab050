"""The command line is imported with automatic collection paused, and a command runs with
what the imports made frozen out of the collector's sight (``reconciler.heap``): for
``python -m reconciler`` and the installed ``reconciler`` script (``reconciler.cli:main``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reconciler.heap import THRESHOLDS

_WATCH_TYPER = """
import builtins, gc, sys
real_import = builtins.__import__
def watch(name, *args, **kwargs):
    if name == "typer" and "typer" not in sys.modules:
        print("collecting while typer is imported:", gc.isenabled())
    return real_import(name, *args, **kwargs)
builtins.__import__ = watch
"""

_AS_MODULE = """
import gc, runpy
sys.argv = ["reconciler", "--version"]
try:
    runpy.run_module("reconciler", run_name="__main__")
except SystemExit:
    pass
print("after:", gc.isenabled(), gc.get_threshold(), gc.get_freeze_count() > 1000)
"""

_AS_SCRIPT = """
import gc
from reconciler.cli import main
print("imported:", gc.isenabled())
sys.argv = ["reconciler", "--version"]
try:
    main()
except SystemExit:
    pass
print("after:", gc.isenabled(), gc.get_threshold(), gc.get_freeze_count() > 1000)
"""


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _WATCH_TYPER + code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.splitlines()


@pytest.mark.parametrize("entry", [_AS_MODULE, _AS_SCRIPT], ids=["python -m", "script"])
def test_imports_run_paused_and_the_command_with_them_frozen(entry: str) -> None:
    lines = _run(entry)
    assert "collecting while typer is imported: False" in lines
    assert lines[-1] == f"after: True {THRESHOLDS} True"


def test_importing_the_command_line_leaves_collection_as_it_found_it() -> None:
    """A library caller (tests, the GitHub Action) keeps automatic collection."""
    assert "imported: True" in _run(_AS_SCRIPT)
