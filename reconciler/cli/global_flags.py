"""Global options wherever a Terraform user types them, and flags that behave as flags.

``reconciler plan --no-color``, ``reconciler plan -v`` and ``reconciler --verbose plan`` must
mean the same. The root callback of the typer app (``cli.main_options``) is the one definition
of the global options: ``install`` copies each of its options onto every command and group of
the tree, so an option added there later (and a command added later) gets this for free. When a
copy is given on the command line, the root callback runs again with the root's values and
that override, so it must only record settings (it does).

``install`` also gives every command ``-h``, plain help (flags listed as flags, no ``<bool>``
column), and a usage error for ``--flag true`` instead of taking ``true`` as a PATH.

The tree is click's (vendored by recent typer releases); it is walked by duck typing so that
this module depends on no click import path.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import typer

HELP_OPTION_NAMES = ["-h", "--help"]
BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "1", "0"})
_GIVEN = "reconciler.global_options"  # ctx.meta key: global options given after a command

Command = Any  # a click Command or Group, as typer.main.get_command builds it
Param = Any  # a click Option


def install(root: Command) -> Command:
    """Prepare the command tree built from the typer app; returns it for chaining."""
    root.context_settings.setdefault("help_option_names", HELP_OPTION_NAMES)
    globals_ = global_options(root)
    for command in _walk(root):
        _plain_help(command)
        if command is not root:
            _add_globals(command, globals_)
        _guard_flag_values(command)
    return root


def global_options(root: Command) -> list[Param]:
    """The root callback's options that carry a setting (not --version, --help, completion)."""
    return [
        p
        for p in root.params
        if p.param_type_name == "option" and p.expose_value and not p.is_eager
    ]


def _walk(command: Command) -> Iterator[Command]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _walk(sub)


def _plain_help(command: Command) -> None:
    """Click's plain help: typer's rich panels show every flag as ``<bool>``. An argument
    named by its metavar (``PATH``, ``PLANFILE``) is shown by that alone, as an option with a
    metavar is, not as ``PATH <list[Path]>``."""
    if hasattr(command, "rich_markup_mode"):
        command.rich_markup_mode = None
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar:
            param.display_type_rich = lambda ctx: None


def _names(param: Param) -> set[str]:
    return {*param.opts, *param.secondary_opts}


def _add_globals(command: Command, globals_: list[Param]) -> None:
    taken = {p.name for p in command.params} | {n for p in command.params for n in _names(p)}
    for option in globals_:
        if option.name in taken or _names(option) & taken:
            continue  # the command's own option of that name wins
        command.params.append(_copy(option))


def _copy(option: Param) -> Param:
    """The option on a subcommand: parsed there, applied through the root callback."""
    clone = copy.copy(option)
    clone.expose_value = False  # the command's own callback never sees it
    original: Callable[[Any, Param, Any], Any] | None = option.callback

    def apply(ctx: Any, param: Param, value: Any) -> Any:
        if original is not None:
            value = original(ctx, param, value)
        source = ctx.get_parameter_source(param.name)
        if ctx.resilient_parsing or source is None or source.name != "COMMANDLINE":
            return value
        given: dict[str, Any] = ctx.meta.setdefault(_GIVEN, {})
        given[param.name] = value
        root = ctx.find_root()
        values = {p.name: root.params.get(p.name) for p in global_options(root.command)}
        root.command.callback(**{**values, **given})
        return value

    clone.callback = apply
    return clone


def _guard_flag_values(command: Command) -> None:
    """``--detailed-exitcode true``: a usage error naming the flag, not a PATH called true."""
    if hasattr(command, "commands"):
        return  # a group: the word after a flag is a command name, and click says so
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> Any:
        flags = {
            n: p for p in command.get_params(ctx) if getattr(p, "is_flag", False) for n in _names(p)
        }
        for word, following in itertools.pairwise(args):
            if word == "--":
                break
            if word in flags and following.lower() in BOOLEAN_WORDS:
                raise typer.BadParameter(
                    f"it is a flag and takes no value: write {word} alone to turn it on, or "
                    f"leave it out (got {following!r})",
                    ctx=ctx,
                    param_hint=f"'{word}'",
                )
        return parse(ctx, args)

    command.parse_args = parse_args
