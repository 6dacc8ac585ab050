"""``python -m reconciler`` collects garbage less often from its first import on."""

from __future__ import annotations

import subprocess
import sys

from reconciler.heap import THRESHOLDS

_PROBE = """
import gc, runpy, sys
sys.argv = ["reconciler", "--version"]
try:
    runpy.run_module("reconciler", run_name="__main__")
except SystemExit:
    pass
print(gc.get_threshold())
"""

_BEFORE_IMPORTS = """
import builtins, gc, sys
real_import = builtins.__import__
def watch(name, *args, **kwargs):
    if name == "typer" and "typer" not in sys.modules:
        print("at typer", gc.get_threshold())
    return real_import(name, *args, **kwargs)
builtins.__import__ = watch
sys.argv = ["reconciler", "--version"]
import runpy
try:
    runpy.run_module("reconciler", run_name="__main__")
except SystemExit:
    pass
"""


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_main_sets_the_thresholds_before_the_command_line_is_imported() -> None:
    assert f"at typer {THRESHOLDS}" in _run(_BEFORE_IMPORTS)


def test_the_run_keeps_them() -> None:
    assert _run(_PROBE).splitlines()[-1] == str(THRESHOLDS)
