"""Flags as Terraform users type them: global options after the command, -h, flags as flags."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer

from reconciler import cli
from reconciler.cli import global_flags as cli_globals
from reconciler.errors import SavedPlanError

REPO = Path(__file__).resolve().parents[2]
GLOBAL_NAMES = {"no_color", "verbose", "debug"}


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Each run starts from the defaults; the embedded sandbox lives in tmp_path."""
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", str(tmp_path / "sandbox.db"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    yield
    cli.settings.no_color = cli.settings.verbose = cli.settings.debug = False


def command_paths() -> list[list[str]]:
    """Every command and group under the root, as the words a user types."""
    paths: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append([*path, name])
            walk(sub, [*path, name])

    walk(cli.build_command(), [])
    return paths


ALL_COMMANDS = command_paths()


def test_the_tree_holds_every_command() -> None:
    names = {" ".join(p) for p in ALL_COMMANDS}
    assert {"validate", "plan", "apply", "show", "import", "schema", "completion"} <= names
    assert {"sandbox", "sandbox serve", "sandbox reset"} <= names


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_takes_the_global_options_and_dash_h(
    path: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run([*path, "-h"]) == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith(f"Usage: reconciler {' '.join(path)} ")
    for option in ("--no-color", "-v, --verbose", "--debug", "-h, --help"):
        assert option in help_text
    assert "<bool>" not in help_text  # flags are shown as flags


def test_root_help_shows_flags_as_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["-h"]) == 0
    out = capsys.readouterr().out
    assert "--no-color " in out and "<bool>" not in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_before_or_after_the_command_logs_requests(
    where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-v", "plan"] if where == "before" else ["plan", "-v"]
    assert cli.run(args) == 0
    assert "GET /account-info/" in capsys.readouterr().err


def test_api_version_after_the_command_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["plan", "--api-version", "v3", "-v"]) == 0
    assert "GET /marketing/v3/campaigns?limit=100" in capsys.readouterr().err


def test_no_color_after_the_command_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["validate", "--no-color"]) == 0
    assert cli.settings.no_color is True


def test_debug_after_the_command_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["show", "missing.json"]) == 1
    assert "Error: cannot read the saved plan" in capsys.readouterr().err
    with pytest.raises(SavedPlanError):
        cli.run(["show", "missing.json", "--debug"])


def test_an_option_given_before_stays_when_another_comes_after(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.run(["--no-color", "validate", "--verbose"]) == 0
    assert cli.settings.no_color is True and cli.settings.verbose is True


@pytest.mark.parametrize("word", ["true", "false", "yes", "0"])
def test_a_flag_given_a_value_is_a_usage_error_not_a_path(
    word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(["plan", "--detailed-exitcode", word]) == 2
    err = capsys.readouterr().err
    assert "'--detailed-exitcode'" in err and "is a flag and takes no value" in err
    assert "no such file or folder" not in err


def test_a_flag_followed_by_a_path_is_still_a_flag_and_a_path(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.run(["validate", "--no-color", "manifests"]) == 0
    assert "is valid" in capsys.readouterr().out


def test_a_global_option_added_to_the_root_reaches_every_command_for_free() -> None:
    """What the mechanism promises: one definition, every command (present and future)."""
    seen: dict[str, Any] = {}
    app = typer.Typer()
    sub = typer.Typer()
    app.add_typer(sub, name="group")

    @app.callback()
    def root(
        api_version: Annotated[str, typer.Option("--api-version")] = "2026-09",
        quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    ) -> None:
        seen.update(api_version=api_version, quiet=quiet)

    @app.command()
    def doctor(probe: Annotated[bool, typer.Option("--probe")] = False) -> None:
        seen["probe"] = probe

    @sub.command()
    def leaf() -> None:
        seen["leaf"] = True

    command = cli_globals.install(typer.main.get_command(app))
    command.main(["doctor", "--api-version", "v3", "-q", "--probe"], standalone_mode=False)
    assert seen == {"api_version": "v3", "quiet": True, "probe": True}
    seen.clear()
    command.main(["--api-version", "v3", "group", "leaf", "-q"], standalone_mode=False)
    assert seen == {"api_version": "v3", "quiet": True, "leaf": True}


def test_global_options_are_the_root_callbacks_options() -> None:
    names = {p.name for p in cli_globals.global_options(cli.build_command())}
    assert names >= GLOBAL_NAMES and "version" not in names
