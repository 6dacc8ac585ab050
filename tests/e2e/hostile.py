"""Hostile text and the checks that it never reaches a terminal, a log or a PR comment raw.

Each payload starts with ``HOSTILE`` so a check can also tell that the text was shown at all
(escaped), and puts what an attacker wants at the start of a line after a line break.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markdown_it import MarkdownIt

from reconciler.render.markdown import MARKER

PAYLOADS = {
    "line-breaks": (
        "HOSTILE\n```\n@everyone\nPlan: 9 to create, 0 to update, 0 to delete, 0 unchanged."
        "\r::error::FORGED\u2028~~~\u2029<details>"
    ),
    "c0-escape-sequences": (
        "HOSTILE\x1b[2J\x1b[H\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07\x07\x08\x7f"
    ),
    "c1-controls": "HOSTILE\x85NEL\x9b31mCSI\x90DCS\x9c\x9d",
    "bidi": "HOSTILE\u202eevil\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "zero-width": "HOSTILE\u200b\u200c\u200d\u2060\ufeff\u00ad",
    "workflow-commands": (
        "HOSTILE ##[error]FORGED ::error::FORGED\n::warning::FORGED ##[add-mask]x ::set-output"
    ),
    "markdown-html": (
        "HOSTILE ``` <details open><summary>x</summary> <script>alert(1)</script> @everyone "
        "@org/team [x](javascript:alert(1)) | cell | **b** <!-- c & &amp; # h"
    ),
}

LINE_STARTS = ("```", "~~~", "@everyone", "<details", "<script", "Plan: 9", "FORGED")
"""What a payload tries to put at the start of a line (a fence, a mention, a forged line)."""


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly, whatever it contains."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch != "\x85":
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def file_name(text: str) -> str:
    """The payload as a file name (Linux allows anything but ``/`` and NUL)."""
    return text.replace("/", "_").replace("\x00", "")[:120] + ".yaml"


def _raw(out: str, allowed: str = "\n") -> list[str]:
    return sorted({ch for ch in out if ch not in allowed and not ch.isprintable()})


def _no_workflow_command(label: str, out: str) -> None:
    """GitHub's runner obeys ``##[command]`` anywhere in a line of a step's output."""
    assert "##[" not in out, f"{label}: a workflow command in:\n{out}"


def check_text(label: str, out: str) -> None:
    """Terminal text: no control or invisible character, no payload at the start of a line."""
    assert not _raw(out), f"{label}: raw characters {_raw(out)!r} in:\n{out}"
    _no_workflow_command(label, out)
    for line in out.split("\n"):
        text = line.lstrip(" ")
        assert not text.startswith("::"), f"{label}: a workflow command {line!r}"
        # Markdown reads a fence, HTML or a paragraph only up to 3 spaces in (a wrapped table
        # cell further in is indented code at worst).
        if len(line) - len(text) <= 3:
            assert not text.startswith(LINE_STARTS), f"{label}: forged line {line!r}"


_ANNOTATION = re.compile(r"::error( file=[^:,\r\n]*,line=\d+,col=\d+)?::[^\r\n]*")
_COUNT = re.compile(r"\d+ errors?( in \d+ files?)?")


def check_github(label: str, out: str) -> None:
    """Workflow commands: every line is one of ours, nothing raw in between."""
    assert not _raw(out), f"{label}: raw characters {_raw(out)!r}"
    _no_workflow_command(label, out)
    for line in out.splitlines():
        assert _ANNOTATION.fullmatch(line) or _COUNT.fullmatch(line), f"{label}: {line!r}"


_OUR_HTML = re.compile(rf"{re.escape(MARKER)}|<details><summary>[\w ,()]*</summary>|</details>")
_MENTION = re.compile(r"@\w")
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _tokens(tokens: list[Any]) -> list[Any]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_tokens(token.children or []))
    return out


def check_markdown(label: str, out: str) -> None:
    """A PR comment as GitHub parses it: only our HTML, our ``diff`` fences, no mention."""
    assert not _raw(out), f"{label}: raw characters {_raw(out)!r}"
    _no_workflow_command(label, out)  # the workflow prints the comment in its log too
    for token in _tokens(_MD.parse(out)):
        kind = token.type
        assert kind not in {"html_inline", "code_block", "link_open", "image"}, (label, token)
        if kind == "html_block":
            assert _OUR_HTML.fullmatch(token.content.strip()), (label, token.content)
        if kind == "fence":
            assert token.info == "diff", (label, token.info)
        if kind in {"text", "text_special"}:
            assert not _MENTION.search(token.content), (label, token.content)


def check_json(label: str, out: str, payload: str) -> Any:
    """Exact JSON, safe in a log: it parses, and the payload is in it as it was."""
    assert not _raw(out), f"{label}: raw characters {_raw(out)!r}"
    _no_workflow_command(label, out)
    document = json.loads(out)
    assert any(payload in s for s in _strings(document)), f"{label}: payload not kept exactly"
    return document


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
