"""Commands around the tool rather than the portal: ``schema`` and ``completion``.

Also ``editor_schema``, the schema file ``import`` saves next to the manifests it writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reconciler.errors import ReconcilerError

PROG_NAME = "reconciler"
COMPLETE_VAR = "_RECONCILER_COMPLETE"


class SchemaName(StrEnum):
    manifest = "manifest"
    plan = "plan"
    config = "config"  # reconciler.yaml


SCHEMA_FILES = {
    SchemaName.manifest: "manifest.schema.json",
    SchemaName.plan: "plan.schema.json",
    SchemaName.config: "reconciler.schema.json",
}


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="manifest (for editors), plan (the JSON plan) or config (reconciler.yaml)."
        ),
    ],
) -> None:
    """Print a JSON Schema shipped with the tool (manifest, plan or config).

    Save the manifest schema next to your manifests for editor checks and completion:
    reconciler schema manifest > manifests/manifest.schema.json
    """
    from reconciler.schemas import packaged

    print(packaged(SCHEMA_FILES[name]), end="")


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script for bash, zsh, fish or powershell.

    Load it from your shell's startup file, e.g. in ~/.bashrc: eval "$(reconciler completion bash)"
    """
    from typer.completion import get_completion_script

    enable_completion()
    print(get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell.value))


def enable_completion() -> None:
    """Register typer's completion classes (the script above asks for them by name)."""
    from typer.completion import completion_init

    completion_init()


def completing() -> bool:
    """True when a shell asks for completions (the script sets this variable)."""
    return COMPLETE_VAR in os.environ


@contextmanager
def editor_schema(folder: Path) -> Iterator[Path | None]:
    """The shipped manifest schema saved in ``folder`` for ``import``'s ``$schema`` modeline.

    A repository with ``schemas/manifest.schema.json`` above the folder keeps using it (nothing
    is written: yields None); a schema saved by an earlier import is refreshed to this version's.
    Written before the import (its files' modeline must find it) and removed again, with the
    folder, when the import fails and they were new.
    """
    from reconciler.importer import LOCAL_SCHEMA, _schema_path
    from reconciler.schemas import packaged

    path = folder / LOCAL_SCHEMA
    if (folder.exists() and not folder.is_dir()) or (
        not path.is_file() and _schema_path(folder) is not None
    ):
        yield None  # the importer says what is wrong with the folder, or a schema is in place
        return
    new_folder, new_file = not folder.exists(), not path.exists()
    text = packaged(LOCAL_SCHEMA)
    try:
        if new_file or path.read_text(encoding="utf-8") != text:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReconcilerError(f"cannot write {path}: {exc.strerror}") from None
    try:
        yield path
    except BaseException:
        if new_file:
            path.unlink(missing_ok=True)
        if new_folder and not any(folder.iterdir()):
            folder.rmdir()
        raise
