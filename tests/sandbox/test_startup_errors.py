"""A sandbox that cannot start says why in one line naming the file or port (exit 1): a
database that is not SQLite, a folder it cannot create or write, a port in use. The embedded
sandbox behind ``plan`` with no token says the same."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from reconciler.cli import run

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with the example manifests, no HubSpot settings (embedded sandbox)."""
    shutil.copytree(REPO / "manifests", tmp_path / "manifests")
    monkeypatch.chdir(tmp_path)
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL", "RECONCILER_SANDBOX_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


@pytest.fixture
def not_sqlite(here: Path) -> Path:
    path = here / "notes.db"
    path.write_text("meeting notes, not a database\n" * 20, encoding="utf-8")
    return path


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def _fails(capsys: pytest.CaptureFixture[str], args: list[str], *needles: str) -> str:
    code = run(args)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and err.count("Error:") == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def test_serve_on_a_non_sqlite_file(capsys: pytest.CaptureFixture[str], not_sqlite: Path) -> None:
    args = ["sandbox", "serve", "--port", "0", "--db", str(not_sqlite)]
    _fails(capsys, args, str(not_sqlite), "not a sandbox database", "--db")
    assert not_sqlite.read_text(encoding="utf-8").startswith("meeting notes")  # left alone


def test_reset_of_a_non_sqlite_file(capsys: pytest.CaptureFixture[str], not_sqlite: Path) -> None:
    _fails(capsys, ["sandbox", "reset", "--db", str(not_sqlite)], str(not_sqlite))


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"], ["import"]])
def test_the_embedded_sandbox_on_a_non_sqlite_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    not_sqlite: Path,
    command: list[str],
) -> None:
    monkeypatch.setenv("RECONCILER_SANDBOX_DB", str(not_sqlite))
    _fails(capsys, command, str(not_sqlite), "RECONCILER_SANDBOX_DB")


def test_a_database_folder_that_cannot_be_created(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    (here / "a-file").write_text("x", encoding="utf-8")
    db = here / "a-file" / "sub" / "sandbox.db"
    _fails(capsys, ["sandbox", "serve", "--port", "0", "--db", str(db)], str(db), "not a folder")


def test_a_folder_given_as_the_database(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    args = ["sandbox", "serve", "--port", "0", "--db", str(here)]
    _fails(capsys, args, str(here), "is a folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_database_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, here: Path
) -> None:
    locked = here / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        monkeypatch.setenv("RECONCILER_SANDBOX_DB", str(locked / "sandbox.db"))
        _fails(capsys, ["plan"], str(locked / "sandbox.db"), "folder you can write to")
    finally:
        locked.chmod(0o700)


def test_serve_on_a_port_in_use(
    capsys: pytest.CaptureFixture[str], here: Path, taken_port: int
) -> None:
    args = ["sandbox", "serve", "--port", str(taken_port), "--db", str(here / "ok.db")]
    _fails(capsys, args, f"127.0.0.1:{taken_port}", "in use", "--port")


def test_serve_on_a_host_it_cannot_listen_on(
    capsys: pytest.CaptureFixture[str], here: Path
) -> None:
    args = ["sandbox", "serve", "--host", "nohost.invalid", "--db", str(here / "ok.db")]
    _fails(capsys, args, "nohost.invalid", "--host")


def test_a_port_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sandbox", "serve", "--port", "99999"]) == 2
    assert "Traceback" not in capsys.readouterr().err
